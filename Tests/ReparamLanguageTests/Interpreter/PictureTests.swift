import XCTest
@testable import ReparamLanguage

/// hist, plot and sweep produce pictures of the asked-for size with the right labels.
final class PictureTests: XCTestCase {
    private func session() -> Session {
        let session = Session(seed: 1)
        session.plotStyle.width = 60
        session.plotStyle.height = 16
        return session
    }

    func testHistogramOfADistributionShowsTheExactMoments() {
        let session = session()
        _ = session.expectOutput("let d = normal(1, 2)")
        let output = session.expectOutput("hist d samples 20000")
        XCTAssertEqual(output.kind, .hist)
        XCTAssertEqual(output.plot?.count, 16)
        XCTAssert(output.plot?.allSatisfy { $0.count <= 60 } ?? false)
        XCTAssertEqual(output.plot?.first?.trimmingCharacters(in: .whitespaces), "Normal(loc: 1, scale: 2)")
        let summary = output.plot?.first { $0.hasPrefix("n = 20000") } ?? ""
        XCTAssert(summary.contains("(exact 1)") && summary.contains("(exact 2)"), summary)
        XCTAssertEqual(output.field("text"), .string(output.text))
    }

    func testHistogramOfSamplesAndOfASimplex() {
        let session = session()
        let output = session.expectOutput("hist exponential(2).rsample(500) bins 8")
        XCTAssertEqual(output.plot?.first?.trimmingCharacters(in: .whitespaces), "exponential(2).rsample(500)")
        XCTAssert(output.plot?.contains { $0.hasPrefix("n = 500") } ?? false)
        XCTAssertEqual(session.expectError("hist normal([0, 1], 1)")?.message.hasPrefix("hist draws one univariate distribution"), true)
    }

    func testPlotNamesItsCurvesBySource() {
        let session = session()
        _ = session.expectOutput("let d = logistic(0, 1)")
        let output = session.expectOutput("plot d.cdf(x), 1 - d.cdf(x) for x in -4..4 points 100")
        XCTAssertEqual(output.kind, .plot)
        XCTAssertEqual(output.plot?.count, 16)
        let legend = output.plot?.last ?? ""
        XCTAssert(legend.contains("d.cdf(x)") && legend.contains("1 - d.cdf(x)"), legend)
        _ = session.expectOutput("let f = x => x^2")
        XCTAssert(session.expectOutput("plot f for x in 0..1").plot?.last?.contains("f") ?? false)
        XCTAssertEqual(session.expectError("plot 2 * 3")?.message,
                       "plot needs a domain, as in 'plot exp(-x) for x in 0..5' (only a distribution plots without one)")
        XCTAssertEqual(session.expectError("plot x for x in 2..1")?.message,
                       "the range must run from a smaller to a larger number, got 2..1")
        XCTAssertEqual(session.expectError("plot [1, 2] for x in 0..1")?.message,
                       "each curve must give one number per x; this gives a vector of 2")
    }

    func testSweepDrawsAFramePerStepAndRestoresTheParameter() {
        let session = session()
        var frames: [Output] = []
        session.onProgress = { frames.append($0) }
        _ = session.expectOutput("let d = normal(0, 1)")
        XCTAssertEqual(session.expectError("sweep d.loc from 0 to 1")?.message,
                       "sweep redraws a picture: add one, e.g. 'then hist d', or draw a hist or plot first")
        let output = session.expectOutput("sweep d.loc from 0 to 3 steps 4 then plot d.cdf(x) for x in -3..6")
        XCTAssertEqual(output.kind, .sweep)
        XCTAssertEqual(frames.map { $0.plot?.first }, ["d.loc = 0", "d.loc = 1", "d.loc = 2", "d.loc = 3"])
        XCTAssertEqual(session.number("d.loc"), 0)
        frames = []
        _ = session.expectOutput("sweep d.scale from 1 to 2 steps 2")
        XCTAssertEqual(frames.count, 2)
        XCTAssertEqual(session.expectError("sweep d.mean from 0 to 1")?.message,
                       "sweep moves a parameter, such as a number bound by let (a) or a distribution's own parameter (d.loc); d.mean is computed from others")
    }

    func testResizeRerendersTheLastPicture() {
        let session = session()
        XCTAssertNil(session.rerenderLastPicture())
        _ = session.expectOutput("plot exp(-x) for x in 0..3")
        session.plotStyle.height = 10
        XCTAssertEqual(session.rerenderLastPicture()?.count, 10)
    }

    /// A resize lays the histogram out again from the same draws: the random stream is
    /// untouched, so every later random result is what it would have been without the resize.
    func testResizeNeverConsumesTheRandomStream() {
        func laterDraws(resizing: Bool) -> [Double]? {
            let session = session()
            _ = session.expectOutput("let d = gamma(2, 1)")
            let first = session.expectOutput("hist d").plot
            if resizing {
                session.plotStyle.width = 40
                session.plotStyle.height = 12
                let redrawn = session.rerenderLastPicture()
                XCTAssertEqual(redrawn?.count, 12)
                XCTAssertLessThanOrEqual(redrawn?.map(\.count).max() ?? 99, 40)
                session.plotStyle.width = 60
                session.plotStyle.height = 16
                XCTAssertEqual(session.rerenderLastPicture(), first, "the same draws at the same size")
            }
            return session.expectOutput("d.sample(3)").field("value")?.numbers
        }
        XCTAssertEqual(laterDraws(resizing: true), laterDraws(resizing: false))
    }

