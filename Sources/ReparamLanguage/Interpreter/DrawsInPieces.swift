import Foundation
import Reparam

/// Large draws in pieces, so that Ctrl-C stops them and the terminal can say how far they got.
///
/// A draw may hold as many values as half the machine's memory allows (`Distribution.drawShape`),
/// which for a slow family is minutes of work. A draw of more than `drawPieceValues` values is made
/// `drawPieceValues` at a time along its first axis and the pieces joined (`concatenate` passes the
/// gradient back to each); between pieces the session's interrupt flag is read and progress
/// reported. A draw of at most `drawPieceValues` values, everything a lesson records, is one piece and
/// draws exactly the numbers it always drew.
///
///     normal(0, 1).rsample(1e8)    // ten pieces of 10,000,000; Ctrl-C after the third:
///                                  // "interrupted after drawing 30,000,000 of 100,000,000 samples; nothing was kept"
extension Interpreter {
    /// `draw(shape)`, made in pieces along the first axis when the draw holds more than
    /// `drawPieceValues` values (`valuesPerSample` = batch × event size).
    func drawInPieces(_ shape: [Int], valuesPerSample: Int, at range: SourceRange,
                      _ draw: ([Int]) throws -> Tensor) throws -> Tensor {
        let rowValues = max(1, shape.dropFirst().reduce(valuesPerSample, *))
        let rowsPerPiece = max(1, drawPieceValues / rowValues)
        guard let rows = shape.first, rows > rowsPerPiece else { return try draw(shape) }
        var pieces: [Tensor] = []
        var done = 0, lastReport = Date()
        while done < rows {
            if interruption?.isRaised == true {
                throw Diagnostic("interrupted after drawing \(done.formatted()) of \(rows.formatted()) samples; nothing was kept", at: range)
            }
            let count = min(rowsPerPiece, rows - done)
            pieces.append(try draw([count] + shape.dropFirst()))
            done += count
            if done < rows, interruption?.isRaised != true, Date().timeIntervalSince(lastReport) >= drawProgressSeconds {
                onDrawProgress?(done, rows)
                lastReport = Date()
            }
        }
        return try concatenate(pieces, axis: 0)
    }
}
