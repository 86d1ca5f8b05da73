import XCTest
import ReparamPlots
@testable import ReparamLanguage

final class SessionFileFormatTests: XCTestCase {
    /// A file with everything the format has: title, settings, comments, blank lines, a
    /// multi-line picture with blank lines and `|` inside, an error, an empty command, a mid-file @plot.
    let sample = """
    @reparam session 1
    @title A sample
    @seed 7
    @plot 60x20 braille
    @precision 4

    # The story starts.
    #no space after the hash
    reparam> let a = 2
    | a = 2
    reparam> hist x
    |  |  picture
    |
    | | bars |
    |
    reparam> bad(
    ! error: expected an expression
    !   bad(
    !       ^
    reparam>

    @plot 100x30 ascii
    reparam> a
    | 2

    @end

    """

    func testParsesEveryKindOfLine() throws {
        let file = try SessionFile.parse(sample, name: "sample")
        XCTAssertEqual(file.title, "A sample")
        XCTAssertEqual(file.seed, 7)
        XCTAssertEqual(file.precision, 4)
        XCTAssertEqual(file.plotStyle, PlotStyle(width: 60, height: 20, charset: .braille))
        XCTAssertEqual(file.steps.map(\.command), ["let a = 2", "hist x", "bad(", "", "a"])
        XCTAssertEqual(file.steps[1].output.map(\.text), [" |  picture", "", "| bars |", ""])
        XCTAssertEqual(file.steps[2].output.map(\.isError), [true, true, true])
        XCTAssertEqual(file.steps[2].output.map(\.text), ["error: expected an expression", "  bad(", "      ^"])
        XCTAssertEqual(file.steps[2].fileLine, 16)
        XCTAssertEqual(file.steps[2].output[2].fileLine, 19)
        XCTAssertEqual(file.items.first, .comment(" The story starts."))
        XCTAssert(file.items.contains(.comment("no space after the hash")))
        XCTAssert(file.items.contains(.plot(PlotStyle(width: 100, height: 30, charset: .ascii))))
    }

    func testWritingThenReadingGivesTheSameFileAndTheSameText() throws {
        let file = try SessionFile.parse(sample, name: "sample")
        let text = file.text
        XCTAssertEqual(try SessionFile.parse(text, name: "again"), file)
        XCTAssertEqual(try SessionFile.parse(text, name: "again").text, text)
        XCTAssertEqual(text, sample)   // the sample is written the way the writer writes
    }

    func testTrailingSpacesAndCarriageReturnsAreNotSignificant() throws {
        let edited = sample.components(separatedBy: "\n").map { $0.isEmpty ? $0 : $0 + "  \r" }.joined(separator: "\n")
        XCTAssertEqual(try SessionFile.parse(edited, name: "edited"), try SessionFile.parse(sample, name: "sample"))
    }

    func testOutputLinesComeFromTheLanguageWithoutColorsOrTrailingSpaces() {
        let output = Output(kind: .value, text: "\u{1B}[31mred\u{1B}[0m   \n\nlast")
        XCTAssertEqual(SessionFile.outputLines(of: output).map(\.text), ["red", "", "last"])
        XCTAssertEqual(SessionFile.outputLines(of: Output(kind: .empty, text: "")), [])
        // A picture the text already holds is recorded once; one it does not (a sweep's last frame) comes first.
        XCTAssertEqual(SessionFile.outputLines(of: Output(kind: .hist, text: "+--\n|##\nn = 3", plot: ["+--", "|##"])).map(\.text),
                       ["+--", "|##", "n = 3"])
        XCTAssertEqual(SessionFile.outputLines(of: Output(kind: .sweep, text: "swept", plot: ["+--", "|##"])).map(\.text),
                       ["+--", "|##", "swept"])
    }

    func testADefaultHeaderIsWrittenInFull() {
        let file = SessionFile(items: [.step(.init(command: "1+1", output: [.init("2")]))])
        XCTAssertEqual(file.text, "@reparam session 1\n@seed 0\n@plot 80x24 ascii\n\nreparam> 1+1\n| 2\n\n@end\n")
    }
}
