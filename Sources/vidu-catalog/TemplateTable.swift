import ViduCatalog

/// The `list` table: fixed columns, the name column shrinking to fit the terminal.
struct TemplateTable {
    var entries: [CatalogEntry]

    private static let headers = ["ID", "NAME", "CATEGORY", "CREDITS", "ASPECT", "RES", "SEC", "IMAGES", "FLAGS"]

    func render(width: Int?, colour: Bool) -> String {
        var rows = entries.map(Self.cells)
        var widths = Self.headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        if let width {
            // Shrink flexible columns in this order, each down to its floor, until the table fits: the
            // option lists first, then category and name; the ID last, because people copy it.
            let gaps = 2 * (widths.count - 1)
            for (column, floor) in [(4, 9), (5, 9), (2, 8), (1, 12), (0, 12), (8, 3)] {
                let overflow = widths.reduce(0, +) + gaps - width
                guard overflow > 0 else { break }
                widths[column] = max(widths[column] - overflow, min(widths[column], floor))
            }
            rows = rows.map { row in row.enumerated().map { Self.fit($0.element, widths[$0.offset]) } }
        }
        let headers = Self.headers.enumerated().map { Self.fit($0.element, widths[$0.offset]) }
        var lines = [line(headers, widths: widths, emphasise: colour, limit: width)]
        lines += rows.map { line($0, widths: widths, emphasise: false, limit: width) }
        lines.append("\(entries.count) template\(entries.count == 1 ? "" : "s")")
        return lines.joined(separator: "\n")
    }

    private func line(_ cells: [String], widths: [Int], emphasise: Bool, limit: Int?) -> String {
        var text = cells.enumerated().map { index, cell in
            cell + String(repeating: " ", count: max(0, widths[index] - cell.count))
        }.joined(separator: "  ")
        while text.last == " " { text.removeLast() }
        // A terminal too narrow even for the shrunk columns still gets lines that do not wrap.
        if let limit { text = Self.fit(text, limit) }
        return emphasise ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    private static func fit(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(width - 1, 0))) + "…"
    }

    private static func cells(_ entry: CatalogEntry) -> [String] {
        let template = entry.template
        var flags: [String] = []
        if template.isHot == true { flags.append("hot") }
        if template.isNew == true { flags.append("new") }
        if template.promptRequired == true { flags.append("prompt") }
        if !entry.isActive { flags.append("removed") }
        return [
            template.id, template.displayName, template.categoryName ?? "-", template.credits.map(String.init) ?? "-",
            (template.aspectRatios ?? []).joined(separator: ","), (template.resolutions ?? []).joined(separator: ","),
            (template.durations ?? []).map(String.init).joined(separator: ","),
            template.imageCount?.description ?? "?", flags.joined(separator: ","),
        ]
    }
}
