import ClaimStore
import Foundation
import Testing

@testable import Reports

@Suite struct HTMLReportTests {
    private func document(items: [ReviewedClaim] = ReportFixtures.items) throws -> HTMLDocument {
        try HTMLDocument(try ReportFixtures.render(.html, items: items))
    }

    private func article(_ id: Int64, in document: HTMLDocument) throws -> HTMLDocument.Element {
        try #require(document.root.all("article").first { $0.attributes["id"] == "claim-\(id)" })
    }

    @Test func userTextNeverBecomesAScriptElement() throws {
        let html = try ReportFixtures.render(.html)
        #expect(!html.lowercased().contains("<script"))
        #expect(try HTMLDocument(html).root.all("script").isEmpty)
    }

    @Test func claimTextNotesAndNamesAppearAsTheirOwnText() throws {
        let document = try document()
        for item in ReportFixtures.items {
            let article = try article(item.id, in: document)
            let quote = try #require(article.all("blockquote").first { $0.hasClass("claim-text") })
            #expect(quote.text == item.text)
            if let note = item.verdictNote {
                #expect(article.all("p").contains { $0.hasClass("note") && $0.text == note })
            }
            if let reason = item.dismissReason {
                #expect(article.all("p").contains { $0.hasClass("note") && $0.text == reason })
            }
            if let reviewer = item.reviewer {
                #expect(article.all("strong").contains { $0.text == reviewer })
            }
            if let label = item.verdictLabel {
                #expect(article.all("span").first { $0.hasClass("badge") }?.text == label)
            }
            for appearance in item.appearances {
                if let context = appearance.context {
                    // The claim's own sentence is shown once, as the claim; other context as itself.
                    let shown = article.all("blockquote").contains { $0.hasClass("context") && $0.text == context }
                    #expect(shown == !ReportText.repeats(context, item.text), "\(context)")
                }
            }
        }
        #expect(
            document.root.all("title").first?.text == "Fact-check report · \(ReportFixtures.summary.organization.name)")
    }

    @Test func onlyHTTPAndHTTPSURLsBecomeLinksAndTheirHrefsSurviveEscaping() throws {
        let document = try document()
        let links = document.root.all("a")
        #expect(!links.isEmpty)
        let html = try ReportFixtures.render(.html)
        for link in links {
            let href = try #require(link.attributes["href"])
            // The contents' links stay in the page, on an element that exists.
            if href.hasPrefix("#") {
                #expect(html.contains("id=\"\(href.dropFirst())\""), "\(href)")
                continue
            }
            #expect(href.hasPrefix("https://") || href.hasPrefix("http://"), "\(href)")
        }
        let first = try article(101, in: document)
        let evidenceLinks = first.all("ul").first { $0.hasClass("evidence") }?.all("a") ?? []
        #expect(
            evidenceLinks.map { $0.attributes["href"] } == [
                "https://example.org/report%20%28final%29.pdf?a=1&b=%222%22&c=%3C3%3E",
                "https://stats.example/%C3%9F?q=a%20b",
            ])
        #expect(evidenceLinks.first?.text == ReportFixtures.awkwardURL)
        // The javascript: evidence is shown, as text only.
        #expect(first.all("span").contains { $0.hasClass("unlinked") && $0.text == ReportFixtures.javascriptURL })
        // Source links: the two web URLs; the data: URL is not a link.
        let sourceLinks = first.all("ul").first { $0.hasClass("appearances") }?.all("a") ?? []
        #expect(
            sourceLinks.map { $0.attributes["href"] } == [
                "https://news.example/later", "https://news.example/first?id=1&x=2",
            ])
        #expect(sourceLinks.first?.text == "Later <i>story</i>, \"part 2\"")
    }

    @Test func theFileLoadsNothingFromOutside() throws {
        let document = try document()
        for element in document.root.descendants {
            #expect(element.attributes["src"] == nil, "\(element.name) has a src")
            if element.name == "link" { Issue.record("a <link> element: \(element.attributes)") }
            if element.name == "img" || element.name == "iframe" || element.name == "object" || element.name == "embed"
            {
                Issue.record("an external-content element: \(element.name)")
            }
            #expect(!(element.attributes["style"] ?? "").contains("url("))
        }
        let css = document.root.all("style").map(\.text).joined()
        #expect(!css.isEmpty, "the stylesheet is inline")
        #expect(!css.contains("url(") && !css.contains("@import"))
    }

    @Test func theSummaryChartHasOneLabelledBarPerVerdictAndStatus() throws {
        let document = try document()
        // One panel per SVG (verdicts, then statuses), so each can take the page's width on a phone.
        let svgs = document.root.all("svg")
        #expect(svgs.count == 2)
        let bars = svgs.flatMap { $0.all("rect") }.filter { $0.hasClass("bar") }
        let summary = ReportFixtures.summary
        #expect(bars.map { $0.attributes["data-name"] } == (summary.byVerdict + summary.byStatus).map(\.name))
        let rows = svgs.flatMap { $0.all("g") }.filter { $0.hasClass("bar-row") }
        #expect(rows.count == summary.byVerdict.count + summary.byStatus.count)
        for (row, count) in zip(rows, summary.byVerdict + summary.byStatus) {
            #expect(row.all("text").map(\.text) == [count.label, String(count.count)])
        }
        // Bars are scaled to the largest count in their panel; zero counts draw nothing.
        let widths = bars.map { Int($0.attributes["width"] ?? "") }
        #expect(widths.prefix(4) == [0, 0, 0, 0])
        #expect(widths[4] == widths[5] && (widths[4] ?? 0) > 0)
    }

    @Test func aReportWithNoClaimsSaysSo() throws {
        let document = try document(items: [])
        #expect(document.root.all("article").isEmpty)
        #expect(document.root.all("p").contains { $0.hasClass("empty") })
    }
}
