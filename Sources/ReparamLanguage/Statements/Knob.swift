import Foundation
import Reparam
import ReparamPlots

/// `knob d.param [step S] [samples N]`: one number of a distribution put under the arrow keys.
///
/// The uniforms u are drawn once; each nudge moves the parameter by ±step and pushes the same u
/// through z = F⁻¹(u; θ), so the histogram shows the same samples moving, beside their velocity
/// dz/dθ (and its mean, the gradient dE[z]/dθ). The z axis only ever widens, so motion reads
/// as motion. Leaving with Enter keeps the value and gives back a plain statement,
/// `let d = gamma(concentration: 2.5, rate: 1)`, for the terminal to run (so a knob session
/// is recorded, replays and checks like any other); Esc puts the old value back.
///
///     let g = gamma(2, 1)
///     knob g.concentration step 0.5     # ←/→ nudge, ↑/↓ step ×10 or ÷10, Enter keeps, Esc undoes
final class Knob {
    /// `g.concentration` as written, and its distribution `g`.
    let target: Expression
    let owner: Expression
    let parameterName: String
    let parameter: Parameter
    /// The value when the knob was taken, given back by Esc.
    let original: Tensor
    /// The fixed uniforms, sorted: z = F⁻¹(u; θ) is increasing in u, so the samples in a bin
    /// [a, b) are the uniforms in [F(a), F(b)), counted by two binary searches.
    let uniforms: [Double]
    var step: Double
    var range: ClosedRange<Double>
    /// Why the last nudge was refused (a value outside the parameter's domain).
    var refusal: String?
    /// A number knob's picture (`knob a`): the statement redrawn at each value, from `stream`.
    var redraws: Statement?
    var stream: RandomStream?

    init(target: Expression, owner: Expression, parameterName: String, parameter: Parameter, uniforms: [Double],
         step: Double, range: ClosedRange<Double>) {
        self.target = target
        self.owner = owner
        self.parameterName = parameterName
        self.parameter = parameter
        original = parameter.value
        self.uniforms = uniforms.sorted()
        self.step = step
        self.range = range
    }

    var value: Double { parameter.value.scalar ?? .nan }

