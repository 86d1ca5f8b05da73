import Foundation
import ReparamTerminal
import ReparamTestSupport

// The terminal with the stand-in language, for `scripts/tmux-e2e.sh` (test-only; no product).
exit(ReparamTerminal.main(arguments: CommandLine.arguments) { DemoEvaluator(color: $0.color) })
