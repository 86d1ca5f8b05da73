import ReparamLanguage

/// What the pane's knob mode asks of the language: after a `knob` statement, arrow keys nudge
/// the parameter and change the step, Enter keeps the value (the language hands back the `let`
/// statement that sets it, which the pane then runs like a typed line, so it is recorded), Esc
/// puts the old value back.
///
///     if let knobs = evaluator as? KnobControl, knobs.isTurningKnob {
///         screen.plot = knobs.knob(.nudgeUp).picture
///     }
public protocol KnobControl: AnyObject {
    /// Whether the last statement left a knob waiting for keys.
    var isTurningKnob: Bool { get }
    /// Acts on one key; the new picture, and the statement to run when the knob is left with Enter.
    func knob(_ key: KnobKey) -> (picture: [String], settled: String?)
}

/// The keys knob mode understands.
public enum KnobKey: Equatable, Sendable {
    /// ← and → (or h and l): one step down or up.
    case nudgeDown, nudgeUp
    /// ↑ and ↓ (or k and j): the step times 10 or divided by 10.
    case biggerStep, smallerStep
    /// Enter keeps the value; Esc (or q) restores it.
    case keep, undo
    /// Redraw at the current size (after a resize).
    case redraw

    /// The key for the bytes of one keystroke: ESC [ C, ESC O D, Enter, Esc, h j k l q; nil for anything else.
    ///
    ///     KnobKey(bytes: [27, 91, 67])   // .nudgeUp
    public init?(bytes: [Int32]) {
        switch bytes {
        case [27, 91, 67], [27, 79, 67], [108]: self = .nudgeUp
        case [27, 91, 68], [27, 79, 68], [104]: self = .nudgeDown
        case [27, 91, 65], [27, 79, 65], [107]: self = .biggerStep
        case [27, 91, 66], [27, 79, 66], [106]: self = .smallerStep
        case [13], [10]: self = .keep
        case [27], [113]: self = .undo
        default: return nil
        }
    }
}

extension SessionEvaluator: KnobControl {
    public var isTurningKnob: Bool { session.isTurningKnob }

    public func knob(_ key: KnobKey) -> (picture: [String], settled: String?) {
        switch key {
        case .nudgeUp: return (session.nudgeKnob(steps: 1), nil)
        case .nudgeDown: return (session.nudgeKnob(steps: -1), nil)
        case .biggerStep: return (session.scaleKnobStep(by: 10), nil)
        case .smallerStep: return (session.scaleKnobStep(by: 0.1), nil)
        case .redraw: return (session.nudgeKnob(steps: 0), nil)
        case .keep: return ([], session.leaveKnob(keep: true))
        case .undo: _ = session.leaveKnob(keep: false); return ([], nil)
        }
    }
}

/// The pane reaches the evaluator only through its host: the knob goes through the same lock.
extension EvaluatorHost: KnobControl {
    var isTurningKnob: Bool { withEvaluator { ($0 as? KnobControl)?.isTurningKnob ?? false } }

    func knob(_ key: KnobKey) -> (picture: [String], settled: String?) {
        withEvaluator { ($0 as? KnobControl)?.knob(key) ?? ([], nil) }
    }
}
