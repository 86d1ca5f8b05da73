import Foundation
import ReparamLanguage

/// Prints random statements built from every family (`FamilyFuzzLines`), one per line:
///
///     reparam-fuzz --lines 100000 --seed 1 > lines.reparam
///     reparam run --keep-going --json lines.reparam      # one JSON object per line, no crash, no hang
///
/// `scripts/fuzz N` does both and checks the count.
var lines = 2000, seed: UInt64 = 1
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("reparam-fuzz: \(flag) needs a value\n".utf8))
        exit(2)
    }
    switch flag {
    case "--lines": lines = Int(value) ?? lines
    case "--seed": seed = UInt64(value) ?? seed
    default:
        FileHandle.standardError.write(Data("usage: reparam-fuzz [--lines N] [--seed S]\n".utf8))
        exit(2)
    }
}
var generator = FamilyFuzzLines(seed: seed)
var output = ""
for _ in 0..<lines { output += generator.next() + "\n" }
FileHandle.standardOutput.write(Data(output.utf8))