    /// A resize during a live fit: the frames after it take the new size, the fit's numbers do
    /// not change, and the last frame is laid out again at the new size when the fit returns.
    func testLiveFitTakesANewSizeAtItsNextFrame() {
        func run(resizing: Bool) -> (frames: [Output], output: Output, session: Session) {
            let session = session()
            session.progressPictures = true
            var frames: [Output] = []
            session.onProgress = { frame in
                if resizing, frames.count == 10 { session.requestPlotSize(columns: 44, rows: 13) }
                frames.append(frame)
            }
            _ = session.expectOutput("let q = normal(0, 1)")
            let output = session.expectOutput("fit q to normal(3, 0.5) steps 200")
            return (frames, output, session)
        }
        let resized = run(resizing: true), plain = run(resizing: false)
        XCTAssertEqual(resized.frames[5].plot?.count, 16)
        XCTAssertEqual(resized.frames.last?.plot?.count, 13)
        XCTAssertLessThanOrEqual(resized.frames.last?.plot?.map(\.count).max() ?? 99, 44)
        XCTAssertEqual(resized.output.field("parameters"), plain.output.field("parameters"))
        XCTAssertEqual(resized.session.rerenderLastPicture(), resized.frames.last?.plot)
        resized.session.plotStyle.height = 20
        XCTAssertEqual(resized.session.rerenderLastPicture()?.count, 20)
    }

    /// The pane of an 80×24 terminal leaves 80×13 for pictures: every picture a lesson draws
    /// fits there (more compactly), and none says it needs more room.
    func testEveryPictureDrawsInAnEightyByThirteenPane() {
        let session = Session(seed: 3)
        session.plotStyle.width = 80
        session.plotStyle.height = 13
        session.progressPictures = true
        var frames: [[String]] = []
        session.onProgress = { if let plot = $0.plot { frames.append(plot) } }
        for line in ["let d = normal(2, 5)", "let g = gamma(2, 1)", "let c = dirichlet([1, 2, 3])", "let t = student_t(4, 0, 1)"] {
            _ = session.expectOutput(line)
        }
        var pictures: [(String, [String])] = []
        for line in ["gradvar mean(d.rsample(100)^2) reps 50", "gradvar mean(t.rsample(100)) reps 20", "hist g", "hist c",
                     "plot g", "plot exp(-x) for x in 0..3", "fit g to gamma(5, 2) steps 40", "sweep g.rate from 1 to 2 steps 3 then hist g"] {
            let output = session.expectOutput(line)
            pictures.append((line, output.plot ?? frames.last ?? []))
        }
        for (line, picture) in pictures {
            XCTAssertFalse(picture.isEmpty, line)
            XCTAssertLessThanOrEqual(picture.count, 13, line)
            XCTAssertFalse(picture.joined().contains("needs at least"), "\(line):\n" + picture.joined(separator: "\n"))
        }
    }

    /// Plain and -e output scroll: gradvar takes the rows its full layout needs, never a notice.
    func testScrollingOutputGivesGradvarItsFullHeight() {
        let session = Session(seed: 3)
        session.picturesGrowToFit = true
        session.plotStyle.height = 10
        _ = session.expectOutput("let d = normal(2, 5)")
        let picture = session.expectOutput("gradvar mean(d.rsample(100)^2) reps 50").plot ?? []
        // Title, two blocks of header + eight estimators (an expectation form's roster on a continuous
        // family) + axis + labels, legend.
        XCTAssertEqual(picture.count, 1 + 2 * 11 + 1, picture.joined(separator: "\n"))
    }

    func testFitProgressCarriesTheLossTraceAndGradvarItsSpreads() {
        let session = session()
        session.progressPictures = true
        var frames: [Output] = []
        session.onProgress = { frames.append($0) }
        _ = session.expectOutput("let q = normal(0, 1)")
        _ = session.expectOutput("fit q to normal(3, 0.5) steps 200")
        XCTAssertEqual(frames.count, 100)
        XCTAssertEqual(frames.last?.plot?.first?.trimmingCharacters(in: .whitespaces), "loss, step 200 of 200")
        XCTAssertEqual(frames.last?.plot?.count, 16)
        // (+ 0 keeps it off the expectation form: four tape estimators leave room for the title.)
        let spread = session.expectOutput("gradvar mean(q.rsample(10)) + 0 reps 5").plot ?? []
        XCTAssertEqual(spread.first?.trimmingCharacters(in: .whitespaces), "mean(q.rsample(10)) + 0")
        XCTAssert(spread.contains { $0.hasPrefix("q.loc") } && spread.contains { $0.hasPrefix("q.scale") })
    }

    /// Sweeping a let-bound number moves the distributions computed from it.
    func testSweepMovesComputedArguments() {
        let session = session()
        var titles: [String] = []
        session.onProgress = { titles.append($0.plot?[1].trimmingCharacters(in: .whitespaces) ?? "") }
        _ = session.expectOutput("let s = 0")
        _ = session.expectOutput("let q = normal(0, exp(s))")
        _ = session.expectOutput("sweep s from 0 to 1 steps 2 then plot q")
        XCTAssertEqual(titles, ["Normal(loc: 0, scale: 1)", "Normal(loc: 0, scale: 2.718)"])
        XCTAssertEqual(session.number("s"), 0)
    }
}
