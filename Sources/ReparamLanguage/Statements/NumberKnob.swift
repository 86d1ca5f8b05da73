import Foundation
import Reparam
import ReparamPlots

/// `knob a` for a number bound by let: the last `hist` or `plot` redrawn at every nudge from the
/// point of the random stream it was drawn from, so its first frame is the picture on screen and
/// the same noise then moves with the number (common random numbers, as `sweep` draws its
/// frames). A knob frame never consumes the stream.
///
///     let r = 0.5
///     let d = multivariate_normal([0, 0], covariance: [[1, r], [r, 1]])
///     hist d
///     knob r        # the same ε through z = L(r) ε: the cloud tilts as r turns
///
/// Leaving with Enter gives back `let r = 0.7`, which the terminal runs, so the exploration
/// replays and checks like any other session (the old binding keeps its value, as in a replay:
/// redraw after rebinding what depends on r); Esc puts the number back. A value the picture
/// cannot be drawn at (a covariance that is no longer positive definite) is refused, and the
/// refusal names the reason.
extension Session {
    func startNumberKnob(_ target: Expression, name: String, step: Double?) throws -> Output {
        if case let .distribution(distribution)? = interpreter.binding(name)?.value {
            let example = distribution.parameters.first.map { "knob \(name).\($0.name)" } ?? "knob d.concentration"
            throw Diagnostic("knob turns a distribution's parameter or a number bound by let; \(name) is a distribution: "
                             + "name one of its parameters, e.g. \(example)", at: target.range)
        }
        guard case .tensor? = interpreter.binding(name)?.value, let parameter = try? sweptParameter(target) else {
            throw Diagnostic("knob turns a number bound by let (let \(name) = 0.5) or a distribution's parameter; "
                             + "\(name) is neither", at: target.range)
        }
        guard let start = parameter.value.scalar else {
            throw Diagnostic("knob turns one number; \(name) has shape \(parameter.value.shape)", at: target.range)
        }
        guard let picture = lastPicture, Self.redrawable(picture) else {
            throw Diagnostic("knob \(name) redraws the last hist or plot as \(name) turns: draw one that depends on \(name) first, "
                             + "e.g. let d = normal(\(name), 1) then hist d", at: target.range)
        }
        let chosen = step ?? NiceStep.atLeast(abs(start) > 0 ? abs(start) / 10 * 0.99 : 0.1).value
        let turned = Knob(target: target, owner: target, parameterName: name, parameter: parameter, uniforms: [], step: chosen,
                          range: start...start)
        turned.redraws = picture
        turned.stream = lastPictureStream ?? interpreter.stream
        knob = turned
        let lines = knobFrame()
        guard turned.refusal == nil else {
            knob = nil
            throw Diagnostic("knob \(name) cannot redraw the last picture: \(turned.refusal ?? "")", at: target.range)
        }
        let text = lines.joined(separator: "\n")
        return Output(kind: .plot, text: text, fields: [("text", .string(text)), ("parameter", .string(name)),
                                                       ("value", .number(start)), ("step", .number(chosen))], plot: lines)
    }

    static func redrawable(_ picture: Statement) -> Bool {
        switch picture.kind {
        case .histogram, .plot: return true
        default: return false
        }
    }

    /// The last picture at the knob's value, drawn from the stream as it stood when the knob was
    /// taken (and left there); nil with `refusal` set when it cannot be drawn.
    func numberKnobPicture(_ knob: Knob, style: PlotStyle) -> [String]? {
        guard let picture = knob.redraws, let stream = knob.stream else { return nil }
        let kept = (plotStyle, interpreter.stream)
        interpreter.refreshed = [:]
        interpreter.stream = stream
        plotStyle = style
        defer {
            interpreter.refreshed = nil
            (plotStyle, interpreter.stream) = kept
        }
        do {
            return try self.picture(picture).plot ?? []
        } catch let diagnostic as Diagnostic {
            knob.refusal = diagnostic.message
        } catch {
            knob.refusal = EngineMessages.message(of: error)
        }
        return nil
    }
}
