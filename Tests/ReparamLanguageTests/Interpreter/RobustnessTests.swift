import XCTest
@testable import ReparamLanguage

/// Random and mutated lines never crash or hang the session, every line is
/// answered, and the variables defined before survive.
final class RobustnessTests: XCTestCase {
    static let corpus = [
        "let d = normal(1, 2)", "let a = 0.5", "let v = [1, 2, 3]", "let m = [[1, 2], [3, 4]]",
        "let e = exponential([1, 2, 3])", "let f = x => 1 - exp(-(x/2)^1.5)", "let g = (z, k) => z * k",
        "grad mean(d.rsample(100)^2)", "grad mean(d.rsample(100)) using score", "grad sum(v^2) + a",
        "grad mean(e.rsample(50)) using implicit", "d.log_prob(v)", "d.cdf(0.5)", "d.icdf(0.25)", "d.entropy()",
        "v[1:3]", "m[:, 1]", "m[-1]", "sum(m, axis: 0)", "f(2)", "g(3, 4)", "-2^2", "1e-3 * .5", "[1, 2] > 1",
        "gradcheck mean(d.rsample(50)^2)", "gradvar mean(d.rsample(20)) reps 3", "minimize mean((d.rsample(16) - 1)^2) steps 5",
        "fit d to normal(0, 1) steps 5", "seed 3", "pace 20ms", "?normal", ":help grad", ":vars", "d.mean", "e.variance",
        "clamp(v, min: 1, max: 2)", "linspace(0, 1, 5)", "where(v > 1, v, 0)", "reshape(m, [4])",
    ]
    static let alphabet = Array("()[]{},.:;=+-*/^<>!?#\"'0123456789eE_ xyzdvam=>..")

    /// SplitMix64: a fixed sequence for a reproducible fuzz run.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    static func mutate(_ line: String, _ generator: inout Generator) -> String {
        var characters = Array(line)
        for _ in 0...generator.below(3) {
            let position = generator.below(characters.count + 1)
            switch generator.below(6) {
            case 0 where !characters.isEmpty && position < characters.count: characters.remove(at: position)
            case 1: characters.insert(alphabet[generator.below(alphabet.count)], at: position)
            case 2 where position + 1 < characters.count: characters.swapAt(position, position + 1)
            case 3:
                let numbers = ["1e308", "-0", "0", "1e-320", "nan", "inf", "99999999", "-1", "2.5"]
                characters.insert(contentsOf: numbers[generator.below(numbers.count)], at: position)
            case 4:
                let other = Array(corpus[generator.below(corpus.count)])
                let start = generator.below(other.count)
                characters.insert(contentsOf: other[start..<min(other.count, start + generator.below(12))], at: position)
            default:
                characters = Array(String(characters).prefix(position))
            }
        }
        return String(characters)
    }

    func testMutatedLinesAreAllAnswered() {
        let session = Session(seed: 1)
        for line in RobustnessTests.corpus { XCTAssertEqual(session.run(line).count, 1, line) }
        var generator = Generator(state: 42)
        // CI runs 2,000 lines; REPARAM_FUZZ_LINES=100000 runs the full count.
        let count = ProcessInfo.processInfo.environment["REPARAM_FUZZ_LINES"].flatMap { Int($0) } ?? 2_000
        var errors = 0
        for _ in 0..<count {
            let line = RobustnessTests.mutate(RobustnessTests.corpus[generator.below(RobustnessTests.corpus.count)], &generator)
            // A mutated `:reset` would clear the variables this test checks at the end.
            if line.contains(":reset") { continue }
            let outputs = session.run(line)
            XCTAssertEqual(outputs.count, 1, line)
            if outputs.first?.kind == .error {
                errors += 1
                XCTAssertFalse(outputs[0].diagnostic?.message.isEmpty ?? true, line)
            }
        }
        XCTAssertGreaterThan(errors, count / 10)
        XCTAssertEqual(session.run("v")[0].kind, .value)
    }

    func testPathologicalLinesGetErrors() {
        let session = Session()
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        XCTAssertEqual(session.expectError(deep)?.message,
                       "this line has 10001 tokens, more than the 2000 a line may hold; split it with let")
        let nested = String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)
        XCTAssertEqual(session.expectError(nested)?.message, "this expression nests more than 100 levels deep; split it with let")
        XCTAssertEqual(session.expectError(String(repeating: "-", count: 500) + "1")?.message, "too many signs in a row; write at most a few")
        _ = session.expectOutput("let f = x => f(x)")
        XCTAssertEqual(session.expectError("f(1)")?.message,
                       "functions call each other more than 64 levels deep; a function that calls itself never ends here")
        XCTAssertEqual(session.expectError("minimize f(1) steps 1000000")?.message, "steps can be at most 100000; got 1000000")
        XCTAssertEqual(session.expectError("[1, 2][1e300]")?.message, "an index must be a whole number, got 1e300")
        XCTAssertEqual(session.expectError("zeros([1e9])")?.message,
                       "zeros needs a shape such as [2, 3]: whole numbers ≥ 0, at most 10000000 elements")
    }

    /// A draw's size is limited by memory, not by a constant: the message says what the draw
    /// would take and the machine's rule, and points at the count; the session keeps its state.
    func testDrawSizeIsLimitedByMemory() throws {
        let session = Session()
        _ = session.expectOutput("let a = 2")
        let huge = try XCTUnwrap(session.expectError("normal(0, 1).rsample(1e9)"))
        XCTAssertTrue(huge.message.hasPrefix("Normal: a draw of shape [1000000000] would hold 1000000000 values, about 80 GB "
                                             + "at 80 bytes a value with its gradients; one draw may use 50% of this machine's "), huge.message)
        XCTAssertEqual(huge.range.column, 22)
        let matrix = try XCTUnwrap(session.expectError("dirichlet([1, 2, 3]).rsample([1e5, 1e5])"))
        XCTAssertTrue(matrix.message.hasPrefix("Dirichlet: a draw of shape [100000, 100000, 3] would hold 30000000000 values"), matrix.message)
        XCTAssertEqual(session.expectError("normal(0, 1).rsample(0)")?.message, "normal(…).rsample needs a count of at least 1 for 'n', got 0")
        XCTAssertEqual(session.expectError("normal(0, 1).rsample([2.5])")?.message,
                       "normal(…).rsample needs a sample shape such as [10, 2]: whole numbers ≥ 0")
        // Above the old constant of 10 million, within memory: drawn.
        XCTAssertTrue(session.expectOutput("let x = normal(0, 1).rsample(10000001)").text.hasPrefix("x = tensor [10000001]"))
        XCTAssertEqual(session.number("a"), 2)
    }
}
