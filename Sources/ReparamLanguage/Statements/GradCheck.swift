import Foundation
import Reparam
import ReparamPlots

/// `gradcheck`: the pathwise gradient against finite differences of the same expectation.
extension Session {
    /// The pathwise gradient beside (extrapolated) central finite differences of the same
    /// Monte-Carlo expectation, with common random numbers: each evaluation
    /// replays the same stream, so the difference quotient differentiates the
    /// very sample average the pathwise gradient differentiates. Univariate
    /// draws are made by inversion, z = F⁻¹(u; θ), so a rejection sampler's
    /// accept/reject pattern cannot jump between θ − h and θ + h.
    ///
    /// Distributions written inline keep their parameters between the
    /// evaluations (`PinnedLiterals`); parameter elements that are infinite
    /// (`truncated_normal(0, 1, low: 1)`'s `high`) and whole-number parameters
    /// (`lkj_cholesky`'s `dim`) have no difference quotient and are listed as not checked. Ctrl-C stops between evaluations and
    /// reports the rows done so far.
    func gradientCheck(_ expression: Expression) throws -> Output {
        interpreter.drawsByInversion = true
        defer { interpreter.drawsByInversion = false }
        return try interpreter.pinningLiterals { try checkedGradient(expression) }
    }

    private func checkedGradient(_ expression: Expression) throws -> Output {
        let start = interpreter.stream
        let pathwise = try differentiate(expression, estimator: .pathwise, refresh: true)
        var rows: [(name: String, pathwise: Double, difference: Double)] = []
        var unchecked: [String] = []
        let names = elementNames(pathwise.parameters)
        let total = names.count
        var nameIndex = 0
        var stopped = false
        for (parameter, gradient) in zip(pathwise.parameters, pathwise.gradients) where !stopped {
            let leaf = parameter.value
            defer { parameter.restore(leaf) }
            for i in 0..<leaf.count {
                if interrupted { stopped = true; break }
                let θ = leaf.scalars[i]
                // A whole-number parameter (a size or a count) has no neighbours to difference with.
                guard θ.isFinite, parameter.constraint != .nonnegativeInteger else {
                    unchecked.append(names[nameIndex])
                    nameIndex += 1
                    continue
                }
                let step = 1e-5 * max(1, abs(θ))
                func value(at x: Double) throws -> Double {
                    var shifted = leaf.scalars
                    shifted[i] = x
                    parameter.assign(try Tensor(shape: leaf.shape, scalars: shifted))
                    interpreter.stream = start
                    return try differentiateValue(expression)
                }
                // Richardson's extrapolation of central differences at h and h/2 cancels the h² term:
                // D = (4 D(h/2) − D(h)) / 3 = f′ + O(h⁴), so samples that move fast with θ (a mixture's
                // draws between its modes) do not leave a truncation error of 1e-4.
                func central(_ h: Double) throws -> Double { (try value(at: θ + h) - value(at: θ - h)) / (2 * h) }
                let coarse = try central(step)
                if interrupted { stopped = true; break }
                let difference = (4 * (try central(step / 2)) - coarse) / 3
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
        if !unchecked.isEmpty {
            lines.append("not checked: \(unchecked.joined(separator: ", ")) (infinite or whole numbers, so no finite difference)")
        }
        if stopped {
            lines.append("interrupted: \(rows.count) of \(total) parameter elements checked")
        } else if !rows.isEmpty {
            lines.append(worst < 1e-4 ? "agree (largest relative error \(NumberFormat.short(worst, digits: 2)))"
                         : "largest relative error \(NumberFormat.short(worst, digits: 2)); differences this large suggest a wrong gradient or a non-smooth sampler")
        }
        return Output(kind: .gradcheck, text: lines.joined(separator: "\n"),
                      fields: [("value", .number(pathwise.value)), ("parameters", .object(json)),
                               ("max_relative_error", .number(worst)), ("interrupted", .bool(stopped)),
                               ("unchecked", .array(unchecked.map { .string($0) }))])
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
