import Foundation
import Reparam
import ReparamPlots

/// `hist`, `plot` and `sweep`: pictures drawn by ReparamPlots at `plotStyle`.
///
/// Each picture is kept as data (`lastDrawing`) as well as text, for `:export`.
extension Session {
    static let defaultHistogramSamples = 10_000
    static let defaultPlotPoints = 200
    static let defaultSweepSteps = 20

    func picture(_ statement: Statement) throws -> Output {
        if case .sweep = statement.kind {} else { lastPictureStream = interpreter.stream }
        switch statement.kind {
        case let .histogram(expressions, bins, samples):
            let drawing = try histogram(expressions, bins: bins?.value, samples: samples?.value ?? Session.defaultHistogramSamples)
            return shown(drawing, of: statement, kind: .hist)
        case let .plot(series, domain, points, log):
            let drawing = try plot(series, domain: domain, points: points?.value ?? Session.defaultPlotPoints, log: log, range: statement.range)
            return shown(drawing, of: statement, kind: .plot)
        case let .velocity(target, samples):
            let drawing = try velocity(target, samples: samples?.value ?? Session.defaultHistogramSamples)
            return shown(drawing, of: statement, kind: .plot)
        case let .sweep(target, from, to, steps, then):
            return try sweep(target, from: from, to: to, steps: steps?.value ?? Session.defaultSweepSteps, then: then, range: statement.range)
        default:
            throw Diagnostic("not a picture", at: statement.range)
        }
    }

    /// The output of a drawn picture, remembered as the last one (for `sweep`, resizing and `:export`).
    private func shown(_ drawing: Drawing, of statement: Statement, kind: Output.Kind) -> Output {
        lastPicture = statement
        lastDrawing = drawing.picture
        let picture = drawing.picture
        lastRendering = { picture.text(style: $0) }
        let lines = picture.text(style: plotStyle)
        let text = lines.joined(separator: "\n")
        return Output(kind: kind, text: text, fields: [("text", .string(text))] + drawing.fields, plot: lines)
    }

    /// Lays the last picture out again at the current `plotStyle` (after the pane was resized):
    /// the same draws, points or trace, so a redraw never consumes the session's random stream
    /// and a seeded session stays reproducible. nil if nothing has been drawn.
    public func rerenderLastPicture() -> [String]? {
        lastRendering?(plotStyle)
    }

    // MARK: hist

    private func histogram(_ expressions: [Expression], bins: Int?, samples: Int) throws -> Drawing {
        if expressions.count > 1 { return try overlaidHistograms(expressions, bins: bins, samples: samples) }
        let expression = expressions[0]
        let value = try interpreter.evaluate(expression)
        let title = interpreter.text(expression.range)
        switch value {
        case let .tensor(tensor, _):
            if tensor.rank == 2 { return try histogram2D(tensor, title: title, at: expression.range) }
            return histogramDrawing(tensor.scalars, options: HistogramOptions(title: title, bins: bins))
        case let .distribution(distribution):
            let instance = try interpreter.engine(expression.range) { try distribution.instance() }
            var draws = try interpreter.engine(expression.range) { try instance.sample([samples], using: &interpreter.stream) }
            let summary = distribution.summary(format: ValueFormat(digits: 4))
            if instance.eventShape == [3], instance.batchShape.isEmpty, instance.support == .simplex {
                // A family with no closed-form mean (relaxed_categorical, logistic_normal) shows the draws' alone.
                let mean = instance.mean.scalars, points = draws.scalars
                let text = { (style: PlotStyle) in SimplexPlot.render(points, options: SimplexOptions(title: summary, exactMean: mean.allSatisfy(\.isFinite) ? mean : nil), style: style) }
                return Drawing(picture: Picture([], text: text))
            }
            if instance.eventShape == [2], instance.batchShape.isEmpty {
                return try histogram2D(draws, title: summary, density: instance, at: expression.range)
            }
            if instance.eventShape.count == 1, instance.eventShape[0] >= 3, instance.batchShape.isEmpty, instance.support != .simplex {
                return pairsHistogram(draws, of: instance, title: summary)
            }
            guard instance.eventShape.isEmpty, instance.batchShape.isEmpty else {
                throw Diagnostic("hist draws one univariate distribution, a 2-D one or a 3-component simplex; this one has batch shape "
                                 + "\(instance.batchShape) and event shape \(instance.eventShape); index a sample instead, "
                                 + "e.g. hist \(Interpreter.describe(expression)).rsample(1000)[:, 0:2]", at: expression.range)
            }
            if instance.support == .circle, sweepFrame == nil {
                return circularHistogram(draws.scalars, title: summary, density: instance, bins: bins)
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
            return histogramDrawing(draws.scalars, options: options)
        default:
            throw Diagnostic("hist needs samples or a distribution, but this is \(value.kindDescription)", at: expression.range)
        }
    }

    // MARK: plot

    private func plot(_ expressions: [Expression], domain: PlotDomain?, points: Int, log: LogAxes, range: SourceRange) throws -> Drawing {
        guard let domain else {
            // `plot d`: the density of one univariate distribution over its central 99.8%.
            guard expressions.count == 1, case let .distribution(distribution) = try interpreter.evaluate(expressions[0]) else {
                throw Diagnostic("plot needs a domain, as in 'plot exp(-x) for x in 0..5' (only a distribution plots without one)",
                                 at: range)
            }
            return try density(distribution, points: points, log: log, range: expressions[0].range)
        }
        let lower = try scalar(domain.lower, "the start of the range")
        let upper = try scalar(domain.upper, "the end of the range")
        guard lower < upper else {
            throw Diagnostic("the range must run from a smaller to a larger number, got \(format.number(lower))..\(format.number(upper))",
                             at: domain.lower.range.union(domain.upper.range))
        }
        guard !log.x || lower > 0 else {
            throw Diagnostic("a log x axis needs a positive range, got \(format.number(lower))..\(format.number(upper))",
                             at: domain.lower.range.union(domain.upper.range))
        }
        // On a log x axis the points are evenly spaced in log x, so every decade gets its share.
        let xs = (0..<points).map { index -> Double in
            log.x ? lower * Foundation.pow(upper / lower, Double(index) / Double(max(points - 1, 1)))
                : lower + (upper - lower) * Double(index) / Double(max(points - 1, 1))
        }
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
        return lineDrawing(series, options: LinePlotOptions(logY: log.y, logX: log.x))
    }

    private func density(_ distribution: DistributionValue, points: Int, log: LogAxes, range: SourceRange) throws -> Drawing {
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
        return lineDrawing([LineSeries(name: "density", x: xs, y: ys)],
                           options: LinePlotOptions(title: distribution.summary(format: ValueFormat(digits: 4)), logY: log.y, logX: log.x))
    }

    func scalar(_ expression: Expression, _ what: String) throws -> Double {
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
            // A screen drawing the frames shows the picture; otherwise each frame prints as text.
            if onFrame == nil || !progressPictures {
                onProgress?(Output(kind: .progress, text: output.text, fields: [("frame", .number(Double(frame))),
                                                                              ("text", .string(output.text))], plot: output.plot))
            }
            let picture = output.plot ?? []
            onFrame?(LiveFrame(picture: progressPictures ? { picture } : nil, hold: frame > 0 ? paceMilliseconds / 1000 : 0,
                               isLast: frame == steps - 1))
            last = output
            shown += 1
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
        guard case let .histogram(expressions, _, samples) = picture.kind, expressions.count == 1,
              case let .distribution(distribution) = try interpreter.evaluate(expressions[0]) else { return nil }
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
    func sweptParameter(_ target: Expression) throws -> Parameter {
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
