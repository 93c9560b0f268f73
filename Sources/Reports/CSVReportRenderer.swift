import ClaimStore
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

    private var out = ReportBytes(capacity: 4096)

    public init() {}

    public mutating func begin(_ summary: ReportSummary, to output: inout some TextOutputStream) throws {
        output.write(Self.columns.joined(separator: ",") + "\r\n")
    }

    public mutating func write(_ item: ReviewedClaim, to output: inout some TextOutputStream) throws {
        // Columns in the order of `columns`; `numeric` for those in `numericColumns`.
        out.appendCSV(String(item.id), numeric: true)
        out.append(byte: 0x2C)
        out.appendCSV(item.status)
        out.append(byte: 0x2C)
        out.appendCSV(item.verdict ?? "")
        out.append(byte: 0x2C)
        out.appendCSV(item.verdictLabel ?? "")
        out.append(byte: 0x2C)
        out.appendCSV(item.ratingValue.map(String.init) ?? "", numeric: true)
        out.append(byte: 0x2C)
        out.appendCSV(item.text)
        out.append(byte: 0x2C)
        out.appendCSV(item.speaker ?? "")
        out.append(byte: 0x2C)
        out.appendCSV(item.kind)
        out.append(byte: 0x2C)
        out.appendCSV(item.score.flatMap { $0.isFinite ? $0.description : nil } ?? "", numeric: true)
        out.append(byte: 0x2C)
        out.appendCSV(item.reviewer ?? "")
        out.append(byte: 0x2C)
        if let reviewed = item.reviewedAt { appendTime(reviewed) }
        out.append(byte: 0x2C)
        out.appendCSV(item.verdictNote ?? "")
        out.append(byte: 0x2C)
        out.appendCSV(item.dismissReason ?? "")
        out.append(byte: 0x2C)
        out.appendCSV(Self.joined(item.evidence.lazy.map(\.url)))
        out.append(byte: 0x2C)
        out.appendCSV(Self.joined(item.appearances.lazy.compactMap(\.url)))
        out.append(byte: 0x2C)
        appendTime(item.createdAt)
        out.append(byte: 0x2C)
        out.appendCSV(item.reviewerLogin ?? "")
        out.appendStatic("\r\n")
        out.flush(to: &output)
    }

    /// A time as ISO 8601: from 1600 to 9999 only digits, dashes and colons, nothing to quote.
    private mutating func appendTime(_ date: Date) {
        if UTCDate(date) != nil {
            out.appendISO8601(date)
        } else {
            out.appendCSV(ReportText.iso8601(date))
        }
    }

    /// URLs space-separated; a space inside one URL, which would split it, as `%20`.
    static func joined(_ urls: some Sequence<String>) -> String {
        var text = ""
        var first = true
        for url in urls {
            if !first { text.append(" ") }
            first = false
            if url.utf8.contains(0x20) {
                text.append(String(decoding: url.utf8.flatMap { $0 == 0x20 ? Array("%20".utf8) : [$0] }, as: UTF8.self))
            } else {
                text.append(url)
            }
        }
        return text
    }

    public mutating func end(to output: inout some TextOutputStream) throws {}
}
