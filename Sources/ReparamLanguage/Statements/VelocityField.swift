import Foundation
import Reparam
import ReparamPlots

/// `velocity d.param` (or `d.param[i]` for one number of a vector parameter) on a distribution
/// with a 2-D or larger event: the velocity field of its first two coordinates, a quiver of
/// the mean dz/dθ per box over the samples' heat map.
///
///     let d = dirichlet([2, 3, 4])
///     velocity d.concentration[0]    # z₁ flows up, z₂ down: raising α₁ takes mass from the others
///
/// Each sample's velocity is exact: the parameter is copied once per sample (a batch of n
/// distributions, one draw each), so one backward pass per coordinate gives every dzᵢ/dθᵢ at
/// once. For a Dirichlet, E[z_j] = α_j/Σα, so the mean arrow is (Σα − α₁, −α₂)/(Σα)².
extension Session {
    func velocityField(_ distribution: DistributionValue, target: Expression, parameter k: Int, element: Expression?,
                       instance: any Distribution, samples n: Int) throws -> Drawing {
        let name = distribution.parameters[k].name
        guard distribution.components.isEmpty else {
            throw Diagnostic("velocity draws the field of a distribution's own parameter; \(instance.name) is made of components, "
                             + "whose parameters it does not copy per sample", at: target.range)
        }
        let value = distribution.sources[k].tensor.detached
        let size = value.count
        let index: Int
        if let element {
            guard case let .tensor(tensor, _) = try interpreter.evaluate(element), let number = tensor.scalar,
                  number == number.rounded(), number >= 0, number < Double(size) else {
                throw Diagnostic("\(name) has \(size) number\(size == 1 ? "" : "s"): pick one by its index from 0 to \(size - 1)",
                                 at: element.range)
            }
            index = Int(number)
        } else {
            guard size == 1 else {
                throw Diagnostic("\(name) holds \(size) numbers: pick the one to move, e.g. velocity "
                                 + "\(Interpreter.describe(target))[0]", at: target.range)
            }
            index = 0
        }
        // One copy of the parameter per sample: batch [n], one draw each.
        let leaf = Tensor.parameter(try interpreter.engine(target.range) { try value.broadcast(to: [n] + value.shape) })
        let inputs = zip(distribution.parameters, distribution.sources).enumerated().map { position, pair in
            (name: pair.0.name, value: position == k ? leaf : pair.1.tensor.detached)
        }
        let z = try interpreter.engine(target.range) { () throws -> Tensor in
            let batch = try distribution.family.build(Family.Inputs(parameters: inputs,
                                                                    cumulativeDistributionFunction: distribution.cumulativeDistributionFunction,
                                                                    support: distribution.support))
            return try batch.rsample([], using: &interpreter.stream)
        }
        guard z.shape == [n, instance.eventShape[0]] else {
            throw Diagnostic("velocity could not copy \(name) per sample for \(instance.name) (draws of shape \(z.shape))", at: target.range)
        }
        var coordinates: [[Double]] = [], velocities: [[Double]] = []
        for coordinate in 0..<2 {
            let column = try interpreter.engine(target.range) { try z.select(axis: 1, coordinate) }
            coordinates.append(column.scalars)
            let gradient = try interpreter.engine(target.range) { try Reparam.gradients(of: column.sum(), withRespectTo: [leaf])[0] }
            velocities.append(stride(from: index, to: gradient.count, by: size).map { gradient.scalars[$0] })
        }
        let ascii = plotStyle.charset == .ascii
        let parameter = size == 1 ? name : "\(name)[\(index)]"
        let options = Density2DOptions(title: "dz/d\(parameter) of " + distribution.summary(format: ValueFormat(digits: 4)),
                                       xLabel: ascii ? "z1" : "z₁", yLabel: ascii ? "z2" : "z₂")
        let figure = QuiverPlot.figure(x: coordinates[0], y: coordinates[1], dx: velocities[0], dy: velocities[1],
                                       options: options, parameter: parameter)
        let means = velocities.map { values -> Double in
            let finite = values.filter(\.isFinite)
            return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
        }
        return Drawing(picture: Picture([figure]),
                       fields: [("parameter", .string(Interpreter.describe(target))), ("mean_velocity", .array(means.map { .number($0) }))])
    }
}
