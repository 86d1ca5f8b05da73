import Foundation
import ReparamPlots

/// `:export FILE` writes the last picture: `.txt` plain text, `.ans` text with color escapes,
/// `.svg` vector graphics with real text, `.html` a page with both. Like `:save`, it never
/// replaces an existing file unless asked with `:export! FILE`, and the write is atomic.
///
///     hist gamma(2, 1)
///     :export gamma.svg        # exported the last picture to gamma.svg (svg, 80×24)
///     :export gamma.svg        # gamma.svg already exists; not overwritten. To replace it: :export! gamma.svg
extension Session {
    static let exportCommands = ["export", "export!"]

    func export(_ argument: String, replacing: Bool, at range: SourceRange) throws -> Output {
        let command = replacing ? ":export!" : ":export"
        let path = argument.trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty else {
            throw Diagnostic("\(command) needs a file name ending in .txt, .ans, .svg or .html, e.g. \(command) gamma.svg", at: range)
        }
        guard let picture = lastDrawing else {
            throw Diagnostic("no picture to export yet: draw one with hist, plot or velocity first", at: range)
        }
        let format: PictureExport.Format
        do { format = try PictureExport.format(of: path) } catch { throw Diagnostic("\(error)", at: range) }
        if format == .svg || format == .html, picture.panels.isEmpty {
            throw Diagnostic("this picture has no vector form yet; export it as .txt or .ans", at: range)
        }
        let text = PictureExport.document(picture, format: format, style: plotStyle)
        do {
            try AtomicFile.write(text, to: path, replacing: replacing)
        } catch AtomicFile.Failure.exists {
            throw Diagnostic("\(path) already exists; not overwritten. To replace it: :export! \(path)", at: range)
        } catch {
            throw Diagnostic("\(error)", at: range)
        }
        let times = plotStyle.charset == .ascii ? "x" : "×"
        return Output(kind: .command, text: "exported the last picture to \(path) (\(format.rawValue), \(plotStyle.width)\(times)\(plotStyle.height))",
                      fields: [("name", .string(replacing ? "export!" : "export")), ("argument", .string(path)),
                               ("format", .string(format.rawValue))])
    }
}
