/// An elementwise function of one number, as a type rather than a closure.
///
/// The kernels in `Kernels` are generic over it, so each operation gets its own copy of the loop
/// with the operation inlined, on every thread. A closure captured by the chunks of a parallel
/// kernel is instead called indirectly for every element by the worker threads (only the calling
/// thread's inlined copy is specialized): a 1M-element `x * s` cost 9× the CPU time on two threads
/// that it cost on one, which made Uniform's rsample slower on two threads than on one.
///
///     struct Scale: UnaryOperation { let s: Double; func callAsFunction(_ x: Double) -> Double { s * x } }
///     Kernels.map(x, Scale(s: 2))
protocol UnaryOperation: Sendable {
    func callAsFunction(_ x: Double) -> Double
}

/// An elementwise function of two numbers, as a type rather than a closure (see `UnaryOperation`).
protocol BinaryOperation: Sendable {
    func callAsFunction(_ a: Double, _ b: Double) -> Double
}

/// An elementwise function of three numbers, as a type rather than a closure (see `UnaryOperation`).
protocol TernaryOperation: Sendable {
    func callAsFunction(_ a: Double, _ b: Double, _ c: Double) -> Double
}

/// A closure as an operation, for code off the hot paths (indirect calls per element).
struct UnaryClosure: UnaryOperation {
    let f: @Sendable (Double) -> Double
    @inline(__always) func callAsFunction(_ x: Double) -> Double { f(x) }
}

/// A closure as an operation, for code off the hot paths (indirect calls per element).
struct BinaryClosure: BinaryOperation {
    let f: @Sendable (Double, Double) -> Double
    @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { f(a, b) }
}

/// A closure as an operation, for code off the hot paths (indirect calls per element).
struct TernaryClosure: TernaryOperation {
    let f: @Sendable (Double, Double, Double) -> Double
    @inline(__always) func callAsFunction(_ a: Double, _ b: Double, _ c: Double) -> Double { f(a, b, c) }
}

/// f(a, x): a binary operation with its first operand fixed (a broadcast scalar).
struct FixedFirst<F: BinaryOperation>: UnaryOperation {
    let f: F, a: Double
    @inline(__always) func callAsFunction(_ x: Double) -> Double { f(a, x) }
}

/// f(x, b): a binary operation with its second operand fixed (a broadcast scalar).
struct FixedSecond<F: BinaryOperation>: UnaryOperation {
    let f: F, b: Double
    @inline(__always) func callAsFunction(_ x: Double) -> Double { f(x, b) }
}

/// x itself.
struct Identity: UnaryOperation { @inline(__always) func callAsFunction(_ x: Double) -> Double { x } }
/// a + b.
struct Add: BinaryOperation { @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { a + b } }
/// a − b.
struct Subtract: BinaryOperation { @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { a - b } }
/// a · b.
struct Multiply: BinaryOperation { @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { a * b } }
/// a / b.
struct Divide: BinaryOperation { @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { a / b } }
/// −x.
struct Negate: UnaryOperation { @inline(__always) func callAsFunction(_ x: Double) -> Double { -x } }
