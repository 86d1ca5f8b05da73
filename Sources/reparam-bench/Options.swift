import ArgumentParser
import Foundation
import Reparam

/// reparam-bench's command line (swift-argument-parser; `--help` is generated).
///
///     reparam-bench --threads 1 --family normal --family gamma --repeat 9
struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reparam-bench",
        abstract: "Samples per second of sample(n) and of rsample(n) + the backward pass, per family (release build).",
        discussion: "Exit status: 0 success, 2 a bad command line.")

    @Option(help: "Threads for large kernels (the default is the core count).")
    var threads = Parallel.threadCount

    @Option(name: .customLong("n"), help: "Samples per call.")
    var n = 1_000_000

    @Option(name: .customLong("repeat"), help: "Timed calls per case; the median is reported.")
    var repetitions = 7

    @Option(name: .customLong("family"),
            help: ArgumentHelp("Only this case (repeatable); default: all. Names: the families, their distinct-parameter "
                               + "cases (gamma-distinct, beta-distinct, dirichlet-distinct, studentt-distinct, "
                               + "vonmises-distinct, and the catalog's inversegamma-, chi2-, fishersnedecor-, inversegaussian-, generalizedgamma-, truncatednormal-distinct), the multivariate cases (mvn50-scaletril, mvn50-covariance, wishart5, lkj5, powerspherical50), the remaining torch-parity cases (relaxedbernoulli, relaxedcategorical, logisticnormal, onehotcategoricalst, transformed, lowrank50), plus histogram-render, heatmap-render, knob-nudge, grad-dirichlet, fit-gamma, gradvar-1000x1000, landscape-20.",
                               valueName: "name"))
    var families: [String] = []

    @Flag(help: "Print a JSON array instead of a table.")
    var json = false

    @Flag(help: "Time by process CPU time instead of wall time (for a busy machine; with more than one thread it adds the threads up).")
    var cpuTime = false

    @Flag(help: ArgumentHelp("With --threads 1: also report each engine case's serial fraction s, the share of rsample + backward's CPU time spent outside kernels that split across threads, and the two-thread bound 1/(s + (1 − s)/2) it sets (Amdahl; meaningful on a busy machine, unlike two-thread wall time)."))
    var serialFraction = false

    /// Every case name `--family` accepts.
    static let knownCases = (engineCases + distinctCases + multivariateCases + torchParityCases).map(\.family) + ["histogram-render", "heatmap-render", "knob-nudge",
                                                                               "grad-dirichlet", "fit-gamma", "gradvar-1000x1000", "landscape-20"]

    func validate() throws {
        for (name, value) in [("--threads", threads), ("--n", n), ("--repeat", repetitions)] where value <= 0 {
            throw ValidationError("\(name) needs a positive integer, got \(value)")
        }
        if serialFraction && threads != 1 {
            throw ValidationError("--serial-fraction measures on one thread; use it with --threads 1 (got --threads \(threads))")
        }
        let unknown = families.filter { !Self.knownCases.contains($0) }
        if !unknown.isEmpty {
            throw ValidationError("unknown case \(unknown.joined(separator: ", ")); known: \(Self.knownCases.joined(separator: ", "))")
        }
    }

    func wants(_ name: String) -> Bool { families.isEmpty || families.contains(name) }

    /// The options, or the process ends: 0 after `--help`, 2 with the message for a mistake.
    static func parseOrExit() -> Options {
        do {
            return try parse()
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data("reparam-bench: \(message(for: error))\nTry 'reparam-bench --help'.\n".utf8))
            Foundation.exit(2)
        }
    }
}
