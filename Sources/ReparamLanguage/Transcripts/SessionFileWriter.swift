import ReparamPlots

extension SessionFile {
    /// The file's text in the format `parse` reads (see `SessionFile`), ending with `@end` and a newline.
    ///
    ///     let text = SessionFile(title: "demo", items: [.step(.init(command: "1+1", output: [.init("2")]))]).text
    ///     // "@reparam session 1\n@title demo\n@seed 0\n@plot 80x24 ascii\n\nreparam> 1+1\n| 2\n\n@end\n"
    public var text: String {
        var lines = [Self.formatLine]
        if let title { lines.append("@title \(title)") }
        lines.append("@seed \(seed)")
        lines.append(Self.plotLine(plotStyle))
        if precision != 6 { lines.append("@precision \(precision)") }
        lines.append("")
        for item in items {
            switch item {
            case let .comment(text): lines.append("#" + text)
            case .blank: lines.append("")
            case let .plot(style): lines.append(Self.plotLine(style))
            case let .step(step):
                lines.append((Self.promptMarker + step.command).trimmingTrailingSpaces())
                for line in step.output {
                    let marker = line.isError ? "!" : "|"
                    lines.append(line.text.isEmpty ? marker : "\(marker) \(line.text)".trimmingTrailingSpaces())
                }
            }
        }
        if lines.last != "" { lines.append("") }
        lines.append(Self.endMarker)
        return lines.joined(separator: "\n") + "\n"
    }

    static func plotLine(_ style: PlotStyle) -> String {
        "@plot \(style.width)x\(style.height) \(style.charset.rawValue)"
    }
}
