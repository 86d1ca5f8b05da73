import Foundation
import Reparam
import ReparamPlots

/// The live picture of `fit` and `minimize`: the loss, the parameters with their targets where
/// known, and Q's density against the target, in one frame of `plotStyle.width × plotStyle.height`.
///
/// Panels in order of importance: loss, parameters, density. A wide frame (≥ 89 columns) puts loss
/// and parameters side by side over a full-width density; a narrow one stacks them. Each panel
/// needs `minimumPanelHeight` rows, so a short frame keeps the first panels and drops the others
/// (the loss alone at the least).
///
/// Everything that does not change during the run is computed once when the picture is made: the
/// target's density on a grid, the data's representatives and the ranges. A frame evaluates Q's
/// density once, on `densityPoints` points, whatever the size of the data.
///
///     let q = gamma(1, rate: 1)
///     fit q to gamma(5, rate: 2)     // loss | q.concentration, q.rate with targets 5 and 2 / both densities
struct FitPicture {
    /// What the density panel compares Q with.
    enum Reference {
        /// The target's density `density[i]` at `x[i]`, over the run's fixed x range.
        case distribution(name: String, x: [Double], density: [Double])
        /// The sorted data itself up to `dataRepresentatives` values, else that many evenly
        /// spaced order statistics (the same histogram to within 1/4096 in probability); `count`
        /// is the size of the data, `range` the fixed x range.
        case data(representatives: [Double], count: Int, range: ClosedRange<Double>)
    }

    static let minimumPanelHeight = 8
    static let minimumPanelWidth = 44
    static let densityPoints = 256
    static let dataRepresentatives = 4096
    static let maximumTraces = 6

    let steps: Int
    /// `loss log` or `loss linear`; nil picks by the trace (`LossAxis`).
    var lossScale: LossScale?
    /// How the model is called in legends (`q`).
    let modelName: String
    /// For each fitted parameter whose counterpart in the target is known: the target's values.
    let targets: [ObjectIdentifier: [Double]]
    let reference: Reference?
    /// Q at the current parameters.
    let model: (() throws -> any Distribution)?
    /// The density panel's fixed x range.
    let densityRange: ClosedRange<Double>?

    /// The picture of `minimize`: loss and parameters.
    init(steps: Int) {
        self.init(steps: steps, modelName: "", targets: [:], reference: nil, model: nil, densityRange: nil)
    }

    private init(steps: Int, modelName: String, targets: [ObjectIdentifier: [Double]], reference: Reference?,
                 model: (() throws -> any Distribution)?, densityRange: ClosedRange<Double>?) {
        self.steps = steps
        self.modelName = modelName
        self.targets = targets
        self.reference = reference
        self.model = model
        self.densityRange = densityRange
    }

    /// The picture of `fit q to p` (reverse KL): the target density is evaluated once, over the
    /// union of the central 99.8% of p and of Q as it starts.
    init(steps: Int, modelName: String, model q: DistributionValue, target p: DistributionValue, targetName: String,
         current: @escaping () throws -> any Distribution) {
        var reference: Reference?
        var range: ClosedRange<Double>?
        if let start = try? current(), let target = try? p.instance(),
           let targetRange = FitPicture.centralRange(target), let startRange = FitPicture.centralRange(start) {
            let lower = min(targetRange.lowerBound, startRange.lowerBound)
            let upper = max(targetRange.upperBound, startRange.upperBound)
            let x = FitPicture.grid(lower...upper)
            if let density = try? exp(target.logProb(Tensor(x))).scalars {
                reference = .distribution(name: targetName, x: x, density: density)
                range = lower...upper
            }
        }
        self.init(steps: steps, modelName: modelName, targets: FitPicture.targets(model: q, target: p),
                  reference: reference, model: current, densityRange: range)
    }

    /// The picture of `fit q to data` (maximum likelihood): the data are sorted and thinned once.
    init(steps: Int, modelName: String, data: [Double], current: @escaping () throws -> any Distribution) {
        var reference: Reference?
        var range: ClosedRange<Double>?
        let univariate = (try? current()).map { $0.eventShape.isEmpty && $0.batchShape.isEmpty } ?? false
        let sorted = data.filter(\.isFinite).sorted()
        if univariate, !sorted.isEmpty {
            let count = FitPicture.dataRepresentatives
            let representatives = sorted.count <= count
                ? sorted
                : (0..<count).map { sorted[min(sorted.count - 1, Int((Double($0) + 0.5) * Double(sorted.count) / Double(count)))] }
            // The central 99.8% when there are enough values for the tails to be far out.
            let tail = representatives.count >= 1000 ? 0.001 : 0
            var lower = representatives[Int(tail * Double(representatives.count - 1))]
            var upper = representatives[Int((1 - tail) * Double(representatives.count - 1))]
            if !(lower < upper) { (lower, upper) = (lower - 0.5, upper + 0.5) }
            reference = .data(representatives: representatives, count: data.count, range: lower...upper)
            range = lower...upper
        }
        self.init(steps: steps, modelName: modelName, targets: [:], reference: reference, model: current, densityRange: range)
    }

