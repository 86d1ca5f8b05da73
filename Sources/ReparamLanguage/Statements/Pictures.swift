import Foundation
import Reparam
import ReparamPlots

/// `hist`, `plot` and `sweep`: pictures drawn by ReparamPlots at `plotStyle`.
extension Session {
    static let defaultHistogramSamples = 10_000
    static let defaultPlotPoints = 200
    static let defaultSweepSteps = 20

    func picture(_ statement: Statement) throws -> Output {
        switch statement.kind {
        case let .histogram(expression, bins, samples):
            let rendering = try histogram(expression, bins: bins?.value, samples: samples?.value ?? Session.defaultHistogramSamples)
            lastPicture = statement
            lastRendering = rendering
            return pictureOutput(.hist, rendering(plotStyle))
        case let .plot(series, domain, points):
            let (rendering, curves) = try plot(series, domain: domain, points: points?.value ?? Session.defaultPlotPoints, range: statement.range)
            lastPicture = statement
            lastRendering = rendering
            var output = pictureOutput(.plot, rendering(plotStyle))
            output.fields.append(("series", .array(curves.map { curve in
                .object([("name", .string(curve.name)), ("x", .array(curve.x.map { .number($0) })), ("y", .array(curve.y.map { .number($0) }))])
            })))
            return output
        case let .sweep(target, from, to, steps, then):
            return try sweep(target, from: from, to: to, steps: steps?.value ?? Session.defaultSweepSteps, then: then, range: statement.range)
        default:
            throw Diagnostic("not a picture", at: statement.range)
        }
    }

    func pictureOutput(_ kind: Output.Kind, _ lines: [String]) -> Output {
        let text = lines.joined(separator: "\n")
        return Output(kind: kind, text: text, fields: [("text", .string(text))], plot: lines)
    }

    /// Lays the last picture out again at the current `plotStyle` (after the pane was resized):
    /// the same draws, points or trace, so a redraw never consumes the session's random stream
    /// and a seeded session stays reproducible. nil if nothing has been drawn.
    public func rerenderLastPicture() -> [String]? {
        lastRendering?(plotStyle)
    }

    // MARK: hist

    /// A picture made once (its draws taken) and laid out at any size.
    typealias Rendering = (PlotStyle) -> [String]

    private func histogram(_ expression: Expression, bins: Int?, samples: Int) throws -> Rendering {
        let value = try interpreter.evaluate(expression)
        let title = interpreter.text(expression.range)
        switch value {
        case let .tensor(tensor, _):
            let values = tensor.scalars
            return { HistogramPlot.render(values, options: HistogramOptions(title: title, bins: bins), style: $0) }
        case let .distribution(distribution):
            let instance = try interpreter.engine(expression.range) { try distribution.instance() }
            var draws = try interpreter.engine(expression.range) { try instance.sample([samples], using: &interpreter.stream) }
            let summary = distribution.summary(format: ValueFormat(digits: 4))
            if instance.eventShape == [3], instance.batchShape.isEmpty {
                let mean = instance.mean.scalars
                let points = draws.scalars
                return { SimplexPlot.render(points, options: SimplexOptions(title: summary, exactMean: mean), style: $0) }
            }
            guard instance.eventShape.isEmpty, instance.batchShape.isEmpty else {
                throw Diagnostic("hist draws one univariate distribution or a 3-component simplex; this one has batch shape "
                                 + "\(instance.batchShape) and event shape \(instance.eventShape); index a sample instead, "
                                 + "e.g. hist \(Interpreter.describe(expression)).rsample(1000)[:, 0]", at: expression.range)
            }
            var options = HistogramOptions(title: summary, bins: bins)
            if let frame = sweepFrame, let moved = try? instance.icdf(Tensor(frame.uniforms)), moved.scalars.allSatisfy(\.isFinite) {
                // In a sweep the same uniforms are pushed through z = F⁻¹(u; θ) at every frame, on fixed axes.
                draws = moved
                options.range = frame.range
            }
            options.density = { x in (try? exp(instance.logProb(Tensor(x))).scalars[0]) ?? .nan }
            options.exactMean = instance.mean.scalar.flatMap { $0.isFinite ? $0 : nil }
            // A circular family's variance is that of the angle around loc, not the spread of the wrapped draws the histogram shows.
            options.exactStandardDeviation = instance.support == .circle ? nil
                : instance.variance.scalar.flatMap { $0.isFinite ? $0.squareRoot() : nil }
            options.clipTail = options.exactStandardDeviation == nil ? 0.01 : nil
            let values = draws.scalars
            return { [options] in HistogramPlot.render(values, options: options, style: $0) }
        default:
            throw Diagnostic("hist needs samples or a distribution, but this is \(value.kindDescription)", at: expression.range)
        }
    }

    // MARK: plot

