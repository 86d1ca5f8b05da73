/// Moments that exist only for some parameter values (a Pareto's mean needs α > 1).
extension Distribution {
    /// `body` (spread to the batch shape) where `parameter > bound`, `fallback` elsewhere.
    ///
    ///     moment(rate / (concentration - 1), where: concentration, exceeds: 1)   // InverseGamma's mean, +∞ for α ≤ 1
    ///
    /// Gradients flow to `body` where it is used; the condition gets none.
    func moment(_ body: Tensor, where parameter: Tensor, exceeds bound: Double, otherwise fallback: Double = .infinity) -> Tensor {
        let spread = batched(body)
        // Shapes agree by construction (parameter broadcasts to the batch shape); nothing can throw.
        guard let mask = try? parameter.compared(.greater, Tensor(bound)), let chosen = try? `where`(mask, spread, Tensor(fallback)) else {
            return spread
        }
        return batched(chosen)
    }
}
