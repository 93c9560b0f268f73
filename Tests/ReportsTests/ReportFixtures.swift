import ClaimStore
import Foundation

@testable import Reports

/// Hostile but realistic report input shared by the format tests.
enum ReportFixtures {
    /// Text with everything a format must escape: quotes, commas, line breaks,
    /// HTML, Markdown syntax, emoji and other non-ASCII.
    static let hostile = """
        Zürich 🗳️ “quoted” said "it's 50%, not 40%", then
        <script>alert(1)</script> *not* [a](javascript:x) | # heading \\ `tick` & &amp; 1. <b>bold</b>
        """
    static let javascriptURL = "javascript:alert(document.cookie)"
    static let awkwardURL = "https://example.org/report (final).pdf?a=1&b=\"2\"&c=<3>"

    static func date(_ seconds: TimeInterval) -> Date { Date(timeIntervalSince1970: seconds) }

    static let summary = ReportSummary(
        generatedAt: date(1_793_000_000),
        organization: .init(name: "Desk \"Fakten\" & Co <Zürich>", url: "https://desk.example/checks"),
        scope: "verified, since 2026-11-01 | <all> *sources*",
        total: 4,
        byStatus: [
            .init(name: "pending", label: "Pending", count: 1),
            .init(name: "in_review", label: "In review", count: 0),
            .init(name: "verified", label: "Verified", count: 2),
            .init(name: "dismissed", label: "Dismissed", count: 1),
        ],
        byVerdict: [
            .init(name: "true", label: "True", count: 0),
            .init(name: "mostly-true", label: "Mostly true", count: 0),
            .init(name: "mixed", label: "Mixed", count: 0),
            .init(name: "mostly-false", label: "Mostly <false>", count: 0),
            .init(name: "false", label: "False", count: 1),
            .init(name: "unverifiable", label: "Unverifiable", count: 1),
        ])

    static let items: [ReviewedClaim] = [
        ReviewedClaim(
            id: 101, text: hostile, speaker: "Anna \"Die Zahl\" Müller, MP", kind: "quantity", score: 0.875,
            status: "verified", verdict: "false", verdictLabel: "False", ratingValue: 1, bestRating: 5, worstRating: 1,
            verdictNote: "Official data: 40%, not 50%.\n" + hostile, dismissReason: nil,
            reviewer: "Zoë <reviewer> O'Brien", reviewedAt: date(1_793_100_000), createdAt: date(1_792_000_000),
            evidence: [
                .init(url: awkwardURL, stance: "refutes", note: "Table 3, \"row 2\"\nsee <b>", addedBy: "zoë"),
                .init(url: javascriptURL, stance: "context", note: hostile, addedBy: "mallory"),
                .init(url: "https://stats.example/ß?q=a b", stance: "supports", note: nil, addedBy: "zoë"),
            ],
            appearances: [
                .init(
                    url: "https://news.example/later", title: "Later <i>story</i>, \"part 2\"", outlet: "Le Monde",
                    author: "Jean, Pierre", publishedAt: date(1_791_900_000), context: hostile),
                .init(
                    url: "https://news.example/first?id=1&x=2", title: "First 🗳️ story", outlet: nil, author: nil,
                    publishedAt: date(1_791_800_000), context: "It was 50%, he said."),
                .init(
                    url: "data:text/html,<script>alert(1)</script>", title: "Data URL", outlet: nil, author: nil,
                    publishedAt: nil, context: nil),
                .init(url: nil, title: nil, outlet: "Radio", author: nil, publishedAt: nil, context: "On air."),
            ]),
        ReviewedClaim(
            id: 102, text: "The Ministry says exports grew by 3.2% in 2025.", speaker: "Ministry of Health",
            kind: "quantity", score: 0.5, status: "verified", verdict: "unverifiable", verdictLabel: "Unverifiable",
            ratingValue: nil, bestRating: nil, worstRating: nil, verdictNote: nil, dismissReason: nil,
            reviewer: "li", reviewedAt: date(1_793_200_000), createdAt: date(1_792_500_000), evidence: [],
            appearances: []),
        ReviewedClaim(
            id: 103, text: "Opinion, not fact: \"best city\" 🌆", speaker: nil, kind: "other", score: nil,
            status: "dismissed", verdict: nil, verdictLabel: nil, ratingValue: nil, bestRating: nil, worstRating: nil,
            verdictNote: nil, dismissReason: "Not check-worthy,\r\nopinion <script>x</script>", reviewer: "li",
            reviewedAt: date(1_793_300_000), createdAt: date(1_792_600_000), evidence: [], appearances: []),
        ReviewedClaim(
            id: 104, text: "2026. was a year", speaker: "Ed", kind: "date", score: 0.1, status: "pending",
            verdict: nil, verdictLabel: nil, ratingValue: nil, bestRating: nil, worstRating: nil, verdictNote: nil,
            dismissReason: nil, reviewer: nil, reviewedAt: nil, createdAt: date(1_792_700_000), evidence: [],
            appearances: []),
    ]

    /// Renders `items` in `format` into a string.
    static func render(
        _ format: ReportFormat, template: String? = nil, summary: ReportSummary = summary,
        items: [ReviewedClaim] = items
    ) throws -> String {
        var renderer = try makeRenderer(format: format, template: template)
        var out = ""
        try renderer.begin(summary, to: &out)
        for item in items { try renderer.write(item, to: &out) }
        try renderer.end(to: &out)
        return out
    }

    static func iso(_ date: Date?) -> String? { date.map(ReportText.iso8601) }
    static func day(_ date: Date?) -> String? { date.map(ReportText.day) }
}
