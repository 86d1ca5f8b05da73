/// A reproducible source of random numbers: a seed fixes every number drawn.
///
/// Counter-based (Philox-4x32-10 keyed by the seed, see `CounterLayout`):
/// each fill is one *draw*, and its numbers depend only on the seed, the
/// number of draws before it and the element index, never on how many
/// threads produced them or on the platform's random source. Fills of
/// 100,000 elements or more run across `Parallel.threadCount` threads.
/// (The ziggurats' rare wedge and tail paths and the Gamma kernel call the C
/// library's `exp` and `log`; another C library may differ in a last bit there.)
///
///     var stream = RandomStream(seed: 42)
///     let z = stream.normal(count: 1_000_000)     // draw 0
///     let u = stream.uniform(count: 10)           // draw 1
///     var child = stream.split()                  // draw 2 seeds an independent stream
///
/// Draws are counted modulo 2⁵⁶ and a draw holds at most 2⁴¹ elements.
public struct RandomStream: Sendable, Equatable {
    /// The key of the stream.
    public let seed: UInt64
    /// How many draws (fills and splits) came before the next one.
    public private(set) var drawCount: UInt64

    /// A stream at its first draw.
    public init(seed: UInt64) {
        self.init(seed: seed, drawCount: 0)
    }

    /// The stream `seed` after `drawCount` draws: continues exactly where such a stream would.
    public init(seed: UInt64, drawCount: UInt64) {
        self.seed = seed
        self.drawCount = drawCount & RandomStream.drawMask
    }

    static let drawMask: UInt64 = (1 << 56) - 1

    var key: PhiloxKey { PhiloxKey(seed: seed) }

    /// The index of this draw; advances the count.
    mutating func nextDraw() -> UInt64 {
        let draw = drawCount
        drawCount = (drawCount &+ 1) & RandomStream.drawMask
        return draw
    }

    /// Uniform numbers in the open interval (0, 1), 53 random bits each (see `openUnitInterval`).
    ///
    /// Chunks start at even elements so that the two elements of a block stay
    /// on one thread (the numbers would be the same either way).
    public mutating func fillUniform(_ out: UnsafeMutableBufferPointer<Double>) {
        fillUniform(out, mapped: Identity())
    }

    /// `fillUniform` with each number u written as `transform(u)`, in the same parallel pass:
    /// a family's standard law from one uniform (Laplace, Cauchy, Logistic, Gumbel) costs no
    /// second sweep. The same draw and the same numbers as `fillUniform` followed by the transform.
    ///
    ///     stream.fillUniform(out, mapped: CauchyFromUniform())   // tan(π(u − ½))
    mutating func fillUniform<F: UnaryOperation>(_ out: UnsafeMutableBufferPointer<Double>, mapped transform: F) {
        let draw = nextDraw(), key = self.key
        guard !out.isEmpty else { return }
        let out = SharedBuffer(out)
        Parallel.forEachChunk(count: out.count, alignment: 2) { range in
            fillPaired(out.start, range: range, draw: draw, key: key) { word, _ in transform(openUnitInterval(word)) }
        }
    }

    /// Standard normal numbers (ziggurat).
    public mutating func fillNormal(_ out: UnsafeMutableBufferPointer<Double>) {
        let draw = nextDraw(), key = self.key
        guard !out.isEmpty else { return }
        let out = SharedBuffer(out)
        Parallel.forEachChunk(count: out.count, alignment: 2) { range in
            NormalZiggurat.fill(out.start, range: range, draw: draw, key: key)
        }
    }

    /// Standard exponential numbers (ziggurat).
    public mutating func fillExponential(_ out: UnsafeMutableBufferPointer<Double>) {
        let draw = nextDraw(), key = self.key
        guard !out.isEmpty else { return }
        let out = SharedBuffer(out)
        Parallel.forEachChunk(count: out.count, alignment: 2) { range in
            ExponentialZiggurat.fill(out.start, range: range, draw: draw, key: key)
        }
    }

    /// Standard Gamma(α, 1) numbers (Marsaglia–Tsang); element i has α = `concentration[i % concentration.count]`.
    ///
    /// Elements whose α is not positive and finite, or all elements if
    /// `concentration` is empty, are NaN (the distributions validate first).
    /// For α < 1 the sample may underflow to 0 or a subnormal; use
    /// `fillLogStandardGamma` when its logarithm is what counts.
    public mutating func fillStandardGamma(_ out: UnsafeMutableBufferPointer<Double>, concentration: UnsafeBufferPointer<Double>) {
        fillGamma(out, concentration: concentration, logSpace: false)
    }

