import Foundation

/// The velocity field of a 2-D sample: where each point moves when a parameter moves with the
/// noise held fixed, averaged over a grid of boxes and drawn as one arrow per box over the
/// samples' heat map (or scatter).
///
///     QuiverPlot.figure(x: x, y: y, dx: dxdθ, dy: dydθ, options: Density2DOptions(title: "dz/dρ"))
///
/// Box (i, j) of a 16×10 grid over the picture's ranges gets the mean velocity of the points in
/// it; its arrow starts at the box's center and is scaled so the longest spans 0.9 of a box.
public enum QuiverPlot {
    static let boxes = (columns: 16, rows: 10)

    public static func figure(x: [Double], y: [Double], dx: [Double], dy: [Double],
                              options: Density2DOptions = Density2DOptions(), parameter: String = "θ") -> Figure {
        var figure = Density2DPlot.figure(x: x, y: y, options: options)
        guard let xRange = figure.x.range, let yRange = figure.y.range else { return figure }
        let (columns, rows) = boxes
        var sums = [(dx: Double, dy: Double, n: Int)](repeating: (0, 0, 0), count: columns * rows)
        let boxWidth = (xRange.upperBound - xRange.lowerBound) / Double(columns)
        let boxHeight = (yRange.upperBound - yRange.lowerBound) / Double(rows)
        for i in 0..<min(x.count, y.count, dx.count, dy.count) where dx[i].isFinite && dy[i].isFinite {
            let column = (x[i] - xRange.lowerBound) / boxWidth, row = (y[i] - yRange.lowerBound) / boxHeight
            guard column >= 0, column < Double(columns), row >= 0, row < Double(rows) else { continue }
            let index = Int(row) * columns + Int(column)
            sums[index].dx += dx[i]
            sums[index].dy += dy[i]
            sums[index].n += 1
        }
        var ax: [Double] = [], ay: [Double] = [], vx: [Double] = [], vy: [Double] = []
        for row in 0..<rows {
            for column in 0..<columns where sums[row * columns + column].n > 0 {
                let box = sums[row * columns + column]
                ax.append(xRange.lowerBound + (Double(column) + 0.5) * boxWidth)
                ay.append(yRange.lowerBound + (Double(row) + 0.5) * boxHeight)
                vx.append(box.dx / Double(box.n))
                vy.append(box.dy / Double(box.n))
            }
        }
        // The longest arrow, measured in boxes, is 0.9 of a box.
        let longest = zip(vx, vy).map { (($0 / boxWidth) * ($0 / boxWidth) + ($1 / boxHeight) * ($1 / boxHeight)).squareRoot() }.max() ?? 0
        let scale = longest > 0 ? 0.9 / longest : 1
        figure.marks.append(FigureMark(name: "mean dz/d\(parameter) per box", series: 1,
                                       .arrows(x: ax, y: ay, dx: vx, dy: vy, scale: scale)))
        return figure
    }
}
