import Foundation

/// Aligned columns for people, fitted to the terminal.
///
/// The last column may be marked as the text column (a claim, a sentence, a note): the
/// point of the table, so it is never cut. When every row's text fits beside the other
/// columns it stays on the row's line; otherwise every row's text takes lines of its own
/// under the row, indented and wrapped at spaces. The other columns are then cut with
/// "…", widest first, until a row fits the width. `wide` (`--wide`) cuts and wraps
/// nothing: one line per row, however long. With no width (standard output is not a
/// terminal and COLUMNS is unset) nothing is cut or wrapped either, so piped rows stay whole.
///
///     var table = TableWriter(headers: ["ID", "STATUS", "CLAIM"], textColumn: 2)
///     table.append(["#12", "pending", "Unemployment fell to 3.4% in January."])
///     print(table.render(), terminator: "")
struct TableWriter {
    var headers: [String]
    var rows: [[String]] = []
    /// Each cell's width in characters, counted once when the row is added.
    var counts: [[Int]] = []
    /// Index of the column of free text; another column than the last is cut to fit instead.
    var textColumn: Int?
    /// Columns available; nil for no limit.
    var width: Int?
    /// Indent of the text under its row, when it takes lines of its own.
    static let textIndent = 4
    static let gap = 2

    init(headers: [String], textColumn: Int? = nil, wide: Bool = false, width: Int? = Terminal.tableWidth) {
        self.headers = headers
        self.textColumn = textColumn
        self.width = wide ? nil : width
    }

    mutating func append(_ row: [String]) {
        let cells = row.map(Terminal.visible)
        rows.append(cells)
        counts.append(cells.map(Self.characterCount))
    }

    /// `text.count`, without walking grapheme clusters when the text is ASCII.
    static func characterCount(_ text: String) -> Int {
        let bytes = text.utf8.count
        return text.utf8.allSatisfy { $0 < 0x80 } ? bytes : text.count
    }

    /// The table as text; `style` colours a cell after its width is measured.
    func render(style: (_ column: Int, _ value: String) -> String = { $1 }) -> String {
        var widths = headers.map(\.count)
        for row in counts {
            for (index, count) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], count)
            }
        }
        guard let width else { return lines(widths: widths, columns: Array(headers.indices), style: style) }
        let total = widths.reduce(0, +) + Self.gap * (widths.count - 1)
        if total <= width { return lines(widths: widths, columns: Array(headers.indices), style: style) }

        if let text = textColumn, text == headers.count - 1, text > 0 {
            // The text takes lines of its own; the other columns must fit on theirs.
            let fixed = Array(0..<text)
            Self.shrink(&widths, columns: fixed, toFit: width, minimum: headers.map(\.count))
            return lines(
                widths: widths, columns: fixed, textBelow: text, textWidth: width - Self.textIndent, style: style)
        }
        if let text = textColumn {
            // A leading text column (a file name) gives way first, down to 20 characters.
            let others = total - widths[text]
            widths[text] = max(min(widths[text], width - others), min(widths[text], 20))
        }
        Self.shrink(&widths, columns: Array(headers.indices), toFit: width, minimum: headers.map(\.count))
        return lines(widths: widths, columns: Array(headers.indices), style: style)
    }

    /// Narrows the widest of `columns` one character at a time until they fit `width`.
    static func shrink(_ widths: inout [Int], columns: [Int], toFit width: Int, minimum: [Int]) {
        var total = columns.map { widths[$0] }.reduce(0, +) + gap * (columns.count - 1)
        while total > width {
            guard let widest = columns.filter({ widths[$0] > max(minimum[$0], 3) }).max(by: { widths[$0] < widths[$1] })
            else { return }
            widths[widest] -= 1
            total -= 1
        }
    }

    private func lines(
        widths: [Int], columns: [Int], textBelow: Int? = nil, textWidth: Int = 0,
        style: (_ column: Int, _ value: String) -> String
    ) -> String {
        func line(_ cells: [String], counts: [Int], isHeader: Bool) -> String {
            var parts: [String] = []
            for index in columns {
                var text = index < cells.count ? cells[index] : ""
                var count = index < counts.count ? counts[index] : 0
                if count > widths[index] {
                    text = String(text.prefix(max(widths[index] - 1, 0))) + "…"
                    count = min(count, max(widths[index] - 1, 0) + 1)
                }
                let padding = String(repeating: " ", count: widths[index] - count)
                let shown = isHeader ? Terminal.styled(text, .bold) : style(index, text)
                parts.append(index == columns.last ? shown : shown + padding)
            }
            return parts.joined(separator: String(repeating: " ", count: Self.gap))
        }
        var out = line(headers, counts: headers.map(\.count), isHeader: true) + "\n"
        let indent = String(repeating: " ", count: Self.textIndent)
        for (row, rowCounts) in zip(rows, counts) {
            out += line(row, counts: rowCounts, isHeader: false) + "\n"
            if let textBelow, textBelow < row.count {
                for part in Terminal.wrap(row[textBelow], width: textWidth) {
                    out += indent + style(textBelow, part) + "\n"
                }
            }
        }
        return out
    }
}

extension TableWriter {
    /// `String(format: "%.2f", x)` without Foundation's formatter, for the score column of
    /// every row. Near a tie (x·100 within 1e-6 of a half) printf decides, so the text is
    /// always the same as `%.2f`'s.
    static func twoDecimals(_ x: Double) -> String {
        guard x.isFinite, x >= 0, x < 1e9 else { return String(format: "%.2f", x) }
        let scaled = x * 100
        if abs(scaled - scaled.rounded(.down) - 0.5) < 1e-6 { return String(format: "%.2f", x) }
        let hundredths = Int(scaled.rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
