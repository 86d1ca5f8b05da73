import Reparam

/// Values as people read them: short, aligned, significant digits; long
/// tensors by shape, first and last elements and summary statistics.
///
///     [0.5, 1, 2]
///     [[1, 2],
///      [3, 4]]
///     tensor [1000]  0.412, 1.73, 0.0891, …, 2.2, 0.64, 1.05
///       mean 0.998  std 0.981  min 0.00124  max 6.87
struct ValueFormat {
    var digits: Int

    /// Tensors up to this many elements print in full.
    static let fullLimit = 24

    func number(_ value: Double) -> String { NumberFormat.short(value, digits: digits) }

    func value(_ value: Value) -> String {
        switch value {
        case let .tensor(tensor, _): return self.tensor(tensor)
        case let .boolean(flag): return flag ? "true" : "false"
        case let .string(text): return JSON.quote(text)
        case let .distribution(distribution): return distribution.summary(format: self)
        case let .function(function):
            switch function.body {
            case let .builtin(builtin): return "built-in \(builtin.signature)"
            case let .lambda(parameters, body, _):
                if !function.source.isEmpty { return function.source }
                return (parameters.count == 1 ? parameters[0] : "(" + parameters.joined(separator: ", ") + ")")
                    + " => " + body.canonical
            case let .bijection(bijection): return bijection.summary(format: self)
            }
        }
    }

    func tensor(_ tensor: Tensor) -> String {
        if tensor.rank == 0 { return number(tensor.scalars[0]) }
        if tensor.count <= ValueFormat.fullLimit {
            if tensor.rank == 1 { return "[" + tensor.scalars.map(number).joined(separator: ", ") + "]" }
            if tensor.rank == 2 { return matrix(tensor) }
        }
        return long(tensor)
    }

    /// Rows on their own lines, each column padded to its widest entry.
    private func matrix(_ tensor: Tensor) -> String {
        let rows = tensor.shape[0], columns = tensor.shape[1]
        guard rows > 0, columns > 0 else { return "tensor \(tensor.shape) (empty)" }
        let cells = (0..<rows).map { r in (0..<columns).map { c in number(tensor.scalars[r * columns + c]) } }
        let widths = (0..<columns).map { c in cells.map { $0[c].count }.max() ?? 0 }
        let lines = cells.enumerated().map { r, row in
            (r == 0 ? "[[" : " [") + row.enumerated().map { c, cell in
                String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: ", ") + (r == rows - 1 ? "]]" : "],")
        }
        return lines.joined(separator: "\n")
    }

    private func long(_ tensor: Tensor) -> String {
        let values = tensor.scalars
        guard !values.isEmpty else { return "tensor \(tensor.shape) (empty)" }
        let shown = values.count <= 6 ? values.map(number)
            : values.prefix(3).map(number) + ["…"] + values.suffix(3).map(number)
        let statistics = SampleSummary(values)
        guard statistics.count > 0 else { return "tensor \(tensor.shape)  " + shown.joined(separator: ", ") + "\n  (no finite values)" }
        return "tensor \(tensor.shape)  " + shown.joined(separator: ", ") + "\n"
            + "  mean \(number(statistics.mean))  std \(number(statistics.standardDeviation))"
            + "  min \(number(statistics.minimum))  max \(number(statistics.maximum))"
            + (statistics.nonFinite > 0 ? "  (\(statistics.nonFinite) not finite, left out)" : "")
    }
}
