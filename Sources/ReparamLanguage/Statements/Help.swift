import Foundation
import Dispatch
import Reparam

/// `:help`, `?name`, `:vars` and the other session commands.
extension Session {
    static let commandNames = ["help", "vars", "reset", "quit", "precision", "history", "time"] + exportCommands

    func command(_ name: String, _ argument: String, at range: SourceRange) throws -> Output {
        switch name {
        case "help":
            if argument.isEmpty { return Output(kind: .help, text: Session.overview, fields: [("text", .string(Session.overview))]) }
            return try help(argument, at: range)
        case "vars":
            return variablesListing()
        case "reset":
            interpreter.reset()
            lastPicture = nil
            lastDrawing = nil
            lastRendering = nil
            return Output(kind: .reset, text: "all variables cleared; seed \(interpreter.seed)")
        case "export", "export!":
            return try export(argument, replacing: name == "export!", at: range)
        case "quit", "exit", "q":
            return Output(kind: .quit, text: "")
        case "history":
            return history(argument, at: range)
        case "time":
            return try timed(argument, at: range)
        case "precision":
            guard let digits = Int(argument), (1...17).contains(digits) else {
                throw Diagnostic(":precision needs a number of significant digits from 1 to 17, e.g. :precision 4", at: range)
            }
            precision = digits
            return Output(kind: .command, text: "showing \(digits) significant digits",
                          fields: [("name", "precision"), ("argument", .string(argument))])
        default:
            if externalCommands.contains(name) {
                return Output(kind: .command, text: "", fields: [("name", .string(name)), ("argument", .string(argument))])
            }
            throw Diagnostic("unknown command ':\(name)'" + Suggestions.hint(for: name, among: Session.commandNames + externalCommands)
                             + (Suggestions.closest(to: name, among: Session.commandNames + externalCommands) == nil ? "; try :help" : ""),
                             at: range)
        }
    }

    /// `:history [N]`: the lines run so far (the last N), numbered as the session counts them.
    private func history(_ argument: String, at range: SourceRange) -> Output {
        let entries = transcript.enumerated().map { (number: $0.offset + 1, line: $0.element.input) }
            .filter { !$0.line.trimmingCharacters(in: .whitespaces).isEmpty }
        let count = Int(argument) ?? entries.count
        let shown = entries.suffix(max(0, count))
        guard !shown.isEmpty else { return Output(kind: .command, text: "no lines yet", fields: [("name", "history"), ("lines", .array([]))]) }
        let width = String(shown.last?.number ?? 1).count
        let text = shown.map { String(repeating: " ", count: width - String($0.number).count) + "\($0.number)  \($0.line)" }
        return Output(kind: .command, text: text.joined(separator: "\n"),
                      fields: [("name", "history"), ("lines", .array(shown.map { .string($0.line) }))])
    }

    /// `:time STATEMENT`: runs it and says how long it took (wall clock).
    private func timed(_ argument: String, at range: SourceRange) throws -> Output {
        guard !argument.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Diagnostic(":time needs a statement, e.g. :time grad mean(normal(0, 1).rsample(100000))", at: range)
        }
        // The statement's columns in the whole line, so carets point into it.
        let offset = max(0, interpreter.source.count - argument.count)
        let start = DispatchTime.now().uptimeNanoseconds
        var output: Output
        do {
            let statement = try Parser.statement(String(repeating: " ", count: offset) + argument, line: range.line)
            output = try execute(statement)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let took = "time " + NumberFormat.short(seconds, digits: 3) + " s"
        output.text = output.text.isEmpty ? took : output.text + "\n" + took
        output.fields.append(("seconds", .number(seconds)))
        return output
    }

    private func variablesListing() -> Output {
        let names = interpreter.order
        guard !names.isEmpty else { return Output(kind: .vars, text: "no variables yet; try let d = gamma(2, 3)", fields: [("variables", .object([]))]) }
        let width = names.map(\.count).max() ?? 0
        var lines: [String] = []
        var fields: [(String, JSON)] = []
        for name in names {
            guard let binding = interpreter.binding(name) else { continue }
            // One line per variable: matrix rows joined, summaries kept to their first line.
            let text = format.value(binding.value)
            let shown = text.hasPrefix("[[") ? text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                : text.split(separator: "\n").first.map(String.init) ?? ""
            lines.append(name + String(repeating: " ", count: width - name.count) + "  " + shown)
            fields.append((name, JSON.object(valueFields(binding.value))))
        }
        let parameters = interpreter.parameters
        if !parameters.isEmpty {
            lines.append("parameters: " + parameters.map(\.name).joined(separator: ", "))
        }
        return Output(kind: .vars, text: lines.joined(separator: "\n"), fields: [("variables", .object(fields))])
    }

