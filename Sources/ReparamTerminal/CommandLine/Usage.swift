/// The text of `reparam --help` and `reparam --version`.
public enum Usage {
    public static let version = "reparam 0.1.0"

    public static let help = """
    reparam — reparameterization gradients, interactively

    Usage:
      reparam                     interactive: plot pane + prompt in a terminal,
                                  plain answers on stdout when stdin is a pipe
      reparam run FILE            run a script (FILE or - for stdin); stops with a
                                  non-zero status at the first error
      reparam -e STATEMENT ...    run statements given on the command line (repeatable)
      reparam lessons             list the course (Sessions/*.reparam) with titles
      reparam replay [--pace SECONDS] FILE|N|NAME
                                  step through a saved session or lesson N (replay 3,
                                  replay 03-gamma): space/→ next, ←/b back, q quits;
                                  --pace plays it
      reparam replay --check [--tolerance X] FILE...
                                  re-run sessions, report differences (exit 1 on any)
      reparam replay --record FILE
                                  rewrite FILE's outputs with what its commands produce

    Options:
      --plain          no plot pane: readline prompt only, plots print as text
      --json           with run and -e: one JSON object per statement on stdout
      -k, --keep-going with run and -e: run on after an error (exit status 1 if any failed)
      -h, --help       show this help
      -V, --version    show the version

    Keys at the prompt:
      Tab          complete names, commands and methods: d.rs → d.rsample(
      Ctrl-R       search the history          Up/Down   previous/next line
      Ctrl-C       clear the line, or stop a running evaluation (three times: leave)
      PageUp/Down  scroll the results (plot pane)   Ctrl-L  redraw the screen
      Ctrl-Z       suspend (fg resumes)        Ctrl-D    leave

    Sessions: :save NAME writes Sessions/NAME.reparam (never over an existing file;
    :save! NAME replaces it), :load FILE runs a session's commands.

    Exit status: 0 success, 1 a statement failed (run, -e) or a session differs (replay
    --check), 2 a bad command line or file.

    History is kept in $XDG_STATE_HOME/reparam/history (or ~/.local/state/reparam/history).
    """
}
