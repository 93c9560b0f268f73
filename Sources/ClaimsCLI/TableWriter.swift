/// Aligned columns for people. One column may be marked flexible: it is cut
/// with "…" so each line fits the terminal.
struct TableWriter {
    var headers: [String]
    var rows: [[String]] = []
    /// Index of the column that shrinks to fit `width`.
    var flexibleColumn: Int?
    var width: Int = Terminal.width

    init(headers: [String], flexibleColumn: Int? = nil) {
        self.headers = headers
        self.flexibleColumn = flexibleColumn
    }

    mutating func append(_ row: [String]) {
        rows.append(row.map(Terminal.visible))
    }

    /// The table as text; `style` colours a cell after its width is measured.
    func render(style: (_ column: Int, _ value: String) -> String = { $1 }) -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        if let flexible = flexibleColumn {
            let others = widths.enumerated().filter { $0.offset != flexible }.map(\.element).reduce(0, +)
            let spacing = 2 * (widths.count - 1)
            widths[flexible] = max(min(widths[flexible], width - others - spacing), min(widths[flexible], 20))
        }
        func line(_ cells: [String], isHeader: Bool) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                var text = cell
                if text.count > widths[index] {
                    text = String(text.prefix(max(widths[index] - 1, 0))) + "…"
                }
                let padding = String(repeating: " ", count: widths[index] - text.count)
                let shown = isHeader ? Terminal.styled(text, .bold) : style(index, text)
                parts.append(index == cells.count - 1 ? shown : shown + padding)
            }
            return parts.joined(separator: "  ")
        }
        var out = line(headers, isHeader: true) + "\n"
        for row in rows { out += line(row, isHeader: false) + "\n" }
        return out
    }
}
