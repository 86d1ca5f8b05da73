import Foundation
import ReparamTerminal

exit(ReparamTerminal.main(arguments: CommandLine.arguments) { SessionEvaluator(configuration: $0) })