    // MARK: the frame

    /// The frame after `step`: panels arranged to fit `style`, never more than its width or height.
    func render(step: Int, lossTrace: [Double], parameters: [Parameter], traces: [[Tensor]], style: PlotStyle) -> [String] {
        var panels: [(PlotStyle) -> [String]] = [
            { lossPanel(step: step, lossTrace, $0) },
            { parameterPanel(parameters, traces, $0) },
        ]
        if reference != nil { panels.append { densityPanel($0) } }
        let rows = FitPicture.arrangement(panels: panels.count, width: style.width, height: style.height)
        var lines: [String] = []
        for (index, row) in rows.enumerated() {
            // Equal rows; the last takes what the division leaves.
            let height = index < rows.count - 1 ? style.height / rows.count : style.height - lines.count
            let gap = 1
            let left = (style.width - gap * (row.count - 1)) / row.count
            let widths = row.indices.map { $0 < row.count - 1 ? left : style.width - gap * (row.count - 1) - left * (row.count - 1) }
            let rendered = zip(row, widths).map { panel, width in
                var panelStyle = style
                panelStyle.width = width
                panelStyle.height = height
                return panels[panel](panelStyle)
            }
            lines += PanelGrid.beside(rendered, widths: widths, gap: gap, height: height)
        }
        return lines
    }

    /// Which panels go in which row, top to bottom: `[[0, 1], [2]]` for loss | parameters over the
    /// density, `[[0], [1], [2]]` stacked, `[[0]]` for the loss alone.
    static func arrangement(panels: Int, width: Int, height: Int) -> [[Int]] {
        let rowsThatFit = max(1, height / minimumPanelHeight)
        if panels >= 2, width >= 2 * minimumPanelWidth + 1, height >= minimumPanelHeight {
            return panels > 2 && rowsThatFit >= 2 ? [[0, 1], [2]] : [[0, 1]]
        }
        return (0..<min(panels, rowsThatFit)).map { [$0] }
    }

    private func lossPanel(step: Int, _ lossTrace: [Double], _ style: PlotStyle) -> [String] {
        let logarithmic = FitPicture.usesLogScale(lossTrace, asked: lossScale)
        // The x axis spans the whole run so it does not jump; the y axis every loss so far, the first included.
        return LinePlot.render([LineSeries(name: "loss", y: lossTrace, start: 1)],
                               options: LinePlotOptions(title: "loss, step \(step) of \(steps)" + (logarithmic ? " (log scale)" : ""),
                                                        logY: logarithmic, xRange: 1...Double(max(steps, 2)),
                                                        yRange: FitPicture.lossRange(lossTrace, logarithmic: logarithmic)),
                               style: style)
    }

    /// Whether the loss axis is logarithmic: as asked, when every loss is positive (a log axis
    /// cannot show the others); by default when they are and span two decades or more, so the
    /// starting loss and the converged one are both readable.
    static func usesLogScale(_ trace: [Double], asked: LossScale?) -> Bool {
        let finite = trace.filter(\.isFinite)
        guard let lower = finite.min(), let upper = finite.max(), lower > 0 else { return false }
        switch asked {
        case .log?: return true
        case .linear?: return false
        case nil: return upper / lower >= 100
        }
    }

    /// The loss axis: every finite loss (the first steps' included), and on a linear axis at least
    /// 5% of the largest loss's magnitude, so a converged loss does not fill the axis with one label.
    ///
    ///     lossRange([4, 2, 1, 1], logarithmic: false)   // 1...4
    static func lossRange(_ trace: [Double], logarithmic: Bool) -> ClosedRange<Double>? {
        let finite = trace.filter(\.isFinite)
        guard let lower = finite.min(), var upper = finite.max() else { return nil }
        if !logarithmic { upper = max(upper, lower + 0.05 * max(abs(upper), abs(lower), 1e-300)) }
        return upper > lower ? lower...upper : nil
    }

