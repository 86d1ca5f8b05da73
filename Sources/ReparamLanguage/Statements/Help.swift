import Foundation
import Reparam

/// `:help`, `?name`, `:vars` and the other session commands.
extension Session {
    static let commandNames = ["help", "vars", "reset", "quit", "precision"] + exportCommands

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
        statements:  let NAME = EXPR · EXPR · grad EXPR [using pathwise|implicit|explicit|score]
                     gradvar EXPR [reps N] · gradcheck EXPR
                     minimize EXPR [steps N] [lr η] [using adam|sgd] · fit Q to TARGET [steps N] [lr η]
                     hist EXPR, … [bins N] [samples N] · plot EXPR, … for x in A..B [log x|y|xy]
                     sweep d.loc from A to B [steps N] · velocity d.PARAM · knob d.PARAM
                     seed N · pace 20ms · ?NAME
        commands:    :help [topic] · :vars · :reset · :precision N · :save NAME · :load FILE
                     :export FILE · :quit
        families:    \(familyLines)
        methods:     d.sample(n) d.rsample(n) d.log_prob(x) d.cdf(x) d.icdf(p) d.entropy() d.mean d.variance
        try:         let d = normal(1, 2) · grad mean(d.rsample(1000)^2)
        """

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
        "grad": "grad EXPR [using pathwise|implicit|explicit|score]: the value of EXPR and its gradient with respect to\nevery parameter it depends on. pathwise differentiates through rsample as each family does; score is REINFORCE.\nexample: grad mean(normal(1, 2).rsample(1000)^2)",
        "gradvar": "gradvar EXPR [reps N]: mean, standard deviation and standard error of each gradient over N draws, per estimator.\nexample: gradvar mean(normal(1, 2).rsample(100)^2) reps 50",
        "gradcheck": "gradcheck EXPR: the pathwise gradient next to central finite differences of the expectation (common random numbers).\nexample: gradcheck mean(normal(1, 2).rsample(10000)^2)",
        "minimize": "minimize EXPR [steps N] [lr η] [using adam|sgd]: gradient descent on the parameters EXPR depends on,\nwith fresh draws each step; constrained parameters move in unconstrained space.\nexample: minimize mean((normal(0, 1).rsample(256) - 3)^2) steps 300",
        "fit": "fit Q to TARGET: fits distribution Q by reverse KL when TARGET is a distribution, by maximum likelihood when it is data.\nexample: let q = normal(0, 1) · fit q to normal(3, 0.5) steps 500",
        "rsample": "d.rsample(n): n draws that carry gradients to d's parameters (explicitly or implicitly reparameterized).",
        "sample": "d.sample(n): n draws without gradients; use rsample to differentiate.",
        "log_prob": "d.log_prob(x): log density at x.", "cdf": "d.cdf(x): P(Z ≤ x).", "icdf": "d.icdf(p): the quantile function.",
        "entropy": "d.entropy(): the differential entropy.", "mean": "d.mean: the mean.", "variance": "d.variance: the variance.",
        "seed": "seed N: restarts the random stream, so every later draw is reproducible.",
        "hist": "hist EXPR, … [bins N] [samples N]: a histogram of a tensor, or of draws of a distribution with its density over it;\n"
            + "several overlay on shared bins; a 2-D distribution or an [n, 2] sample draws a heat map with the exact density's contours;\n"
            + "a circular one (von_mises) draws angles on [-π, π) with the wrap shown.\nexample: hist normal(0, 1), gamma(3, 2) · hist d.rsample(5000)[:, 0:2]",
        "plot": "plot EXPR, … for x in A..B [points N] [log x|y|xy]: curves of expressions in x, on log axes if asked.\nexample: plot normal(0, 1).cdf(x) for x in -3..3 · plot exp(-x) for x in 0.1..100 log y",
        "velocity": "velocity d.PARAM [samples N]: dz/dθ of each sample against z beside the histogram: how fast each quantile\n"
            + "moves as the parameter moves with its uniform held fixed, −(∂F/∂θ)/p. Its mean is dE[z]/dθ.\nexample: velocity gamma(2, 1).concentration",
        "knob": "knob d.PARAM [step S] [samples N]: in the pane, ←/→ nudge the parameter by the step and ↑/↓ make the step\n"
            + "10× larger or smaller; the histogram, density and velocity redraw from the same uniforms. Enter keeps the value\n"
            + "(recorded as a plain let), Esc puts it back.\nexample: let g = gamma(2, 1) · knob g.concentration",
        "export": ":export FILE writes the last picture as .txt, .ans (with colors), .svg or .html; :export! FILE replaces an existing file.",
        "sweep": "sweep PARAM from A to B [steps N] [then STATEMENT]: redraws STATEMENT (default: the last plot or hist) as PARAM moves.",
        "pace": "pace 20ms: the delay between animation frames of sweep, and once set, between the steps of a live fit or minimize (pace 0ms for full speed).",
    ]
}
