import Foundation
import Reparam

let usage = """
usage: reparam-bench [--threads N] [--n COUNT] [--repeat R] [--family NAME]... [--json] [--cpu-time]

  --threads N    threads for large kernels (default: all cores)
  --n COUNT      samples per call (default 1000000)
  --repeat R     timed calls per case; the median is reported (default 7)
  --family NAME  only this case (repeatable); default: all. Names: the
                 families, their distinct-parameter cases (gamma-distinct,
                 beta-distinct, dirichlet-distinct, studentt-distinct,
                 vonmises-distinct), plus histogram-render, heatmap-render,
                 knob-nudge, grad-dirichlet, fit-gamma
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

    func wants(_ name: String) -> Bool { families.isEmpty || families.contains(name) }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("reparam-bench: \(message)\n\n\(usage)\n".utf8))
    exit(2)
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    func value(_ flag: String) -> String {
        guard let v = arguments.popFirst() else { fail("\(flag) needs a value") }
        return v
    }
    func positive(_ flag: String) -> Int {
        guard let n = Int(value(flag)), n > 0 else { fail("\(flag) needs a positive integer") }
        return n
    }
    while let argument = arguments.popFirst() {
        switch argument {
        case "--threads": options.threads = positive(argument)
        case "--n": options.n = positive(argument)
        case "--repeat": options.repetitions = positive(argument)
        case "--family": options.families.append(value(argument))
        case "--json": options.json = true
        case "--cpu-time": options.cpuTime = true
        case "-h", "--help": print(usage); exit(0)
        default: fail("unknown option \(argument)")
        }
    }
    return options
}
