import Foundation

/// Which characters a plot may draw with.
public enum PlotCharset: String, Sendable, CaseIterable {
    /// Printable ASCII only: `#` bars, `*` curves, `|` `-` `+` axes. Works on every terminal and file.
    case ascii
    /// Box drawing for axes, eighth blocks `▁▂▃▄▅▆▇█` for bars, marker glyphs `•` for curves.
    case unicode
    /// As `.unicode`, but curves and points are braille dots `⠁…⣿`, 2×4 dots per cell.
    case braille
}

/// The size and look of one plot: `width`×`height` is the whole picture (title, axes, legend,
/// summary included), every returned line has at most `width` visible characters.
///
///     let style = PlotStyle(width: 80, height: 24, charset: .braille)
///     HistogramPlot.render(samples, style: style).forEach { print($0) }
public struct PlotStyle: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var charset: PlotCharset
    /// ANSI colors in the returned lines; only when asked (off for pipes, files and `NO_COLOR`).
    public var color: Bool

    public init(width: Int = 80, height: Int = 24, charset: PlotCharset = .ascii, color: Bool = false) {
        self.width = width
        self.height = height
        self.charset = charset
        self.color = color
    }

    /// The style a terminal or a pipe should get: braille when the locale is UTF-8, ASCII otherwise;
    /// color only on a terminal, never when `NO_COLOR` is set to anything non-empty or `TERM=dumb`.
    ///
    /// The locale is the first non-empty of `LC_ALL`, `LC_CTYPE`, `LANG` (POSIX precedence).
    public static func fromEnvironment(isTerminal: Bool, width: Int = 80, height: Int = 24,
                                       environment: [String: String] = ProcessInfo.processInfo.environment) -> PlotStyle {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy
            .compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let normalized = locale.lowercased().replacingOccurrences(of: "-", with: "")
        let utf8 = normalized.contains("utf8")
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let dumb = environment["TERM"] == "dumb"
        return PlotStyle(width: width, height: height, charset: utf8 ? .braille : .ascii,
                         color: isTerminal && !noColor && !dumb)
    }

    var isUnicode: Bool { charset != .ascii }

    /// What ends text cut short: `…`, or `~` in ASCII.
    var ellipsis: String { isUnicode ? "…" : "~" }
}

/// The eight ANSI foreground colors plots use; `nil` in a cell means the terminal's default.
public enum PlotColor: Int, Sendable, CaseIterable {
    case red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36, gray = 90

    /// The palette for series, estimators and bars, in order of use.
    static let series: [PlotColor] = [.blue, .red, .green, .magenta, .cyan, .yellow]

    static func forSeries(_ index: Int) -> PlotColor { series[index % series.count] }

    var escape: String { "\u{1B}[\(rawValue)m" }
    static let reset = "\u{1B}[0m"
}
