/// The one line a plot returns when the requested size is too small to draw it legibly.
///
///     doesNotFit(needs: (20, 6), style: PlotStyle(width: 12, height: 4))
///     // ["(plot needs at least 20x6, have 12x4)"]
func doesNotFit(needs: (width: Int, height: Int), style: PlotStyle) -> [String] {
    let times = style.isUnicode ? "×" : "x"
    return ["(plot needs at least \(needs.width)\(times)\(needs.height), have \(style.width)\(times)\(style.height))"]
}
