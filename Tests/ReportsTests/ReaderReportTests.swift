import Foundation
import Testing

@testable import Reports

/// What the reports people read add to the claims: counts that read as English, a
/// contents list by verdict, a heading per status group, and each claim's text once.
@Suite struct ReaderReportTests {
    @Test func countsReadAsEnglish() {
        #expect(ReportText.count(0, "claim") == "0 claims")
        #expect(ReportText.count(1, "claim") == "1 claim")
        #expect(ReportText.count(2, "claim review") == "2 claim reviews")
    }

    @Test func aContextThatOnlyRepeatsTheTextIsKnownAsSuch() {
        #expect(ReportText.repeats("Exports grew 3.2% in 2025.", "Exports grew 3.2% in 2025."))
        #expect(ReportText.repeats("  exports grew\n3.2% in 2025", "Exports grew 3.2% in 2025."))
        #expect(!ReportText.repeats("Exports grew 3.2% in 2025, the ministry said.", "Exports grew 3.2% in 2025."))
        #expect(!ReportText.repeats("It was 50%, he said.", ReportFixtures.hostile))
    }

    @Test func oneClaimIsOneClaim() throws {
        var summary = ReportFixtures.summary
        summary.total = 1
        summary.byStatus = summary.byStatus.map {
            .init(name: $0.name, label: $0.label, count: $0.name == "pending" ? 1 : 0)
        }
        let pending = [ReportFixtures.items[3]]
        for format in [ReportFormat.html, .markdown] {
            let text = try ReportFixtures.render(format, summary: summary, items: pending)
            #expect(text.contains(" · 1 claim · generated"), "\(format)")
            #expect(!text.contains("1 claims"), "\(format)")
        }
        #expect(try ReportFixtures.render(.html).contains(" · 4 claims · generated"))
    }

    @Test func eachStatusGroupIsHeadedOnceWithItsCount() throws {
        let html = try ReportFixtures.render(.html)
        let headings = html.matches(
            of: /<h2 class="group" id="([^"]+)">([^<]+)<\/h2>\n<article class="card claim" id="claim-(\d+)">/
        )
        .map { "\($0.1) \($0.2) #\($0.3)" }
        #expect(
            headings == [
                "status-verified Verified · 2 claims #101", "status-dismissed Dismissed · 1 claim #103",
                "status-pending Pending · 1 claim #104",
            ])
    }

    @Test func theContentsListsGroupsInReadingOrderAndVerdictsWithTheirNewestClaims() throws {
        var summary = ReportFixtures.summary
        summary.byVerdict = summary.byVerdict.map {
            var count = $0
            if count.name == "false" {
                count.count = 14
                count.newest = Array(101...110)
            }
            if count.name == "unverifiable" { count.newest = [102] }
            return count
        }
        let html = try ReportFixtures.render(.html, summary: summary)
        let nav = try #require(html.firstMatch(of: /<nav class="card contents"[\s\S]*?<\/nav>/)).0
        let links = (101...110).map { " <a href=\"#claim-\($0)\">#\($0)</a>" }.joined()
        #expect(nav.contains("<li>False · 14 claims:\(links) and 4 more</li>"), "\(nav)")
        #expect(nav.contains("<li>Unverifiable · 1 claim: <a href=\"#claim-102\">#102</a></li>"), "\(nav)")
        #expect(!nav.contains("Mostly &lt;false&gt;"), "a verdict with no claims is left out")
        #expect(
            nav.matches(of: /<li><a href="#status-([a-z_]+)">/).map { String($0.1) } == [
                "verified", "pending", "dismissed",
            ])
        // No contents when nothing matches.
        var empty = ReportFixtures.summary
        empty.total = 0
        empty.byStatus = empty.byStatus.map { .init(name: $0.name, label: $0.label, count: 0) }
        empty.byVerdict = empty.byVerdict.map { .init(name: $0.name, label: $0.label, count: 0) }
        #expect(!(try ReportFixtures.render(.html, summary: empty, items: [])).contains("<nav"))
    }

    @Test func theClaimsOwnSentenceIsNotRepeatedAsItsContext() throws {
        var item = ReportFixtures.items[1]
        item.appearances = [
            .init(
                url: "https://news.example/a", title: "A", outlet: nil, author: nil, publishedAt: nil,
                context: item.text),
            .init(
                url: "https://news.example/b", title: "B", outlet: nil, author: nil, publishedAt: nil,
                context: "Officials said: " + item.text),
        ]
        for format in [ReportFormat.html, .markdown] {
            let text = try ReportFixtures.render(format, items: [item])
            // Once as the claim, once inside the longer context of the second article.
            #expect(text.components(separatedBy: "exports grew by 3.2% in 2025").count - 1 == 2, "\(format)")
        }
    }
}
