import XCTest
@testable import ReparamLanguage

/// `reparam replay 3`, `replay 03-gamma`, `reparam lessons`: lessons found by number or name.
final class LessonCatalogTests: XCTestCase {
    private var folder: String { SessionCourseTests.sessionsFolder.path }

    func testLessonsByNumberAndByName() throws {
        let gamma = folder + "/03-gamma-implicit.reparam"
        XCTAssertEqual(try LessonCatalog.resolve("3", folder: folder), gamma)
        XCTAssertEqual(try LessonCatalog.resolve("03", folder: folder), gamma)
        XCTAssertEqual(try LessonCatalog.resolve("03-gamma", folder: folder), gamma)
        XCTAssertEqual(try LessonCatalog.resolve("gamma-implicit", folder: folder), gamma)
        XCTAssertEqual(try LessonCatalog.resolve("sweep", folder: folder), folder + "/09-sweep.reparam")
        // An existing path stays as it is; a missing path is left for loading to explain.
        XCTAssertEqual(try LessonCatalog.resolve(gamma, folder: folder), gamma)
        XCTAssertEqual(try LessonCatalog.resolve("missing/x.reparam", folder: folder), "missing/x.reparam")
    }

    func testUnknownOrAmbiguousNamesListTheCourse() {
        XCTAssertThrowsError(try LessonCatalog.resolve("99", folder: folder)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("no lesson '99' in"), text)
            XCTAssertTrue(text.contains("03-gamma-implicit"), text)
        }
        // "t" starts no name after its number but appears in several: say which.
        XCTAssertThrowsError(try LessonCatalog.resolve("i", folder: folder)) { error in
            XCTAssertTrue("\(error)".contains("names"), "\(error)")
        }
    }

    func testListingGivesEveryLessonWithItsTitle() throws {
        let lessons = LessonCatalog.lessons(in: folder)
        // Numbered 1, 2, … without gaps or repeats, and the course is at least the ten lessons shipped.
        XCTAssertGreaterThanOrEqual(lessons.count, 10)
        XCTAssertEqual(lessons.map(\.number), Array(1...max(lessons.count, 1)).map { Optional($0) })
        XCTAssertEqual(lessons[2].title, "3. Gamma and the implicit trick")
        let listing = LessonCatalog.listing(folder: folder)
        XCTAssertTrue(listing.contains("03-gamma-implicit               3. Gamma and the implicit trick"), listing)
        XCTAssertTrue(listing.contains("reparam replay 1"), listing)
        // Found from the working directory, or from an executable inside the checkout.
        let root = (folder as NSString).deletingLastPathComponent
        XCTAssertEqual(LessonCatalog.folder(environment: [:], workingDirectory: root, executable: "/nowhere/reparam"), root + "/Sessions")
        XCTAssertEqual(LessonCatalog.folder(environment: [:], workingDirectory: "/", executable: root + "/.build/debug/reparam"),
                       root + "/Sessions")
        XCTAssertNil(LessonCatalog.folder(environment: [:], workingDirectory: "/", executable: "/usr/bin/reparam"))
        // A relative executable (./.build/debug/reparam, reparam on the PATH as typed) is taken from the working directory.
        XCTAssertEqual(LessonCatalog.folder(environment: [:], workingDirectory: root + "/Tests", executable: "../.build/debug/reparam"),
                       root + "/Sessions")
        XCTAssertNil(LessonCatalog.folder(environment: [:], workingDirectory: "/", executable: "reparam"))
    }
}
