import Foundation

/// The live picture of a variational fit: the ELBO of each estimator against the step, and, when
/// the exact posterior is known, the KL divergence to it (log scale), one curve per estimator
/// with a legend, so two estimators run from the same start can be compared as they go.
///
///     ELBOTracePlot.render([ELBOTrace(name: "pathwise", elbo: e1, kl: k1), ELBOTrace(name: "score", elbo: e2, kl: k2)],
///                          steps: 500, logEvidence: -10.53, style: PlotStyle(width: 80, height: 24))
///
/// A frame at least `2 × panelWidth + 1` wide puts ELBO and KL side by side; a narrower one stacks
/// them when each gets `panelHeight` rows, else shows the KL alone (the ELBO when there is no KL).
/// The ELBO panel draws log p(x), the ELBO's ceiling, as a dashed line when it is known.
public struct ELBOTrace {
    public var name: String
    /// The ELBO estimate at each step.
    public var elbo: [Double]
    /// KL(q ‖ posterior) at each step, or nil when the posterior is not known.
    public var kl: [Double]?

    public init(name: String, elbo: [Double], kl: [Double]?) {
        self.name = name
        self.elbo = elbo
        self.kl = kl
    }
}

public enum ELBOTracePlot {
    public static let panelWidth = 44
    public static let panelHeight = 10

    public static func render(_ traces: [ELBOTrace], steps: Int, logEvidence: Double?, style: PlotStyle) -> [String] {
        var panels: [(PlotStyle) -> [String]] = []
        let xRange = 1...Double(max(steps, 2))
        let step = traces.map(\.elbo.count).max() ?? 0
        let hasKL = traces.contains { $0.kl != nil }
        if hasKL {
            panels.append { style in
                LinePlot.render(traces.map { LineSeries(name: $0.name, y: $0.kl ?? [], start: 1) },
                                options: LinePlotOptions(title: "KL(q ‖ exact posterior), step \(step) of \(steps) (log scale)", logY: true,
                                                         xRange: xRange, yRange: klRange(traces)),
                                style: style)
            }
        }
        panels.insert({ style in
            LinePlot.render(traces.map { LineSeries(name: $0.name, y: $0.elbo, start: 1) },
                            options: LinePlotOptions(title: "ELBO" + (hasKL ? "" : ", step \(step) of \(steps)"),
                                                     references: logEvidence.map { [ReferenceLine(name: "log p(x)", y: $0)] } ?? [],
                                                     xRange: xRange, yRange: elboRange(traces, ceiling: logEvidence)),
                            style: style)
        }, at: 0)
        if panels.count == 2, style.width >= 2 * panelWidth + 1 {
            let left = (style.width - 1) / 2
            let rendered = [panels[0](resized(style, width: left)), panels[1](resized(style, width: style.width - 1 - left))]
            return PanelGrid.beside(rendered, widths: [left, style.width - 1 - left], gap: 1, height: style.height)
        }
        if panels.count == 2, style.height >= 2 * panelHeight {
            let top = style.height / 2
            return Array(pad(panels[0](resized(style, height: top)), to: top).prefix(top)) + panels[1](resized(style, height: style.height - top))
        }
        return panels[panels.count - 1](style)
    }

    /// The ELBO axis: the later 90% of each trace (the first steps from a far start would squash
    /// the rest; they are drawn on the lower edge), and log p(x).
    static func elboRange(_ traces: [ELBOTrace], ceiling: Double?) -> ClosedRange<Double>? {
        let values = traces.flatMap { $0.elbo.dropFirst($0.elbo.count / 10) }.filter(\.isFinite) + (ceiling.map { [$0] } ?? [])
        guard let lower = values.min(), let upper = values.max() else { return nil }
        let span = max(upper - lower, 1e-9 * max(1, abs(upper)))
        return (lower - 0.02 * span)...(upper + 0.02 * span)
    }

    /// The KL axis: every positive value so far.
    static func klRange(_ traces: [ELBOTrace]) -> ClosedRange<Double>? {
        let values = traces.flatMap { $0.kl ?? [] }.filter { $0.isFinite && $0 > 0 }
        guard let lower = values.min(), let upper = values.max(), upper > lower else { return nil }
        return lower...upper
    }

    private static func resized(_ style: PlotStyle, width: Int? = nil, height: Int? = nil) -> PlotStyle {
        var copy = style
        copy.width = width ?? style.width
        copy.height = height ?? style.height
        return copy
    }

    private static func pad(_ lines: [String], to height: Int) -> [String] {
        lines + [String](repeating: "", count: max(0, height - lines.count))
    }
}
