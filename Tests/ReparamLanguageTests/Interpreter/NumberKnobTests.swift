import XCTest
@testable import ReparamLanguage

/// `knob NAME`: a number bound by let turns and the last picture is redrawn from the same random
/// numbers; the stream is never consumed, Enter gives back `let NAME = value`, an undrawable value
/// is refused.
final class NumberKnobTests: XCTestCase {
    func testNudgesRedrawTheSameNoiseAndComeBackExactly() {
        let session = Session(seed: 5)
        _ = session.expectOutput("let m = 1")
        // The knob's header takes a row: drawn one row shorter, the picture is the knob's first frame.
        session.plotStyle.height -= 1
        let shown = session.expectOutput("hist normal(m, 1) samples 2000").plot ?? []
        session.plotStyle.height += 1
        let first = session.expectOutput("knob m").plot ?? []
        XCTAssertTrue(first.first?.hasPrefix("m = 1  step 0.1") == true, first.first ?? "")
        XCTAssertEqual(Array(first.dropFirst()), shown, "the knob starts from the picture on screen: the same samples")
        let moved = session.nudgeKnob(steps: 5)
        XCTAssertTrue(moved.first?.hasPrefix("m = 1.5  step 0.1") == true, moved.first ?? "")
        XCTAssertNotEqual(Array(moved.dropFirst()), Array(first.dropFirst()))
        let back = session.nudgeKnob(steps: -5)
        XCTAssertEqual(back, first, "the same value draws the same picture: the noise is held")
        _ = session.nudgeKnob(steps: 3)
        XCTAssertEqual(session.leaveKnob(keep: true), "let m = 1.3")
    }

    /// Enter's `let` is what a replay runs; the live session ends in the same state as the replay.
    func testKeepingLeavesTheSessionAsItsReplayWillBe() {
        func run(_ session: Session, turning: Bool) -> String {
            _ = session.expectOutput("let r = 0.8")
            _ = session.expectOutput("let y = normal(0, 1).sample(3) * r")
            _ = session.expectOutput("hist normal(r, 1) samples 100")
            _ = session.expectOutput("knob r")
            if turning { _ = session.nudgeKnob(steps: -5) }
            let kept = turning ? session.leaveKnob(keep: true) ?? "" : "let r = 0.3"
            _ = session.expectOutput(kept)
            return session.expectOutput("[r, y[0] / 0.8]").text + " " + session.expectOutput("hist normal(r, 1) samples 100").text
        }
        XCTAssertEqual(run(Session(seed: 4), turning: true), run(Session(seed: 4), turning: false))
    }

    func testKnobFramesNeverConsumeTheRandomStream() {
        let turned = Session(seed: 9), plain = Session(seed: 9)
        for session in [turned, plain] {
            _ = session.expectOutput("let m = 0")
            _ = session.expectOutput("hist normal(m, 1) samples 500")
        }
        _ = turned.expectOutput("knob m")
        for _ in 0..<4 { _ = turned.nudgeKnob(steps: 1) }
        XCTAssertNil(turned.leaveKnob(keep: false))
        XCTAssertEqual(turned.expectOutput("normal(0, 1).sample(3)").text, plain.expectOutput("normal(0, 1).sample(3)").text)
        XCTAssertEqual(turned.number("m"), 0, "Esc put the number back")
    }

    /// A 2-D cloud whose second coordinate is scaled by r: the knob turns the picture's shape.
    func testATwoDimensionalPictureTurnsWithItsNumber() {
        let session = Session(seed: 2)
        _ = session.expectOutput("let r = 1")
        _ = session.expectOutput("hist normal(0, 1).sample([3000, 2]) * [1, r]")
        let first = session.expectOutput("knob r step 0.5").plot ?? []
        XCTAssertTrue(first.joined().contains("n = 3000"), first.joined(separator: "\n"))
        let squeezed = session.nudgeKnob(steps: -1)
        XCTAssertTrue(squeezed.first?.hasPrefix("r = 0.5") == true)
        XCTAssertNotEqual(squeezed.dropFirst().joined(), first.dropFirst().joined())
    }

    func testAValueThePictureCannotTakeIsRefusedAndTheNumberStays() {
        let session = Session(seed: 1)
        _ = session.expectOutput("let s = 0.2")
        _ = session.expectOutput("hist normal(0, s) samples 500")
        _ = session.expectOutput("knob s step 0.1")
        _ = session.nudgeKnob(steps: -1)
        let refused = session.nudgeKnob(steps: -1)
        XCTAssertTrue(refused.first?.hasPrefix("s = 0.1  step 0.1") == true, refused.first ?? "")
        XCTAssertTrue(refused.dropFirst().first?.contains("s = 0 is refused") == true, refused.joined(separator: "\n"))
        XCTAssertEqual(session.leaveKnob(keep: true), "let s = 0.1")
    }

    func testAKnobNeedsAPictureAndANumber() {
        let session = Session(seed: 1)
        _ = session.expectOutput("let a = 2")
        XCTAssertTrue(session.expectError("knob a")?.message.contains("draw one that depends on a first") == true)
        _ = session.expectOutput("let v = [1, 2]")
        _ = session.expectOutput("hist normal(0, 1) samples 100")
        XCTAssertTrue(session.expectError("knob v")?.message.contains("one number") == true)
        XCTAssertTrue(session.expectError("knob a + 1")?.message.contains("a number bound by let") == true)
        XCTAssertFalse(session.isTurningKnob)
    }
}

/// The correlation knob of issue 15: a correlated Normal's samples turning with r, the same ε
/// through z = L(r) ε, refused where the covariance stops being positive definite.
final class CorrelationKnobTests: XCTestCase {
    /// The picture's note `corr 0.xyz`: the sample correlation of the drawn points.
    private func sampleCorrelation(_ picture: [String]) -> Double? {
        guard let note = picture.first(where: { $0.contains("corr ") }),
              let value = note.components(separatedBy: "corr ").last?.split(separator: " ").first else { return nil }
        return Double(value)
    }

    func testTurningRTurnsTheSampleCorrelation() {
        let session = Session(seed: 12)
        _ = session.expectOutput("let r = 0.8")
        _ = session.expectOutput("let d = multivariate_normal([0, 0], [[1, r], [r, 1]])")
        _ = session.expectOutput("hist d samples 6000")
        let first = session.expectOutput("knob r").plot ?? []
        // 6000 points: the sample correlation's standard error is (1 − ρ²)/√n, under 0.013.
        XCTAssertEqual(sampleCorrelation(first) ?? .nan, 0.8, accuracy: 0.03)
        let turned = session.nudgeKnob(steps: -5)
        XCTAssertTrue(turned.first?.hasPrefix("r = 0.3  step 0.1") == true, turned.first ?? "")
        XCTAssertEqual(sampleCorrelation(turned) ?? .nan, 0.3, accuracy: 0.04)
        // Past 1 the covariance is not positive definite: refused, r stays.
        _ = session.scaleKnobStep(by: 10)
        let refused = session.nudgeKnob(steps: 1)
        XCTAssertTrue(refused.first?.hasPrefix("r = 0.3  step 1") == true, refused.first ?? "")
        XCTAssertTrue(refused.dropFirst().first?.contains("r = 1.3 is refused") == true, refused.joined(separator: "\n"))
        XCTAssertEqual(session.leaveKnob(keep: true), "let r = 0.3")
    }
}
