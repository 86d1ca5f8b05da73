import XCTest
@testable import ReparamLanguage
import ReparamPlots
import Reparam

/// Overlays, 2-D and circular histograms, log axes, velocity and `:export` from the language.
final class NewPictureTests: XCTestCase {
    private func session(charset: PlotCharset = .ascii) -> Session {
        let session = Session(seed: 3)
        session.plotStyle = PlotStyle(width: 80, height: 24, charset: charset)
        return session
    }

    func testOverlayNamesEachSeriesAndReportsItsBins() throws {
        let session = session()
        _ = session.expectOutput("let p = normal(0, 1)")
        let output = session.expectOutput("hist p, gamma(3, 2), p.rsample(800) samples 4000")
        XCTAssertEqual(output.kind, .hist)
        let lines = output.plot ?? []
        XCTAssertLessThanOrEqual(lines.count, 24)
        let legend = lines.filter { $0.contains("# p") }
        XCTAssertEqual(legend.count, 1, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.joined().contains("o gamma(3, 2)"))
        XCTAssertTrue(lines.joined().contains("x p.rsample(800)"))
        guard case let .array(series)? = output.field("series") else { return XCTFail("no series in JSON") }
        XCTAssertEqual(series.count, 3)
        // Each series' density bars are its counts / (n · width), on the same edges.
        for (entry, n) in zip(series, [4000.0, 4000, 800]) {
            guard case let .array(edges)? = entry["bins"]?["edges"], case let .array(counts)? = entry["bins"]?["counts"],
                  case let .array(density)? = entry["bins"]?["density"] else { return XCTFail("bins missing") }
            XCTAssertEqual(edges.count, counts.count + 1)
            guard case let .number(a)? = edges.first, case let .number(b)? = edges.dropFirst().first else { return XCTFail() }
            for (count, height) in zip(counts, density) {
                guard case let .number(c) = count, case let .number(h) = height else { return XCTFail() }
                XCTAssertEqual(h, c / (n * (b - a)), accuracy: 1e-12)
            }
        }
        XCTAssertEqual(session.expectError("hist p, dirichlet([1, 2, 3])")?.message.hasPrefix("hist overlays univariate distributions"), true)
    }

    func testHistogramJSONCarriesEdgesCountsAndDensity() {
        let session = session()
        let output = session.expectOutput("hist exponential(2).rsample(1000) bins 10")
        guard case let .array(counts)? = output.field("bins")?["counts"], case let .array(edges)? = output.field("bins")?["edges"] else {
            return XCTFail("no bins")
        }
        XCTAssertEqual(counts.count, 10)
        XCTAssertEqual(edges.count, 11)
        let total = counts.reduce(0.0) { sum, count in if case let .number(c) = count { return sum + c } else { return sum } }
        XCTAssertEqual(total, 1000)
    }

    func testTwoDimensionalHistograms() {
        let session = session(charset: .unicode)
        _ = session.expectOutput("let m = factorized(normal(0, 1), normal(2, 0.5))")
        let heat = session.expectOutput("hist m samples 20000")
        XCTAssertTrue(heat.text.contains("20000 samples, shaded by count per cell"), heat.text)
        XCTAssertTrue(heat.text.contains("exact density at 10%, 50%, 90% of its peak"), heat.text)
        XCTAssertTrue(heat.text.contains("x₁") == false || true)
        let slice = session.expectOutput("hist m.rsample(300)[:, 0:2]")
        XCTAssertTrue(slice.text.contains("300 samples"), slice.text)
        XCTAssertEqual(session.expectError("hist m.rsample(30)[:, 0:1]")?.message.hasPrefix("a 2-D hist needs points with 2 coordinates"), true)
    }

    func testCircularHistogramShowsTheWrap() {
        let session = session(charset: .unicode)
        let output = session.expectOutput("hist von_mises(3, 2)")
        XCTAssertTrue(output.text.contains("-π") && output.text.contains("π/2"), output.text)
        XCTAssertTrue(output.text.contains("repeated across ±π"), output.text)
        XCTAssertTrue(output.text.contains("░"))
    }

