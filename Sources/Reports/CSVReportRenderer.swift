import Foundation

/// Writes one RFC 4180 CSV row per claim, after a header row.
///
/// Fields holding a comma, semicolon, quote, CR or LF are quoted, with quotes
/// doubled; rows end with CRLF. Empty fields mean "none". A text cell starting with
/// `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so spreadsheets do not run it as
/// a formula; numbers stay numbers. Columns, in order:
///
/// | column | value |
/// |---|---|
/// | `id` | claim id |
/// | `status` | `pending`, `in_review`, `verified` or `dismissed` |
/// | `verdict` | verdict name on the scale, such as `mostly-false` |
/// | `verdict_label` | verdict label, such as `Mostly false` |
/// | `rating_value` | the verdict's rating (integer) |
/// | `text` | the claim as stated |
/// | `speaker` | who made the claim |
/// | `kind` | `quantity`, `date`, `comparison`, `quote`, `event` or `other` |
/// | `score` | check-worthiness score, 0 to 1 |
/// | `reviewer` | who recorded the verdict or dismissal |
/// | `reviewed_at` | when, ISO 8601 UTC (`2026-11-05T14:03:09Z`) |
/// | `verdict_note` | the reviewer's note |
/// | `dismiss_reason` | why the claim was dismissed |
/// | `evidence_urls` | evidence URLs, space-separated (spaces inside a URL as `%20`) |
/// | `source_urls` | URLs of the sources the claim appeared in, space-separated |
/// | `created_at` | when the claim was stored, ISO 8601 UTC |
/// | `reviewer_login` | the database login that recorded the verdict or dismissal (the `reviewer` name is what was typed) |
public struct CSVReportRenderer: ReportRenderer {
    /// The header row's column names, in order.
    public static let columns = [
        "id", "status", "verdict", "verdict_label", "rating_value", "text", "speaker", "kind", "score",
        "reviewer", "reviewed_at", "verdict_note", "dismiss_reason", "evidence_urls", "source_urls", "created_at",
        "reviewer_login",
    ]

    /// Columns the program fills with numbers; every other cell is text, neutralised
    /// against formula injection (see ``ReportText/csvField(_:numeric:)``).
    static let numericColumns: Set<String> = ["id", "rating_value", "score"]

    public init() {}

    public mutating func begin(_ summary: ReportSummary, to output: inout some TextOutputStream) throws {
        output.write(Self.columns.joined(separator: ",") + "\r\n")
    }

    public mutating func write(_ item: ReportItem, to output: inout some TextOutputStream) throws {
        // A space inside one URL would split it in a space-separated list.
        func joined(_ urls: [String]) -> String {
            urls.map { $0.replacingOccurrences(of: " ", with: "%20") }.joined(separator: " ")
        }
        let fields: [String] = [
            String(item.id), item.status, item.verdict ?? "", item.verdictLabel ?? "",
            item.ratingValue.map(String.init) ?? "", item.text, item.speaker ?? "", item.kind,
            item.score.flatMap { $0.isFinite ? $0.description : nil } ?? "", item.reviewer ?? "",
            item.reviewedAt.map(ReportText.iso8601) ?? "", item.verdictNote ?? "", item.dismissReason ?? "",
            joined(item.evidence.map(\.url)), joined(item.appearances.compactMap(\.url)),
            ReportText.iso8601(item.createdAt), item.reviewerLogin ?? "",
        ]
        output.write(
            zip(Self.columns, fields).map { ReportText.csvField($1, numeric: Self.numericColumns.contains($0)) }
                .joined(separator: ",") + "\r\n")
    }

    public mutating func end(to output: inout some TextOutputStream) throws {}
}
