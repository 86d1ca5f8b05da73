import Foundation

/// Where the simplex triangle sits on a canvas, and how points map to its cells.
///
/// Data cells: row j (0 at the bottom) of `rows` covers heights y ∈ [j/R, (j+1)/R]; a point
/// (p₁, p₂, p₃) is in column ⌊(p₂ + p₃/2)·C⌋ and row ⌊p₃·R⌋. The outline runs one cell outside
/// the data cells, so it never hides a point.
struct TriangleGeometry {
    let columns: Int
    let rows: Int
    /// Canvas column of data column 0; canvas row of the top label line (the apex row is below it).
    let left: Int
    let top: Int

    /// Canvas row of data row `j` (counted from the bottom).
    func canvasRow(_ j: Int) -> Int { top + rows - j }

    /// First and last data column of row `j`: the triangle's width at that row's bottom.
    func span(_ j: Int) -> (first: Int, last: Int) {
        let inset = Double(j) / Double(2 * rows)
        return (clampIndex(inset * Double(columns), count: columns), clampIndex((1 - inset) * Double(columns), count: columns))
    }

    func cell(_ point: [Double]) -> (column: Int, row: Int) {
        let x = point[1] + point[2] / 2
        return (clampIndex(x * Double(columns), count: columns), clampIndex(point[2] * Double(rows), count: rows))
    }

    func drawOutline(on canvas: inout TextCanvas, style: PlotStyle) {
        let (rising, falling, base): (Character, Character, Character) = style.isUnicode ? ("╱", "╲", "─") : ("/", "\\", "-")
        for j in 0..<rows {
            let (first, last) = span(j)
            canvas.put(rising, column: left + first - 1, row: canvasRow(j))
            canvas.put(falling, column: left + last + 1, row: canvasRow(j))
        }
        let (first, last) = span(0)
        for column in (first - 2)...(last + 2) { canvas.put(base, column: left + column, row: canvasRow(-1)) }
    }

    /// Labels: component 3 above the apex, 1 and 2 under the bottom corners.
    func drawCornerLabels(_ labels: [String], on canvas: inout TextCanvas) {
        let apex = left + columns / 2
        canvas.write(labels[2], column: apex - (labels[2].count - 1) / 2, row: top)
        let (first, last) = span(0)
        let labelRow = canvasRow(-1) + 1
        canvas.write(labels[0], column: max(0, left + first - 2), row: labelRow)
        canvas.write(labels[1], column: min(canvas.width - labels[1].count, left + last + 3 - labels[1].count), row: labelRow)
    }

    /// Shades each data cell by its count, level ⌈9·count/max⌉ (⌈5·count/max⌉ in Unicode), and
    /// returns the legend explaining the ramp, long and short forms.
    func drawDensity(_ points: [[Double]], on canvas: inout TextCanvas, style: PlotStyle) -> [StyledLine] {
        var counts = [Int](repeating: 0, count: columns * rows)
        for point in points {
            let (column, row) = cell(point)
            counts[row * columns + column] += 1
        }
        let ramp: [Character] = style.isUnicode ? ["·", "░", "▒", "▓", "█"] : [".", ":", "-", "=", "+", "*", "#", "%", "@"]
        let most = counts.max() ?? 1
        for row in 0..<rows {
            for column in 0..<columns where counts[row * columns + column] > 0 {
                let level = Int((Double(counts[row * columns + column]) / Double(most) * Double(ramp.count)).rounded(.up))
                canvas.put(ramp[min(max(level, 1), ramp.count) - 1], column: left + column, row: canvasRow(row), color: .blue)
            }
        }
        return [
            [TextRun(String(ramp), color: .blue), TextRun(" 1 to \(most) points per cell")],
            [TextRun(String(ramp), color: .blue), TextRun(" max \(most)")],
        ]
    }

    /// One mark per occupied cell, or per occupied braille dot (2×4 per cell); returns the legend.
    func drawPoints(_ points: [[Double]], on canvas: inout TextCanvas, style: PlotStyle) -> [StyledLine] {
        if style.charset == .braille {
            var dots = BrailleLayer(columns: columns, rows: rows)
            for point in points {
                let x = point[1] + point[2] / 2
                let dotX = clampIndex(x * Double(2 * columns), count: 2 * columns)
                let dotY = 4 * rows - 1 - clampIndex(point[2] * Double(4 * rows), count: 4 * rows)
                dots.set(x: dotX, y: dotY, color: .blue)
            }
            canvas.stamp(dots, column: left, row: canvasRow(rows - 1))
            return [[TextRun("⠂", color: .blue), TextRun(" one dot per point")]]
        }
        let mark: Character = style.isUnicode ? "•" : "*"
        for point in points {
            let (column, row) = cell(point)
            canvas.put(mark, column: left + column, row: canvasRow(row), color: .blue)
        }
        return [[TextRun(String(mark), color: .blue), TextRun(" cells with points")]]
    }
}
