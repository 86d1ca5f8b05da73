import Foundation

/// The pathwise velocity of samples: how fast each sample z moves when a parameter θ moves with
/// the noise held fixed, dz/dθ, drawn against z beside the histogram of z.
///
///     VelocityPlot.picture(samples: z, velocities: dzdθ, parameter: "concentration",
///                          histogram: SampleSeries(name: "Gamma(2, 1)", samples: z, density: pdf), columns: 80)
///
/// With u = F(z; θ) held fixed, dz/dθ = −(∂F/∂θ)(z; θ) / p(z; θ): a function of z, so the right
/// panel is a curve. It is the velocity of the transport that carries p(·; θ) to p(·; θ + dθ)
/// (Jankowiak & Obermeyer 2018): where it is large the histogram's mass is moving fast. Its mean
/// over the samples estimates dE[z]/dθ, shown in the notes.
public enum VelocityPlot {
    /// `range` fixes the z axis of both panels (a knob keeps it while the samples move).
    public static func picture(samples: [Double], velocities: [Double], parameter: String, histogram: SampleSeries,
                               columns: Int, range: ClosedRange<Double>? = nil) -> Picture {
        let left = OverlayHistogram.figure([histogram], title: histogram.name, columns: max(8, columns / 2 - 10), range: range)
        return Picture([left, figure(samples: samples, velocities: velocities, parameter: parameter, range: left.dataBounds().x)])
    }

    /// The right panel alone: dz/dθ against z, a dotted line at 0.
    public static func figure(samples: [Double], velocities: [Double], parameter: String,
                              range: ClosedRange<Double>? = nil) -> Figure {
        let pairs = zip(samples, velocities).filter { $0.0.isFinite && $0.1.isFinite && (range?.contains($0.0) ?? true) }
            .sorted { $0.0 < $1.0 }
        let stride = max(1, pairs.count / 2_000)
        let shown = Swift.stride(from: 0, to: pairs.count, by: stride).map { pairs[$0] }
        var figure = Figure(title: "dz/d\(parameter) against z", x: FigureAxis(range: range, label: "z"),
                            y: FigureAxis(label: "dz/d\(parameter)"))
        figure.marks = [
            FigureMark(series: 0, .horizontal(y: 0)),
            FigureMark(name: "dz/d\(parameter) at each sample", series: 0, .curve(x: shown.map(\.0), y: shown.map(\.1))),
        ]
        let all = zip(samples, velocities).filter { $0.0.isFinite && $0.1.isFinite }
        if !all.isEmpty {
            let mean = all.reduce(0) { $0 + $1.1 } / Double(all.count)
            figure.notes = ["mean dz/d\(parameter) = \(PlotNumberFormat.significant(mean)) (estimates dE[z]/d\(parameter))"]
        }
        return figure
    }
}
