import Foundation
@preconcurrency import SwiftGlibc   // stdin, stdout, stderr
@preconcurrency import _CNcurses

/// The ncurses screen of the pane: draws the plot, the rule, the scrollback and the input
/// line into the regions `PaneLayout` gives for the current size.
///
/// Only the main thread touches it. Everything is drawn on `stdscr`; ncurses sends the
/// terminal only the cells that changed, so a redraw of the whole screen is cheap.
final class PaneScreen {
    private(set) var layout: PaneLayout
    /// The picture in the pane (the last plot or live frame).
    var plot: [String] = []
    var scrollback = Scrollback()
    /// Shown in the rule while an evaluation runs.
    var isEvaluating = false
    /// Shown in the rule after Ctrl-C, until the evaluation returns.
    var isStopping = false
    /// Replaces the rule's usual text (the replay shows its step and keys there).
    var ruleLabel: String?
    /// Rows shown over the bottom of the scrollback until the next key (Tab's completion
    /// candidates): never part of the scrollback, so they vanish without a trace.
    var transientRows: [String] = []
    /// How many rows the scrollback is scrolled back from the newest (PageUp / PageDown).
    private(set) var scrolledBack = 0
    let unicode: Bool
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>

    /// Whether plot colors are drawn (the terminal has colors and `NO_COLOR` is not set).
    private(set) var drawsColor = false

    /// The terminal's descriptor (stdout itself may be captured, see `OutputCapture`).
    private let terminal: Int32
    private let terminalFile: UnsafeMutablePointer<FILE>
    /// The terminal's modes while the pane runs, kept across Ctrl-Z.
    private var programModes = termios()

    /// Takes over the terminal on descriptor `terminal`; nil when ncurses cannot (unknown
    /// `TERM`, not a terminal).
    init?(color: Bool, terminal: Int32) {
        self.terminal = terminal
        guard let file = fdopen(dup(terminal), "w") else { return nil }
        terminalFile = file
        setlocale(LC_ALL, "")
        unicode = String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
        guard let screen = newterm(nil, file, stdin) else {
            fclose(file)
            return nil
        }
        self.screen = screen
        set_term(screen)
        guard let window = reparam_stdscr() else { return nil }
        self.window = window
        raw()          // Ctrl-C arrives as a key, not as SIGINT
        noecho()
        nonl()
        keypad(window, false)   // escape sequences go to readline, which parses them itself
        meta(window, true)
        layout = PaneLayout(columns: Int(reparam_getmaxx(window)), rows: Int(reparam_getmaxy(window)))
        if color && has_colors() {
            start_color()
            use_default_colors()
            for ansi in 0..<8 { init_pair(Int16(ansi + 1), Int16(ansi), -1) }   // pair n+1: color n on the default background
            drawsColor = true
        }
    }

    /// What to write to the terminal if the program dies of a signal (no ncurses calls then).
    var restoreSequence: String {
        let capabilities: [String] = ["sgr0", "cnorm", "rmcup"]
        return capabilities.map { name in String(cString: reparam_tigetstr(name)) }.joined() + "\u{1B}[?2004l"
    }

    /// Leaves ncurses mode (normal way out).
    func stop() {
        endwin()
        fputs("\u{1B}[?2004l", terminalFile)
        fflush(terminalFile)
        delscreen(screen)
    }

    /// Gives the terminal back for a while (Ctrl-Z): normal screen and modes.
    func leaveTemporarily() {
        tcgetattr(terminal, &programModes)
        endwin()
        fputs("\u{1B}[?2004l", terminalFile)
        fflush(terminalFile)
        TerminalRestorer.restoreSavedModes()   // the shell's modes, as on the way in
    }

    /// Takes the terminal again after `leaveTemporarily` and repaints all of it.
    /// The modes are put back by hand: ncurses' `reset_prog_mode` returned an error here
    /// after a stop (errno ENOTTY) and left the terminal in line mode.
    func resumeAfterLeaving() {
        var programModes = programModes
        while tcsetattr(terminal, TCSADRAIN, &programModes) != 0 && errno == EINTR {}
        enableBracketedPaste()
        clearok(window, true)
    }

    /// Turns bracketed paste on, so a paste reaches readline as one block.
    func enableBracketedPaste() {
        fputs("\u{1B}[?2004h", terminalFile)
        fflush(terminalFile)
    }

    /// Reads one key within `milliseconds` (0: don't wait); nil when none came.
    func readKey(milliseconds: Int32) -> Int32? {
        wtimeout(window, milliseconds)
        let key = wgetch(window)
        return key == ERR ? nil : key
    }

