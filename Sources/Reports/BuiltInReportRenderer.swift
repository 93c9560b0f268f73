import ClaimStore
import Foundation

/// The built-in Markdown and HTML reports, with each claim written straight from its
/// typed fields: the same bytes as rendering the built-in template
/// (`Templates/report.*.mustache`) through ``TemplateReportRenderer``, without building
/// a dictionary of `Any` per claim and looking every key up in it.
///
/// The summary at the top and the footer are rendered once each, from the built-in
/// template by swift-mustache. A desk's own template (`--template`) always goes through
/// ``TemplateReportRenderer``. GoldenReportTests proves both paths give the committed
/// output, and FastPathTests that they agree on generated claims.
///
/// A change to a built-in template must be made here too: the tests fail until it is.
struct BuiltInReportRenderer: ReportRenderer {
    private let markdown: Bool
    /// The built-in template, for the head and the tail.
    private var template: TemplateReportRenderer
    private var summary: ReportSummary?
    private var count = 0
    private var lastStatus: String?
    private var out = ReportBytes(capacity: 1 << 14)
    /// Scratch for ``ReportText/repeats(_:_:)``.
    private var plainA: [UInt8] = []
    private var plainB: [UInt8] = []

    init(markdown: Bool) throws {
        self.markdown = markdown
        guard let text = ReportFormat.defaultTemplate(for: markdown ? .markdown : .html) else {
            throw ReportTemplateError.missingDefault(format: markdown ? "markdown" : "html")
        }
        template = try TemplateReportRenderer(template: text, markdown: markdown)
    }

    mutating func begin(_ summary: ReportSummary, to output: inout some TextOutputStream) throws {
        self.summary = summary
        try template.begin(summary, to: &output)
    }

    mutating func write(_ item: ReviewedClaim, to output: inout some TextOutputStream) throws {
        count += 1
        let startsGroup = summary != nil && item.status != lastStatus
        lastStatus = item.status
        if markdown {
            writeMarkdown(item)
        } else {
            writeHTML(item, startsGroup: startsGroup)
        }
        out.flush(to: &output)
    }

    mutating func end(to output: inout some TextOutputStream) throws {
        try template.end(claims: count, to: &output)
    }

    // MARK: Shared values

    /// An appearance's context unless it only repeats the claim's text.
    private mutating func shownContext(_ context: String?, text: String) -> String? {
        guard let context else { return nil }
        return ReportText.repeats(context, text, scratch: &plainA, &plainB) ? nil : context
    }

    /// `4/5`, or `4` without a best rating.
    private mutating func appendRating(_ rating: Int, best: Int?, escape: (inout ReportBytes, String) -> Void) {
        // The numbers hold nothing to escape but a leading minus, which Markdown escapes.
        let text = best.map { "\(rating)/\($0)" } ?? "\(rating)"
        escape(&out, text)
    }

    // MARK: Markdown

