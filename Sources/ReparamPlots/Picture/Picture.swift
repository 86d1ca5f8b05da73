/// A picture as data: one or more figures meant to be seen side by side (a histogram beside the
/// velocity of its samples), which draws as text for a pane and as SVG for a slide.
///
///     let picture = Picture([histogram, velocity])
///     picture.text(style: PlotStyle(width: 80, height: 24, charset: .braille))   // two panels, 24 lines
///     FigureSVG.render(picture.panels)                                          // the same, as vectors
///
/// A picture drawn by an older text plot (`HistogramPlot`, `LinePlot`) keeps that plot as its text
/// renderer and carries a figure of the same data for export.
public struct Picture {
    public var panels: [Figure]
    private let textRenderer: ((PlotStyle) -> [String])?

    public init(_ panels: [Figure]) {
        self.panels = panels
        textRenderer = nil
    }

    /// A picture whose text comes from `text` (an existing text plot) and whose figures are for export.
    public init(_ panels: [Figure], text: @escaping (PlotStyle) -> [String]) {
        self.panels = panels
        textRenderer = text
    }

    /// Panels narrower than this are stacked instead of put side by side.
    public static let minimumPanelWidth = 36
    public static let minimumPanelHeight = 10

    /// The picture at `style`: side by side when each panel gets at least 36 columns, stacked
    /// when each gets at least 10 rows, else the first panel alone with a line naming what was left out.
    public func text(style: PlotStyle) -> [String] {
        if let textRenderer { return textRenderer(style) }
        guard panels.count > 1 else {
            return panels.first.map { FigureText.render($0, style: style) } ?? ["(nothing to plot)"]
        }
        let count = panels.count
        let gap = 2
        let width = (style.width - gap * (count - 1)) / count
        if width >= Self.minimumPanelWidth {
            var widths = [Int](repeating: width, count: count)
            widths[count - 1] = style.width - (width + gap) * (count - 1)
            let rendered = zip(panels, widths).map { panel, width in
                FigureText.render(panel, style: resized(style, width: width, height: style.height))
            }
            return PanelGrid.beside(rendered, widths: widths, gap: gap, height: rendered.map(\.count).max() ?? 0)
        }
        let height = style.height / count
        if height >= Self.minimumPanelHeight {
            return panels.flatMap { FigureText.render($0, style: resized(style, width: style.width, height: height)) }
        }
        let rest = panels.dropFirst().compactMap(\.title).joined(separator: ", ")
        let note = "(\(count - 1) more panel\(count == 2 ? "" : "s") need a larger pane" + (rest.isEmpty ? ")" : ": \(rest))")
        return FigureText.render(panels[0], style: resized(style, width: style.width, height: style.height - 1))
            + [String(note.prefix(style.width))]
    }

    private func resized(_ style: PlotStyle, width: Int, height: Int) -> PlotStyle {
        var copy = style
        copy.width = width
        copy.height = height
        return copy
    }
}