    /// Every scalar of every parameter as a trace (the first `maximumTraces`), each target as a
    /// dashed line in its trace's color.
    private func parameterPanel(_ parameters: [Parameter], _ traces: [[Tensor]], _ style: PlotStyle) -> [String] {
        var series: [LineSeries] = []
        var references: [ReferenceLine] = []
        var total = 0
        for (parameter, trace) in zip(parameters, traces) {
            let count = parameter.value.count
            total += count
            let shortName = parameter.name.split(separator: ".").last.map(String.init) ?? parameter.name
            let target = targets[ObjectIdentifier(parameter)]
            for component in 0..<count where series.count < FitPicture.maximumTraces {
                let suffix = count == 1 ? "" : "[\(component)]"
                let values = trace.map { component < $0.count ? $0.scalars[component] : .nan }
                if let target, target.count == count || target.count == 1 {
                    references.append(ReferenceLine(name: shortName + suffix + " target", y: target[target.count == 1 ? 0 : component],
                                                    seriesIndex: series.count))
                }
                series.append(LineSeries(name: parameter.name + suffix, y: values, start: 1))
            }
        }
        let shown = total > series.count ? " (first \(series.count) of \(total))" : ""
        let xRange = 1...Double(max(steps, 2))
        guard series.count > 1 else {
            return LinePlot.render(series, options: LinePlotOptions(title: (references.isEmpty ? "parameters" : "parameters and targets") + shown,
                                                                    references: references, xRange: xRange),
                                   style: style)
        }
        // Parameters on scales far apart (df ≈ 25 beside loc ≈ 0) would flatten each other on one axis:
        // a small panel each when they fit, else each trace scaled to its own range.
        if let grid = FitPicture.parameterGrid(count: series.count, width: style.width, height: style.height) {
            var lines: [String] = []
            for row in 0..<grid.rows {
                let members = Array((row * grid.columns)..<min(series.count, (row + 1) * grid.columns))
                let height = row < grid.rows - 1 ? style.height / grid.rows : style.height - lines.count
                let left = (style.width - (grid.columns - 1)) / grid.columns
                let widths = members.indices.map { $0 < grid.columns - 1 ? left : style.width - (grid.columns - 1) - left * (grid.columns - 1) }
                let rendered = zip(members, widths).map { index, width -> [String] in
                    var panelStyle = style
                    panelStyle.width = width
                    panelStyle.height = height
                    let own = series[index]
                    let title = "parameter \(own.name)" + (index == 0 ? shown : "")
                    let target = references.filter { $0.seriesIndex == index }.map { reference -> ReferenceLine in
                        var line = reference
                        line.seriesIndex = 0
                        return line
                    }
                    return LinePlot.render([own], options: LinePlotOptions(title: title, references: target, xRange: xRange), style: panelStyle)
                }
                lines += PanelGrid.beside(rendered, widths: widths, gap: 1, height: height)
            }
            return lines
        }
        let (scaled, scaledReferences) = FitPicture.normalized(series, references)
        return LinePlot.render(scaled, options: LinePlotOptions(title: "parameters, each scaled to its own range (0 = lowest, 1 = highest)" + shown,
                                                                references: scaledReferences, xRange: xRange),
                               style: style)
    }

    /// Columns and rows of one small panel per parameter trace, each at least `minimumTraceWidth`
    /// by `LinePlot.minimumSize.height`; as few columns as fit; nil when they do not fit.
    static func parameterGrid(count: Int, width: Int, height: Int) -> (columns: Int, rows: Int)? {
        for columns in 1...max(1, count) {
            let rows = (count + columns - 1) / columns
            let panelWidth = (width - (columns - 1)) / columns
            if height / rows >= LinePlot.minimumSize.height + 1, panelWidth >= minimumTraceWidth { return (columns, rows) }
        }
        return nil
    }

    static let minimumTraceWidth = 30