    private mutating func writeMarkdown(_ item: ReviewedClaim) {
        out.appendStatic("### #")
        out.append(item.id)
        out.appendStatic(" · ")
        let statusLabel = ReportPalette.statusLabel(item.status)
        if let verdict = item.verdict {
            out.appendMarkdown(item.verdictLabel ?? verdict)
        } else {
            out.appendMarkdown(statusLabel)
        }
        out.appendStatic("\n\n> ")
        out.appendMarkdown(item.text)
        out.appendStatic("\n\n")
        if let speaker = item.speaker {
            out.appendStatic("- **Said by:** ")
            out.appendMarkdown(speaker)
            out.append(byte: 0x0A)
        }
        out.appendStatic("- **Status:** ")
        out.appendMarkdown(statusLabel)
        out.appendStatic(" · ")
        out.appendMarkdown(item.kind)
        if let score = ReportText.score(item.score) {
            out.appendStatic(" · check-worthiness ")
            out.appendMarkdown(score)
        }
        out.appendStatic(" · added ")
        out.appendDay(item.createdAt)
        out.append(byte: 0x0A)
        if let verdict = item.verdict {
            out.appendStatic("- **Verdict:** **")
            out.appendMarkdown(item.verdictLabel ?? verdict)
            out.appendStatic("**")
            if let rating = item.ratingValue {
                out.appendStatic(" (")
                appendRating(rating, best: item.bestRating) { $0.appendMarkdown($1) }
                out.appendStatic(")")
            }
            appendMarkdownDecision(item)
            out.append(byte: 0x0A)
        }
        if let note = item.verdictNote {
            out.appendStatic("- **Note:** ")
            out.appendMarkdown(note)
            out.append(byte: 0x0A)
        }
        if item.status == "dismissed" {
            out.appendStatic("- **Dismissed:**")
            appendMarkdownDecision(item)
            if let reason = item.dismissReason {
                out.appendStatic(": ")
                out.appendMarkdown(reason)
            }
            out.append(byte: 0x0A)
        }
        if !item.evidence.isEmpty {
            out.appendStatic("- **Evidence:**\n")
            for evidence in item.evidence {
                out.appendStatic("  - ")
                out.appendMarkdown(evidence.stance)
                out.appendStatic(": ")
                if let href = ReportText.safeLink(evidence.url) {
                    out.append(byte: 0x5B)
                    out.appendMarkdown(evidence.url)
                    out.appendStatic("](")
                    out.append(href)
                    out.append(byte: 0x29)
                } else {
                    out.appendMarkdown(evidence.url)
                    out.appendStatic(" (not linked)")
                }
                if let note = evidence.note {
                    out.appendStatic(" — ")
                    out.appendMarkdown(note)
                }
                out.appendStatic(" (")
                out.appendMarkdown(evidence.addedBy)
                out.appendStatic(")\n")
            }
        }
        if !item.appearances.isEmpty {
            out.appendStatic("- **Appeared in:**\n")
            for appearance in item.appearances {
                out.appendStatic("  - ")
                if let url = appearance.url, let href = ReportText.safeLink(url) {
                    out.append(byte: 0x5B)
                    out.appendMarkdown(appearance.title ?? url)
                    out.appendStatic("](")
                    out.append(href)
                    out.append(byte: 0x29)
                } else if let title = appearance.title {
                    out.appendMarkdown(title)
                } else {
                    out.appendStatic("Untitled source")
                }
                if let outlet = appearance.outlet {
                    out.appendStatic(", ")
                    out.appendMarkdown(outlet)
                }
                if let published = appearance.publishedAt {
                    out.appendStatic(", ")
                    out.appendDay(published)
                }
                if let context = shownContext(appearance.context, text: item.text) {
                    out.appendStatic(": “")
                    out.appendMarkdown(context)
                    out.appendStatic("”")
                }
                out.append(byte: 0x0A)
            }
        }
        out.append(byte: 0x0A)
    }

    /// ` by NAME on DAY`, each part when known.
    private mutating func appendMarkdownDecision(_ item: ReviewedClaim) {
        if let reviewer = item.reviewer {
            out.appendStatic(" by ")
            out.appendMarkdown(reviewer)
        }
        if let reviewed = item.reviewedAt {
            out.appendStatic(" on ")
            out.appendDay(reviewed)
        }
    }

    // MARK: HTML

