import Foundation
import XCTest
@testable import Reparam

/// The Concrete relaxations: densities against the closed forms, the binary case of the categorical
/// one, pathwise gradients against finite differences at fixed noise, and the limits as the
/// temperature falls.
final class RelaxationTests: XCTestCase {
    private func σ(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    /// p(y) = λ α y^(−λ−1) (1−y)^(−λ−1) / (α y^(−λ) + (1−y)^(−λ))², α = e^l (Maddison et al. 2017, eq. 23).
    func testBinaryConcreteDensityAndMeanAgainstClosedForms() throws {
        for (λ, l) in [(0.5, 0.4), (1.0, -1.3), (2.5, 2.0), (0.1, 0.0)] {
            let d = try RelaxedBernoulli(temperature: Tensor(λ), logits: Tensor(l))
            let α = Foundation.exp(l)
            for y in [0.03, 0.3, 0.5, 0.93] {
                let density = λ * α * Foundation.pow(y, -λ - 1) * Foundation.pow(1 - y, -λ - 1)
                    / Foundation.pow(α * Foundation.pow(y, -λ) + Foundation.pow(1 - y, -λ), 2)
                XCTAssertEqual(try d.logProb(Tensor(y)).scalars[0], Foundation.log(density), accuracy: 1e-12, "λ = \(λ), l = \(l), y = \(y)")
            }
            // P(y ≤ ½) = P(k = 0) = σ(−l) at every temperature.
            XCTAssertEqual(try d.cdf(Tensor(0.5)).scalars[0], σ(-l), accuracy: 1e-15)
        }
        // λ = 1: y = αu/(αu + 1 − u), E[y] = α/(α − 1) (1 − l/(α − 1)).
        for l in [0.4, -2.0, 3.0] {
            let α = Foundation.exp(l)
            let mean = try RelaxedBernoulli(temperature: Tensor(1), logits: Tensor(l)).mean.scalars[0]
            XCTAssertEqual(mean, α / (α - 1) * (1 - l / (α - 1)), accuracy: 1e-13, "l = \(l)")
        }
    }

    /// With K = 2 the Concrete density of (y, 1 − y) is the binary Concrete density of y at logits l₁ − l₂.
    func testConcreteOfTwoCategoriesIsTheBinaryConcrete() throws {
        for (λ, l1, l2) in [(0.5, 0.4, -0.2), (1.7, 2.0, 0.5), (0.2, -1.0, 1.0)] {
            let pair = try RelaxedCategorical(temperature: Tensor(λ), logits: Tensor([l1, l2]))
            let binary = try RelaxedBernoulli(temperature: Tensor(λ), logits: Tensor(l1 - l2))
            for y in [0.1, 0.45, 0.8] {
                XCTAssertEqual(try pair.logProb(Tensor([y, 1 - y])).scalars[0], try binary.logProb(Tensor(y)).scalars[0], accuracy: 1e-12)
            }
        }
    }

    /// ∂(Σ wᵢ yᵢ)/∂θ of a relaxed categorical draw against central differences with the same Gumbel noise.
    func testRelaxedCategoricalPathwiseGradientMatchesFiniteDifferences() throws {
        let base = [0.3, -0.5, 1.1], λ0 = 0.7
        func draw(_ logits: [Double], _ λ: Double, leaves: Bool = false) throws -> (Tensor, Tensor, Tensor) {
            var stream = RandomStream(seed: 41)
            let l = leaves ? Tensor.parameter(logits) : Tensor(logits), t = leaves ? Tensor.parameter(λ) : Tensor(λ)
            let y = try RelaxedCategorical(temperature: t, logits: l).rsample([16], using: &stream)
            let w = Tensor(unchecked: y.shape, (0..<y.count).map { 0.5 + Double(($0 * 7) % 11) / 11 })
            return (try y.multiplying(w).sum(), l, t)
        }
        let (loss, l, t) = try draw(base, λ0, leaves: true)
        let g = try gradients(of: loss, withRespectTo: [l, t])
        let h = 1e-6
        for j in 0..<3 {
            var plus = base, minus = base
            plus[j] += h
            minus[j] -= h
            let fd = (try draw(plus, λ0).0.scalars[0] - draw(minus, λ0).0.scalars[0]) / (2 * h)
            XCTAssertEqual(g[0].scalars[j], fd, accuracy: 1e-7, "d/dl\(j)")
        }
        let fd = (try draw(base, λ0 + h).0.scalars[0] - draw(base, λ0 - h).0.scalars[0]) / (2 * h)
        XCTAssertEqual(g[1].scalars[0], fd, accuracy: 1e-7, "d/dλ")
    }

    /// The Gumbel-max trick: argmax y is Categorical(softmax l) at any temperature; as λ → 0 draws
    /// approach one-hot vectors, and the binary Concrete's mean approaches σ(l).
    func testTemperatureLimits() throws {
        var stream = RandomStream(seed: 5)
        let logits = [0.0, 1.0, -0.5]
        let total = logits.map { Foundation.exp($0) }.reduce(0, +)
        let n = 20_000
        var largestCoordinate: [Double] = []
        for λ in [2.0, 0.5, 0.1, 0.02] {
            let y = try RelaxedCategorical(temperature: Tensor(λ), logits: Tensor(logits)).rsample([n], using: &stream).scalars
            var counts = [0.0, 0, 0], largest = 0.0
            for r in 0..<n {
                let row = Array(y[(3 * r)..<(3 * r + 3)])
                let top = row.indices.max { row[$0] < row[$1] } ?? 0
                counts[top] += 1
                largest += row[top] / Double(n)
            }
            for k in 0..<3 {
                let π = Foundation.exp(logits[k]) / total
                XCTAssertEqual(counts[k] / Double(n), π, accuracy: 4 * (π * (1 - π) / Double(n)).squareRoot(), "λ = \(λ), category \(k)")
            }
            largestCoordinate.append(largest)
        }
        XCTAssertEqual(largestCoordinate, largestCoordinate.sorted(), "draws sharpen as λ falls: \(largestCoordinate)")
        XCTAssertGreaterThan(largestCoordinate.last ?? 0, 0.99)
        var gap: [Double] = []
        for λ in [1.0, 0.3, 0.1, 0.03, 0.01] {
            gap.append(abs(try RelaxedBernoulli(temperature: Tensor(λ), logits: Tensor(0.8)).mean.scalars[0] - σ(0.8)))
        }
        XCTAssertEqual(gap, gap.sorted(by: >), "|E y − σ(l)| falls with λ: \(gap)")
        XCTAssertLessThan(gap.last ?? 1, 1e-3)
    }

    /// Straight-through (`hard: true`): the draws are exactly Bernoulli / one-hot Categorical draws (the
    /// soft draw rounded, or its argmax), and their gradient is the soft draw's at the same noise.
    func testStraightThroughRoundsForwardAndDifferentiatesTheRelaxation() throws {
        func draws(hard: Bool, categorical: Bool) throws -> (Tensor, [Tensor]) {
            var stream = RandomStream(seed: 77)
            let t = Tensor.parameter(0.6), l = Tensor.parameter(categorical ? [0.2, -0.4, 0.9] : [0.4])
            let d: any Distribution = categorical ? try RelaxedCategorical(temperature: t, logits: l, straightThrough: hard)
                : try RelaxedBernoulli(temperature: t, logits: try l.reshaped([]), straightThrough: hard)
            let y = try d.rsample([4000], using: &stream)
            let w = Tensor(unchecked: y.shape, (0..<y.count).map { 0.5 + Double(($0 * 7) % 11) / 11 })
            return (y, try gradients(of: y.multiplying(w).sum(), withRespectTo: [t, l]))
        }
        for categorical in [false, true] {
            let (soft, softGradient) = try draws(hard: false, categorical: categorical)
            let (hard, hardGradient) = try draws(hard: true, categorical: categorical)
            let width = categorical ? 3 : 1
            for r in 0..<(soft.count / width) {
                let row = Array(soft.scalars[(r * width)..<((r + 1) * width)]), hardRow = Array(hard.scalars[(r * width)..<((r + 1) * width)])
                let expected = categorical ? row.indices.map { $0 == (row.indices.max { row[$0] < row[$1] } ?? 0) ? 1.0 : 0 } : [row[0] > 0.5 ? 1.0 : 0]
                XCTAssertEqual(hardRow, expected, "row \(r)")
            }
            for (a, b) in zip(hardGradient, softGradient) {
                for (x, y) in zip(a.scalars, b.scalars) { XCTAssertEqual(x, y, accuracy: 1e-12 * max(1, abs(y))) }
            }
        }
        // The rounded draws are Bernoulli(σ(0.4)): 4000 draws within 4 SE.
        let (hard, _) = try draws(hard: true, categorical: false)
        let p = σ(0.4), frequency = hard.scalars.reduce(0, +) / 4000
        XCTAssertEqual(frequency, p, accuracy: 4 * (p * (1 - p) / 4000).squareRoot())
    }

    /// The implicit rule −(∂F/∂θ)/p agrees per sample with the explicit derivatives of y = σ((l + logit u)/λ):
    /// ∂y/∂l = y(1 − y)/λ, ∂y/∂λ = −y(1 − y) logit(y)/λ.
    func testImplicitAndExplicitRoutesAgreePerSample() throws {
        var stream = RandomStream(seed: 9)
        let λ = 0.7, l = -0.3
        let d = try RelaxedBernoulli(temperature: Tensor(λ), logits: Tensor(l))
        let y = try d.sample([200], using: &stream).scalars
        let dλ = d.implicitDerivatives(of: y, parameter: 0), dl = d.implicitDerivatives(of: y, parameter: 1)
        for i in y.indices {
            let slope = y[i] * (1 - y[i])
            XCTAssertEqual(dl[i], slope / λ, accuracy: 1e-12 * max(1, abs(slope / λ)))
            XCTAssertEqual(dλ[i], -slope * Foundation.log(y[i] / (1 - y[i])) / λ, accuracy: 1e-11)
        }
    }

    /// The fused draw and its backward against the same law written as tape operations on the same
    /// uniforms: y = softmax((l + g)/λ) with gₖ = −log(−log uₖ), over a batch of two temperatures,
    /// with logits and with probs (l = log π), values to 1e-15 and gradients to 1e-13.
    func testFusedKernelMatchesTheTapeOperations() throws {
        let n = 64
        for useProbs in [false, true] {
            let given = Tensor.parameter(Tensor(unchecked: [2, 3], useProbs ? [0.2, 0.5, 0.3, 0.6, 0.1, 0.3] : [0.3, -0.5, 1.1, 2.0, 0.0, -1.0]))
            let temperature = Tensor.parameter([0.4, 1.7])
            let d = try useProbs ? RelaxedCategorical(temperature: temperature, probs: given) : RelaxedCategorical(temperature: temperature, logits: given)
            var stream = RandomStream(seed: 53), same = RandomStream(seed: 53)
            let y = try d.rsample([n], using: &stream)
            let gumbel = Tensor(unchecked: [n, 2, 3], same.uniform(count: n * 6).map { -Foundation.log(-Foundation.log($0)) })
            let logits = useProbs ? log(given) : given
            let reference = try logits.adding(gumbel).dividing(by: temperature.reshaped([2, 1])).softmax(axis: -1)
            for (a, b) in zip(y.scalars, reference.scalars) { XCTAssertEqual(a, b, accuracy: 1e-15) }
            let w = Tensor(unchecked: y.shape, (0..<y.count).map { 0.5 + Double(($0 * 7) % 11) / 11 })
            let fused = try gradients(of: y.multiplying(w).sum(), withRespectTo: [given, temperature])
            let tape = try gradients(of: reference.multiplying(w).sum(), withRespectTo: [given, temperature])
            for (f, t) in zip(fused, tape) {
                for (a, b) in zip(f.scalars, t.scalars) { XCTAssertEqual(a, b, accuracy: 1e-13 * Swift.max(1, Swift.abs(b)), useProbs ? "probs" : "logits") }
            }
        }
    }
}
