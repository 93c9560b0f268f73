import Checkworthiness
import Foundation
import Testing

@testable import Extraction

/// Relative dates in an article without a publication date (#12 item 6): read against a
/// date the article gives itself, and otherwise counted as left unresolved.
@Suite("Reference dates of articles without a publication date")
struct ReferenceDateTests {
    /// The tests compare facts, not scores: every sentence the filters let through is a claim.
    static func extractor() throws -> ClaimExtractor {
        ClaimExtractor(model: try CheckworthinessModel.shipped(), minimumScore: 0)
    }

    static func read(_ text: String) throws -> Article {
        try ArticleReader.read(Array(text.utf8), name: "story.txt")
    }

    static func dates(_ extraction: ArticleExtraction) -> [String: String] {
        var dates: [String: String] = [:]
        for claim in extraction.claims {
            for date in claim.dates { dates[date.text] = date.iso }
        }
        return dates
    }

    @Test func theIssuesRelativeDatesWithoutAnyDateAreCountedUnresolved() throws {
        let article = try Self.read(
            """
            The vote on the budget was held on June 16, when the council approved 40 buses, officials said.

            Ridership fell 5 percent last month, the transit authority said.
            """)
        #expect(ReferenceDate(for: article) == nil)
        let extraction = try Self.extractor().extraction(of: article)
        #expect(extraction.referenceDate == nil)
        #expect(extraction.unresolvedDates == ["June 16", "last month"])
        #expect(extraction.resolvedRelativeDates == 0)
        // The claims themselves are all there, without the dates.
        #expect(extraction.claims.count == 2)
        #expect(Self.dates(extraction).isEmpty)
    }

    @Test func aDateLineUnderTheHeadlineResolvesThem() throws {
        let article = try Self.read(
            """
            Council approves transit budget

            March 3, 2026

            The council voted 7-2 on Tuesday to approve 40 buses, officials said.

            Ridership fell 5 percent last month, the transit authority said.
            """)
        let reference = try #require(ReferenceDate(for: article))
        #expect(reference.source == .dateline)
        #expect(reference.iso == "2026-03-03")
        let extraction = try Self.extractor().extraction(of: article)
        #expect(Self.dates(extraction) == ["Tuesday": "2026-03-03", "last month": "2026-02"])
        #expect(extraction.resolvedRelativeDates == 2)
        #expect(extraction.unresolvedDates.isEmpty)
    }

    @Test(arguments: [
        ("WASHINGTON, March 3, 2026 (Reuters) - The Senate voted 51-49 on Tuesday to confirm 12 judges.", "2026-03-03"),
        ("March 3, 2026 — The Senate voted 51-49 on Tuesday to confirm 12 judges, officials said.", "2026-03-03"),
        (
            "Council votes\n\nBy Jane Doe | Published 10:32 AM EDT, Tue June 25, 2019\n\nThe council voted on Monday.",
            "2019-06-25"
        ),
        ("Council votes\n\nUpdated: 2019-06-25 10:32\n\nThe council voted on Monday.", "2019-06-25"),
    ])
    func datelinesAndDateLines(text: String, iso: String) throws {
        let reference = try #require(ReferenceDate(for: try Self.read(text)))
        #expect(reference.source == .dateline)
        #expect(reference.iso == iso)
    }

    @Test(arguments: [
        // A headline about a date is no date line, nor a line that says "by" the date.
        "Talks to end by March 3, 2026\n\nThe ministry said 40 diplomats left on Tuesday.",
        "Council votes\n\nTalks must end by March 3, 2026\n\nThe ministry said 40 diplomats left on Tuesday.",
        // A date inside the story is an event's date, not the article's.
        "Council votes\n\nThe treaty, signed on March 3, 2026, cut 40 warheads, the ministry said on Tuesday.",
        // A dateline needs its year.
        "WASHINGTON, March 3 (Reuters) - The Senate voted 51-49 on Tuesday to confirm 12 judges.",
    ])
    func datesThatAreNotTheArticles(text: String) throws {
        #expect(ReferenceDate(for: try Self.read(text)) == nil)
    }

    @Test func aDayInTheURLResolvesThem() throws {
        let article = try Self.read(
            """
            ---
            url: https://news.example/politics/2019/08/02/council-vote
            ---
            The council voted 5-4 on Thursday to spend $3 million on 12 new buses, officials said.
            """)
        let reference = try #require(ReferenceDate(for: article))
        #expect(reference.source == .url)
        #expect(reference.iso == "2019-08-02")
        #expect(!reference.isMonthOnly)
        #expect(Self.dates(try Self.extractor().extraction(of: article)) == ["Thursday": "2019-08-01"])
    }

    @Test func aMonthInTheURLResolvesOnlyWhatEveryDayOfItAgreesOn() throws {
        let article = try Self.read(
            """
            ---
            url: http://www.bizpodia.com/2016/09/treasury-department-hits-russia-with.html
            ---
            The Treasury sanctioned 37 entities on Thursday, officials said.

            The Treasury sanctioned 12 entities last month and 5 more on June 16, officials said.
            """)
        let reference = try #require(ReferenceDate(for: article))
        #expect(reference.iso == "2016-09")
        #expect(reference.isMonthOnly)
        let extraction = try Self.extractor().extraction(of: article)
        #expect(Self.dates(extraction) == ["last month": "2016-08", "June 16": "2016-06-16"])
        #expect(extraction.unresolvedDates == ["Thursday"])
        #expect(extraction.resolvedRelativeDates == 2)
    }

    @Test(arguments: [
        ("https://example.com/2019/08/02/story", "2019-08-02"),
        ("https://example.com/news/2016/06/supreme_court.html", "2016-06"),
        ("https://example.com/world/2021-01-27-new-start", "2021-01-27"),
        ("https://example.com/2019/8/2/story?page=2#top", "2019-08-02"),
    ])
    func datesInURLs(url: String, iso: String) {
        #expect(ReferenceDate.date(inURL: url)?.iso == iso)
    }

    @Test(arguments: [
        "https://www.bangkokpost.com/business/1995919/us-unemployment-rate-falls-to-7-9-in-september-govt",
        "https://example.com/2019/13/02/story", "https://example.com/1850/08/story", "https://example.com/2019/",
        "https://2019.example.com/08/02", "not a url",
    ])
    func urlsWithoutADate(url: String) {
        #expect(ReferenceDate.date(inURL: url) == nil)
    }

    @Test func thePublicationDateWinsOverTheTextAndTheURL() throws {
        let article = try Self.read(
            """
            ---
            url: https://news.example/2019/08/02/council-vote
            published: 2026-03-10
            ---
            March 3, 2026

            The council voted 5-4 on Thursday to spend $3 million, officials said.
            """)
        let reference = try #require(ReferenceDate(for: article))
        #expect(reference.source == .published)
        #expect(reference.iso == "2026-03-10")
        let extraction = try Self.extractor().extraction(of: article)
        #expect(Self.dates(extraction)["Thursday"] == "2026-03-05")
    }

    @Test func extractIsExtractionsClaims() throws {
        let article = try Self.read(
            "The council voted 5-4 on Thursday to spend $3 million on 12 buses, officials said.")
        let extractor = try Self.extractor()
        #expect(extractor.extract(from: article) == extractor.extraction(of: article).claims)
    }
}