    private mutating func writeHTML(_ item: ReviewedClaim, startsGroup: Bool) {
        if startsGroup, let summary {
            let count = summary.byStatus.first { $0.name == item.status }
            out.appendStatic("<h2 class=\"group\" id=\"")
            out.appendHTML(TemplateContext.groupAnchor(item.status))
            out.appendStatic("\">")
            out.appendHTML(count?.label ?? ReportPalette.statusLabel(item.status))
            out.appendStatic(" · ")
            out.appendHTML(ReportText.count(count?.count ?? 0, "claim"))
            out.appendStatic("</h2>\n")
        }
        let statusLabel = ReportPalette.statusLabel(item.status)
        out.appendStatic("<article class=\"card claim\" id=\"claim-")
        out.append(item.id)
        out.appendStatic("\">\n<div class=\"claim-head\">")
        let verdictLabel = item.verdict.map { item.verdictLabel ?? $0 }
        if let verdict = item.verdict, let verdictLabel {
            out.appendStatic("<span class=\"badge\" style=\"background-color: ")
            out.appendHTML(
                ReportPalette.verdictColor(
                    verdict, rating: item.ratingValue, best: item.bestRating, worst: item.worstRating))
            out.appendStatic("\">")
            out.appendHTML(verdictLabel)
            out.appendStatic("</span>")
        }
        out.appendStatic("<span class=\"status\" style=\"color: ")
        out.appendHTML(ReportPalette.statusColor(item.status))
        out.appendStatic("\">")
        out.appendHTML(statusLabel)
        out.appendStatic("</span><span class=\"claim-id\">#")
        out.append(item.id)
        out.appendStatic("</span></div>\n<blockquote class=\"claim-text\">")
        out.appendHTML(item.text)
        out.appendStatic("</blockquote>\n<p class=\"byline\">")
        if let speaker = item.speaker {
            out.appendHTML(speaker)
            out.appendStatic(" · ")
        }
        out.appendHTML(item.kind)
        if let score = ReportText.score(item.score) {
            out.appendStatic(" · check-worthiness ")
            out.appendHTML(score)
        }
        out.appendStatic(" · added ")
        out.appendDay(item.createdAt)
        out.appendStatic("</p>\n")
        if let verdictLabel {
            out.appendStatic("<p class=\"review\">Rated <strong>")
            out.appendHTML(verdictLabel)
            out.appendStatic("</strong>")
            if let rating = item.ratingValue {
                out.appendStatic(" (")
                appendRating(rating, best: item.bestRating) { $0.appendHTML($1) }
                out.appendStatic(")")
            }
            appendHTMLDecision(item)
            out.appendStatic("</p>\n")
        }
        if let note = item.verdictNote {
            out.appendStatic("<p class=\"note\">")
            out.appendHTML(note)
            out.appendStatic("</p>\n")
        }
        if item.status == "dismissed" {
            out.appendStatic("<p class=\"review\">Dismissed")
            appendHTMLDecision(item)
            out.appendStatic("</p>\n")
            if let reason = item.dismissReason {
                out.appendStatic("<p class=\"note\">")
                out.appendHTML(reason)
                out.appendStatic("</p>")
            }
            out.append(byte: 0x0A)
        }
        if !item.evidence.isEmpty {
            out.appendStatic("<h3>Evidence</h3>\n<ul class=\"evidence\">\n")
            for evidence in item.evidence {
                out.appendStatic("<li><span class=\"stance stance-")
                out.appendHTML(evidence.stance)
                out.appendStatic("\">")
                out.appendHTML(evidence.stance)
                out.appendStatic("</span> ")
                if ReportText.linkCandidate(evidence.url) != nil {
                    out.appendStatic("<a href=\"")
                    out.appendSafeLink(evidence.url, escapeHTML: true)
                    out.appendStatic("\" rel=\"nofollow noopener noreferrer\">")
                    out.appendHTML(evidence.url)
                    out.appendStatic("</a>")
                } else {
                    out.appendStatic(
                        "<span class=\"unlinked\" title=\"Not linked: only http and https addresses become links\">")
                    out.appendHTML(evidence.url)
                    out.appendStatic("</span>")
                }
                if let note = evidence.note {
                    out.appendStatic(" — ")
                    out.appendHTML(note)
                }
                out.appendStatic(" <small>(")
                out.appendHTML(evidence.addedBy)
                out.appendStatic(")</small></li>\n")
            }
            out.appendStatic("</ul>\n")
        }
        if !item.appearances.isEmpty {
            out.appendStatic("<h3>Where it appeared</h3>\n<ul class=\"appearances\">\n")
            for appearance in item.appearances {
                out.appendStatic("<li>")
                if let url = appearance.url, ReportText.linkCandidate(url) != nil {
                    out.appendStatic("<a href=\"")
                    out.appendSafeLink(url, escapeHTML: true)
                    out.appendStatic("\" rel=\"nofollow noopener noreferrer\">")
                    out.appendHTML(appearance.title ?? url)
                    out.appendStatic("</a>")
                } else if let title = appearance.title {
                    out.appendHTML(title)
                } else if let url = appearance.url {
                    out.appendStatic("<span class=\"unlinked\">")
                    out.appendHTML(url)
                    out.appendStatic("</span>")
                } else {
                    out.appendStatic("Untitled source")
                }
                if let outlet = appearance.outlet {
                    out.appendStatic(" · ")
                    out.appendHTML(outlet)
                }
                if let author = appearance.author {
                    out.appendStatic(" · ")
                    out.appendHTML(author)
                }
                if let published = appearance.publishedAt {
                    out.appendStatic(" · ")
                    out.appendDay(published)
                }
                out.append(byte: 0x0A)
                if let context = shownContext(appearance.context, text: item.text) {
                    out.appendStatic("<blockquote class=\"context\">")
                    out.appendHTML(context)
                    out.appendStatic("</blockquote>")
                }
                out.appendStatic("\n</li>\n")
            }
            out.appendStatic("</ul>\n")
        }
        out.appendStatic("</article>\n")
    }

    /// ` by <strong>NAME</strong> on 2026-11-05 14:03 UTC`, each part when known.
    private mutating func appendHTMLDecision(_ item: ReviewedClaim) {
        if let reviewer = item.reviewer {
            out.appendStatic(" by <strong>")
            out.appendHTML(reviewer)
            out.appendStatic("</strong>")
        }
        if let reviewed = item.reviewedAt {
            out.appendStatic(" on ")
            out.appendMinute(reviewed)
        }
    }
}
