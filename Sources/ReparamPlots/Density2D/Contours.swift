/// Level sets of a function sampled on a grid, by marching squares: in each grid square the
/// level crosses the edges whose ends lie on opposite sides of it, at the linearly interpolated
/// point, and the crossings are joined in pairs.
///
///     // f(x, y) = x² + y² on a grid over [−1, 1]²: the level 0.25 is a circle of radius 0.5
///     let segments = Contours.segments(values, xs: xs, ys: ys, level: 0.25)
///
/// A square with four crossings (a saddle) is split by the value at its center, so the pieces
/// join the way the function bends.
public enum Contours {
    /// `values[j · xs.count + i]` is f(`xs[i]`, `ys[j]`); grids with fewer than 2 points a side give none.
    public static func segments(_ values: [Double], xs: [Double], ys: [Double], level: Double) -> [FigureSegment] {
        let nx = xs.count, ny = ys.count
        guard nx >= 2, ny >= 2, values.count >= nx * ny else { return [] }
        var result: [FigureSegment] = []
        for j in 0..<(ny - 1) {
            for i in 0..<(nx - 1) {
                // Corners counter-clockwise from the bottom left.
                let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
                let f = corners.map { values[$0.1 * nx + $0.0] - level }
                guard f.allSatisfy(\.isFinite) else { continue }
                var crossings: [(x: Double, y: Double)] = []
                for edge in 0..<4 {
                    let a = edge, b = (edge + 1) % 4
                    guard (f[a] < 0) != (f[b] < 0) else { continue }
                    let t = f[a] / (f[a] - f[b])
                    let (ia, ja) = corners[a], (ib, jb) = corners[b]
                    crossings.append((xs[ia] + t * (xs[ib] - xs[ia]), ys[ja] + t * (ys[jb] - ys[ja])))
                }
                if crossings.count == 2 {
                    result.append(FigureSegment(from: crossings[0], to: crossings[1]))
                } else if crossings.count == 4 {
                    // Crossings lie on edges 0,1,2,3 in order; the center's side decides the pairing.
                    let center = f.reduce(0, +) / 4
                    let aboveAtFirst = f[0] >= 0
                    if (center >= 0) == aboveAtFirst {
                        result.append(FigureSegment(from: crossings[0], to: crossings[1]))
                        result.append(FigureSegment(from: crossings[2], to: crossings[3]))
                    } else {
                        result.append(FigureSegment(from: crossings[3], to: crossings[0]))
                        result.append(FigureSegment(from: crossings[1], to: crossings[2]))
                    }
                }
            }
        }
        return result
    }
}
