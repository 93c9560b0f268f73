import Reports

/// RFC 4180 CSV for listings, CRLF line ends, each field as `ReportText.csvField` writes
/// it: quoted when needed, and a text cell that could start a spreadsheet formula
/// (`=`, `+`, `-`, `@`, tab, CR) prefixed with `'`. Cells of `numericColumns` that hold
/// a plain number are left as numbers.
struct CSVWriter {
    private(set) var text = ""
    private let numeric: [Bool]

    init(header: [String], numericColumns: Set<String> = []) {
        numeric = header.map { numericColumns.contains($0) }
        append(header)
    }

    mutating func append(_ fields: [String?]) {
        text +=
            fields.enumerated()
            .map { ReportText.csvField($1 ?? "", numeric: $0 < numeric.count && numeric[$0]) }
            .joined(separator: ",") + "\r\n"
    }
}
