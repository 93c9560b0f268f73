import ClaimStore
import Foundation

/// The values a report template sees, as snake_case keys.
///
/// Absent values are left out rather than set to null, so `{{#speaker}}...{{/speaker}}`
/// shows its text only when there is a speaker. Keys used at the summary level are
/// distinct from item keys (no `url`, `title`, `name` at the top), because Mustache
/// looks a missing key up in the enclosing context.
///
/// Summary: `generated_at` (ISO 8601), `generated_on`, `generated_display`,
/// `organization_name`, `organization_url`, `organization_href`, `scope`, `total`,
/// `total_text` ("1 claim", "12 claims"), `claims` (true when there are claims; lets
/// `{{^claims}}` show an empty-report message), `contents` and `has_contents` (the
/// status groups with claims, in the order claims are listed: `label`, `count`,
/// `count_text`, `anchor`, and for verified claims `has_verdicts` and `verdicts`:
/// `label`, `count`, `count_text`, `has_links`, `claim_links` (`id`, the newest few)
/// and `more`, how many are not linked), `by_status` and `by_verdict` (lists of `name`, `label`, `count`,
/// `color` and the SVG geometry `label_x`, `text_y`, `bar_x`, `bar_y`, `bar_width`,
/// `bar_height`, `count_x`, and for a panel drawn on its own `panel_label_x`,
/// `panel_bar_x`, `panel_bar_width`, `panel_count_x`), and `chart` (`width`, `height`,
/// `verdict_title_x`, `status_title_x`, `title_y`, `has_verdicts`, and for panels
/// drawn on their own `panel_width`, `verdict_panel_height`, `status_panel_height`).
///
/// Item: `index` (1-based), `id`, `text`, `speaker`, `kind`, `score`, `status`,
/// `status_label`, `status_color`, `verdict`, `verdict_label`, `verdict_color`,
/// `rating_value`, `best_rating`, `worst_rating`, `rating` (`4/5`), `verdict_note`,
/// `dismiss_reason`, `reviewer`, `reviewed_at`, `reviewed_on`, `reviewed_display`,
/// `created_at`, `created_on`, `evidence` (`url`, `href`, `stance`, `note`,
/// `added_by`), `appearances` (`url`, `href`, `title`, `outlet`, `author`,
/// `published_at`, `published_on`, `context`), `source_url`, `source_href` (the
/// first appearance with a URL), and the flags `has_speaker`, `has_verdict`,
/// `has_rating`, `has_note`, `has_evidence`, `has_appearances`, `is_verified`,
/// `is_dismissed`, `is_pending`, `is_in_review`. `href` keys are present only
/// for http and https URLs, already percent-encoded for use as a link. An
/// appearance's `context` is left out when it only repeats the claim's text. The first
/// claim of each status has `starts_group`, `group_anchor`, `group_label`,
/// `group_count` and `group_count_text`, to head the group.
enum TemplateContext {
    typealias Values = [String: Any]

    // MARK: Chart geometry

    /// Layout of the summary chart: two panels side by side (verdicts, statuses),
    /// one horizontal bar per row, scaled to the panel's largest count.
    private enum Chart {
        static let width = 900
        static let panelWidth = 430
        static let panelGap = 40
        static let titleHeight = 34
        static let rowHeight = 30
        static let barHeight = 20
        static let labelWidth = 150
        static let maxBar = 230
    }

    /// Layout of one panel drawn on its own (the default template's two SVGs, which sit
    /// side by side on a wide page and one above the other on a phone): narrower than
    /// half the two-panel chart, so its text stays near 13 px on a 390 px screen.
    private enum Panel {
        static let width = 360
        static let labelWidth = 130
        static let maxBar = 180
    }

