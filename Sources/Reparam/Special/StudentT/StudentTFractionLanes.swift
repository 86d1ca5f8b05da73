/// dt/dν for a run of samples with their own ν by the fraction route, the continued fractions of
/// `StudentTFractionLanes.width` samples run side by side in SIMD lanes.
///
/// One sample's fraction is a chain of dependent multiply-adds (the Wallis recurrences), so a core
/// waits on it; lanes of independent samples fill those waits. The lanes run the fraction of
/// `studentTTailFraction` and `studentTCentreFraction` in one form, with the derivative direction per
/// lane (δp, δq) = (1, 0) on the tail side (p = a, q = ½, z = x) and (0, 1) in the centre (p = ½, q = a,
/// z = y):
///
///     d′₁ = −z(1−q)/(p+1)² δp − z/(p+1) δq,
///     d′₂ₘ = m z Rₑ δq − d₂ₘ (L+M) Rₑ δp,
///     d′₂ₘ₊₁ = −z Rₒ ((p+q+M) δp + (p+m) δq) − d₂ₘ₊₁ (M+H) Rₒ δp,
///
/// and a lane stops taking new values once its own stopping test has passed (`WallisConvergents.settle`),
/// so every sample gets exactly the numbers the one-sample routine gives. Samples the route declines
/// (`StudentTFractionPoint`), and lanes whose fraction fails, take `studentTImplicitDerivative`; a
/// sample of ±∞ gets 0.
///
///     studentTFractionDerivatives(df: nu, samples: t, derivatives: out, range: 0..<n)
func studentTFractionDerivatives(df: UnsafeBufferPointer<Double>, samples: UnsafeBufferPointer<Double>,
                                 derivatives: UnsafeMutablePointer<Double>, range: Range<Int>) {
    typealias Lanes = StudentTFractionLanes.Lanes
    let width = StudentTFractionLanes.width
    var points = [StudentTFractionPoint?](repeating: nil, count: width)
    var i = range.lowerBound
    while i < range.upperBound {
        let count = Swift.min(width, range.upperBound - i)
        // Lanes without a point run a fraction that settles at once (z = 0).
        var p = Lanes(repeating: 1), q = Lanes(repeating: 0.5), z = Lanes(repeating: 0), centre = Lanes(repeating: 0)
        var active = false
        for k in 0..<width {
            points[k] = k < count ? StudentTFractionPoint(df: df[i + k], sample: samples[i + k]) : nil
            guard let point = points[k] else { continue }
            active = true
            z[k] = point.z
            if point.isCentre {
                (p[k], q[k], centre[k]) = (0.5, point.a, 1)
            } else {
                p[k] = point.a
            }
        }
        let h: (value: Lanes, slope: Lanes) = active ? StudentTFractionLanes.fractions(p: p, q: q, z: z, centre: centre) : (Lanes(), Lanes())
        for k in 0..<count {
            let t = samples[i + k]
            if let point = points[k], let derivative = point.derivative(fraction: h.value[k], slope: h.slope[k]) {
                derivatives[i + k] = derivative
            } else {
                derivatives[i + k] = t.isFinite ? studentTImplicitDerivative(df: df[i + k], sample: t) : 0
            }
        }
        i += count
    }
}

enum StudentTFractionLanes {
    typealias Lanes = SIMD2<Double>
    static let width = Lanes.scalarCount

    /// h(z; p, q) and its derivative along (δp, δq) = (1 − centre, centre), lane by lane (see
    /// `studentTFractionDerivatives`); NaN in a lane whose fraction gave a non-finite value or had not
    /// settled after 10,000 pairs of steps.
    @inline(__always)
    static func fractions(p: Lanes, q: Lanes, z: Lanes, centre: Lanes) -> (value: Lanes, slope: Lanes) {
        let tolerance = 5e-16
        let tail = 1 - centre
        let s = p + q
        let onePlusP: Lanes = p + 1
        let d1 = -s * z / onePlusP
        let tailSlope: Lanes = -z * (1 - q) / (onePlusP * onePlusP) * tail
        let centreSlope: Lanes = z / onePlusP * centre
        let d1Slope = tailSlope - centreSlope
        var aOld = Lanes(repeating: 1), bOld = Lanes(repeating: 1), aOld1 = Lanes(), bOld1 = Lanes()
        var aNew = 1 + d1, bNew = Lanes(repeating: 1), aNew1 = d1Slope, bNew1 = Lanes()
        var h = 1 / aNew, h1 = -h * aNew1 / aNew
        var done = SIMDMask<Lanes.MaskStorage>(repeating: false)
        var failed = done
        @inline(__always) func step(_ d: Lanes, _ slope: Lanes) {
            let aNext = aNew + d * aOld, bNext = bNew + d * bOld
            let aNext1 = aNew1 + slope * aOld + d * aOld1, bNext1 = bNew1 + slope * bOld + d * bOld1
            (aOld, bOld, aOld1, bOld1) = (aNew, bNew, aNew1, bNew1)
            (aNew, bNew, aNew1, bNew1) = (aNext, bNext, aNext1, bNext1)
        }
        var m = Lanes(repeating: 1), low = p + 1, middle = p + 2, high = p + 3
        for _ in 0..<10_000 {
            let inverse = 1 / (low * middle * high)
            let rEven = high * inverse, rOdd = low * inverse
            let mz = m * z
            let dEven = mz * (q - m) * rEven
            step(dEven, mz * rEven * centre - dEven * (low + middle) * rEven * tail)
            let pm = p + m
            let zOdd = z * rOdd
            let dOdd = -pm * (s + m) * zOdd
            step(dOdd, -zOdd * ((s + middle) * tail + pm * centre) - dOdd * (middle + high) * rOdd * tail)
            // Rescale lanes whose A has left [2⁻⁵⁰⁰, 2⁵⁰⁰] (powers of two: exact).
            let magnitude = absolute(aNew)
            let large = magnitude .> 0x1p500, small = magnitude .< 0x1p-500
            if any(large .| small) {
                let factor = Lanes(repeating: 1).replacing(with: 0x1p-500, where: large).replacing(with: 0x1p500, where: small)
                aOld *= factor; bOld *= factor; aOld1 *= factor; bOld1 *= factor
                aNew *= factor; bNew *= factor; aNew1 *= factor; bNew1 *= factor
            }
            let r = 1 / aNew
            let next = bNew * r
            let next1 = (bNew1 - next * aNew1) * r
            let noise = 8 * Double.ulpOfOne * (absolute(bNew1) + absolute(next * aNew1)) * absolute(r)
            let allowance = larger(tolerance * larger(absolute(next1), 1e-12 * absolute(next)), noise)
            let settled = (absolute(next - h) .<= tolerance * absolute(next)) .& (absolute(next1 - h1) .<= allowance)
            let finite = absolute(next) .< .infinity
            h.replace(with: next, where: .!done)
            h1.replace(with: next1, where: .!done)
            failed .|= .!done .& .!finite
            done .|= settled .| .!finite
            if all(done) { break }
            m += 1; low += 2; middle += 2; high += 2
        }
        let invalid = failed .| .!done
        return (h.replacing(with: Double.nan, where: invalid), h1.replacing(with: Double.nan, where: invalid))
    }

    /// |v| lane by lane.
    @inline(__always)
    static func absolute(_ v: Lanes) -> Lanes { v.replacing(with: -v, where: v .< 0) }

    /// The larger of u and v lane by lane.
    @inline(__always)
    static func larger(_ u: Lanes, _ v: Lanes) -> Lanes { u.replacing(with: v, where: u .< v) }
}
