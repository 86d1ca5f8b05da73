/// A JSON value with ordered object keys, written compactly on one line.
///
///     JSON.object([("kind", "value"), ("value", .number(0.1))]).text
///     // {"kind":"value","value":0.1}
public indirect enum JSON: Equatable, ExpressibleByStringLiteral {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public init(stringLiteral value: String) { self = .string(value) }

    public static func == (a: JSON, b: JSON) -> Bool { a.text == b.text }

    /// Numbers at full round-trip precision.
    public var text: String {
        switch self {
        case .null: return "null"
        case let .bool(flag): return flag ? "true" : "false"
        case let .number(value): return NumberFormat.roundTrip(value)
        case let .string(value): return JSON.quote(value)
        case let .array(items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case let .object(fields):
            return "{" + fields.map { JSON.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    /// The field `key` of an object.
    public subscript(key: String) -> JSON? {
        guard case let .object(fields) = self else { return nil }
        return fields.first(where: { $0.0 == key })?.1
    }

    static func quote(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

import Reparam

extension JSON {
    /// A tensor as nested arrays following its shape (a bare number for rank 0).
    static func tensor(_ tensor: Tensor) -> JSON {
        func build(_ axis: Int, _ offset: Int) -> JSON {
            if axis == tensor.rank { return .number(tensor.scalars[offset]) }
            let stride = tensor.shape[(axis + 1)...].reduce(1, *)
            return .array((0..<tensor.shape[axis]).map { build(axis + 1, offset + $0 * stride) })
        }
        return build(0, 0)
    }

    static func shape(_ shape: [Int]) -> JSON { .array(shape.map { .number(Double($0)) }) }
}
