import Foundation
import XCTest
@testable import ReparamLanguage

/// `pace` slows a live fit for a class to watch: once set, each step of a
/// realtime `minimize` waits that long (a lower bound, so never flaky).
final class PaceTests: XCTestCase {
    func testPaceSpacesTheStepsOfALiveMinimize() {
        let session = Session(seed: 1)
        session.realtime = true
        _ = session.run("let a = 1")
        _ = session.run("pace 30ms")
        let start = Date()
        let output = session.run("minimize (a - 2)^2 steps 5").last
        XCTAssertEqual(output?.kind, .minimize, output?.text ?? "")
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 4 * 0.030)
    }

    func testWithoutPaceOrOutsideALiveScreenFitsDoNotWait() {
        let session = Session(seed: 1)
        _ = session.run("let a = 1")
        _ = session.run("pace 1000ms")     // not realtime (a script): no waiting
        let start = Date()
        _ = session.run("minimize (a - 2)^2 steps 5")
        XCTAssertLessThan(Date().timeIntervalSince(start), 4.0)
        XCTAssertFalse(Session(seed: 1).fitPaced)
    }
}
