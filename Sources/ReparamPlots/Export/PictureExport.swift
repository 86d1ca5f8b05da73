/// A picture written out as a file: plain text, text with ANSI colors, SVG, or an HTML page
/// holding the SVG and the text.
///
///     let text = PictureExport.document(picture, format: try PictureExport.format(of: "gamma.svg"), style: style)
///     // "<?xml version=\"1.0\" …"
///
/// The format is the file's extension; anything else is an error naming the four accepted.
public enum PictureExport {
    public enum Format: String, CaseIterable, Sendable {
        /// The text picture without color escapes.
        case txt
        /// The text picture with ANSI color escapes (`cat gamma.ans` shows it in color).
        case ans
        /// Vector graphics with real text: title, ticks, legend, notes.
        case svg
        /// A page with the SVG and, under it, the text picture.
        case html
    }

    public struct UnknownFormat: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            "cannot tell what to write from the name \(path): it must end in "
                + Format.allCases.map { "." + $0.rawValue }.joined(separator: ", ")
        }
    }

    /// The format named by `path`'s extension (case-insensitive).
    public static func format(of path: String) throws -> Format {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), let format = Format(rawValue: name[name.index(after: dot)...].lowercased()) else {
            throw UnknownFormat(path: path)
        }
        return format
    }

    /// The file's contents. Text formats use `style`'s size and characters; SVG is sized from it
    /// at 9 pixels a column and 18 a row (at least 480×300).
    public static func document(_ picture: Picture, format: Format, style: PlotStyle) -> String {
        var plain = style
        plain.color = false
        switch format {
        case .txt:
            return picture.text(style: plain).joined(separator: "\n") + "\n"
        case .ans:
            var colored = style
            colored.color = true
            return picture.text(style: colored).joined(separator: "\n") + "\n"
        case .svg:
            return svg(picture, style: style)
        case .html:
            let title = FigureSVG.escape(picture.panels.compactMap(\.title).first ?? "reparam picture")
            let text = FigureSVG.escape(picture.text(style: plain).joined(separator: "\n"))
            return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>\(title)</title>
                <style>body{font-family:sans-serif;margin:2em}pre{font-family:"DejaVu Sans Mono",Menlo,monospace;line-height:1.15}</style>
                </head>
                <body>
                \(svg(picture, style: style).split(separator: "\n").dropFirst().joined(separator: "\n"))
                <pre>\(text)</pre>
                </body>
                </html>

                """
        }
    }

    static func svg(_ picture: Picture, style: PlotStyle) -> String {
        FigureSVG.render(picture.panels, width: max(480, style.width * 9), height: max(300, style.height * 18))
    }
}
