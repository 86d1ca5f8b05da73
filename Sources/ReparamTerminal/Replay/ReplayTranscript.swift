import Foundation
import ReparamLanguage

/// A replay without a terminal: the session printed as it runs, the way a person would have
/// seen it (comments, `reparam> COMMAND`, then its output), optionally `pace` seconds apart.
///
///     ReplayTranscript.play(file, pace: nil) { print($0) }
enum ReplayTranscript {
    /// Runs `file` and hands each piece of its transcript to `write`, in order.
    static func play(_ file: SessionFile, pace: Double?, write: (String) -> Void) {
        if let title = file.title { write("# \(title)") }
        var replay = SessionReplay(file)
        var first = true
        while let played = replay.next() {
            if !first, let pace { Thread.sleep(forTimeInterval: pace) }
            first = false
            for comment in played.comments { write("#" + comment) }
            write(SessionFile.promptMarker + played.step.command)
            if !played.lines.isEmpty { write(played.lines.map(\.text).joined(separator: "\n")) }
        }
    }

    /// `reparam replay FILE` without a terminal: the transcript on stdout; status 0.
    static func print(_ file: SessionFile, pace: Double?, console: Console) -> Int32 {
        play(file, pace: pace) { console.write($0) }
        return 0
    }
}
