import Foundation
import Reparam
import ReparamPlots

/// `velocity d.param [samples N]`: how fast each sample moves when one parameter moves with its
/// uniform held fixed, dz/dθ = −(∂F/∂θ)(z; θ) / p(z; θ), drawn against z beside the histogram;
/// for a distribution with a 2-D (or larger) event, the field of its first two coordinates
/// (`VelocityField`).
///
///     let g = gamma(2, 1)
///     velocity g.concentration      # dz/dα rises with z: the upper quantiles move fastest
///
/// The derivatives are the engine's exact implicit ones (dual numbers through the CDF), the same
/// that `grad` uses, for every univariate family with a CDF.
extension Session {
    func velocity(_ written: Expression, samples: Int) throws -> Drawing {
        // `d.concentration[0]`: one number of a vector parameter (for a 2-D field).
        var target = written, element: Expression?
        if case let .index(base, components) = written.kind, case .member = base.kind, components.count == 1,
           case let .single(position) = components[0] {
            target = base
            element = position
        }
        guard case let .member(owner, name) = target.kind else {
            throw Diagnostic("velocity follows a distribution's parameter, as in 'velocity d.concentration'", at: target.range)
        }
        guard case let .distribution(distribution) = try interpreter.evaluate(owner) else {
            throw Diagnostic("velocity follows a parameter of a distribution; \(Interpreter.describe(owner)) is not one", at: owner.range)
        }
        let instance = try interpreter.engine(target.range) { try distribution.instance() }
        let names = instance.parameters.map(\.name)
        guard let index = names.firstIndex(of: name) else {
            throw Diagnostic("\(instance.name) has no parameter '\(name)'; its parameters are \(Parser.list(names, conjunction: "and"))"
                             + Suggestions.hint(for: name, among: names), at: target.range)
        }
        if instance.batchShape.isEmpty, instance.eventShape.count == 1, instance.eventShape[0] >= 2 {
            return try velocityField(distribution, target: written, parameter: index, element: element, instance: instance, samples: samples)
        }
        if let element {
            throw Diagnostic("velocity of one number of a parameter draws a 2-D field; \(instance.name) is univariate, so name the "
                             + "parameter alone", at: element.range)
        }
        guard instance.eventShape.isEmpty, instance.batchShape.isEmpty else {
            throw Diagnostic("velocity draws one univariate distribution; \(instance.name) has batch shape "
                             + "\(instance.batchShape) and event shape \(instance.eventShape)", at: target.range)
        }
        guard let family = instance as? any UnivariateCDFFamily else {
            throw Diagnostic("velocity needs per-sample derivatives dz/dθ from a family's own CDF; \(instance.name) does not "
                             + "give them one by one (grad still differentiates it)", at: target.range)
        }
        let z = try interpreter.engine(target.range) { try instance.sample([samples], using: &interpreter.stream) }.scalars
        let velocities = family.implicitDerivatives(of: z, parameter: index)
        let summary = distribution.summary(format: ValueFormat(digits: 4))
        let histogram = SampleSeries(name: summary, samples: z, density: Self.densityFunction(instance))
        let picture = VelocityPlot.picture(samples: z, velocities: velocities, parameter: name, histogram: histogram,
                                           columns: plotStyle.width)
        let finite = velocities.filter(\.isFinite)
        let mean = finite.isEmpty ? Double.nan : finite.reduce(0, +) / Double(finite.count)
        return Drawing(picture: picture, fields: [("parameter", .string(Interpreter.describe(target))),
                                                  ("mean_velocity", .number(mean))])
    }
}
