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
            // Shrink the widest flexible columns (name, then category, then ID) until the table fits.
            let gaps = 2 * (widths.count - 1)
            for column in [1, 2, 0] {
                let overflow = widths.reduce(0, +) + gaps - width
                guard overflow > 0 else { break }
                widths[column] = max(widths[column] - overflow, min(widths[column], 8))
            }
            rows = rows.map { row in row.enumerated().map { Self.fit($0.element, widths[$0.offset]) } }
        }
        var lines = [line(Self.headers, widths: widths, emphasise: colour)]
        lines += rows.map { line($0, widths: widths, emphasise: false) }
        lines.append("\(entries.count) template\(entries.count == 1 ? "" : "s")")
        return lines.joined(separator: "\n")
    }

    private func line(_ cells: [String], widths: [Int], emphasise: Bool) -> String {
        let text = cells.enumerated().map { index, cell in
            index == cells.count - 1 ? cell : cell + String(repeating: " ", count: max(0, widths[index] - cell.count))
        }.joined(separator: "  ")
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
