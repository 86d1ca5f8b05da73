import Foundation

/// The layers of a 256-layer ziggurat over a decreasing density f on [0, ∞)
/// (Marsaglia & Tsang, "The ziggurat method for generating random variables", 2000).
///
/// 256 layers of equal area V cover f: the base layer is the rectangle
/// [0, R] × [0, f(R)] plus the tail beyond R, with V = R f(R) + ∫_R^∞ f; layer
/// j ≥ 1 spans heights f(x_j) to f(x_{j+1}) and width x_j, with
///
///     x_0 = V / f(R),  x_1 = R,  x_{j+1} = f⁻¹(V / x_j + f(x_j)),  x_256 = 0.
///
/// R and V are the roots that make the 255th layer close at the mode
/// (x_255 (f(0) − f(x_255)) = V), solved to 50 digits in
/// scripts/fixtures/ziggurat_constants.py.
///
/// A word w picks layer j = w mod 256 and a position m = ⌊w / 2¹¹⌋ < 2⁵³;
/// x = m · x_j · 2⁻⁵³ lies inside the layer's rectangle part, and is accepted
/// at once, when m < `rectangleLimit[j]` = ⌊2⁵³ x_{j+1} / x_j⌋. Bits 8–10 of w
/// stay free for a sign.
final class ZigguratTable: @unchecked Sendable {
    /// x_0 … x_256.
    let edge: UnsafeMutablePointer<Double>
    /// f(x_0) … f(x_256), with f(x_256) = f(0).
    let density: UnsafeMutablePointer<Double>
    /// x_j · 2⁻⁵³: turns the 53-bit position into x.
    let positionScale: UnsafeMutablePointer<Double>
    /// ⌊2⁵³ x_{j+1} / x_j⌋: positions below it fall in the rectangle part of layer j.
    let rectangleLimit: UnsafeMutablePointer<UInt64>
    /// R, where the tail starts.
    let tailStart: Double

    static let layerCount = 256

    init(density f: (Double) -> Double, inverse: (Double) -> Double, tailStart r: Double, layerArea v: Double) {
        let n = ZigguratTable.layerCount
        edge = .allocate(capacity: n + 1)
        density = .allocate(capacity: n + 1)
        positionScale = .allocate(capacity: n)
        rectangleLimit = .allocate(capacity: n)
        tailStart = r
        edge[0] = v / f(r)
        edge[1] = r
        for j in 1..<(n - 1) { edge[j + 1] = inverse(v / edge[j] + f(edge[j])) }
        edge[n] = 0
        for j in 0...n { density[j] = f(edge[j]) }
        for j in 0..<n {
            positionScale[j] = edge[j] * 0x1p-53
            rectangleLimit[j] = UInt64((edge[j + 1] / edge[j] * 0x1p53).rounded(.down))
        }
    }

    /// The standard normal, on f(x) = exp(−x²/2).
    static let normal = ZigguratTable(
        density: { Foundation.exp(-0.5 * $0 * $0) },
        inverse: { (-2 * Foundation.log($0)).squareRoot() },
        tailStart: 3.6541528853610087716, layerArea: 0.0049286732339746553474)

    /// The standard exponential, on f(x) = exp(−x).
    static let exponential = ZigguratTable(
        density: { Foundation.exp(-$0) },
        inverse: { -Foundation.log($0) },
        tailStart: 7.697117470131049714, layerArea: 0.00394965982258155722)
}

/// The fast-path tables of both ziggurats, read once before a loop.
///
/// `@unchecked Sendable`: the tables are written once, when `ZigguratTable` builds them, and
/// only read afterwards, so the chunks of a parallel kernel may share these pointers.
struct ZigguratPointers: @unchecked Sendable {
    let normalLimit: UnsafeMutablePointer<UInt64>
    let normalScale: UnsafeMutablePointer<Double>
    let exponentialLimit: UnsafeMutablePointer<UInt64>
    let exponentialScale: UnsafeMutablePointer<Double>

    init() {
        let normal = ZigguratTable.normal, exponential = ZigguratTable.exponential
        normalLimit = normal.rectangleLimit
        normalScale = normal.positionScale
        exponentialLimit = exponential.rectangleLimit
        exponentialScale = exponential.positionScale
    }
}
