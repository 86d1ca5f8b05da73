/// Splits a line rendered with `color: true` back into colored runs, for a screen library that
/// sets colors as attributes (ncurses) instead of reading ANSI escapes.
///
///     ColorRuns.split("a\u{1B}[34m##\u{1B}[0mb")
///     // [("a", nil), ("##", .blue), ("b", nil)]
///
/// Only the escapes plots emit are understood (`ESC[<color>m`, `ESC[0m`); any other escape is
/// dropped and its text kept.
public enum ColorRuns {
    public static func split(_ line: String) -> [(text: String, color: PlotColor?)] {
        var runs: [(text: String, color: PlotColor?)] = []
        var text = ""
        var color: PlotColor? = nil
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == "\u{1B}", let end = line[index...].firstIndex(of: "m") {
                let code = Int(line[line.index(index, offsetBy: 2)..<end])
                if !text.isEmpty { runs.append((text, color)) }
                text = ""
                color = code.flatMap(PlotColor.init(rawValue:))
                index = line.index(after: end)
            } else {
                text.append(line[index])
                index = line.index(after: index)
            }
        }
        if !text.isEmpty { runs.append((text, color)) }
        return runs
    }
}
