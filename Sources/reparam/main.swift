import Foundation
import ReparamTerminal

// The language is connected here once it lands: pass a factory that builds its evaluator.
exit(ReparamTerminal.main(arguments: CommandLine.arguments, makeEvaluator: nil))