    static func summary(_ summary: ReportSummary) -> Values {
        var values: Values = [
            "generated_at": ReportText.iso8601(summary.generatedAt),
            "generated_on": ReportText.day(summary.generatedAt),
            "generated_display": ReportText.minute(summary.generatedAt),
            "organization_name": summary.organization.name,
            "scope": summary.scope,
            "total": summary.total,
            "total_text": ReportText.count(summary.total, "claim"),
            "claims": summary.total > 0,
        ]
        let contents = contents(summary)
        values["contents"] = contents
        values["has_contents"] = !contents.isEmpty
        if let url = summary.organization.url {
            values["organization_url"] = url
            values["organization_href"] = ReportText.safeLink(url)
        }
        let rows = max(summary.byVerdict.count, summary.byStatus.count, 1)
        values["chart"] =
            [
                "width": Chart.width,
                "height": Chart.titleHeight + rows * Chart.rowHeight + 8,
                "verdict_title_x": 0,
                "status_title_x": Chart.panelWidth + Chart.panelGap,
                "title_y": 20,
                "has_verdicts": !summary.byVerdict.isEmpty,
                "panel_width": Panel.width,
                "verdict_panel_height": Chart.titleHeight + max(summary.byVerdict.count, 1) * Chart.rowHeight + 8,
                "status_panel_height": Chart.titleHeight + max(summary.byStatus.count, 1) * Chart.rowHeight + 8,
            ] as Values
        values["by_verdict"] = bars(summary.byVerdict, panelX: 0) { ReportPalette.verdictColor($0.name) }
        values["by_status"] = bars(summary.byStatus, panelX: Chart.panelWidth + Chart.panelGap) {
            ReportPalette.statusColor($0.name)
        }
        return values
    }

    /// The report's groups in the order claims are listed (``ReportSummary/statusOrder``),
    /// those with claims only; verified claims also by verdict, with links to the newest.
    private static func contents(_ summary: ReportSummary) -> [Values] {
        var entries: [Values] = []
        for status in ReportSummary.statusOrder {
            guard let count = summary.byStatus.first(where: { $0.name == status }), count.count > 0 else { continue }
            var entry: Values = [
                "label": count.label, "count": count.count, "count_text": ReportText.count(count.count, "claim"),
                "anchor": groupAnchor(status),
            ]
            if status == "verified" {
                entry["has_verdicts"] = summary.byVerdict.contains { $0.count > 0 }
                entry["verdicts"] = summary.byVerdict.filter { $0.count > 0 }.map { verdict -> Values in
                    var values: Values = [
                        "label": verdict.label, "count": verdict.count,
                        "count_text": ReportText.count(verdict.count, "claim"),
                        "claim_links": verdict.newest.map { ["id": $0] as Values },
                        "has_links": !verdict.newest.isEmpty,
                    ]
                    let more = verdict.count - verdict.newest.count
                    if !verdict.newest.isEmpty, more > 0 { values["more"] = more }
                    return values
                }
            }
            entries.append(entry)
        }
        return entries
    }

    /// The HTML id of a status group's heading: `status-in_review`.
    static func groupAnchor(_ status: String) -> String { "status-\(status)" }

    /// Keys for the first claim of a status group, so a template can head the group:
    /// `starts_group`, `group_anchor`, `group_label`, `group_count`, `group_count_text`.
    static func group(_ status: String, summary: ReportSummary) -> Values {
        let count = summary.byStatus.first { $0.name == status }
        return [
            "starts_group": true,
            "group_anchor": groupAnchor(status),
            "group_label": count?.label ?? ReportPalette.statusLabel(status),
            "group_count": count?.count ?? 0,
            "group_count_text": ReportText.count(count?.count ?? 0, "claim"),
        ]
    }

    private static func bars(
        _ counts: [ReportSummary.Count], panelX: Int, color: (ReportSummary.Count) -> String
    ) -> [Values] {
        let largest = max(counts.map(\.count).max() ?? 0, 1)
        return counts.enumerated().map { row, count in
            let top = Chart.titleHeight + row * Chart.rowHeight
            let barX = panelX + Chart.labelWidth
            // A non-zero count always shows at least a sliver of bar.
            let width = count.count == 0 ? 0 : max(2, Chart.maxBar * count.count / largest)
            let panelWidth = count.count == 0 ? 0 : max(2, Panel.maxBar * count.count / largest)
            return [
                "name": count.name, "label": count.label, "count": count.count, "color": color(count),
                "label_x": barX - 10, "text_y": top + Chart.barHeight / 2 + 5,
                "bar_x": barX, "bar_y": top, "bar_width": width, "bar_height": Chart.barHeight,
                "count_x": barX + width + 8,
                "panel_label_x": Panel.labelWidth - 10, "panel_bar_x": Panel.labelWidth,
                "panel_bar_width": panelWidth, "panel_count_x": Panel.labelWidth + panelWidth + 8,
            ] as Values
        }
    }