    /// Logarithms of standard Gamma(α, 1) numbers, finite even where the number underflows:
    /// ln G(α) = ln G(α + 1) + (ln U)/α for α < 1.
    ///
    /// Element for element the same numbers as `fillStandardGamma` at the same draw, in log space.
    public mutating func fillLogStandardGamma(_ out: UnsafeMutableBufferPointer<Double>, concentration: UnsafeBufferPointer<Double>) {
        fillGamma(out, concentration: concentration, logSpace: true)
    }

    mutating func fillGamma(_ out: UnsafeMutableBufferPointer<Double>, concentration: UnsafeBufferPointer<Double>, logSpace: Bool) {
        let draw = nextDraw(), key = self.key
        guard !out.isEmpty else { return }
        let out = SharedBuffer(out), concentration = SharedBuffer(concentration)
        Parallel.forEachChunk(count: out.count) { range in
            MarsagliaTsang.fill(out.start, range: range, draw: draw, key: key, concentration: concentration.readOnly, logSpace: logSpace)
        }
    }

    /// Fills `out` with `sample(&random, i)` for each element i, where `random`
    /// holds element i's own numbers of this draw (one draw).
    ///
    /// For samplers with their own rejection loop: the numbers depend only on
    /// (seed, draw, i), whatever the thread count. `sample` runs concurrently
    /// on several threads for 100,000 elements or more, so it must not mutate
    /// shared state.
    ///
    ///     stream.fillEach(out) { random, i in random.normal() * scale[i] }
    public mutating func fillEach(_ out: UnsafeMutableBufferPointer<Double>, _ sample: @Sendable (inout ElementRandom, Int) -> Double) {
        let draw = nextDraw(), key = self.key
        guard !out.isEmpty else { return }
        let tables = ZigguratPointers()
        let out = SharedBuffer(out)
        Parallel.forEachChunk(count: out.count) { range in
            for i in range {
                var random = ElementRandom(element: i, draw: draw, key: key, tables: tables)
                out[i] = sample(&random, i)
            }
        }
    }

    /// An independent stream for a sub-computation, keyed by the Philox block of this draw.
    ///
    /// Deterministic: the same parent state always gives the same child.
    public mutating func split() -> RandomStream {
        let draw = nextDraw()
        let (word, _) = key.words(block: 0, attempt: 0, draw: draw)
        return RandomStream(seed: word)
    }

    // MARK: Convenience

    /// `count` uniform numbers in (0, 1) (one draw).
    public mutating func uniform(count: Int) -> [Double] {
        collect(count) { $0.fillUniform($1) }
    }

    /// `count` standard normal numbers (one draw).
    public mutating func normal(count: Int) -> [Double] {
        collect(count) { $0.fillNormal($1) }
    }

    /// `count` standard exponential numbers (one draw).
    public mutating func exponential(count: Int) -> [Double] {
        collect(count) { $0.fillExponential($1) }
    }

    /// `count` standard Gamma numbers, element i with α = `concentration[i % concentration.count]` (one draw).
    public mutating func standardGamma(count: Int, concentration: [Double]) -> [Double] {
        concentration.withUnsafeBufferPointer { alpha in collect(count) { $0.fillStandardGamma($1, concentration: alpha) } }
    }

    /// `count` logarithms of standard Gamma numbers (one draw); see `fillLogStandardGamma`.
    public mutating func logStandardGamma(count: Int, concentration: [Double]) -> [Double] {
        concentration.withUnsafeBufferPointer { alpha in collect(count) { $0.fillLogStandardGamma($1, concentration: alpha) } }
    }

    /// `count` numbers `sample(&random, i)` (one draw); see `fillEach`.
    public mutating func sampleEach(count: Int, _ sample: @Sendable (inout ElementRandom, Int) -> Double) -> [Double] {
        collect(count) { $0.fillEach($1, sample) }
    }

    /// An array of `count` numbers written by `fill` (an empty one for count ≤ 0; the draw is still consumed).
    mutating func collect(_ count: Int, _ fill: (inout RandomStream, UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        let n = max(0, count)
        return [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            fill(&self, UnsafeMutableBufferPointer(rebasing: buffer[0..<n]))
            initialized = n
        }
    }
}