    /// `?name`: what a built-in, family, method or statement is and a line to try.
    func help(_ topic: String, at range: SourceRange) throws -> Output {
        let text: String
        var fields: [(String, JSON)] = []
        var name = topic.split(separator: ".").last.map(String.init) ?? topic
        // `?d` for a bound distribution: the help of its family.
        if case let .distribution(distribution)? = interpreter.binding(topic)?.value { name = distribution.family.constructor }
        if let family = Family.named(name) {
            text = FamilyHelp.text(family)
            fields = [("family", FamilyHelp.json(family))]
        } else if let builtin = interpreter.builtins[name] {
            text = "\(builtin.signature)\n\(builtin.summary)\nexample: \(builtin.example)"
        } else if let entry = Session.topics[name] {
            text = entry
        } else {
            let candidates = Array(interpreter.builtins.keys) + Array(Session.topics.keys)
            throw Diagnostic("no help for '\(topic)'" + Suggestions.hint(for: name, among: candidates) + "; :help lists the topics",
                             at: range)
        }
        return Output(kind: .help, text: text, fields: [("topic", .string(topic)), ("text", .string(text))] + fields)
    }

    static let overview = """
        statements:  let NAME = EXPR · EXPR · grad EXPR [using pathwise|implicit|explicit|score|mvd …]
                     gradvar EXPR [reps N] · gradcheck EXPR
                     minimize EXPR [steps N] [lr η] [using adam|sgd] · fit Q to TARGET [steps N] [lr η]
                     hist EXPR, … [bins N] [samples N] · plot EXPR, … for x in A..B [log x|y|xy]
                     sweep d.loc from A to B [steps N] · velocity d.PARAM · knob d.PARAM | NAME
                     seed N · pace 20ms · ?NAME
        commands:    :help [topic] · :vars · :history · :time STATEMENT · :reset · :precision N
                     :save NAME · :load FILE · :replay FILE · :export FILE · :quit
        more help:   :help commands · :help keys · :help functions · ?NAME or NAME? · ans is the last value
        families:    \(familyLines)
        methods:     d.sample(n) d.rsample(n) d.log_prob(x) d.cdf(x) d.icdf(p) d.entropy() d.mean d.variance
        try:         let d = normal(1, 2) · grad mean(d.rsample(1000)^2)
        """

    static let optimizationDefaults = "Defaults: steps \(defaultSteps), lr \(NumberFormat.short(defaultAdamRate)) with adam "
        + "(\(NumberFormat.short(defaultSGDRate)) with sgd), \(fitSamples) draws a step; the loss axis is log when losses span two decades."

    static let commandsHelp = """
        :help [TOPIC]      this overview, or one topic (:help commands, :help keys, :help functions, ?NAME)
        :vars              the variables and the parameters
        :history [N]       the lines run so far (the last N)
        :time STATEMENT    runs STATEMENT and says how long it took
        :precision N       significant digits shown (1 to 17; default 6)
        :reset             forgets every variable and restarts the seed
        :save NAME         writes the session to Sessions/NAME.reparam (:save! replaces it)
        :load FILE         runs a saved session or a script
        :replay FILE       steps through a saved session
        :quit              leaves (also :exit, :q, Ctrl-D)
        """

    static let keysHelp = """
        at the prompt:  Tab completes (names, methods the family has, keywords, files after :load)
                        Up/Down history · Ctrl-R searches it · Ctrl-C clears the line or stops a run
                        PageUp/PageDown scroll the results · Ctrl-L redraws · Ctrl-Z suspends · Ctrl-D leaves
        in a replay:    space/Enter/→ next (space pauses under --pace) · ←/b back · N Enter step N
                        g/Home start · G/End end · PageUp/PageDown scroll · : live prompt, Esc back · q leaves
        """

    static let lambdasHelp = """
        (x) => EXPR, (x, k) => EXPR: a function, where one is needed (from_cdf's CDF, plot).
        example: let w = from_cdf((x, k) => 1 - exp(-(x/2)^k), k: 1.5, low: 0)
        """

