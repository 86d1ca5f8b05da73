import XCTest
@testable import ReparamLanguage
import ReparamPlots
import Reparam

/// `knob d.param`: nudges move the parameter by the step, the picture redraws from the same
/// uniforms, Enter gives back a `let` that sets the value, Esc restores it.
final class KnobTests: XCTestCase {
    private func session() -> Session {
        let session = Session(seed: 5)
        session.plotStyle = PlotStyle(width: 80, height: 24, charset: .ascii)
        return session
    }

    func testNudgesStepsAndTheSettledLet() {
        let session = session()
        _ = session.expectOutput("let g = gamma(2, 1)")
        let first = session.expectOutput("knob g.concentration samples 2000")
        XCTAssertTrue(session.isTurningKnob)
        XCTAssertTrue(first.text.hasPrefix("g.concentration = 2  step 0.2  <-/-> nudge  up/down step  Enter keep  Esc undo\n"), first.text)
        XCTAssertLessThanOrEqual(first.plot?.count ?? 99, 24)
        XCTAssertTrue(session.nudgeKnob(steps: 1)[0].hasPrefix("g.concentration = 2.2  step 0.2"))
        XCTAssertTrue(session.scaleKnobStep(by: 10)[0].hasPrefix("g.concentration = 2.2  step 2 "))
        XCTAssertTrue(session.scaleKnobStep(by: 0.1)[0].hasPrefix("g.concentration = 2.2  step 0.2 "))
        let frame = session.nudgeKnob(steps: 3)
        XCTAssertTrue(frame[0].hasPrefix("g.concentration = 2.8  step 0.2"), frame[0])
        XCTAssertTrue(frame.contains { $0.contains("Gamma(concentration: 2.8, rate: 1)") })
        XCTAssertEqual(session.leaveKnob(keep: true), "let g = gamma(concentration: 2.8, rate: 1)")
        XCTAssertFalse(session.isTurningKnob)
        XCTAssertEqual(session.number("g.concentration"), 2.8)
    }

    func testEscapeRestoresAndRefusalsSayWhy() {
        let session = session()
        _ = session.expectOutput("let g = gamma(2, 1)")
        _ = session.expectOutput("knob g.rate step 0.5")
        _ = session.nudgeKnob(steps: -1)
        let refused = session.nudgeKnob(steps: -1)
        XCTAssertTrue(refused[0].hasPrefix("g.rate = 0.5  step 0.5"), refused[0])
        XCTAssertEqual(refused[1], "rate = 0 is refused: it must be positive")
        XCTAssertNil(session.leaveKnob(keep: false))
        XCTAssertEqual(session.number("g.rate"), 1)
        // A knob left by the next statement (a script) gives its value back too.
        _ = session.expectOutput("knob g.rate")
        _ = session.nudgeKnob(steps: 2)
        XCTAssertEqual(session.number("g.rate"), 1)
        XCTAssertFalse(session.isTurningKnob)
    }

    /// The histogram under the knob is the same uniforms through the quantile function: the
    /// mean in the velocity panel is the exact mean of dz/dθ over z = F⁻¹(u; θ). For an
    /// Exponential, dz/drate = −z/rate, so it is −mean(z)/rate at every value.
    func testEachFrameUsesTheSameUniforms() {
        let session = session()
        _ = session.expectOutput("let e = exponential(2)")
        _ = session.expectOutput("knob e.rate step 1 samples 5000")
        let at2 = session.lastDrawing?.panels.last?.notes.first ?? ""
        _ = session.nudgeKnob(steps: 2)
        let at4 = session.lastDrawing?.panels.last?.notes.first ?? ""
        // z scales as 1/rate, so dz/drate = −z/rate scales as 1/rate²: a quarter from rate 2 to 4.
        let value = { (note: String) in Double(note.split(separator: " ")[3]) ?? .nan }
        XCTAssertEqual(value(at4) / value(at2), 0.25, accuracy: 1e-3, "\(at2) / \(at4)")
        _ = session.leaveKnob(keep: false)
    }

    /// Counting the uniforms between F at the bin edges gives the same histogram as pushing every
    /// uniform through F⁻¹ and binning the samples.
    func testCountsThroughTheCDFEqualBinningTheQuantiles() throws {
        let session = session()
        _ = session.expectOutput("let g = gamma(3, 2)")
        _ = session.expectOutput("knob g.concentration samples 20000")
        let knob = try XCTUnwrap(session.knob)
        let gamma = try Gamma(concentration: Tensor(3), rate: Tensor(2))
        let edges = (0...30).map { 0.2 + Double($0) * 0.15 }
        let throughCDF = knob.histogram(cdf: try gamma.cdf(Tensor(edges)).scalars, range: 0.2...4.7)
        let samples = try gamma.icdf(Tensor(knob.uniforms)).scalars
        let binned = samples.withUnsafeBufferPointer { HistogramBinning.count($0, lower: 0.2, upper: 4.7, bins: 30) }
        XCTAssertEqual(throughCDF.counts, binned.counts)
        XCTAssertEqual(throughCDF.below, binned.below)
        XCTAssertEqual(throughCDF.above, binned.above)
        _ = session.leaveKnob(keep: false)
    }

    func testBadKnobs() {
        let session = session()
        _ = session.expectOutput("let d = dirichlet([1, 2, 3])")
        XCTAssertEqual(session.expectError("knob d.concentration")?.message, "knob turns one number; d.concentration has shape [3]")
        XCTAssertEqual(session.expectError("knob d")?.message, "knob turns a distribution's parameter or a number bound by let; "
                       + "d is a distribution: name one of its parameters, e.g. knob d.concentration")
        XCTAssertEqual(session.expectError("knob normal(0, 1).loc")?.message,
                       "knob turns a distribution's parameter or a number bound by let, as in 'knob d.concentration' or 'knob r'")
        XCTAssertEqual(session.expectError("knob nothing")?.message,
                       "knob turns a number bound by let (let nothing = 0.5) or a distribution's parameter; nothing is neither")
    }
}
