import Foundation

/// Writes a file so that readers see either the old file whole or the new one whole.
///
/// The text goes to a temporary file in the same directory (same file system), is flushed to
/// disk, and then takes the final name in one step: `rename` when replacing is allowed, `link`
/// otherwise (which fails if the name exists, so a file is never overwritten by surprise, even
/// by a race). A failure at any point removes the temporary file and leaves the old one untouched.
///
///     try AtomicFile.write("text", to: "Sessions/a.reparam", replacing: false)
public enum AtomicFile {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The name is taken and replacing was not asked for.
        case exists(String)
        /// The system refused (`path`, `reason`).
        case system(String, String)

        public var description: String {
            switch self {
            case let .exists(path): return "\(path) already exists"
            case let .system(path, reason): return "cannot write \(path): \(reason)"
            }
        }
    }

    /// Writes `text` to `path`. `writeChunk` writes bytes to the open temporary file (tests
    /// replace it to simulate a disk that fails half-way); the default writes them all.
    public static func write(_ text: String, to path: String, replacing: Bool,
                             writeChunk: (Int32, UnsafeRawBufferPointer) throws -> Void = writeAll) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        if !replacing, FileManager.default.fileExists(atPath: path) { throw Failure.exists(path) }
        let temporary = (directory.isEmpty ? "." : directory) + "/.\(base).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw Failure.system(path, String(cString: strerror(errno))) }
        var closed = false
        do {
            try Array(text.utf8).withUnsafeBytes { try writeChunk(descriptor, $0) }
            guard fsync(descriptor) == 0 else { throw Failure.system(path, String(cString: strerror(errno))) }
            closed = true
            guard close(descriptor) == 0 else { throw Failure.system(path, String(cString: strerror(errno))) }
            if replacing {
                guard rename(temporary, path) == 0 else { throw Failure.system(path, String(cString: strerror(errno))) }
            } else {
                guard link(temporary, path) == 0 else {
                    throw errno == EEXIST ? Failure.exists(path) : Failure.system(path, String(cString: strerror(errno)))
                }
                unlink(temporary)
            }
        } catch {
            if !closed { close(descriptor) }
            unlink(temporary)
            throw error
        }
    }

    /// Writes every byte, retrying short writes and interruptions.
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure.system("temporary file", String(cString: strerror(errno)))
            }
            offset += written
        }
    }
}
