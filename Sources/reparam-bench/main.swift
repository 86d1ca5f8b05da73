import Foundation
import Reparam

/// reparam-bench: samples per second of `sample(n)` and of `rsample(n)` + the
/// backward pass of the mean, per family (release build, float64).
///
///     swift run -c release reparam-bench --threads 1 --json
let usage = """
usage: reparam-bench [--threads N] [--n COUNT] [--repeat R] [--family NAME]... [--json]

  --threads N    threads for large kernels (default: all cores)
  --n COUNT      samples per call (default 1000000)
  --repeat R     timed calls per case; the median is reported (default 7)
  --family NAME  only this family (repeatable); default: all
  --json         print a JSON array instead of a table
  --cpu-time     time by process CPU time instead of wall time (for a busy
                 machine; with more than one thread it adds the threads up)
"""

struct Options {
    var threads = Parallel.threadCount
    var n = 1_000_000
    var repetitions = 7
    var families: [String] = []
    var json = false
    var cpuTime = false
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    func value(_ flag: String) -> String {
        guard let v = arguments.popFirst() else { fail("\(flag) needs a value") }
        return v
    }
    func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("reparam-bench: \(message)\n\n\(usage)\n".utf8))
        exit(2)
    }
    while let argument = arguments.popFirst() {
        switch argument {
        case "--threads": guard let t = Int(value(argument)), t > 0 else { fail("--threads needs a positive integer") }; options.threads = t
        case "--n": guard let n = Int(value(argument)), n > 0 else { fail("--n needs a positive integer") }; options.n = n
        case "--repeat": guard let r = Int(value(argument)), r > 0 else { fail("--repeat needs a positive integer") }; options.repetitions = r
        case "--family": options.families.append(value(argument))
        case "--json": options.json = true
        case "--cpu-time": options.cpuTime = true
        case "-h", "--help": print(usage); exit(0)
        default: fail("unknown option \(argument)")
        }
    }
    return options
}

/// One benchmark case: a family built with fresh leaf parameters.
struct Case {
    let family: String
    let make: () throws -> any Distribution
    /// The loss whose backward pass is timed (the mean, or the mean of the first component).
    var loss: (Tensor) throws -> Tensor = { $0.mean() }
}

/// The Weibull CDF as a user would write it: F(z; λ, k) = 1 − exp(−(z/λ)^k).
struct WeibullCDF: CumulativeDistributionFunction {
    func callAsFunction<T: RealScalar>(_ z: T, _ θ: [T]) -> T { 1 - exp(-pow(z / θ[0], θ[1])) }
}

let cases: [Case] = [
    Case(family: "normal") { try Normal(loc: .parameter(0.5), scale: .parameter(1.5)) },
    Case(family: "lognormal") { try LogNormal(loc: .parameter(0.5), scale: .parameter(1.5)) },
    Case(family: "uniform") { try Uniform(low: .parameter(-1), high: .parameter(2)) },
    Case(family: "exponential") { try Exponential(rate: .parameter(2)) },
    Case(family: "laplace") { try Laplace(loc: .parameter(0.5), scale: .parameter(1.5)) },
    Case(family: "logistic") { try Logistic(loc: .parameter(0.5), scale: .parameter(1.5)) },
    Case(family: "cauchy") { try Cauchy(loc: .parameter(0.5), scale: .parameter(1.5)) },
    Case(family: "gumbel") { try Gumbel(loc: .parameter(0.5), scale: .parameter(1.5)) },
    Case(family: "gamma") { try Gamma(concentration: .parameter(2.5), rate: .parameter(1)) },
    Case(family: "chi2") { try Chi2(df: .parameter(3)) },
    Case(family: "beta") { try Beta(a: .parameter(2), b: .parameter(3)) },
    Case(family: "dirichlet", make: { try Dirichlet(concentration: .parameter([1, 2, 3])) }, loss: { try $0.column(0).mean() }),
    Case(family: "studentt") { try StudentT(df: .parameter(4), loc: .parameter(0), scale: .parameter(1)) },
    Case(family: "mixture") {
        try Mixture(components: [Normal(loc: .parameter(-2), scale: .parameter(0.5)), Normal(loc: .parameter(0), scale: .parameter(1)),
                                 Normal(loc: .parameter(3), scale: .parameter(2))], logits: .parameter([0, 0.5, -0.5]))
    },
    Case(family: "mixture10d") {
        // 5 Normal components over 10 dimensions; rsample(n) draws n points of R^10.
        let locs = (0..<50).map { Double($0 % 7) - 3 }, scales = (0..<50).map { 0.5 + 0.1 * Double($0 % 5) }
        return try DiagonalMixture(components: Normal(loc: .parameter(Tensor(shape: [5, 10], scalars: locs)), scale: .parameter(Tensor(shape: [5, 10], scalars: scales))),
                                   logits: .parameter([0.2, -0.4, 0.7, 0, -1]))
    },
    Case(family: "weibull-cdf") {
        try CustomDistribution(name: "Weibull", cdf: WeibullCDF(), parameters: [("scale", .parameter(1.5)), ("shape", .parameter(2))], support: .positive)
    },
]

struct Record: Codable {
    let family: String
    let mode: String
    let n: Int
    let threads: Int
    let samples_per_second: Double
    let seconds_median: Double
}

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

/// Seconds on the wall clock, or of CPU time used by the process.
func clock(cpu: Bool) -> Double {
    var t = timespec()
    clock_gettime(cpu ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func time(_ repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()  // warm-up: page in buffers, build tables
    var seconds: [Double] = []
    for _ in 0..<repetitions {
        let start = clock(cpu: options.cpuTime)
        try body()
        seconds.append(clock(cpu: options.cpuTime) - start)
    }
    return median(seconds)
}

let options = parseOptions()
Parallel.threadCount = options.threads
let unknown = options.families.filter { name in !cases.contains { $0.family == name } }
if !unknown.isEmpty {
    FileHandle.standardError.write(Data("reparam-bench: unknown family \(unknown.joined(separator: ", ")); known: \(cases.map(\.family).joined(separator: ", "))\n".utf8))
    exit(2)
}
var records: [Record] = []
var stream = RandomStream(seed: 1)
for c in cases where options.families.isEmpty || options.families.contains(c.family) {
    let d = try c.make()
    let leaves = d.parameters.map(\.value)
    let sampleSeconds = try time(options.repetitions) { _ = try d.sample([options.n], using: &stream) }
    let gradSeconds = try time(options.repetitions) {
        let loss = try c.loss(d.rsample([options.n], using: &stream))
        _ = try gradients(of: loss, withRespectTo: leaves)
    }
    for (mode, seconds) in [("sample", sampleSeconds), ("rsample+backward", gradSeconds)] {
        records.append(Record(family: c.family, mode: mode, n: options.n, threads: options.threads,
                              samples_per_second: Double(options.n) / seconds, seconds_median: seconds))
    }
}

if options.json {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(records), as: UTF8.self))
} else {
    print("family        mode                 threads   M samples/s")
    for r in records {
        print(r.family.padding(toLength: 14, withPad: " ", startingAt: 0) + r.mode.padding(toLength: 21, withPad: " ", startingAt: 0)
              + String(r.threads).padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: "%8.2f", r.samples_per_second / 1e6))
    }
}