    /// Adopts the terminal's new size and redraws everything.
    func resize() {
        var size = winsize()
        // resizeterm queues a KEY_RESIZE; calling it only on a real change keeps that from looping.
        if ioctl(terminal, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0,
           is_term_resized(Int32(size.ws_row), Int32(size.ws_col)) {
            resizeterm(Int32(size.ws_row), Int32(size.ws_col))
        }
        layout = PaneLayout(columns: Int(reparam_getmaxx(window)), rows: Int(reparam_getmaxy(window)))
        clearok(window, true)
    }

    /// Redraws the pane, the rule and the scrollback (the input line is drawn by `drawInput`).
    func drawAll() {
        werase(window)
        if layout.showsPane { drawPlot() }
        drawRule()
        let transient = transientRows.prefix(max(0, layout.scrollbackRows - 1)).flatMap { TerminalText.wrap($0, columns: layout.columns) }
            .suffix(max(0, layout.scrollbackRows - 1))
        let rows = scrollback.visibleStyledRows(columns: layout.columns, rows: layout.scrollbackRows - transient.count,
                                                scrolledBack: scrolledBack)
        for (offset, row) in rows.enumerated() {
            put(row.text, row: layout.scrollbackTop + offset, role: row.role)
        }
        for (offset, row) in transient.enumerated() {
            put(row, row: layout.scrollbackTop + rows.count + offset, role: .comment)
        }
    }

    /// A scrollback row in its role's look: comments dim (and cyan where colour is drawn), errors red
    /// (bold without colour).
    private func put(_ text: String, row: Int, role: Scrollback.Role) {
        switch role {
        case .output:
            put(text, row: row)
        case .comment:
            reparam_attr_on(window, 1)
            if drawsColor { reparam_color_on(window, 7) }
            put(text, row: row)
            if drawsColor { reparam_color_off(window, 7) }
            reparam_attr_off(window, 1)
        case .error:
            if drawsColor { reparam_color_on(window, 2) } else { reparam_attr_on(window, 0) }
            put(text, row: row)
            if drawsColor { reparam_color_off(window, 2) } else { reparam_attr_off(window, 0) }
        }
    }

    /// Scrolls the scrollback by `rows` (positive: back to older rows), within its length.
    func scroll(by rows: Int) {
        let hidden = max(0, scrollback.rowCount(columns: layout.columns) - layout.scrollbackRows)
        scrolledBack = min(max(scrolledBack + rows, 0), hidden)
    }

    /// Adds results to the scrollback and shows the newest rows.
    func append(_ text: String, as role: Scrollback.Role = .output) {
        scrollback.append(text, as: role)
        scrolledBack = 0
    }

    /// Makes the next refresh repaint every cell (Ctrl-L, after a resize).
    func repaintEverything() {
        clearok(window, true)
    }

    /// Redraws only the picture (live frames).
    func drawPlot() {
        guard layout.showsPane else { return }
        for row in 0..<layout.paneRows {
            wmove(window, Int32(row), 0)
            wclrtoeol(window)
        }
        if plot.isEmpty {
            let hint = "plots appear here"
            reparam_attr_on(window, 1)
            put(hint, row: layout.paneRows / 2, column: max(0, (layout.columns - hint.count) / 2))
            reparam_attr_off(window, 1)
            return
        }
        for (row, line) in plot.prefix(layout.paneRows).enumerated() {
            putStyled(line, row: row)
        }
    }

    /// The rule under the pane, or the too-small notice.
    func drawRule() {
        guard let row = layout.ruleRow else { return }
        wmove(window, Int32(row), 0)
        wclrtoeol(window)
        reparam_attr_on(window, 1)
        if let notice = layout.notice {
            put(notice, row: row)
        } else {
            let dash = unicode ? "─" : "-"
            let label = ruleLabel.map { " \($0) " } ?? (isStopping ? " stopping · Ctrl-C twice more leaves reparam "
                : isEvaluating ? " running · Ctrl-C stops "
                : scrolledBack > 0 ? " scrolled back \(scrolledBack) rows · PageDown returns "
                : " reparam · Tab completes · Ctrl-R searches · Ctrl-D quits ")
            let text = dash + dash + label
            put(text + String(repeating: dash, count: max(0, layout.columns - text.count)), row: row)
        }
        reparam_attr_off(window, 1)
    }

    /// Draws the input line: `prompt` then `text`, scrolled sideways so the cursor (a
    /// character offset into `text`) stays visible, and leaves the terminal cursor there.
    func drawInput(prompt: String, text: String, cursor: Int) {
        let row = layout.inputRow
        let width = max(layout.columns - 1, 1)
        let visibleText = text.map { $0 == "\n" ? (unicode ? "↵" : "|") : String($0) }.joined()
        let full = prompt + visibleText
        let cursorColumn = prompt.count + min(cursor, text.count)
        let shift = cursorColumn >= width ? cursorColumn - width + 1 : 0
        wmove(window, Int32(row), 0)
        wclrtoeol(window)
        put(String(full.dropFirst(shift)), row: row)
        wmove(window, Int32(row), Int32(cursorColumn - shift))
    }

    /// Sends what changed to the terminal.
    func refresh() {
        wrefresh(window)
    }

    /// Draws a line with its ANSI colors as ncurses attributes (or plain, without colors).
    private func putStyled(_ line: String, row: Int) {
        guard drawsColor else { return put(TerminalText.stripEscapes(line), row: row) }
        var column = 0
        for run in StyledText.runs(line) where column < layout.columns {
            let pair = Int16((run.color ?? -1) + 1)
            if pair > 0 { reparam_color_on(window, pair) }
            if run.bold { reparam_attr_on(window, 0) }
            if run.dim { reparam_attr_on(window, 1) }
            put(run.text, row: row, column: column)
            if run.dim { reparam_attr_off(window, 1) }
            if run.bold { reparam_attr_off(window, 0) }
            if pair > 0 { reparam_color_off(window, pair) }
            column += run.text.count
        }
    }

    private func put(_ text: String, row: Int, column: Int = 0) {
        guard row >= 0, row < layout.rows, column < layout.columns else { return }
        // Outside a UTF-8 locale ncurses would draw each byte of a character as a cell or more.
        let drawable = unicode ? text : TerminalText.ascii(text)
        let clipped = TerminalText.clip(drawable, columns: layout.columns - column)
        reparam_mvwaddstr(window, Int32(row), Int32(column), clipped)
    }
}
