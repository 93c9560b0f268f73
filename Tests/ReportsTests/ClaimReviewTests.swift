import Foundation
import Testing
@testable import Reports

@Suite struct ClaimReviewTests {
    private func parse(_ items: [ReportItem] = ReportFixtures.items, summary: ReportSummary = ReportFixtures.summary)
        throws -> [[String: Any]]
    {
        let output = try ReportFixtures.render(.claimreview, summary: summary, items: items)
        return try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
    }

    @Test func onlyVerifiedClaimsArePublished() throws {
        let reviews = try parse()
        let verified = ReportFixtures.items.filter { $0.status == "verified" }
        #expect(reviews.count == verified.count)
        #expect(reviews.map { $0["claimReviewed"] as? String } == verified.map(\.text))
    }

    @Test func everyRequiredAndRecommendedFieldIsPresentAndRight() throws {
        let reviews = try parse()
        let organization = ReportFixtures.summary.organization
        for (review, item) in zip(reviews, ReportFixtures.items.filter { $0.status == "verified" }) {
            // Required (Google fact-check markup): claimReviewed, reviewRating.alternateName, url.
            #expect(review["@context"] as? String == "https://schema.org")
            #expect(review["@type"] as? String == "ClaimReview")
            #expect(review["claimReviewed"] as? String == item.text)
            #expect(review["url"] as? String == "\(organization.url!)#claim-\(item.id)")
            let rating = try #require(review["reviewRating"] as? [String: Any])
            #expect(rating["@type"] as? String == "Rating")
            #expect(rating["alternateName"] as? String == item.verdictLabel)
            #expect(rating["ratingValue"] as? Int == item.ratingValue)
            #expect(rating["bestRating"] as? Int == item.bestRating)
            #expect(rating["worstRating"] as? Int == item.worstRating)
            if item.ratingValue == nil {
                #expect(rating["ratingValue"] == nil && rating["bestRating"] == nil && rating["worstRating"] == nil)
            }

            // Recommended: author, datePublished, itemReviewed.
            let author = try #require(review["author"] as? [String: Any])
            #expect(author["@type"] as? String == "Organization")
            #expect(author["name"] as? String == organization.name)
            #expect(author["url"] as? String == organization.url)
            #expect(review["datePublished"] as? String == ReportFixtures.day(item.reviewedAt))

            let claim = try #require(review["itemReviewed"] as? [String: Any])
            #expect(claim["@type"] as? String == "Claim")
            let speaker = try #require(claim["author"] as? [String: Any])
            #expect(speaker["name"] as? String == item.speaker)
            let earliest = item.appearances.compactMap(\.publishedAt).min() ?? item.createdAt
            #expect(claim["datePublished"] as? String == ReportFixtures.day(earliest))
        }
    }

    @Test func speakersAreTypedAsPersonOrOrganization() throws {
        let reviews = try parse()
        let types = reviews.map { (($0["itemReviewed"] as? [String: Any])?["author"] as? [String: Any])?["@type"] as? String }
        #expect(types == ["Person", "Organization"])
    }

    @Test func appearancesListOnlyWebURLsAndTheEarliestIsTheFirstAppearance() throws {
        let review = try #require(try parse().first)
        let claim = try #require(review["itemReviewed"] as? [String: Any])
        let appearances = try #require(claim["appearance"] as? [[String: Any]])
        #expect(appearances.map { $0["url"] as? String } == ["https://news.example/later", "https://news.example/first?id=1&x=2"])
        #expect(appearances.allSatisfy { $0["@type"] as? String == "CreativeWork" })
        #expect(appearances.first?["headline"] as? String == "Later <i>story</i>, \"part 2\"")
        let first = try #require(claim["firstAppearance"] as? [String: Any])
        #expect(first["url"] as? String == "https://news.example/first?id=1&x=2")
        #expect(first["headline"] as? String == "First 🗳️ story")
    }

    @Test func aDeskWithoutAURLGetsNoURLFields() throws {
        var summary = ReportFixtures.summary
        summary.organization.url = nil
        let review = try #require(try parse(summary: summary).first)
        #expect(review["url"] == nil)
        #expect((review["author"] as? [String: Any])?["url"] == nil)
    }

    @Test func anEmptyReportIsAnEmptyArray() throws {
        #expect(try parse([]).isEmpty)
    }
}
