import Foundation

/// How points on the simplex are shown.
public enum SimplexMode: Sendable {
    /// Points for a few thousand or fewer in braille, shading otherwise.
    case automatic
    /// One mark per occupied cell (braille: per occupied dot).
    case points
    /// Each cell shaded by how many points fall in it (`.:-=+*#%@` or `·░▒▓█`).
    case density
}

/// Everything about a simplex plot except its size and characters.
public struct SimplexOptions {
    public var title: String?
    /// Names of the corners (components 1, 2, 3); nil gives x₁ x₂ x₃ (x1 x2 x3 in ASCII).
    public var cornerLabels: [String]?
    public var mode: SimplexMode
    /// The exact mean, shown beside the sample mean (e.g. α / Σα for a Dirichlet).
    public var exactMean: [Double]?

    public init(title: String? = nil, cornerLabels: [String]? = nil, mode: SimplexMode = .automatic, exactMean: [Double]? = nil) {
        self.title = title
        self.cornerLabels = cornerLabels
        self.mode = mode
        self.exactMean = exactMean
    }
}

/// Points (p₁, p₂, p₃) with pᵢ ≥ 0, Σpᵢ = 1 (e.g. Dirichlet samples) on the triangle whose
/// corners are the unit vectors: p₁ bottom left, p₂ bottom right, p₃ at the top.
///
/// A point sits at x = p₂ + p₃/2, y = p₃ (in units of the side and the height). The triangle is
/// 2R + 1 columns wide and R rows tall: a terminal cell being about twice as tall as wide, that
/// is close to equilateral (which would need 2.31 columns per row) with edges that step evenly.
///
///     SimplexPlot.render(flatRows, options: SimplexOptions(title: "Dirichlet(1, 2, 3)"),
///                        style: PlotStyle(width: 60, height: 20, charset: .braille))
public enum SimplexPlot {
    public static let minimumSize = (width: 16, height: 8)

    /// `rows` holds the points row-major, three numbers each (a (n, 3) tensor's storage).
    public static func render(_ rows: [Double], options: SimplexOptions = SimplexOptions(), style: PlotStyle = PlotStyle()) -> [String] {
        guard rows.count % 3 == 0 else {
            return ["(simplex points need 3 components each; got \(rows.count) numbers)"]
        }
        return render(points: stride(from: 0, to: rows.count, by: 3).map { Array(rows[$0..<$0 + 3]) }, options: options, style: style)
    }

    public static func render(points: [[Double]], options: SimplexOptions = SimplexOptions(), style: PlotStyle = PlotStyle()) -> [String] {
        guard style.width >= minimumSize.width, style.height >= minimumSize.height else {
            return doesNotFit(needs: minimumSize, style: style)
        }
        if let labels = options.cornerLabels, labels.count != 3 {
            return ["(a simplex plot needs 3 corner labels, got \(labels.count))"]
        }
        if let wrong = points.first(where: { $0.count != 3 }) {
            return ["(simplex points need 3 components each; got one with \(wrong.count))"]
        }
        let onSimplex = points.compactMap(projectOntoSimplex)
        let dropped = points.count - onSimplex.count
        guard !onSimplex.isEmpty else {
            return [points.isEmpty ? "(no points to plot)" : "(no points on the simplex: all \(points.count) have a negative, non-finite or non-unit-sum component)"]
        }

        let labels = options.cornerLabels ?? (style.isUnicode ? ["x₁", "x₂", "x₃"] : ["x1", "x2", "x3"])
        let density: Bool
        switch options.mode {
        case .points: density = false
        case .density: density = true
        case .automatic: density = !(style.charset == .braille && onSimplex.count <= 3000)
        }

        // Rows: [title] top label, triangle, bottom edge, bottom labels, [legend] [summary] [note].
        let summary = summaryBlock(onSimplex, options.exactMean)
        let note = TextBlock(dropped > 0 ? [[TextRun("dropped \(dropped) point\(dropped == 1 ? "" : "s") not on the simplex")]] : [])
        var optional: [(lines: [StyledLine], priority: Int, top: Bool)] = [
            (summary.lines(width: style.width, ellipsis: style.ellipsis), 0, false),
            (note.lines(width: style.width, ellipsis: style.ellipsis), 1, false),
            (options.title.map { [TextBlock.cut([TextRun($0)], to: style.width, ellipsis: style.ellipsis)] } ?? [], 2, true),
        ]
        let fixedRows = 3, minimumTriangleRows = 3
        var budget = style.height - fixedRows - minimumTriangleRows
        for index in optional.indices.sorted(by: { optional[$0].priority < optional[$1].priority }) {
            if optional[index].lines.count <= budget { budget -= optional[index].lines.count } else { optional[index].lines = [] }
        }
        // The legend (one line, written once the points are drawn) comes last.
        let keptLegend = budget >= 1
        if keptLegend { budget -= 1 }
        let titleLines = optional.filter(\.top).flatMap(\.lines)
        let footerLines = optional.filter { !$0.top }.flatMap(\.lines)

        // Data columns C = 2R + 1: every edge moves exactly one cell per row, so the outline is a
        // clean staircase; the triangle is then about 15% taller than equilateral.
        let availableRows = minimumTriangleRows + budget
        let triangleRows = max(1, min(availableRows, (style.width - 5) / 2))
        let triangleColumns = 2 * triangleRows + 1
        let geometry = TriangleGeometry(columns: triangleColumns, rows: triangleRows,
                                        left: (style.width - triangleColumns) / 2, top: titleLines.count)
        var canvas = TextCanvas(width: style.width, height: titleLines.count + fixedRows + triangleRows + (keptLegend ? 1 : 0) + footerLines.count)
        for (index, line) in titleLines.enumerated() {
            canvas.write(line, column: max(0, (style.width - line.length) / 2), row: index)
        }
        geometry.drawOutline(on: &canvas, style: style)
        geometry.drawCornerLabels(labels, on: &canvas)
        let legend = density
            ? geometry.drawDensity(onSimplex, on: &canvas, style: style)
            : geometry.drawPoints(onSimplex, on: &canvas, style: style)
        var row = geometry.top + triangleRows + 3
        if keptLegend, let fitting = legend.first(where: { $0.length <= style.width }) {
            canvas.write(fitting, column: 0, row: row)
            row += 1
        }
        for line in footerLines { canvas.write(line, column: 0, row: row); row += 1 }
        return canvas.lines(color: style.color)
    }

    /// The point with tiny negative components (rounding) set to 0, or nil when it is not on the
    /// simplex: a component non-finite or below −1e-9, or the sum off 1 by more than 1e-6.
    static func projectOntoSimplex(_ point: [Double]) -> [Double]? {
        guard point.allSatisfy({ $0.isFinite && $0 >= -1e-9 }), abs(point.reduce(0, +) - 1) <= 1e-6 else { return nil }
        return point.map { max($0, 0) }
    }

    static func summaryBlock(_ points: [[Double]], _ exact: [Double]?) -> TextBlock {
        let mean = (0..<3).map { component in points.map { $0[component] }.reduce(0, +) / Double(points.count) }
        func triple(_ values: [Double]) -> String { "(" + values.map { PlotNumberFormat.significant($0, digits: 3) }.joined(separator: ", ") + ")" }
        var entries: [StyledLine] = [[TextRun("n = \(points.count)")], [TextRun("mean " + triple(mean))]]
        if let exact, exact.count == 3 { entries.append([TextRun("exact " + triple(exact))]) }
        return TextBlock(entries, separator: "  ")
    }
}
