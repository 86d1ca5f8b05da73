import XCTest
@testable import Reparam

/// Every family built from parameters, one parameter at a time set to an extreme its constraint admits
/// (5e-324 … 1.7e308, ±1e300, the ends of (0, 1)): every method answers or throws a `ReparamError`
/// (or a `CholeskyFailure` naming the pivot)
/// with a message, never a trap (`kumaraswamy(2, 1e300).mean` converted 1e300 to Int and crashed).
/// nan answers are counted and printed, not failed: some are the right answer (a Cauchy's mean), others
/// are open (session note 7 lists them).
final class ExtremeParameterSweepTests: XCTestCase {
    func testNoFamilyTrapsAtExtremeParameters() throws {
        var calls = 0, nans = 0
        for family in Family.all where family.composition == .parameters {
            guard let example = FamilyExample.of(family, batched: false) else { continue }
            let written = family.parameters.filter { $0.alternativeTo == nil }
            for (j, parameter) in written.enumerated() {
                let extremes: [Double]
                switch parameter.constraint {
                case .positive: extremes = [.leastNonzeroMagnitude, 2 * .leastNonzeroMagnitude, 1e-300, 1e-12, 1e12, 1e300, 1.7e308]
                case .real: extremes = [-1e300, 1e300]
                case .unitInterval: extremes = [.leastNonzeroMagnitude, 1e-300, 1 - 0x1p-53]
                default: continue
                }
                for x in extremes {
                    var leaves = example.leaves
                    leaves[j] = Tensor(unchecked: leaves[j].shape, leaves[j].scalars.map { _ in x })
                    let label = "\(family.constructor) \(parameter.name) = \(x)"
                    let d: any Distribution
                    do { d = try example.rebuild(leaves) } catch { assertClear(error, label); continue }
                    var stream = RandomStream(seed: 3)
                    func call(_ what: String, _ f: () throws -> Tensor) {
                        calls += 1
                        do { if try f().scalars.contains(where: \.isNaN) { nans += 1 } } catch { assertClear(error, "\(label) \(what)") }
                    }
                    call("rsample") { try d.rsample([4], using: &stream) }
                    if d.eventShape.isEmpty {
                        call("grad") {
                            let z = try d.rsample([4], using: &stream)
                            return Tensor(try gradients(of: z.sum(), withRespectTo: d.parameters.map(\.value).filter(\.requiresGradient)).flatMap(\.scalars))
                        }
                        let z = (try? d.sample([1], using: &stream).scalars[0]) ?? 1
                        call("log_prob") { try d.logProb(Tensor(z.isFinite ? z : 1)) }
                        call("cdf") { try d.cdf(Tensor(z.isFinite ? z : 1)) }
                        call("icdf") { try d.icdf(Tensor(0.3)) }
                    }
                    call("entropy") { try d.entropy() }
                    call("mean") { d.mean }
                    call("variance") { d.variance }
                }
            }
        }
        print("extreme parameters: \(calls) calls, \(nans) answered nan")
        XCTAssertGreaterThan(calls, 500)
    }

    private func assertClear(_ error: Error, _ label: String) {
        XCTAssert(error is ReparamError || error is CholeskyFailure, "\(label): \(type(of: error)) \(error)")
        XCTAssertFalse("\(error)".isEmpty, label)
    }
}
