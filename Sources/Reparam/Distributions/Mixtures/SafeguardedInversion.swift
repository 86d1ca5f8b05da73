/// Solving F(z) = u for z inside a bracket, by Newton steps that fall back to bisection.
///
/// Keeps lo < hi with F(lo) ≤ u ≤ F(hi); a Newton step z − (F(z) − u)/p(z) is
/// taken when it lands strictly inside the bracket and shrinks the step,
/// otherwise the bracket is halved. Stops when the bracket or the step is a
/// few ulps wide, so z is as close to F⁻¹(u) as double precision allows.
///
///     let z = try SafeguardedInversion.solve(0.3, lo: -10, hi: 10) { z in (standardNormalCDF(z), standardNormalDensity(z)) }
enum SafeguardedInversion {
    /// `evaluate(z)` returns (F(z), p(z)) and may throw (e.g. on a value that is no CDF).
    static func solve(_ u: Double, lo: Double, hi: Double, evaluate: (Double) throws -> (cdf: Double, density: Double)) rethrows -> Double {
        var lo = lo, hi = hi
        if !(lo < hi) { return lo }
        var z = 0.5 * lo + 0.5 * hi
        var previousStep = hi - lo
        for _ in 0..<400 {
            let (f, p) = try evaluate(z)
            if f == u { return z }
            if f < u { lo = z } else { hi = z }
            let newton = z - (f - u) / p
            var next: Double
            if p > 0, newton.isFinite, newton > lo, newton < hi, abs(newton - z) < 0.5 * previousStep {
                next = newton
            } else {
                next = 0.5 * lo + 0.5 * hi
            }
            previousStep = abs(next - z)
            let tolerance = 2 * max(abs(z).ulp, Double.leastNormalMagnitude)
            if previousStep <= tolerance || hi - lo <= tolerance { return next }
            z = next
        }
        return z
    }
}