    func testLogAxes() {
        let session = session()
        let output = session.expectOutput("plot exp(-x) for x in 0.01..100 log xy")
        XCTAssertTrue(output.text.contains("0.01") && output.text.contains("100") && output.text.contains("1e-"), output.text)
        XCTAssertEqual(session.expectError("plot x for x in -1..1 log x")?.message, "a log x axis needs a positive range, got -1..1")
        XCTAssertEqual(session.expectError("plot x for x in 1..2 log z")?.message, "log needs the axis to put on a log scale: log x, log y or log xy; got 'z'")
        XCTAssertTrue(session.expectOutput("plot gamma(2, 1) log y").text.contains("1e-"))
    }

    /// Exponential(rate): z = −ln(1 − u)/rate, so dz/drate = −z/rate and E[dz/drate] = −1/rate².
    func testVelocityIsTheExactQuantileDerivative() throws {
        let session = session()
        _ = session.expectOutput("let e = exponential(2)")
        let output = session.expectOutput("velocity e.rate samples 20000")
        XCTAssertTrue(output.text.contains("dz/drate against z"), output.text)
        guard case let .number(mean)? = output.field("mean_velocity") else { return XCTFail("no mean") }
        XCTAssertEqual(mean, -0.25, accuracy: 0.01)
        let instance = try Exponential(rate: Tensor(2))
        let z = [0.1, 0.7, 2.5]
        let velocities = instance.implicitDerivatives(of: z, parameter: 0)
        for (sample, velocity) in zip(z, velocities) { XCTAssertEqual(velocity, -sample / 2, accuracy: 1e-14) }
        XCTAssertEqual(session.expectError("velocity e.loc")?.message.hasPrefix("Exponential has no parameter 'loc'"), true)
        _ = session.expectOutput("let m = mixture(normal(-2, 1), normal(2, 0.5), weights: [0.3, 0.7])")
        XCTAssertEqual(session.expectError("velocity m.weights")?.message.hasPrefix("velocity needs per-sample derivatives"), true)
        XCTAssertEqual(session.expectError("velocity normal([0, 1], 1).loc")?.message.hasPrefix("velocity draws one univariate distribution"), true)
        XCTAssertEqual(session.expectError("velocity e")?.message, "velocity follows a distribution's parameter, as in 'velocity d.concentration'")
    }

    func testExportWritesEachFormatAndNeverOverwritesWithoutBang() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reparam-export-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = session()
        XCTAssertEqual(session.expectError(":export \(directory.path)/a.svg")?.message, "no picture to export yet: draw one with hist, plot or velocity first")
        let drawn = session.expectOutput("hist normal(0, 1), normal(1, 1) samples 2000")
        for format in ["txt", "ans", "svg", "html"] {
            let path = directory.appendingPathComponent("p.\(format)").path
            let output = session.expectOutput(":export \(path)")
            XCTAssertTrue(output.text.hasPrefix("exported the last picture to \(path)"), output.text)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            switch format {
            case "txt": XCTAssertEqual(text, drawn.text + "\n")
            case "ans": XCTAssertTrue(text.contains("\u{1B}[34m"))
            case "svg": XCTAssertTrue(text.hasPrefix("<?xml") && text.contains("<svg") && text.contains("normal(1, 1)"))
            default: XCTAssertTrue(text.hasPrefix("<!DOCTYPE html>"))
            }
        }
        let path = directory.appendingPathComponent("p.txt").path
        try "keep me".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(session.expectError(":export \(path)")?.message, "\(path) already exists; not overwritten. To replace it: :export! \(path)")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "keep me")
        _ = session.expectOutput(":export! \(path)")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), drawn.text + "\n")
        XCTAssertEqual(session.expectError(":export \(directory.path)/p.png")?.message.hasPrefix("cannot tell what to write from the name"), true)
        // A recorded session does not keep the export (a replay would write the file again).
        let recorder = SessionRecorder(session: Session(seed: 1), directory: directory.path)
        _ = recorder.run("hist normal(0, 1)")
        _ = recorder.run(":export \(directory.path)/r.txt")
        XCTAssertEqual(recorder.record.steps.map(\.command), ["hist normal(0, 1)"])
    }
}
