import ClaimStore
import Foundation

/// Writes the report as one JSON document, streamed claim by claim.
///
/// Every key is always present (`null` when there is no value); keys are
/// snake_case; times are ISO 8601 in UTC to the second. The schema is stable:
/// keys may be added, never renamed or removed.
///
/// ```json
/// {
///   "generated_at": "2026-11-05T14:03:09Z",
///   "organization": {"name": "Desk", "url": "https://desk.example" | null},
///   "scope": "verified, since 2026-11-01",
///   "total": 2,
///   "by_status": [{"name": "verified", "label": "Verified", "count": 1}, ...],
///   "by_verdict": [{"name": "false", "label": "False", "count": 1}, ...],
///   "claims": [
///     {"id": 42, "text": "...", "speaker": "..." | null, "kind": "quantity",
///      "score": 0.87 | null, "status": "verified",
///      "verdict": "false" | null, "verdict_label": "False" | null,
///      "rating_value": 1 | null, "best_rating": 5 | null, "worst_rating": 1 | null,
///      "verdict_note": "..." | null, "dismiss_reason": "..." | null,
///      "reviewer": "..." | null, "reviewer_login": "..." | null, "reviewed_at": "..." | null, "created_at": "...",
///      "evidence": [{"url": "...", "stance": "refutes", "note": "..." | null, "added_by": "..."}],
///      "appearances": [{"url": "..." | null, "title": ... | null, "outlet": ... | null,
///                       "author": ... | null, "published_at": "..." | null, "context": ... | null}]}
///   ]
/// }
/// ```
///
/// Each claim is on its own line. `<`, `>` and `&` in strings are written as
/// `\u003c`, `\u003e` and `\u0026`, which every JSON parser reads back unchanged.
public struct JSONReportRenderer: ReportRenderer {
    private var first = true
    private var out = ReportBytes(capacity: 4096)

    public init() {}

    public mutating func begin(_ summary: ReportSummary, to output: inout some TextOutputStream) throws {
        func counts(_ list: [ReportSummary.Count]) -> String {
            "["
                + list.map {
                    "{\"name\":\(ReportText.json($0.name)),\"label\":\(ReportText.json($0.label)),\"count\":\($0.count)}"
                }.joined(separator: ",") + "]"
        }
        output.write("{\"generated_at\":\(ReportText.json(ReportText.iso8601(summary.generatedAt))),\n")
        output.write(
            "\"organization\":{\"name\":\(ReportText.json(summary.organization.name)),"
                + "\"url\":\(ReportText.json(summary.organization.url))},\n")
        output.write("\"scope\":\(ReportText.json(summary.scope)),\n")
        output.write("\"total\":\(summary.total),\n")
        output.write("\"by_status\":\(counts(summary.byStatus)),\n")
        output.write("\"by_verdict\":\(counts(summary.byVerdict)),\n")
        output.write("\"claims\":[")
    }

    public mutating func write(_ item: ReviewedClaim, to output: inout some TextOutputStream) throws {
        out.appendStatic(first ? "\n" : ",\n")
        first = false
        out.appendStatic("{\"id\":")
        out.append(item.id)
        out.appendStatic(",\"text\":")
        out.appendJSON(item.text)
        out.appendStatic(",\"speaker\":")
        out.appendJSON(item.speaker)
        out.appendStatic(",\"kind\":")
        out.appendJSON(item.kind)
        out.appendStatic(",\"score\":")
        out.appendJSON(item.score)
        out.appendStatic(",\"status\":")
        out.appendJSON(item.status)
        out.appendStatic(",\"verdict\":")
        out.appendJSON(item.verdict)
        out.appendStatic(",\"verdict_label\":")
        out.appendJSON(item.verdictLabel)
        out.appendStatic(",\"rating_value\":")
        out.appendJSON(item.ratingValue)
        out.appendStatic(",\"best_rating\":")
        out.appendJSON(item.bestRating)
        out.appendStatic(",\"worst_rating\":")
        out.appendJSON(item.worstRating)
        out.appendStatic(",\"verdict_note\":")
        out.appendJSON(item.verdictNote)
        out.appendStatic(",\"dismiss_reason\":")
        out.appendJSON(item.dismissReason)
        out.appendStatic(",\"reviewer\":")
        out.appendJSON(item.reviewer)
        out.appendStatic(",\"reviewer_login\":")
        out.appendJSON(item.reviewerLogin)
        out.appendStatic(",\"reviewed_at\":")
        appendTime(item.reviewedAt)
        out.appendStatic(",\"created_at\":")
        appendTime(item.createdAt)
        out.appendStatic(",\"evidence\":[")
        for (index, evidence) in item.evidence.enumerated() {
            out.appendStatic(index == 0 ? "{\"url\":" : ",{\"url\":")
            out.appendJSON(evidence.url)
            out.appendStatic(",\"stance\":")
            out.appendJSON(evidence.stance)
            out.appendStatic(",\"note\":")
            out.appendJSON(evidence.note)
            out.appendStatic(",\"added_by\":")
            out.appendJSON(evidence.addedBy)
            out.append(byte: 0x7D)
        }
        out.appendStatic("],\"appearances\":[")
        for (index, appearance) in item.appearances.enumerated() {
            out.appendStatic(index == 0 ? "{\"url\":" : ",{\"url\":")
            out.appendJSON(appearance.url)
            out.appendStatic(",\"title\":")
            out.appendJSON(appearance.title)
            out.appendStatic(",\"outlet\":")
            out.appendJSON(appearance.outlet)
            out.appendStatic(",\"author\":")
            out.appendJSON(appearance.author)
            out.appendStatic(",\"published_at\":")
            appendTime(appearance.publishedAt)
            out.appendStatic(",\"context\":")
            out.appendJSON(appearance.context)
            out.append(byte: 0x7D)
        }
        out.appendStatic("]}")
        out.flush(to: &output)
    }

    /// A time as a JSON string of ISO 8601, or `null`.
    private mutating func appendTime(_ date: Date?) {
        guard let date else { return out.appendStatic("null") }
        if UTCDate(date) != nil {
            // Digits, dashes, colons, T and Z: nothing to escape.
            out.append(byte: 0x22)
            out.appendISO8601(date)
            out.append(byte: 0x22)
        } else {
            out.appendJSON(ReportText.iso8601(date))
        }
    }

    public mutating func end(to output: inout some TextOutputStream) throws {
        output.write(first ? "]}\n" : "\n]}\n")
    }
}
