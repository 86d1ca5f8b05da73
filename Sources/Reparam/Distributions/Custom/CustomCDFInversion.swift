import Foundation

/// Sampling a user's CDF by inversion: brackets on the support, then safeguarded Newton.
///
/// Brackets come from the support (an interval's ends) or grow by doubling
/// from [−1, 1] (real line) or [0, 1] (positive half-line); the CDF must fall
/// to 0 and rise to 1 on the way, or the error says which end it fails to reach.
/// Every evaluation is checked (finite, in [0, 1], nondecreasing against the
/// bracket). For many samples at one parameter value a table of 63 quantiles
/// gives each sample a tight bracket and a close start, so Newton converges in
/// two or three steps.
struct CustomCDFInversion: Sendable {
    var evaluation: CustomCDFEvaluation
    let support: Support
    /// Quantiles at u = j/N, j = 1…N−1 (empty when not built).
    var table: [Double] = []
    static let tableSize = 64
    /// Ends of the support (may be infinite).
    var low: Double { support.lowerEnd }
    var high: Double { support.upperEnd }

    /// Checks that F is 0 and 1 at the ends of the support (for an infinite end:
    /// that F comes within 1e-12 of its limit on the way out).
    func checkEnds() throws {
        try checkFiniteEnds()
        if !low.isFinite { _ = try expand(from: high.isFinite ? high : 0, width: 1, toward: -1, u: 1e-12) }
        if !high.isFinite { _ = try expand(from: low.isFinite ? low : 0, width: 1, toward: 1, u: 1 - 1e-12) }
    }

    private func checkFiniteEnds() throws {
        if low.isFinite {
            let f = try evaluation.value(low)
            guard abs(f) <= 1e-12 else { throw ReparamError.numerical("\(evaluation.name): custom CDF is not 0 at the lower end of its support: F(\(low)) = \(f)") }
        }
        if high.isFinite {
            let f = try evaluation.value(high)
            guard abs(f - 1) <= 1e-12 else { throw ReparamError.numerical("\(evaluation.name): custom CDF is not 1 at the upper end of its support: F(\(high)) = \(f)") }
        }
    }

    /// Grows `edge` away from `anchor` (doubling the distance) until F(edge) passes u.
    func expand(from anchor: Double, width: Double, toward direction: Double, u: Double) throws -> (Double, Double) {
        var distance = max(width, 1)
        while true {
            let edge = anchor + direction * distance
            // Values only: far out a formula's derivative may overflow where its value is fine.
            let f = try evaluation.checkedValue(edge)
            if direction > 0 ? f >= u : f <= u { return (edge, f) }
            if distance > 1e300 {
                throw ReparamError.numerical(direction > 0
                    ? "\(evaluation.name): custom CDF does not reach 1 as z → ∞: F(\(edge)) = \(f)"
                    : "\(evaluation.name): custom CDF does not reach 0 as z → −∞: F(\(edge)) = \(f)")
            }
            distance *= 2
        }
    }

    /// F⁻¹(u) inside the support, and the density at the last point evaluated.
    func invert(_ u: Double) throws -> Double {
        var lo = low, hi = high, flo = 0.0, fhi = 1.0
        if !table.isEmpty {
            let n = Double(Self.tableSize)
            let j = min(max(Int(u * n), 0), Self.tableSize - 1)
            if j > 0 { lo = table[j - 1]; flo = Double(j) / n }
            if j < Self.tableSize - 1 { hi = table[j]; fhi = Double(j + 1) / n }
        }
        if !lo.isFinite || !hi.isFinite {
            if !lo.isFinite && !hi.isFinite {
                (lo, flo) = try expand(from: 1, width: 2, toward: -1, u: u)
                (hi, fhi) = try expand(from: -1, width: 2, toward: 1, u: u)
            } else if !lo.isFinite {
                (lo, flo) = try expand(from: hi, width: table.count > 1 ? table[1] - table[0] : 1, toward: -1, u: u)
            } else {
                (hi, fhi) = try expand(from: lo, width: table.count > 1 ? table[table.count - 1] - table[table.count - 2] : 1, toward: 1, u: u)
            }
        }
        try evaluation.checkOrder(lo, flo, hi, fhi)
        // Start by linear interpolation of F inside the bracket.
        var z = fhi > flo ? lo + (hi - lo) * min(max((u - flo) / (fhi - flo), 0.05), 0.95) : 0.5 * (lo + hi)
        var previousStep = hi - lo
        for _ in 0..<300 {
            let (f, p) = try evaluation.evaluate(z)
            try evaluation.checkOrder(lo, flo, z, f)
            try evaluation.checkOrder(z, f, hi, fhi)
            if f == u { return z }
            if f < u { lo = z; flo = f } else { hi = z; fhi = f }
            let newton = z - (f - u) / p
            let takesNewton = p > 0 && newton > lo && newton < hi && abs(newton - z) < 0.5 * previousStep
            let next = takesNewton ? newton : 0.5 * (lo + hi)
            previousStep = abs(next - z)
            // Newton's error after a step of relative size 1e-10 is of order 1e-20 (a bisection
            // step that small says nothing about the error: only the bracket's width does).
            if takesNewton && previousStep <= 1e-10 * abs(next) || hi - lo <= 4 * max(abs(z).ulp, Double.leastNormalMagnitude) {
                return next
            }
            z = next
        }
        return z
    }

    /// Builds the quantile table, and scans F on a grid 16 times finer between
    /// its nodes for decreases (a dip or a downward jump no sample would meet).
    mutating func buildTable() throws {
        var nodes: [Double] = []
        for j in 1..<Self.tableSize {
            let z = try invert(Double(j) / Double(Self.tableSize))
            // Equal nodes are an atom (F jumps up); a node below the previous one is a decrease.
            if let last = nodes.last, z < last { try evaluation.checkOrder(z, try evaluation.value(z), last, try evaluation.value(last)) }
            nodes.append(max(z, nodes.last ?? z))
        }
        var previous = (z: nodes[0], f: try evaluation.checkedValue(nodes[0]))
        for j in 1..<nodes.count {
            for step in 1...16 {
                let z = nodes[j - 1] + (nodes[j] - nodes[j - 1]) * Double(step) / 16
                let f = try evaluation.checkedValue(z)
                try evaluation.checkOrder(previous.z, previous.f, z, f)
                previous = (z, f)
            }
        }
        table = nodes
    }
}