    // MARK: Items

    /// An item's values, with the group keys when it is the first of its status
    /// (`previousStatus` differs), as the streamed render gives them.
    static func item(_ item: ReviewedClaim, index: Int, previousStatus: String?, summary: ReportSummary) -> Values {
        var values = self.item(item, index: index)
        if item.status != previousStatus {
            values.merge(group(item.status, summary: summary)) { current, _ in current }
        }
        return values
    }

    static func item(_ item: ReviewedClaim, index: Int) -> Values {
        var values: Values = [
            "index": index,
            "id": item.id,
            "text": item.text,
            "kind": item.kind,
            "status": item.status,
            "status_label": ReportPalette.statusLabel(item.status),
            "status_color": ReportPalette.statusColor(item.status),
            "created_at": ReportText.iso8601(item.createdAt),
            "created_on": ReportText.day(item.createdAt),
            "has_speaker": item.speaker != nil,
            "has_verdict": item.verdict != nil,
            "has_rating": item.ratingValue != nil,
            "has_note": item.verdictNote != nil,
            "has_evidence": !item.evidence.isEmpty,
            "has_appearances": !item.appearances.isEmpty,
            "is_verified": item.status == "verified",
            "is_dismissed": item.status == "dismissed",
            "is_pending": item.status == "pending",
            "is_in_review": item.status == "in_review",
        ]
        values["speaker"] = item.speaker
        values["score"] = ReportText.score(item.score)
        if let verdict = item.verdict {
            values["verdict"] = verdict
            values["verdict_label"] = item.verdictLabel ?? verdict
            values["verdict_color"] = ReportPalette.verdictColor(
                verdict, rating: item.ratingValue, best: item.bestRating, worst: item.worstRating)
        }
        values["rating_value"] = item.ratingValue
        values["best_rating"] = item.bestRating
        values["worst_rating"] = item.worstRating
        if let rating = item.ratingValue {
            values["rating"] = item.bestRating.map { "\(rating)/\($0)" } ?? "\(rating)"
        }
        values["verdict_note"] = item.verdictNote
        values["dismiss_reason"] = item.dismissReason
        values["reviewer"] = item.reviewer
        if let reviewed = item.reviewedAt {
            values["reviewed_at"] = ReportText.iso8601(reviewed)
            values["reviewed_on"] = ReportText.day(reviewed)
            values["reviewed_display"] = ReportText.minute(reviewed)
        }
        values["evidence"] = item.evidence.map { evidence -> Values in
            var e: Values = ["url": evidence.url, "stance": evidence.stance, "added_by": evidence.addedBy]
            e["href"] = ReportText.safeLink(evidence.url)
            e["note"] = evidence.note
            return e
        }
        values["appearances"] = item.appearances.map { appearance -> Values in
            var a: Values = [:]
            a["url"] = appearance.url
            a["href"] = appearance.url.flatMap(ReportText.safeLink)
            a["title"] = appearance.title
            a["outlet"] = appearance.outlet
            a["author"] = appearance.author
            // The claim's own sentence is shown once, as the claim.
            a["context"] = appearance.context.flatMap { ReportText.repeats($0, item.text) ? nil : $0 }
            if let published = appearance.publishedAt {
                a["published_at"] = ReportText.iso8601(published)
                a["published_on"] = ReportText.day(published)
            }
            return a
        }
        if let source = item.appearances.first(where: { $0.url != nil })?.url {
            values["source_url"] = source
            values["source_href"] = ReportText.safeLink(source)
        }
        return values
    }
}
