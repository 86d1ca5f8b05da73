/// The random numbers of one element of a draw, for samplers that need their own loop.
///
/// A rejection sampler written against `ElementRandom` (von Mises, a mixture's
/// component choice, anything with a data-dependent number of tries) gets
/// numbers that depend only on (seed, draw, element index): the same for any
/// thread count. Element i reads the whole-layout blocks (i, attempt 0, 1, …)
/// of its draw (see `CounterLayout`), two 64-bit words per block.
///
///     var stream = RandomStream(seed: 1)
///     let x = stream.sampleEach(count: 1000) { random, _ in
///         var u = random.uniform()
///         while u > 0.5 && !random.isExhausted { u = random.uniform() }   // uniform on (0, ½]
///         return u
///     }
///
/// A loop must stop when `isExhausted` turns true (after 2³³ words, never
/// reached by a sampler that accepts with a fixed positive probability).
public struct ElementRandom {
    var words: WholeBlockWords
    let tables: ZigguratPointers

    init(element: Int, draw: UInt64, key: PhiloxKey, tables: ZigguratPointers) {
        words = WholeBlockWords(element: element, draw: draw, key: key)
        self.tables = tables
    }

    /// The element's word sequence has ended; further numbers repeat.
    public var isExhausted: Bool { words.isExhausted }

    /// 64 random bits.
    public mutating func bits() -> UInt64 { words.next() }

    /// A uniform number in the open interval (0, 1), 53 random bits.
    public mutating func uniform() -> Double { openUnitInterval(words.next()) }

    /// A standard normal number (ziggurat).
    public mutating func normal() -> Double {
        NormalZiggurat.sample(&words, limit: tables.normalLimit, scale: tables.normalScale)
    }

    /// A standard exponential number (ziggurat).
    public mutating func exponential() -> Double {
        ExponentialZiggurat.sample(&words, limit: tables.exponentialLimit, scale: tables.exponentialScale)
    }

    /// A standard Gamma(α, 1) number (Marsaglia–Tsang); NaN unless α is positive and finite.
    public mutating func standardGamma(concentration: Double) -> Double {
        MarsagliaTsang.sample(MarsagliaTsang.Shape(concentration: concentration), &words, logSpace: false, tables: tables)
    }

    /// ln of a standard Gamma(α, 1) number, finite where the number underflows (α ≪ 1).
    public mutating func logStandardGamma(concentration: Double) -> Double {
        MarsagliaTsang.sample(MarsagliaTsang.Shape(concentration: concentration), &words, logSpace: true, tables: tables)
    }
}