    private func plot(_ expressions: [Expression], domain: PlotDomain?, points: Int, range: SourceRange) throws -> (Rendering, [LineSeries]) {
        guard let domain else {
            // `plot d`: the density of one univariate distribution over its central 99.8%.
            guard expressions.count == 1, case let .distribution(distribution) = try interpreter.evaluate(expressions[0]) else {
                throw Diagnostic("plot needs a domain, as in 'plot exp(-x) for x in 0..5' (only a distribution plots without one)",
                                 at: range)
            }
            return try density(distribution, points: points, range: expressions[0].range)
        }
        let lower = try scalar(domain.lower, "the start of the range")
        let upper = try scalar(domain.upper, "the end of the range")
        guard lower < upper else {
            throw Diagnostic("the range must run from a smaller to a larger number, got \(format.number(lower))..\(format.number(upper))",
                             at: domain.lower.range.union(domain.upper.range))
        }
        let xs = (0..<points).map { lower + (upper - lower) * Double($0) / Double(max(points - 1, 1)) }
        let grid = Value.tensor(Tensor(xs), .none)
        var series: [LineSeries] = []
        func curve(_ expression: Expression, at x: Value) throws -> Value {
            let value = try interpreter.evaluate(expression, locals: [domain.variable: x])
            guard case let .function(function) = value else { return value }
            return try interpreter.apply(function, Arguments(callee: Interpreter.describe(expression),
                                                             items: [.init(label: nil, value: x, range: expression.range)],
                                                             range: expression.range))
        }
        for expression in expressions {
            let value = try curve(expression, at: grid)
            guard case let .tensor(tensor, _) = value, tensor.count == points || tensor.count == 1 else {
                throw Diagnostic("each curve must give one number per \(domain.variable); this gives \(value.kindDescription)",
                                 at: expression.range)
            }
            var ys = tensor.scalars
            if tensor.count == 1 {
                // One number for the whole grid: either the curve is constant, or it reduced over every x at
                // once (mean(normal(x, 1).sample(1000))). Evaluated at each x on its own, it is right either way.
                ys = try xs.map { x in
                    guard case let .tensor(y, _) = try curve(expression, at: .number(x)), let number = y.scalar else {
                        throw Diagnostic("each curve must give one number per \(domain.variable); at \(domain.variable) = "
                                         + "\(format.number(x)) this does not", at: expression.range)
                    }
                    return number
                }
            }
            series.append(LineSeries(name: interpreter.text(expression.range), x: xs, y: ys))
        }
        return ({ [series] in LinePlot.render(series, options: LinePlotOptions(), style: $0) }, series)
    }

