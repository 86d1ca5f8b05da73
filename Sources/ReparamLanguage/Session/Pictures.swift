/// `hist`, `plot` and `sweep` draw through ReparamPlots.
extension Session {
    func picture(_ statement: Statement) throws -> Output {
        // Not yet wired: ReparamPlots has no renderer on main yet.
        throw Diagnostic("hist, plot and sweep are not available in this build yet", at: statement.range)
    }
}
