import Foundation
import XCTest
@testable import ReparamLanguage

/// `sweep` over a histogram pushes one fixed set of uniforms through
/// z = F⁻¹(u; θ): moving a Normal's loc shifts every sample by the same amount.
final class SweepTests: XCTestCase {
    private func summaries(_ frames: [Output]) -> [(mean: Double, std: Double)] {
        frames.compactMap { frame in
            guard let line = frame.text.split(separator: "\n").first(where: { $0.hasPrefix("n = ") }) else { return nil }
            let words = line.split(separator: " ")
            guard let m = words.firstIndex(of: "mean"), let s = words.firstIndex(of: "std"),
                  let mean = Double(words[m + 1]), let std = Double(words[s + 1]) else { return nil }
            return (mean, std)
        }
    }

    func testLocationSweepMovesTheSameSamples() {
        let session = Session(seed: 5)
        var frames: [Output] = []
        session.onProgress = { frames.append($0) }
        _ = session.run("let d = normal(0, 1)")
        _ = session.run("hist d samples 500")
        let result = session.run("sweep d.loc from 0 to 2 steps 3")
        XCTAssertEqual(result.first?.kind, .sweep)
        XCTAssert(result.first?.text.contains("z = F⁻¹(u; θ)") == true, result.first?.text ?? "")
        let s = summaries(frames)
        XCTAssertEqual(s.count, 3)
        guard s.count == 3 else { return }
        XCTAssertEqual(s[1].mean - s[0].mean, 1, accuracy: 2e-3)
        XCTAssertEqual(s[2].mean - s[0].mean, 2, accuracy: 2e-3)
        XCTAssertEqual(s[0].std, s[2].std)
        // The parameter gets its value back afterwards.
        XCTAssertEqual(session.run("d.mean").first?.text, "0")
    }

    func testScaleSweepScalesTheSameSamples() {
        let session = Session(seed: 6)
        var frames: [Output] = []
        session.onProgress = { frames.append($0) }
        _ = session.run("let d = normal(1, 1)")
        _ = session.run("hist d samples 500")
        _ = session.run("sweep d.scale from 1 to 3 steps 2")
        let s = summaries(frames)
        XCTAssertEqual(s.count, 2)
        guard s.count == 2 else { return }
        // z = loc + scale·Φ⁻¹(u): the spread triples, and the mean moves by 2·mean(Φ⁻¹(u)).
        XCTAssertEqual(s[1].std / s[0].std, 3, accuracy: 3e-3)
    }
}