    /// The math functions with their one-line summaries, and the lambda syntax.
    static var functionsHelp: String {
        let registry = { () -> [String: Builtin] in var r = BuiltinRegistry(); r.addMath(); r.addExpectation(); r.addBijections(); r.addPosterior(); return r.functions }()
        let width = registry.values.map(\.signature.count).max() ?? 0
        return registry.values.sorted { $0.name < $1.name }.map { builtin in
            // The summary's first line (?name shows the rest).
            builtin.signature + String(repeating: " ", count: width - builtin.signature.count) + "  " + (builtin.summary.split(separator: "\n").first.map(String.init) ?? "")
        }.joined(separator: "\n") + "\n" + lambdasHelp
    }

    /// The constructors of `Family.all`, wrapped to fit 80 columns under the overview's indent.
    static var familyLines: String {
        var lines: [String] = [], line = ""
        for name in Family.all.map(\.constructor) {
            if !line.isEmpty, line.count + name.count + 1 > 64 { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + name
        }
        return (lines + [line]).joined(separator: "\n" + String(repeating: " ", count: 13))
    }

    static let topics: [String: String] = [
        "let": "let NAME = EXPR binds a name. A number or vector written out becomes a parameter (grad reports it);\nexample: let a = 2",
        "grad": "grad EXPR [using pathwise|implicit|explicit|score|mvd|rebar|straight_through] [baseline mean|loo|optimal] [control delta] [coupling on|off]:\nthe value of EXPR and its gradient with respect to every parameter it depends on. pathwise differentiates\nthrough rsample as each family does; score is REINFORCE, with a baseline (a moving average, leave-one-out,\nor the variance-optimal constant) and the delta-method control variate; mvd is the measure-valued derivative\n(Normal, Exponential, Gamma, Weibull, Bernoulli, Categorical, Poisson), its two parts coupled or not; rebar is\nREBAR on a Bernoulli's or Categorical's draws, mean(f(b.sample(n))), where a Categorical's f sees the index\n(its relaxation as the soft index Σ k·πₖ, so f must take values between categories); straight_through is the\nbiased straight-through gradient on a Categorical's one-hot draws (f sees the index). Baselines, control, mvd,\nrebar and straight_through need the form mean(f(d.rsample(n))).\nexample: grad mean((normal(0.5, 1).rsample(100) - 2)^2) using score baseline loo",
        "gradvar": "gradvar EXPR [reps N, default \(defaultRepetitions)]: mean, standard deviation and standard error of each gradient over N draws, per estimator.\nOn mean(f(d.rsample(n))): pathwise, score with baselines (mean, loo, optimal), the delta control variate, mvd\n(coupled and not) and, for a Bernoulli or Categorical, rebar (and straight_through for a Categorical), each judged against the exact gradient\n(quadrature, or enumeration of a finite support): bias ± standard error, mean squared error, and ok when the bias\nis within 4 SE.\nexample: gradvar mean(normal(1, 2).rsample(100)^2) reps 50",
        "gradcheck": "gradcheck EXPR: the pathwise gradient next to central finite differences of the expectation (common random numbers).\nexample: gradcheck mean(normal(1, 2).rsample(10000)^2)",
        "minimize": "minimize EXPR [steps N] [lr η] [using adam|sgd] [loss log|linear]: gradient descent on the parameters EXPR depends on,\nwith fresh draws each step; constrained parameters move in unconstrained space. \(optimizationDefaults)\nexample: minimize mean((normal(0, 1).rsample(256) - 3)^2) steps 300",
        "fit": "fit Q to TARGET [steps N] [lr η] [using adam|sgd] [loss log|linear]: fits distribution Q by reverse KL when TARGET is a\n"
            + "distribution, by maximum likelihood when it is data, and by the ELBO when it is posterior(z => log p(x, z)) (variational\n"
            + "inference; see ?posterior). Then using takes estimators of the ELBO's gradient, stl (the default), pathwise, score [baseline\n"
            + "mean|loo|optimal], mvd, … (as in grad), several separated by commas to run side by side from the same start and the same\n"
            + "random numbers, with adam or sgd among them; samples N sets the draws a step. \(optimizationDefaults)\n"
            + "example: let q = normal(0, 1) · fit q to normal(3, 0.5) steps 500 · fit q to posterior(z => -3*z^2 + 5.7*z) using stl, pathwise steps 300",
        "rsample": "d.rsample(n): n draws that carry gradients to d's parameters (explicitly or implicitly reparameterized);\n"
            + "d.rsample([n, m]) for a sample shape. A draw may take up to half this machine's memory (about 80 bytes a value with\n"
            + "its gradients); one above 10 million values is made 10 million at a time, reports progress and stops at Ctrl-C.",
        "sample": "d.sample(n): n draws without gradients; use rsample to differentiate.",
        "log_prob": "d.log_prob(x): log density at x.", "cdf": "d.cdf(x): P(Z ≤ x).", "icdf": "d.icdf(p): the quantile function.",
        "entropy": "d.entropy(): the differential entropy.", "mean": "d.mean: the mean.",
        "variance": "d.variance: the variance. For von_mises, the variance of the angle around loc, E[(z − loc)²] with z − loc\n"
            + "wrapped to [−π, π): π²/3 for uniform angles, about 1/κ when concentrated (see ?circular_variance).",
        "circular_variance": "d.circular_variance: for von_mises, 1 − I₁(κ)/I₀(κ) = 1 − E[cos(z − loc)], the spread on the circle,\n"
            + "in [0, 1] (0 for a point mass, 1 for uniform angles); about half of d.variance when κ is large.\n"
            + "example: von_mises(0, 4).circular_variance",
        "seed": "seed N: restarts the random stream, so every later draw is reproducible.",
        "hist": "hist EXPR, … [bins N] [samples N]: a histogram of a tensor, or of draws of a distribution with its density over it;\n"
            + "several overlay on shared bins; a 2-D distribution or an [n, 2] sample draws a heat map with the exact density's contours;\n"
            + "a circular one (von_mises) draws angles on [-π, π) with the wrap shown.\n"
            + "Defaults: samples \(defaultHistogramSamples); bins by Freedman–Diaconis, at least 2·n^(1/3) (Rice), at most what the width shows.\n"
            + "example: hist normal(0, 1), gamma(3, 2) · let d = dirichlet([2, 3, 4]) · hist d.rsample(5000)[:, 0:2]",
        "plot": "plot EXPR, … for x in A..B [points N, default \(defaultPlotPoints)] [log x|y|xy]: curves of expressions in x, on log\n"
            + "axes if asked; a curve that reduces (mean, sum) is evaluated at each x on its own.\n"
            + "example: plot normal(0, 1).cdf(x) for x in -3..3 · plot exp(-x) for x in 0.1..100 log y",
        "velocity": "velocity d.PARAM [samples N]: dz/dθ of each sample against z beside the histogram: how fast each quantile\n"
            + "moves as the parameter moves with its uniform held fixed, −(∂F/∂θ)/p. Its mean is dE[z]/dθ.\n"
            + "On a 2-D (or larger) event, a quiver: the mean velocity of (z₁, z₂) per box over the samples' heat map; name one\n"
            + "number of a vector parameter by its index.\n"
            + "example: let g = gamma(2, 1) · velocity g.concentration · let d = dirichlet([2, 3, 4]) · velocity d.concentration[0]",
        "knob": "knob d.PARAM [step S] [samples N]: ←/→ nudge the parameter by the step and ↑/↓ make the step 10× larger\n"
            + "or smaller; the histogram, density and velocity redraw from the same uniforms. Enter keeps the value\n"
            + "(recorded as a plain let), Esc puts it back. knob NAME [step S] turns a number bound by let and redraws the last\n"
            + "hist or plot from the same random numbers (a correlation turning a 2-D cloud).\n"
            + "example: let g = gamma(2, 1) · knob g.concentration · let m = 1 · hist normal(m, 1) · knob m",
        "export": ":export FILE writes the last picture as .txt, .ans (with colors), .svg or .html; :export! FILE replaces an existing file.",
        "sweep": "sweep PARAM from A to B [steps N, default \(defaultSweepSteps)] [then STATEMENT]: redraws STATEMENT (default: the last plot or hist) as PARAM moves.",
        "commands": commandsHelp, "keys": keysHelp, "functions": functionsHelp, "lambdas": lambdasHelp,
        "ans": "ans: the value of the last bare expression (2 + 3, then ans * 2).",
        "pace": "pace 20ms: the delay between animation frames of sweep, and once set, between the steps of a live fit or minimize (pace 0ms for full speed).",
    ]
}
