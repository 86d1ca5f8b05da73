import Foundation
import ReparamTerminal

exit(ReparamTerminal.main(arguments: CommandLine.arguments) { configuration in
    SessionEvaluator(configuration: configuration)
})
