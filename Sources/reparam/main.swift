import Foundation
import Reparam
import ReparamTerminal

HeapTuning.keepFreedBuffers()
exit(ReparamTerminal.main(arguments: CommandLine.arguments) { SessionEvaluator(configuration: $0) })
