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

    public init() {}

    public mutating func begin(_ summary: ReportSummary, to output: inout some TextOutputStream) throws {
        func counts(_ list: [ReportSummary.Count]) -> String {
            "[" + list.map {
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

    public mutating func write(_ item: ReportItem, to output: inout some TextOutputStream) throws {
        let j = ReportText.self
        let evidence = item.evidence.map {
            "{\"url\":\(j.json($0.url)),\"stance\":\(j.json($0.stance)),\"note\":\(j.json($0.note)),"
                + "\"added_by\":\(j.json($0.addedBy))}"
        }
        let appearances = item.appearances.map {
            "{\"url\":\(j.json($0.url)),\"title\":\(j.json($0.title)),\"outlet\":\(j.json($0.outlet)),"
                + "\"author\":\(j.json($0.author)),\"published_at\":\(j.json($0.publishedAt.map(j.iso8601))),"
                + "\"context\":\(j.json($0.context))}"
        }
        var object = first ? "\n" : ",\n"
        first = false
        object += "{\"id\":\(item.id),\"text\":\(j.json(item.text)),\"speaker\":\(j.json(item.speaker)),"
        object += "\"kind\":\(j.json(item.kind)),\"score\":\(j.json(item.score)),\"status\":\(j.json(item.status)),"
        object += "\"verdict\":\(j.json(item.verdict)),\"verdict_label\":\(j.json(item.verdictLabel)),"
        object += "\"rating_value\":\(j.json(item.ratingValue)),\"best_rating\":\(j.json(item.bestRating)),"
        object += "\"worst_rating\":\(j.json(item.worstRating)),\"verdict_note\":\(j.json(item.verdictNote)),"
        object += "\"dismiss_reason\":\(j.json(item.dismissReason)),\"reviewer\":\(j.json(item.reviewer)),\"reviewer_login\":\(j.json(item.reviewerLogin)),"
        object += "\"reviewed_at\":\(j.json(item.reviewedAt.map(j.iso8601))),"
        object += "\"created_at\":\(j.json(j.iso8601(item.createdAt))),"
        object += "\"evidence\":[\(evidence.joined(separator: ","))],"
        object += "\"appearances\":[\(appearances.joined(separator: ","))]}"
        output.write(object)
    }

    public mutating func end(to output: inout some TextOutputStream) throws {
        output.write(first ? "]}\n" : "\n]}\n")
    }
}
