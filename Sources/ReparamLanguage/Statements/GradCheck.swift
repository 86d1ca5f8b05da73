import Foundation
import Reparam
import ReparamPlots

/// `gradcheck`: the pathwise gradient against finite differences of the same expectation.
extension Session {
    /// The pathwise gradient beside central finite differences of the same
    /// Monte-Carlo expectation, with common random numbers: each evaluation
    /// replays the same stream, so the difference quotient differentiates the
    /// very sample average the pathwise gradient differentiates. Univariate
    /// draws are made by inversion, z = F⁻¹(u; θ), so a rejection sampler's
    /// accept/reject pattern cannot jump between θ − h and θ + h.
    func gradientCheck(_ expression: Expression) throws -> Output {
        interpreter.drawsByInversion = true
        defer { interpreter.drawsByInversion = false }
        let start = interpreter.stream
        let pathwise = try differentiate(expression, estimator: .pathwise, refresh: true)
        var rows: [(name: String, pathwise: Double, difference: Double)] = []
        let names = elementNames(pathwise.parameters)
        var nameIndex = 0
        for (parameter, gradient) in zip(pathwise.parameters, pathwise.gradients) {
            let leaf = parameter.value
            defer { parameter.restore(leaf) }
            for i in 0..<leaf.count {
                let θ = leaf.scalars[i]
                let step = 1e-5 * max(1, abs(θ))
                func value(at x: Double) throws -> Double {
                    var shifted = leaf.scalars
                    shifted[i] = x
                    parameter.assign(try Tensor(shape: leaf.shape, scalars: shifted))
                    interpreter.stream = start
                    return try differentiateValue(expression)
                }
                let difference = (try value(at: θ + step) - value(at: θ - step)) / (2 * step)
                rows.append((names[nameIndex], gradient.scalars[i], difference))
                nameIndex += 1
            }
        }
        let width = max(9, names.map(\.count).max() ?? 0)
        func cell(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        let numberWidth = max(12, precision + 7)
        var lines = [cell("parameter", width) + "  " + cell("pathwise", numberWidth) + "  " + cell("finite diff", numberWidth) + "  rel. error"]
        var json: [(String, JSON)] = []
        var worst = 0.0
        for row in rows {
            let relative = abs(row.pathwise - row.difference) / max(abs(row.difference), abs(row.pathwise), 1e-300)
            worst = max(worst, row.pathwise == row.difference ? 0 : relative)
            lines.append(cell(row.name, width) + "  " + cell(format.number(row.pathwise), numberWidth) + "  "
                         + cell(format.number(row.difference), numberWidth) + "  " + NumberFormat.short(relative, digits: 2))
            json.append((row.name, .object([("pathwise", .number(row.pathwise)), ("finite_difference", .number(row.difference)),
                                            ("relative_error", .number(relative))])))
        }
        lines.append(worst < 1e-4 ? "agree (largest relative error \(NumberFormat.short(worst, digits: 2)))"
                     : "largest relative error \(NumberFormat.short(worst, digits: 2)); differences this large suggest a wrong gradient or a non-smooth sampler")
        return Output(kind: .gradcheck, text: lines.joined(separator: "\n"),
                      fields: [("value", .number(pathwise.value)), ("parameters", .object(json)),
                               ("max_relative_error", .number(worst))])
    }

    /// The value of `expression` with bound draws recomputed (no gradient needed).
    private func differentiateValue(_ expression: Expression) throws -> Double {
        interpreter.refreshed = [:]
        defer { interpreter.refreshed = nil }
        let value = try interpreter.evaluate(expression)
        guard case let .tensor(tensor, _) = value, let number = tensor.scalar else {
            throw Diagnostic("gradcheck needs a single number", at: expression.range)
        }
        return number
    }
}
