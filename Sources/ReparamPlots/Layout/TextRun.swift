/// A piece of text in one color, the unit legends and summaries are built from.
struct TextRun: Sendable {
    var text: String
    var color: PlotColor?

    init(_ text: String, color: PlotColor? = nil) {
        self.text = text
        self.color = color
    }
}

/// A line made of colored runs.
typealias StyledLine = [TextRun]

extension Array where Element == TextRun {
    var length: Int { reduce(0) { $0 + $1.text.count } }
}

/// A block of text under or over a plot: entries (legend items, summary fields) joined by
/// `separator`, wrapped onto as many lines as `width` needs; an entry wider than the whole line is
/// cut and ends in `ellipsis`, so a cut number never passes for a whole one. Plots drop whole
/// blocks, least important first, when the height is short.
struct TextBlock: Sendable {
    var entries: [StyledLine]
    var separator: String = "   "

    init(_ entries: [StyledLine], separator: String = "   ") {
        self.entries = entries
        self.separator = separator
    }

    init(_ text: String) {
        self.init([[TextRun(text)]])
    }

    func lines(width: Int, ellipsis: String = "~") -> [StyledLine] {
        var result: [StyledLine] = []
        var current: StyledLine = []
        for entry in entries where !entry.isEmpty {
            let fitted = entry.length > width ? Self.cut(entry, to: width, ellipsis: ellipsis) : entry
            if current.isEmpty {
                current = fitted
            } else if current.length + separator.count + fitted.length <= width {
                current += [TextRun(separator)] + fitted
            } else {
                result.append(current)
                current = fitted
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The first `width` characters of `line`; when something is cut, the last one kept is
    /// replaced by `ellipsis` (if given) to show it.
    static func cut(_ line: StyledLine, to width: Int, ellipsis: String? = nil) -> StyledLine {
        if let ellipsis, line.length > width, width > ellipsis.count {
            return cut(line, to: width - ellipsis.count) + [TextRun(ellipsis)]
        }
        var remaining = width
        var result: StyledLine = []
        for run in line where remaining > 0 {
            result.append(TextRun(String(run.text.prefix(remaining)), color: run.color))
            remaining -= min(remaining, run.text.count)
        }
        return result
    }
}

extension TextCanvas {
    /// Writes a styled line from (`column`, `row`).
    mutating func write(_ line: StyledLine, column: Int, row: Int) {
        var offset = column
        for run in line {
            write(run.text, column: offset, row: row, color: run.color)
            offset += run.text.count
        }
    }
}
