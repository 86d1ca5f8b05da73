/// Rendered plots put side by side into one block of text, for pictures made of several panels
/// (the live picture of a fit: loss and parameters beside each other).
///
///     let row = PanelGrid.beside([lossLines, parameterLines], widths: [40, 39], height: 12)
///     // 12 lines, each ≤ 40 + 1 + 39 visible columns
///
/// Widths are counted in visible columns: ANSI color escapes (`ESC [ … m`) take none.
public enum PanelGrid {
    /// `panels` left to right, panel `i` padded or cut to `widths[i]` columns, `gap` spaces
    /// between them; exactly `height` lines (short panels are padded with blank lines, long ones cut).
    /// The last panel is not padded, so lines carry no trailing blanks beyond the others' widths.
    public static func beside(_ panels: [[String]], widths: [Int], gap: Int = 1, height: Int) -> [String] {
        let separator = String(repeating: " ", count: max(0, gap))
        return (0..<max(0, height)).map { row in
            zip(panels, widths).enumerated().map { index, panel in
                let line = row < panel.0.count ? panel.0[row] : ""
                return fitted(line, width: panel.1, pad: index < panels.count - 1)
            }.joined(separator: separator)
        }
    }

    /// `line` cut to at most `width` visible columns, padded with spaces to exactly `width` when `pad`.
    ///
    ///     PanelGrid.fitted("abcdef", width: 4)   // "abcd"
    public static func fitted(_ line: String, width: Int, pad: Bool = false) -> String {
        var result = ""
        var columns = 0
        var escaped = false, inEscape = false
        for character in line {
            if inEscape {
                result.append(character)
                // An SGR sequence ends with its final letter (`m`).
                if character.isLetter { inEscape = false }
                continue
            }
            if character == "\u{1B}" {
                inEscape = true
                escaped = true
                result.append(character)
                continue
            }
            guard columns < width else { continue }
            result.append(character)
            columns += 1
        }
        // A color cut short must not run into the next panel.
        if escaped { result += "\u{1B}[0m" }
        if pad, columns < width { result += String(repeating: " ", count: width - columns) }
        return result
    }

    /// Visible columns of `line`: its characters other than ANSI escape sequences.
    public static func visibleWidth(_ line: String) -> Int {
        var columns = 0
        var inEscape = false
        for character in line {
            if inEscape {
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                columns += 1
            }
        }
        return columns
    }
}
