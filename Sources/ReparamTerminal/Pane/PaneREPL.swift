/// Placeholder until the pane lands: the plain readline REPL.
final class PaneREPL {
    private let repl: ReadlineREPL
    init(evaluator: LineEvaluator, history: HistoryStore) { repl = ReadlineREPL(evaluator: evaluator, history: history) }
    func run() -> Int32 { repl.run() }
}