    private func density(_ distribution: DistributionValue, points: Int, range: SourceRange) throws -> (Rendering, [LineSeries]) {
        let instance = try interpreter.engine(range) { try distribution.instance() }
        guard instance.eventShape.isEmpty, instance.batchShape.isEmpty else {
            throw Diagnostic("plot draws the density of a univariate distribution; use hist for this one", at: range)
        }
        let ends = (try? instance.icdf(Tensor([0.001, 0.999])).scalars) ?? []
        var (lower, upper) = ends.count == 2 && ends.allSatisfy(\.isFinite) ? (ends[0], ends[1]) : (.nan, .nan)
        if !(lower < upper) {
            let mean = instance.mean.scalar ?? 0, deviation = instance.variance.scalar.map { $0.squareRoot() } ?? 1
            (lower, upper) = (mean - 4 * deviation, mean + 4 * deviation)
        }
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw Diagnostic("cannot choose a range for this density; give one, e.g. plot \(distribution.family.constructor)(…).log_prob(x) for x in 0..5",
                             at: range)
        }
        let xs = (0..<points).map { lower + (upper - lower) * Double($0) / Double(max(points - 1, 1)) }
        let ys = try interpreter.engine(range) { try exp(instance.logProb(Tensor(xs))).scalars }
        let title = distribution.summary(format: ValueFormat(digits: 4))
        let series = [LineSeries(name: "density", x: xs, y: ys)]
        return ({ LinePlot.render(series, options: LinePlotOptions(title: title), style: $0) }, series)
    }

    private func scalar(_ expression: Expression, _ what: String) throws -> Double {
        let value = try interpreter.evaluate(expression)
        guard case let .tensor(tensor, _) = value, let number = tensor.scalar, number.isFinite else {
            throw Diagnostic("\(what) must be a finite number, got \(Arguments.describe(value))", at: expression.range)
        }
        return number
    }

    // MARK: sweep

    /// Moves one parameter from `from` to `to` in `steps` frames, redrawing the
    /// picture at each; the parameter gets its value back at the end.
    private func sweep(_ target: Expression, from: Expression, to: Expression, steps: Int, then: Statement?,
                       range: SourceRange) throws -> Output {
        guard steps >= 2 else { throw Diagnostic("sweep needs at least 2 steps", at: range) }
        let parameter = try sweptParameter(target)
        guard let picture = then ?? lastPicture else {
            throw Diagnostic("sweep redraws a picture: add one, e.g. 'then hist \(Interpreter.describe(target).split(separator: ".").first ?? "d")', "
                             + "or draw a hist or plot first", at: range)
        }
        switch picture.kind {
        case .histogram, .plot: break
        default: throw Diagnostic("sweep redraws a hist or plot, not this statement", at: picture.range)
        }
        let start = try sweepEnd(from, shape: parameter.value.shape)
        let end = try sweepEnd(to, shape: parameter.value.shape)
        let original = parameter.value
        defer { parameter.restore(original); sweepFrame = nil }
        sweepFrame = try sweepUniforms(for: picture, parameter: parameter, start: start, end: end)
        // Every frame draws from the same point of the stream: common random numbers.
        let streamAtStart = interpreter.stream
        var last: Output?
        var shown = 0
        for frame in 0..<steps {
            if interrupted { break }
            let t = Double(frame) / Double(steps - 1)
            let values = zip(start, end).map { $0 + ($1 - $0) * t }
            parameter.assign(try Tensor(shape: original.shape, scalars: values))
            // Values computed from the parameter follow it.
            interpreter.refreshed = [:]
            defer { interpreter.refreshed = nil }
            interpreter.stream = streamAtStart
            adoptRequestedPlotSize()
            // The frame's label takes a row of the pane: the picture gets the rest.
            let paneStyle = plotStyle
            plotStyle.height = max(1, paneStyle.height - 1)
            defer { plotStyle = paneStyle }
            var output = try self.picture(picture)
            let label = "\(parameter.name) = " + format.tensor(parameter.value)
            output.plot = [label] + (output.plot ?? [])
            output.text = label + "\n" + output.text
            onProgress?(Output(kind: .progress, text: output.text, fields: [("frame", .number(Double(frame))),
                                                                          ("text", .string(output.text))], plot: output.plot))
            last = output
            shown += 1
            if realtime, frame < steps - 1 { Thread.sleep(forTimeInterval: paceMilliseconds / 1000) }
        }
        lastPicture = picture
        var output = last ?? Output(kind: .sweep, text: "")
        output.kind = .sweep
        // The frames were shown as they came; the answer names what moved (the pane keeps the last picture).
        let reached = shown == steps ? format.tensor(try Tensor(shape: original.shape, scalars: end))
            : format.tensor(try Tensor(shape: original.shape, scalars: zip(start, end).map { $0 + ($1 - $0) * Double(max(shown - 1, 0)) / Double(steps - 1) }))
        output.text = "swept \(parameter.name) from \(format.tensor(try Tensor(shape: original.shape, scalars: start))) "
            + "to \(reached) in \(shown) frames" + (shown < steps ? " (interrupted; \(steps) were asked for)" : "")
            + (sweepFrame != nil ? ", the same uniforms u moved through z = F⁻¹(u; θ)" : "")
        output.fields += [("frames", .number(Double(shown))), ("interrupted", .bool(shown < steps))]
        return output
    }

    /// For a sweep redrawing `hist D` of a univariate D with a quantile function: one set of
    /// uniforms u for all frames, and x axes covering the central 99.8% at both ends of the sweep,
    /// so each sample visibly travels along z = F⁻¹(u; θ).
    private func sweepUniforms(for picture: Statement, parameter: Parameter, start: [Double], end: [Double]) throws -> SweepFrame? {
        guard case let .histogram(expression, _, samples) = picture.kind,
              case let .distribution(distribution) = try interpreter.evaluate(expression) else { return nil }
        var lower = Double.infinity, upper = -Double.infinity
        for values in [start, end] {
            parameter.assign(try Tensor(shape: parameter.value.shape, scalars: values))
            interpreter.refreshed = [:]
            defer { interpreter.refreshed = nil }
            guard let instance = try? distribution.instance(), instance.eventShape.isEmpty, instance.batchShape.isEmpty,
                  let ends = try? instance.icdf(Tensor([0.001, 0.999])).scalars, ends.allSatisfy(\.isFinite) else { return nil }
            lower = Swift.min(lower, ends[0])
            upper = Swift.max(upper, ends[1])
        }
        guard lower < upper else { return nil }
        let uniforms = interpreter.stream.uniform(count: samples?.value ?? Session.defaultHistogramSamples)
        return SweepFrame(uniforms: uniforms, range: lower...upper)
    }

    /// The parameter `a` or `d.loc` names.
    private func sweptParameter(_ target: Expression) throws -> Parameter {
        let value = try interpreter.evaluate(target)
        let parameters = value.provenance.parameters
        if case .tensor = value, parameters.count == 1, parameters[0].value.isSameNode(as: valueTensor(value)) {
            return parameters[0]
        }
        throw Diagnostic("sweep moves a parameter, such as a number bound by let (a) or a distribution's own parameter (d.loc); "
                         + "\(Interpreter.describe(target)) is computed from others", at: target.range)
    }

    private func valueTensor(_ value: Value) -> Tensor {
        if case let .tensor(tensor, _) = value { return tensor }
        return Tensor(.nan)
    }

    private func sweepEnd(_ expression: Expression, shape: [Int]) throws -> [Double] {
        let value = try interpreter.evaluate(expression)
        guard case let .tensor(tensor, _) = value, let broadcast = try? tensor.broadcast(to: shape) else {
            throw Diagnostic("the sweep's ends must be numbers or tensors of the parameter's shape \(shape)", at: expression.range)
        }
        return broadcast.scalars
    }
}

/// What stays fixed across the frames of a sweep over a histogram.
struct SweepFrame {
    let uniforms: [Double]
    let range: ClosedRange<Double>
}
