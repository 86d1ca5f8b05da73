import Foundation
import ReparamLanguage

/// A replay without a terminal: the session printed as it runs, the way a person would have
/// seen it (comments, `reparam> COMMAND`, then its output), optionally `pace` seconds apart.
enum ReplayTranscript {
    static func print(_ file: SessionFile, pace: Double?, console: Console) -> Int32 {
        if let title = file.title { console.write("# \(title)") }
        var replay = SessionReplay(file)
        var first = true
        while let played = replay.next() {
            if !first, let pace { Thread.sleep(forTimeInterval: pace) }
            first = false
            for comment in played.comments { console.write("#" + comment) }
            console.write(SessionFile.promptMarker + played.step.command)
            let text = played.lines.map(\.text).joined(separator: "\n")
            if !played.lines.isEmpty { console.write(text) }
        }
        return 0
    }
}
