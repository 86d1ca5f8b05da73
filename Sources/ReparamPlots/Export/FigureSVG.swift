import Foundation

/// Draws figures as one SVG document: real text for the title, tick labels, legend and notes,
/// vector marks, panels side by side. The same `Figure` the terminal drew, at any size.
///
///     let svg = FigureSVG.render([figure], width: 720, height: 440)
///     // <svg xmlns="http://www.w3.org/2000/svg" width="720" height="440" …>
///
/// Elements carry classes a test or a stylesheet can find: `title`, `x-tick`, `y-tick`,
/// `axis-label`, `series` (with `data-name`), `legend`, `note`.
public enum FigureSVG {
    public static func render(_ panels: [Figure], width: Int = 720, height: Int = 440) -> String {
        let panelWidth = Double(width) / Double(max(panels.count, 1))
        var body = ""
        for (index, figure) in panels.enumerated() {
            body += "<g class=\"panel\" transform=\"translate(\(number(Double(index) * panelWidth)),0)\">\n"
            body += panel(figure, width: panelWidth, height: Double(height), id: index)
            body += "</g>\n"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
            font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">
            <rect width="\(width)" height="\(height)" fill="white"/>
            \(body)</svg>

            """
    }

    /// Hex colors for the terminal palette (the tab10 colors of matplotlib, gray for references).
    static func hex(_ color: PlotColor) -> String {
        switch color {
        case .blue: return "#1f77b4"
        case .red: return "#d62728"
        case .green: return "#2ca02c"
        case .magenta: return "#9467bd"
        case .cyan: return "#17becf"
        case .yellow: return "#bcbd22"
        case .gray: return "#7f7f7f"
        }
    }

    /// Pixels per braille dot when turning a dash pattern into `stroke-dasharray`.
    static let dashUnit = 3.0
    static let characterWidth = 7.0

    /// The plot area of a panel and how data maps into it.
    struct Frame {
        let left: Double, top: Double, width: Double, height: Double
        let xAxis: Axis, yAxis: Axis

        func x(_ value: Double) -> Double? { xAxis.fraction(of: value).map { left + $0 * width } }
        func y(_ value: Double) -> Double? { yAxis.fraction(of: value).map { top + (1 - $0) * height } }
        func point(_ u: Double, _ v: Double) -> (Double, Double)? {
            guard let px = x(u), let py = y(v) else { return nil }
            return (px, py)
        }
    }

    static func panel(_ figure: Figure, width: Double, height: Double, id: Int) -> String {
        var out = ""
        guard let extent = FigureScales.extent(figure) else {
            return "<text class=\"note\" x=\"\(number(width / 2))\" y=\"\(number(height / 2))\" text-anchor=\"middle\">nothing finite to plot</text>\n"
        }
        let legend = legendEntries(figure)
        let legendRows = legendLayout(legend, width: width - 20).rows
        let notesRows = figure.notes.isEmpty ? 0 : 1
        let top = figure.title == nil ? 16.0 : 36.0
        let bottom = 44.0 + Double(legendRows) * 18 + Double(notesRows) * 16 + (figure.x.label == nil ? 0 : 16)
        let yAxis = FigureScales.yAxis(figure.y, extent.y, maxIntervals: 6)
        let labelWidth = Double(yAxis.labels.map(\.count).max() ?? 1) * characterWidth
        let left = 14 + labelWidth + (figure.y.label == nil ? 0 : 18)
        let frame = Frame(left: left, top: top, width: max(10, width - left - 16), height: max(10, height - top - bottom),
                          xAxis: FigureScales.xAxis(figure.x, extent.x, maxCount: 8, unicode: true), yAxis: yAxis)

        if let title = figure.title {
            out += "<text class=\"title\" x=\"\(number(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">\(escape(title))</text>\n"
        }
        out += axes(frame, figure)
        out += "<clipPath id=\"plot\(id)\"><rect x=\"\(number(frame.left))\" y=\"\(number(frame.top))\" "
            + "width=\"\(number(frame.width))\" height=\"\(number(frame.height))\"/></clipPath>\n"
        out += "<g clip-path=\"url(#plot\(id))\">\n"
        for mark in figure.marks { out += self.mark(mark, frame) }
        out += "</g>\n"
        var y = frame.top + frame.height + 36 + (figure.x.label == nil ? 0 : 16)
        out += legendSVG(legend, left: 10, top: y, width: width - 20)
        y += Double(legendRows) * 18
        if !figure.notes.isEmpty {
            // About 6 px a character at 11 px: notes longer than the panel are cut with an ellipsis.
            let notes = figure.notes.joined(separator: "; "), room = max(8, Int((width - 20) / 6))
            let shown = notes.count > room ? String(notes.prefix(room - 1)) + "…" : notes
            out += "<text class=\"note\" x=\"10\" y=\"\(number(y + 10))\" font-size=\"11\" fill=\"#444\">\(escape(shown))</text>\n"
        }
        return out
    }

    static func axes(_ frame: Frame, _ figure: Figure) -> String {
        let bottom = frame.top + frame.height
        var out = "<g class=\"axes\" stroke=\"#333\" fill=\"none\">"
        out += "<path d=\"M\(number(frame.left)),\(number(frame.top)) V\(number(bottom)) H\(number(frame.left + frame.width))\"/></g>\n"
        for (tick, label) in zip(frame.yAxis.ticks, frame.yAxis.labels) {
            let y = frame.top + (1 - (tick - frame.yAxis.lower) / (frame.yAxis.upper - frame.yAxis.lower)) * frame.height
            out += "<line x1=\"\(number(frame.left - 4))\" y1=\"\(number(y))\" x2=\"\(number(frame.left))\" y2=\"\(number(y))\" stroke=\"#333\"/>"
            out += "<line x1=\"\(number(frame.left))\" y1=\"\(number(y))\" x2=\"\(number(frame.left + frame.width))\" y2=\"\(number(y))\" stroke=\"#eee\"/>"
            out += "<text class=\"y-tick\" x=\"\(number(frame.left - 6))\" y=\"\(number(y + 4))\" text-anchor=\"end\">\(escape(label))</text>\n"
        }
        for (tick, label) in zip(frame.xAxis.ticks, frame.xAxis.labels) {
            let x = frame.left + (tick - frame.xAxis.lower) / (frame.xAxis.upper - frame.xAxis.lower) * frame.width
            out += "<line x1=\"\(number(x))\" y1=\"\(number(bottom))\" x2=\"\(number(x))\" y2=\"\(number(bottom + 4))\" stroke=\"#333\"/>"
            out += "<text class=\"x-tick\" x=\"\(number(x))\" y=\"\(number(bottom + 17))\" text-anchor=\"middle\">\(escape(label))</text>\n"
        }
        if let label = figure.x.label {
            out += "<text class=\"axis-label\" x=\"\(number(frame.left + frame.width / 2))\" y=\"\(number(bottom + 34))\" text-anchor=\"middle\">\(escape(label))</text>\n"
        }
        if let label = figure.y.label {
            let x = 12.0, y = frame.top + frame.height / 2
            out += "<text class=\"axis-label\" x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"middle\" transform=\"rotate(-90 \(number(x)) \(number(y)))\">\(escape(label))</text>\n"
        }
        return out
    }

    // MARK: marks

    static func mark(_ mark: FigureMark, _ frame: Frame) -> String {
        let color = hex(SeriesLook.color(mark.series))
        let dash = SeriesLook.dash(mark.series).svgDashArray(unit: dashUnit).map { " stroke-dasharray=\"\($0)\"" } ?? ""
        let open = "<g class=\"series\"" + (mark.name.map { " data-name=\"\(escape($0))\"" } ?? "") + ">"
        var out = open
        switch mark.kind {
        case let .bars(edges, heights):
            if mark.series == 0 {
                out += bars(edges, heights, frame, fill: color, opacity: 0.55)
            } else {
                var points: [(Double, Double)?] = []
                for index in heights.indices where index + 1 < edges.count {
                    points.append(frame.point(edges[index], heights[index]))
                    points.append(frame.point(edges[index + 1], heights[index]))
                }
                out += "<path d=\"\(path(points))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>"
            }
        case let .wrappedBars(edges, heights):
            out += bars(edges, heights, frame, fill: hex(.gray), opacity: 0.3)
        case let .curve(x, y):
            out += "<path d=\"\(path(zip(x, y).map { frame.point($0, $1) }))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>"
        case let .points(x, y):
            for (u, v) in zip(x, y) {
                guard let (px, py) = frame.point(u, v) else { continue }
                out += "<circle cx=\"\(number(px))\" cy=\"\(number(py))\" r=\"1.6\" fill=\"\(color)\"/>"
            }
        case let .heat(x, y):
            out += heat(x, y, frame)
        case let .contour(_, segments):
            let d = segments.compactMap { segment -> String? in
                guard let a = frame.point(segment.from.x, segment.from.y), let b = frame.point(segment.to.x, segment.to.y) else { return nil }
                return "M\(number(a.0)),\(number(a.1)) L\(number(b.0)),\(number(b.1))"
            }.joined(separator: " ")
            out += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.2\"/>"
        case let .arrows(x, y, dx, dy, scale):
            for index in x.indices where index < y.count && index < dx.count && index < dy.count {
                guard let a = frame.point(x[index], y[index]),
                      let b = frame.point(x[index] + scale * dx[index], y[index] + scale * dy[index]) else { continue }
                out += arrow(from: a, to: b, color: color)
            }
        case let .horizontal(y):
            if let py = frame.y(y) {
                out += "<line x1=\"\(number(frame.left))\" y1=\"\(number(py))\" x2=\"\(number(frame.left + frame.width))\" y2=\"\(number(py))\" "
                    + "stroke=\"\(hex(.gray))\" stroke-dasharray=\"4 3\"/>"
            }
        case let .vertical(x):
            if let px = frame.x(x) {
                out += "<line x1=\"\(number(px))\" y1=\"\(number(frame.top))\" x2=\"\(number(px))\" y2=\"\(number(frame.top + frame.height))\" "
                    + "stroke=\"\(hex(.gray))\" stroke-dasharray=\"4 3\"/>"
            }
        }
        return out + "</g>\n"
    }

    /// A line from `a` to `b` with a filled head at `b` (a third of its length, at most 6 px).
    static func arrow(from a: (Double, Double), to b: (Double, Double), color: String) -> String {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1)
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0.5 else {
            return "<circle cx=\"\(number(a.0))\" cy=\"\(number(a.1))\" r=\"1\" fill=\"\(color)\"/>"
        }
        let head = min(6, length / 3), (ux, uy) = (dx / length, dy / length)
        let base = (b.0 - head * ux, b.1 - head * uy)
        let left = (base.0 - head * 0.5 * uy, base.1 + head * 0.5 * ux), right = (base.0 + head * 0.5 * uy, base.1 - head * 0.5 * ux)
        return "<line x1=\"\(number(a.0))\" y1=\"\(number(a.1))\" x2=\"\(number(base.0))\" y2=\"\(number(base.1))\" stroke=\"\(color)\" stroke-width=\"1.3\"/>"
            + "<path d=\"M\(number(b.0)),\(number(b.1)) L\(number(left.0)),\(number(left.1)) L\(number(right.0)),\(number(right.1)) z\" fill=\"\(color)\"/>"
    }

    static func bars(_ edges: [Double], _ heights: [Double], _ frame: Frame, fill: String, opacity: Double) -> String {
        var out = ""
        let base = frame.top + frame.height
        for index in heights.indices where index + 1 < edges.count {
            guard let left = frame.x(edges[index]), let right = frame.x(edges[index + 1]), let top = frame.y(heights[index]) else { continue }
            let clampedTop = max(frame.top, min(base, top))
            out += "<rect class=\"bar\" x=\"\(number(left))\" y=\"\(number(clampedTop))\" width=\"\(number(max(0, right - left)))\" "
                + "height=\"\(number(base - clampedTop))\" fill=\"\(fill)\" fill-opacity=\"\(number(opacity))\" stroke=\"white\" stroke-width=\"0.5\"/>"
        }
        return out
    }

    /// Points counted on a grid of about 6-pixel squares, each drawn with opacity ∝ its count.
    static func heat(_ x: [Double], _ y: [Double], _ frame: Frame) -> String {
        let columns = max(1, Int(frame.width / 6)), rows = max(1, Int(frame.height / 6))
        let counts = HeatGrid.count(x: x, y: y, xAxis: frame.xAxis, yAxis: frame.yAxis, columns: columns, rows: rows)
        guard let most = counts.max(), most > 0 else { return "" }
        let cellWidth = frame.width / Double(columns), cellHeight = frame.height / Double(rows)
        var out = ""
        for row in 0..<rows {
            for column in 0..<columns where counts[row * columns + column] > 0 {
                let opacity = 0.08 + 0.92 * Double(counts[row * columns + column]) / Double(most)
                out += "<rect x=\"\(number(frame.left + Double(column) * cellWidth))\" "
                    + "y=\"\(number(frame.top + frame.height - Double(row + 1) * cellHeight))\" width=\"\(number(cellWidth))\" "
                    + "height=\"\(number(cellHeight))\" fill=\"\(hex(.blue))\" fill-opacity=\"\(number(opacity))\"/>"
            }
        }
        return out
    }

    /// `M x,y L x,y …`, a new `M` after every point that cannot be drawn.
    static func path(_ points: [(Double, Double)?]) -> String {
        var d = "", pen = false
        for point in points {
            guard let (x, y) = point else { pen = false; continue }
            d += (pen ? " L" : (d.isEmpty ? "M" : " M")) + "\(number(x)),\(number(y))"
            pen = true
        }
        return d
    }

    // MARK: legend

    struct LegendEntry {
        let mark: FigureMark
        let name: String
        var width: Double { 30 + Double(name.count) * characterWidth + 16 }
    }

    static func legendEntries(_ figure: Figure) -> [LegendEntry] {
        figure.marks.compactMap { mark in mark.name.map { LegendEntry(mark: mark, name: $0) } }
    }

    /// Entries left to right, wrapping at `width`: the row and x offset of each.
    static func legendLayout(_ entries: [LegendEntry], width: Double) -> (rows: Int, places: [(row: Int, x: Double)]) {
        var row = 0, x = 0.0
        var places: [(row: Int, x: Double)] = []
        for entry in entries {
            if x > 0, x + entry.width > width { row += 1; x = 0 }
            places.append((row, x))
            x += entry.width
        }
        return (entries.isEmpty ? 0 : row + 1, places)
    }

    static func legendSVG(_ entries: [LegendEntry], left: Double, top: Double, width: Double) -> String {
        guard !entries.isEmpty else { return "" }
        var out = "<g class=\"legend\">"
        for (entry, place) in zip(entries, legendLayout(entries, width: width).places) {
            let x = left + place.x, y = top + Double(place.row) * 18
            let color: String
            switch entry.mark.kind {
            case .wrappedBars, .horizontal, .vertical: color = hex(.gray)
            default: color = hex(SeriesLook.color(entry.mark.series))
            }
            switch entry.mark.kind {
            case .contour:
                out += "<line x1=\"\(number(x))\" y1=\"\(number(y - 4))\" x2=\"\(number(x + 22))\" y2=\"\(number(y - 4))\" stroke=\"\(color)\" stroke-width=\"1.2\"/>"
            case .bars where entry.mark.series == 0, .wrappedBars, .heat:
                out += "<rect x=\"\(number(x))\" y=\"\(number(y - 9))\" width=\"22\" height=\"10\" fill=\"\(color)\" fill-opacity=\"0.55\"/>"
            case .points:
                out += "<circle cx=\"\(number(x + 11))\" cy=\"\(number(y - 4))\" r=\"3\" fill=\"\(color)\"/>"
            default:
                let dash = SeriesLook.dash(entry.mark.series).svgDashArray(unit: dashUnit).map { " stroke-dasharray=\"\($0)\"" } ?? ""
                out += "<line x1=\"\(number(x))\" y1=\"\(number(y - 4))\" x2=\"\(number(x + 22))\" y2=\"\(number(y - 4))\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>"
            }
            out += "<text class=\"legend-name\" x=\"\(number(x + 28))\" y=\"\(number(y))\">\(escape(entry.name))</text>"
        }
        return out + "</g>\n"
    }

    // MARK: text

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let text = String(format: "%.1f", value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : (text == "-0" ? "0" : text)
    }

    /// `text` with the five XML special characters escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
