/// The benchmark's result table.
struct Report {
    struct Row {
        var size: Int
        var measure: String
        var figure: String
        var target: String
        var verdict: String
    }

    var rows: [Row] = []
    var missed = 0

    mutating func add(_ size: Int, _ measure: String, _ figure: String, target: (met: Bool, text: String)?) {
        print("  \(measure): \(figure)" + (target.map { " [target \($0.text): \($0.met ? "met" : "MISSED")]" } ?? ""))
        if target?.met == false { missed += 1 }
        rows.append(
            Row(
                size: size, measure: measure, figure: figure, target: target?.text ?? "",
                verdict: target.map { $0.met ? "met" : "MISSED" } ?? ""))
    }

    func render() -> String {
        let header = ["templates", "measure", "figure", "target", ""]
        let cells = rows.map { [String($0.size), $0.measure, $0.figure, $0.target, $0.verdict] }
        var widths = header.map(\.count)
        for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ row: [String]) -> String {
            "| "
                + row.enumerated().map {
                    $0.element + String(repeating: " ", count: widths[$0.offset] - $0.element.count)
                }
                .joined(separator: " | ") + " |"
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + cells.map(line))
            .joined(separator: "\n")
    }
}
