import XCTest
@testable import ReparamTerminal

final class HistoryLocationTests: XCTestCase {
    func testStateHomeWins() {
        let path = HistoryLocation.path(environment: ["XDG_STATE_HOME": "/s", "HOME": "/home/ada"], accountHome: "/acct")
        XCTAssertEqual(path, "/s/reparam/history")
    }

    func testTrailingSlashesAreDropped() {
        XCTAssertEqual(HistoryLocation.path(environment: ["XDG_STATE_HOME": "/s//"], accountHome: nil),
                       "/s/reparam/history")
        XCTAssertEqual(HistoryLocation.path(environment: ["HOME": "/"], accountHome: nil),
                       "/.local/state/reparam/history")
    }

    func testRelativeStateHomeIsIgnoredAsTheSpecSays() {
        let path = HistoryLocation.path(environment: ["XDG_STATE_HOME": "state", "HOME": "/home/ada"], accountHome: nil)
        XCTAssertEqual(path, "/home/ada/.local/state/reparam/history")
    }

    func testHomeThenAccount() {
        XCTAssertEqual(HistoryLocation.path(environment: ["HOME": "/home/ada"], accountHome: "/acct"),
                       "/home/ada/.local/state/reparam/history")
        XCTAssertEqual(HistoryLocation.path(environment: ["HOME": ""], accountHome: "/acct"),
                       "/acct/.local/state/reparam/history")
        XCTAssertNil(HistoryLocation.path(environment: [:], accountHome: nil))
    }
}

final class HistoryStoreTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "reparam-history-\(UUID().uuidString)"
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func testCreatesDirectoriesAndAppendsEachLineAtOnce() throws {
        let path = directory + "/state/reparam/history"
        let store = HistoryStore(path: path)
        XCTAssertNil(store.takeWarning())
        store.add("let a = 1")
        store.add("let a = 1")   // an immediate repeat is not stored twice
        store.add("   ")
        store.add("a + 1")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "let a = 1\na + 1\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/state/reparam")
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o700)
    }

    func testKeepsWhatIsThereAndAddsToIt() throws {
        let path = directory + "/history"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "old one\nold two\n".write(toFile: path, atomically: true, encoding: .utf8)
        let store = HistoryStore(path: path)
        XCTAssertNil(store.takeWarning())
        store.add("new")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old one\nold two\nnew\n")
    }

    func testTrimsALongFileToCapacityOnStart() throws {
        let path = directory + "/history"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lines = (1...(HistoryLocation.capacity + 10)).map { "line \($0)" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        _ = HistoryStore(path: path)
        let kept = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(kept.count, HistoryLocation.capacity)
        XCTAssertEqual(kept.first, "line 11")
        XCTAssertEqual(kept.last, Substring("line \(HistoryLocation.capacity + 10)"))
    }

    func testUnreadableFileIsNeverOverwritten() throws {
        let path = directory + "/history"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // A directory where the file should be: cannot be read as history.
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let store = HistoryStore(path: path)
        let warning = try XCTUnwrap(store.takeWarning())
        XCTAssertTrue(warning.hasPrefix("cannot read \(path)"), warning)
        XCTAssertTrue(warning.hasSuffix("history will not be saved"), warning)
        store.add("kept in memory")
        var isDirectory: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory))
        XCTAssertTrue(isDirectory.boolValue)
        XCTAssertNil(store.takeWarning())
    }

    func testNoHomeKeepsHistoryInMemory() {
        let store = HistoryStore(path: nil)
        XCTAssertEqual(store.takeWarning(), "no home directory: history will not be saved")
        XCTAssertNil(store.takeWarning())
    }
}