    /// How many uniforms are below `p` (or at most `p` when `inclusive`).
    func uniformsBelow(_ p: Double, inclusive: Bool = false) -> Int {
        var low = 0, high = uniforms.count
        while low < high {
            let middle = (low + high) / 2
            if uniforms[middle] < p || (inclusive && uniforms[middle] == p) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The histogram of z = F⁻¹(u; θ) over the fixed uniforms in `bins` equal bins over `range`,
    /// from F at the bin edges alone: exactly the counts of binning every z, at the cost of
    /// bins + 1 CDF values instead of n quantiles.
    func histogram(cdf: [Double], range: ClosedRange<Double>) -> HistogramBins {
        let bins = cdf.count - 1
        var counts = [Int](repeating: 0, count: bins)
        for index in 0..<bins {
            counts[index] = uniformsBelow(cdf[index + 1], inclusive: index == bins - 1) - uniformsBelow(cdf[index])
        }
        let below = uniformsBelow(cdf[0]), above = uniforms.count - uniformsBelow(cdf[bins], inclusive: true)
        return HistogramBins(range: range, counts: counts, below: below, above: above)
    }

    /// Every `count`-th… evenly spread uniforms, `count` of them at most, where the velocity is drawn.
    func quantileGrid(count: Int) -> [Double] {
        let stride = max(1, uniforms.count / max(1, count))
        return Swift.stride(from: stride / 2, to: uniforms.count, by: stride).map { uniforms[$0] }
    }
}

extension Session {
    /// Whether a `knob` is waiting for arrow keys.
    public var isTurningKnob: Bool { knob != nil }

    func startKnob(_ target: Expression, step: Double?, samples: Int) throws -> Output {
        if case let .identifier(name) = target.kind { return try startNumberKnob(target, name: name, step: step) }
        guard case let .member(owner, name) = target.kind else {
            throw Diagnostic("knob turns a distribution's parameter, as in 'knob d.concentration'", at: target.range)
        }
        guard case .identifier = owner.kind, case let .distribution(distribution) = try interpreter.evaluate(owner),
              distribution.components.isEmpty else {
            throw Diagnostic("knob turns a parameter of a distribution bound by let, e.g. let g = gamma(2, 1) then knob g.concentration",
                             at: owner.range)
        }
        let parameter = try sweptParameter(target)
        guard let start = parameter.value.scalar else {
            throw Diagnostic("knob turns one number; \(Interpreter.describe(target)) has shape \(parameter.value.shape)", at: target.range)
        }
        let instance = try interpreter.engine(target.range) { try distribution.instance() }
        guard instance.eventShape.isEmpty, instance.batchShape.isEmpty, instance is any UnivariateCDFFamily else {
            throw Diagnostic("knob redraws one univariate distribution through its quantile function; \(instance.name) is not one",
                             at: target.range)
        }
        let ends = try interpreter.engine(target.range) { try instance.icdf(Tensor([0.001, 0.999])).scalars }
        guard ends.count == 2, ends[0].isFinite, ends[1].isFinite, ends[0] < ends[1] else {
            throw Diagnostic("knob cannot place \(instance.name)'s samples on an axis (its central 99.8% is not finite)", at: target.range)
        }
        // A step of about a tenth of the value, a nice number: 2 → 0.2, 0.5 → 0.05, 0 → 0.1.
        let chosen = step ?? NiceStep.atLeast(abs(start) > 0 ? abs(start) / 10 * 0.99 : 0.1).value
        knob = Knob(target: target, owner: owner, parameterName: name, parameter: parameter,
                    uniforms: interpreter.stream.uniform(count: samples), step: chosen, range: ends[0]...ends[1])
        let lines = knobFrame()
        let text = lines.joined(separator: "\n")
        return Output(kind: .plot, text: text, fields: [("text", .string(text)), ("parameter", .string(Interpreter.describe(target))),
                                                       ("value", .number(start)), ("step", .number(chosen))], plot: lines)
    }

    /// Moves the knob's parameter by `steps` steps and returns the new picture; a value the
    /// parameter cannot take is refused (the picture says why) and the value stays.
    public func nudgeKnob(steps: Int) -> [String] {
        guard let knob else { return [] }
        let before = knob.parameter.value
        let moved = Double(String(format: "%.12g", knob.value + Double(steps) * knob.step)) ?? knob.value
        knob.parameter.assign(Tensor(moved))
        knob.refusal = nil
        if knob.redraws != nil {
            // A number knob is refused where its picture cannot be drawn.
            let frame = knobFrame()
            guard let reason = knob.refusal else { return frame }
            knob.parameter.restore(before)
            knob.refusal = nil
            let shown = knobFrame()
            knob.refusal = "\(knob.parameterName) = \(NumberFormat.short(moved)) is refused: \(reason)"
            return [shown[0], PanelGrid.fitted(knob.refusal ?? "", width: plotStyle.width)] + shown.dropFirst()
        }
        if case let .distribution(distribution)? = try? interpreter.evaluate(knob.owner), (try? distribution.instance()) == nil {
            knob.refusal = "\(knob.parameterName) = \(NumberFormat.short(moved)) is refused: it must be \(knob.parameter.constraint.rule)"
            knob.parameter.restore(before)
        }
        return knobFrame()
    }

    /// Multiplies the step by `factor` (↑ 10, ↓ 0.1) and returns the picture with the new step shown.
    public func scaleKnobStep(by factor: Double) -> [String] {
        guard let knob, factor > 0, factor.isFinite else { return [] }
        knob.step = Double(String(format: "%.12g", knob.step * factor)) ?? knob.step
        return knobFrame()
    }

    /// Leaves the knob: `keep` holds the value and returns the `let` statement that sets it
    /// (nil when it did not move); otherwise the old value is put back.
    public func leaveKnob(keep: Bool) -> String? {
        guard let knob else { return nil }
        self.knob = nil
        guard keep, knob.value != knob.original.scalar else {
            knob.parameter.restore(knob.original)
            return nil
        }
        if knob.redraws != nil {
            // The number goes back and the `let` binds the kept value anew, exactly as a replay of the
            // recorded lines does (values computed from the old binding keep theirs, in both).
            let kept = "let \(knob.parameterName) = \(Self.literal(knob.parameter.value))"
            knob.parameter.restore(knob.original)
            return kept
        }
        guard case let .identifier(name) = knob.owner.kind,
              case let .distribution(distribution)? = interpreter.binding(name)?.value else { return nil }
        let arguments = zip(distribution.parameters, distribution.sources).map { spec, source in
            "\(spec.name): " + Self.literal(source.tensor)
        }
        return "let \(name) = \(distribution.family.constructor)(\(arguments.joined(separator: ", ")))"
    }

    /// A tensor written so the language reads back the same numbers: `2.5`, `[1, 2]`, `[[1, 0], [0, 1]]`.
    static func literal(_ tensor: Tensor) -> String {
        func write(_ scalars: ArraySlice<Double>, _ shape: ArraySlice<Int>) -> String {
            guard let first = shape.first else { return NumberFormat.roundTrip(scalars.first ?? .nan) }
            let size = shape.dropFirst().reduce(1, *)
            return "[" + (0..<first).map { index in
                let start = scalars.startIndex + index * size
                return write(scalars[start..<(start + size)], shape.dropFirst())
            }.joined(separator: ", ") + "]"
        }
        return write(tensor.scalars[...], tensor.shape[...])
    }

    /// The knob's picture: a header naming the value, the step and the keys, then the histogram
    /// of the fixed uniforms pushed through the quantile function beside their velocity.
    func knobFrame() -> [String] {
        guard let knob else { return [] }
        let name = Interpreter.describe(knob.target)
        let arrows = plotStyle.charset == .ascii ? "<-/-> nudge  up/down step" : "←/→ nudge  ↑/↓ step"
        let header = "\(name) = \(NumberFormat.short(knob.value))  step \(NumberFormat.short(knob.step))  \(arrows)  Enter keep  Esc undo"
        interpreter.refreshed = [:]
        defer { interpreter.refreshed = nil }
        var style = plotStyle
        style.height = max(1, style.height - (knob.refusal == nil ? 1 : 2))
        if knob.redraws != nil {
            return [PanelGrid.fitted(header, width: plotStyle.width)] + (numberKnobPicture(knob, style: style) ?? [])
        }
        do {
            guard case let .distribution(distribution) = try interpreter.evaluate(knob.owner) else { return [header] }
            let instance = try distribution.instance()
            guard let family = instance as? any UnivariateCDFFamily,
                  let index = instance.parameters.firstIndex(where: { $0.name == knob.parameterName }) else { return [header] }
            if let ends = try? instance.icdf(Tensor([0.001, 0.999])).scalars, ends.allSatisfy(\.isFinite) {
                knob.range = min(knob.range.lowerBound, ends[0])...max(knob.range.upperBound, ends[1])
            }
            let range = knob.range, n = knob.uniforms.count
            let quartiles = try instance.icdf(Tensor([0.25, 0.75])).scalars
            let bins = HistogramBinning.ruleBinCount(count: n, interquartileRange: quartiles[1] - quartiles[0],
                                                     span: range.upperBound - range.lowerBound, maximum: max(4, style.width / 2 - 12))
            let edges = (0...bins).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(bins) }
            let histogram = knob.histogram(cdf: try instance.cdf(Tensor(edges)).scalars, range: range)
            let summary = distribution.summary(format: ValueFormat(digits: 4))
            let options = HistogramOptions(title: summary, density: Self.densityFunction(instance), samplesLabel: "\(n) samples")
            // The velocity is a function of u: drawn at 400 of the fixed uniforms spread evenly.
            let grid = knob.quantileGrid(count: 400)
            let z = try instance.icdf(Tensor(grid)).scalars
            let velocity = VelocityPlot.figure(samples: z, velocities: family.implicitDerivatives(of: z, parameter: index),
                                               parameter: knob.parameterName, range: range)
            let notes = ["outside the axis: \(histogram.below + histogram.above) of \(n)"]
            let picture = Picture([PlotFigures.histogram(histogram, options: options, notes: histogram.below + histogram.above > 0 ? notes : []),
                                   velocity])
            lastDrawing = picture
            return [PanelGrid.fitted(header, width: plotStyle.width)] + (knob.refusal.map { [PanelGrid.fitted($0, width: plotStyle.width)] } ?? [])
                + picture.text(style: style)
        } catch {
            return [header, "(\(error))"]
        }
    }
}
