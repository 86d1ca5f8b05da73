import Foundation

/// A piecewise polynomial interpolant of a smooth function f(u, s) on a rectangle, cut into equal
/// cells, built by tensor-product Chebyshev interpolation and verified against f before use.
///
/// On cell (k, l), with τ = 2(u − u_k)/w_u − 1 and σ = 2(s − s_l)/w_s − 1 in [−1, 1],
/// f ≈ Σᵢ Σⱼ cᵢⱼ Tᵢ(τ) Tⱼ(σ) (degree 8 in each, from the 9 × 9 Chebyshev points), rewritten as a
/// polynomial in τ and σ: evaluation is a cell lookup and nine Horner sums in σ, then one in τ
/// (81 multiply-adds). After the fit every cell is checked at 5 × 5 points between its nodes and on
/// its edges; if any relative error exceeds `tolerance`, construction fails (nil) and the caller keeps
/// its exact route.
///
///     let f = PiecewiseChebyshev2D(u: 0...1, cellsU: 4, s: 0...2, cellsS: 8, tolerance: 1e-13) { u, s in
///         Foundation.exp(u) * (2 + Foundation.sin(s))
///     }
///     f?.evaluate(u: 0.3, s: 1.1)   // e^0.3 (2 + sin 1.1) to ~1e-15, or nil outside the rectangle
final class PiecewiseChebyshev2D: @unchecked Sendable {
    static let degree = PiecewiseChebyshev.degree
    static let coefficientsPerCell = (degree + 1) * (degree + 1)
    let lowerU: Double, lowerS: Double
    let inverseWidthU: Double, inverseWidthS: Double
    let cellsU: Int, cellsS: Int
    /// For cell (k, l) at (k·cellsS + l)·81: row i (the power of τ) holds the 9 coefficients of σʲ, lowest first.
    private let coefficients: UnsafeMutablePointer<Double>

    init?(u: ClosedRange<Double>, cellsU: Int, s: ClosedRange<Double>, cellsS: Int, tolerance: Double,
          function: (Double, Double) -> Double) {
        guard u.lowerBound.isFinite, u.upperBound.isFinite, s.lowerBound.isFinite, s.upperBound.isFinite,
              u.upperBound > u.lowerBound, s.upperBound > s.lowerBound,
              cellsU > 0, cellsS > 0, cellsU * cellsS <= 1 << 16 else { return nil }
        let n = Self.degree + 1, perCell = Self.coefficientsPerCell
        let widthU = (u.upperBound - u.lowerBound) / Double(cellsU), widthS = (s.upperBound - s.lowerBound) / Double(cellsS)
        lowerU = u.lowerBound
        lowerS = s.lowerBound
        inverseWidthU = 1 / widthU
        inverseWidthS = 1 / widthS
        self.cellsU = cellsU
        self.cellsS = cellsS
        coefficients = .allocate(capacity: cellsU * cellsS * perCell)
        coefficients.initialize(repeating: 0, count: cellsU * cellsS * perCell)

        let cosines = PiecewiseChebyshev.nodeCosines, monomials = PiecewiseChebyshev.chebyshevMonomials
        var values = [Double](repeating: 0, count: perCell), half = [Double](repeating: 0, count: perCell)
        var chebyshev = [Double](repeating: 0, count: perCell)
        for k in 0..<cellsU {
            for l in 0..<cellsS {
                let startU = lower(u.lowerBound, k, widthU), startS = lower(s.lowerBound, l, widthS)
                for a in 0..<n {
                    for b in 0..<n {
                        let v = function(startU + 0.5 * widthU * (cosines[n + a] + 1), startS + 0.5 * widthS * (cosines[n + b] + 1))
                        guard v.isFinite else { return nil }
                        values[a * n + b] = v
                    }
                }
                // cᵢⱼ = (2/n)² Σₐ Σ_b f(a, b) Tᵢ(xₐ) Tⱼ(x_b), halved for i = 0 and for j = 0: along σ, then τ.
                for a in 0..<n {
                    for j in 0..<n {
                        var c = 0.0
                        for b in 0..<n { c += values[a * n + b] * cosines[j * n + b] }
                        half[a * n + j] = c * (j == 0 ? 1.0 : 2.0) / Double(n)
                    }
                }
                for i in 0..<n {
                    for j in 0..<n {
                        var c = 0.0
                        for a in 0..<n { c += half[a * n + j] * cosines[i * n + a] }
                        chebyshev[i * n + j] = c * (i == 0 ? 1.0 : 2.0) / Double(n)
                    }
                }
                // To monomials: Tᵢ(τ) Tⱼ(σ) = Σ_p Σ_r mᵢₚ mⱼᵣ τᵖ σʳ.
                let cell = coefficients + (k * cellsS + l) * perCell
                for i in 0..<n {
                    for j in 0..<n {
                        let c = chebyshev[i * n + j]
                        for p in 0...i where monomials[i * n + p] != 0 {
                            for r in 0...j where monomials[j * n + r] != 0 {
                                cell[p * n + r] += c * monomials[i * n + p] * monomials[j * n + r]
                            }
                        }
                    }
                }
            }
        }
        // Verify between the nodes, where interpolation errors peak, and on the edges.
        let checks = [-1.0, -0.6, 0.05, 0.55, 1.0]
        for k in 0..<cellsU {
            for l in 0..<cellsS {
                for tau in checks {
                    for sigma in checks {
                        let pointU = Swift.min(u.upperBound, lower(u.lowerBound, k, widthU) + 0.5 * widthU * (tau + 1))
                        let pointS = Swift.min(s.upperBound, lower(s.lowerBound, l, widthS) + 0.5 * widthS * (sigma + 1))
                        guard let approximate = evaluate(u: pointU, s: pointS),
                              relativeDifference(approximate, function(pointU, pointS)) <= tolerance else { return nil }
                    }
                }
            }
        }
    }

    deinit { coefficients.deallocate() }

    /// The interpolated value at (u, s), or nil outside the rectangle (or for NaN).
    @inline(__always)
    func evaluate(u: Double, s: Double) -> Double? {
        let positionU = (u - lowerU) * inverseWidthU, positionS = (s - lowerS) * inverseWidthS
        // Also false for NaN.
        guard positionU >= 0, positionU <= Double(cellsU), positionS >= 0, positionS <= Double(cellsS) else { return nil }
        let k = Swift.min(Int(positionU), cellsU - 1), l = Swift.min(Int(positionS), cellsS - 1)
        let tau = 2 * (positionU - Double(k)) - 1, sigma = 2 * (positionS - Double(l)) - 1
        let n = Self.degree + 1
        let cell = coefficients + (k * cellsS + l) * Self.coefficientsPerCell
        var result = 0.0
        var i = Self.degree
        while i >= 0 {
            let row = cell + i * n
            var r = row[Self.degree]
            var j = Self.degree - 1
            while j >= 0 {
                r = r * sigma + row[j]
                j -= 1
            }
            result = result * tau + r
            i -= 1
        }
        return result
    }
}

/// The start of cell k of width w from `origin`.
private func lower(_ origin: Double, _ k: Int, _ width: Double) -> Double { origin + Double(k) * width }
