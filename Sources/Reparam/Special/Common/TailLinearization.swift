/// g(s) = value + slope·(s − edge) beyond the edge of an interpolant, where
/// the function is linear in s up to terms below float64 resolution (for
/// example dx/dθ / (x(1−x)) against s = log(x/(1−x)) as x → 0, whose
/// corrections are O(x)).
///
/// Built from the exact function at the edge and 20 further out, and kept
/// only if it also matches the function 300 beyond the edge.
///
///     TailLinearization(edge: -50, direction: -1, tolerance: 1e-12) { s in (2 * s + 1, 3) }
///     // slope (2, 0), value (−99, 3)
struct TailLinearization: Sendable {
    let edge: Double
    let value: (Double, Double)
    let slope: (Double, Double)

    init?(edge: Double, direction: Double, tolerance: Double, function: (Double) -> (Double, Double)) {
        let near = function(edge), far = function(edge + 20 * direction)
        let slope = ((far.0 - near.0) / (20 * direction), (far.1 - near.1) / (20 * direction))
        guard near.0.isFinite, near.1.isFinite, slope.0.isFinite, slope.1.isFinite else { return nil }
        self.edge = edge
        self.value = near
        self.slope = slope
        let check = edge + 300 * direction
        let exact = function(check), predicted = evaluate(check)
        guard relativeDifference(predicted.0, exact.0) <= tolerance,
              relativeDifference(predicted.1, exact.1) <= tolerance else { return nil }
    }

    @inline(__always)
    func evaluate(_ s: Double) -> (Double, Double) {
        (value.0 + slope.0 * (s - edge), value.1 + slope.1 * (s - edge))
    }
}