    /// Each trace (and its target) mapped to [0, 1] over its own lowest and highest values.
    static func normalized(_ series: [LineSeries], _ references: [ReferenceLine]) -> ([LineSeries], [ReferenceLine]) {
        var scaledSeries: [LineSeries] = []
        var scaledReferences: [ReferenceLine] = []
        for (index, trace) in series.enumerated() {
            let own = references.filter { $0.seriesIndex == index }
            let values = (trace.y + own.map(\.y)).filter(\.isFinite)
            let lower = values.min() ?? 0, upper = values.max() ?? 1
            let span = upper > lower ? upper - lower : 1
            var scaled = trace
            scaled.y = trace.y.map { ($0 - lower) / span }
            // The legend keeps the real values: each trace's range, each target's value.
            scaled.name += " " + NumberFormat.short(lower, digits: 3) + ".." + NumberFormat.short(upper, digits: 3)
            scaledSeries.append(scaled)
            scaledReferences += own.map { reference in
                var line = reference
                line.legendValue = reference.legendValue ?? reference.y
                line.y = (reference.y - lower) / span
                return line
            }
        }
        return (scaledSeries, scaledReferences)
    }

    /// Q's density against the target's, or over the data's histogram.
    private func densityPanel(_ style: PlotStyle) -> [String] {
        guard let reference, let range = densityRange else { return [] }
        let x = FitPicture.grid(range)
        let density = (try? model.map { try exp($0().logProb(Tensor(x))).scalars }) ?? nil
        let modelDensity = density ?? [Double](repeating: .nan, count: x.count)
        switch reference {
        case let .distribution(name, x, targetDensity):
            let peak = (modelDensity + targetDensity).filter(\.isFinite).max() ?? 0
            return LinePlot.render([LineSeries(name: modelName, x: x, y: modelDensity), LineSeries(name: name, x: x, y: targetDensity)],
                                   options: LinePlotOptions(title: "density of \(modelName) and the target", xRange: range,
                                                            yRange: peak > 0 ? 0...peak * 1.05 : nil),
                                   style: style)
        case let .data(representatives, count, range):
            var options = HistogramOptions(title: "density of \(modelName) over the data", densityLabel: modelName,
                                           samplesLabel: representatives.count < count ? "data (\(representatives.count) quantiles of \(count))" : "data",
                                           range: range)
            options.density = FitPicture.interpolation(x: x, y: modelDensity)
            return HistogramPlot.render(representatives, options: options, style: style)
        }
    }

    // MARK: helpers

    /// `densityPoints` evenly spaced points over `range`, both ends included.
    static func grid(_ range: ClosedRange<Double>) -> [Double] {
        let count = densityPoints
        return (0..<count).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(count - 1) }
    }

    /// The piecewise-linear function through (x[i], y[i]) on an even grid; NaN outside it.
    static func interpolation(x: [Double], y: [Double]) -> (Double) -> Double {
        guard let lower = x.first, let upper = x.last, upper > lower, x.count == y.count else { return { _ in .nan } }
        let scale = Double(x.count - 1) / (upper - lower)
        return { point in
            let position = (point - lower) * scale
            guard position >= 0, position <= Double(x.count - 1) else { return .nan }
            let below = min(Int(position), x.count - 2)
            let weight = position - Double(below)
            return y[below] + weight * (y[below + 1] - y[below])
        }
    }

    /// The central 99.8% of a univariate distribution (its 0.001 and 0.999 quantiles), or its mean
    /// ± 4 standard deviations where it has no quantile function; nil when neither is finite.
    static func centralRange(_ distribution: any Distribution) -> ClosedRange<Double>? {
        guard distribution.eventShape.isEmpty, distribution.batchShape.isEmpty else { return nil }
        if let ends = try? distribution.icdf(Tensor([0.001, 0.999])).scalars, ends.count == 2,
           ends.allSatisfy(\.isFinite), ends[0] < ends[1] {
            return ends[0]...ends[1]
        }
        guard let mean = distribution.mean.scalar, let variance = distribution.variance.scalar,
              mean.isFinite, variance.isFinite, variance > 0 else { return nil }
        return (mean - 4 * variance.squareRoot())...(mean + 4 * variance.squareRoot())
    }

    /// Where the model's parameters have counterparts in the target — the same family, the same
    /// argument (recursively through the components of mixtures and products) — the target's values.
    static func targets(model q: DistributionValue, target p: DistributionValue) -> [ObjectIdentifier: [Double]] {
        guard q.family.constructor == p.family.constructor, q.sources.count == p.sources.count, q.components.count == p.components.count else {
            return [:]
        }
        var targets: [ObjectIdentifier: [Double]] = [:]
        for (mine, theirs) in zip(q.sources, p.sources) {
            if case let .parameter(parameter) = mine { targets[ObjectIdentifier(parameter)] = theirs.tensor.scalars }
        }
        for (mine, theirs) in zip(q.components, p.components) {
            targets.merge(FitPicture.targets(model: mine, target: theirs)) { first, _ in first }
        }
        return targets
    }
}
