import ClaimStore
import Foundation
import Testing

@testable import Reports

@Suite struct ClaimReviewTests {
    static let reviewURL = "https://desk.example/checks/{id}?from=claims"

    private func parse(
        _ items: [ReviewedClaim] = ReportFixtures.items, summary: ReportSummary = ReportFixtures.summary,
        reviewURL: String? = reviewURL
    ) throws -> [[String: Any]] {
        var renderer = ClaimReviewRenderer(reviewURL: reviewURL)
        var output = ""
        try renderer.begin(summary, to: &output)
        for item in items { try renderer.write(item, to: &output) }
        try renderer.end(to: &output)
        let reviews = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        #expect(renderer.written == reviews.count)
        return reviews
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
            #expect(review["url"] as? String == "https://desk.example/checks/\(item.id)?from=claims")
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
            // When the claim was first published, never the day it was stored.
            let earliest = item.appearances.compactMap(\.publishedAt).min()
            #expect(claim["datePublished"] as? String == ReportFixtures.day(earliest))
            if earliest == nil { #expect(claim.keys.contains("datePublished") == false) }
        }
    }

    @Test func speakersAreTypedAsPersonOrOrganization() throws {
        let reviews = try parse()
        let types = reviews.map {
            (($0["itemReviewed"] as? [String: Any])?["author"] as? [String: Any])?["@type"] as? String
        }
        #expect(types == ["Person", "Organization"])
    }

    @Test func appearancesListOnlyWebURLsAndTheEarliestIsTheFirstAppearance() throws {
        let review = try #require(try parse().first)
        let claim = try #require(review["itemReviewed"] as? [String: Any])
        let appearances = try #require(claim["appearance"] as? [[String: Any]])
        #expect(
            appearances.map { $0["url"] as? String } == [
                "https://news.example/later", "https://news.example/first?id=1&x=2",
            ])
        #expect(appearances.allSatisfy { $0["@type"] as? String == "CreativeWork" })
        #expect(appearances.first?["headline"] as? String == "Later <i>story</i>, \"part 2\"")
        let first = try #require(claim["firstAppearance"] as? [String: Any])
        #expect(first["url"] as? String == "https://news.example/first?id=1&x=2")
        #expect(first["headline"] as? String == "First 🗳️ story")
    }

    @Test func aDeskWithoutAURLGetsNoURLFields() throws {
        var summary = ReportFixtures.summary
        summary.organization.url = nil
        let review = try #require(try parse(summary: summary, reviewURL: nil).first)
        #expect(review["url"] == nil, "never a URL made up from the desk's own address")
        #expect((review["author"] as? [String: Any])?["url"] == nil)
    }

    @Test func reviewURLTemplatesNeedAnIdAndAWebAddress() {
        #expect(ClaimReviewRenderer.isReviewURLTemplate("https://desk.example/checks/{id}"))
        #expect(ClaimReviewRenderer.isReviewURLTemplate("http://desk.example/report#claim-{id}"))
        #expect(
            !ClaimReviewRenderer.isReviewURLTemplate("https://desk.example/checks/"),
            "no {id}: every review would share one URL")
        #expect(!ClaimReviewRenderer.isReviewURLTemplate("ftp://desk.example/{id}"))
        #expect(!ClaimReviewRenderer.isReviewURLTemplate("javascript:alert('{id}')"))
        #expect(!ClaimReviewRenderer.isReviewURLTemplate("desk.example/{id}"))
    }

    /// Every object is one of the schema.org types Google's fact-check markup uses, with only
    /// properties schema.org defines for that type, and the required ones present.
    @Test func everyObjectHasOnlySchemaOrgPropertiesOfItsType() throws {
        // schema.org property names per type (https://schema.org/ClaimReview, Rating, Claim,
        // CreativeWork, Person, Organization), limited to those this renderer may write.
        let allowed: [String: Set<String>] = [
            "ClaimReview": [
                "@context", "@type", "url", "claimReviewed", "datePublished", "author", "reviewRating", "itemReviewed",
            ],
            "Rating": ["@type", "ratingValue", "bestRating", "worstRating", "alternateName"],
            "Claim": ["@type", "author", "datePublished", "appearance", "firstAppearance"],
            "CreativeWork": ["@type", "url", "headline"],
            "Person": ["@type", "name", "url"],
            "Organization": ["@type", "name", "url"],
        ]
        let required: [String: Set<String>] = [
            "ClaimReview": ["@context", "@type", "url", "claimReviewed", "reviewRating", "author", "itemReviewed"],
            "Rating": ["@type", "alternateName"], "Claim": ["@type"], "CreativeWork": ["@type", "url"],
            "Person": ["@type", "name"], "Organization": ["@type", "name"],
        ]
        var seen = Set<String>()
        func walk(_ object: [String: Any], path: String) {
            let type = object["@type"] as? String ?? "(none)"
            seen.insert(type)
            guard let keys = allowed[type] else {
                Issue.record("\(path) has @type \(type), not one ClaimReview markup uses")
                return
            }
            #expect(Set(object.keys).isSubset(of: keys), "\(path) (\(type)) has \(Set(object.keys).subtracting(keys))")
            #expect(
                required[type]!.isSubset(of: Set(object.keys)),
                "\(path) (\(type)) lacks \(required[type]!.subtracting(object.keys))")
            for (key, value) in object {
                if let child = value as? [String: Any] { walk(child, path: path + "." + key) }
                if let children = value as? [[String: Any]] {
                    for (i, child) in children.enumerated() { walk(child, path: "\(path).\(key)[\(i)]") }
                }
                if key == "url" || key == "datePublished" || key == "ratingValue" {
                    #expect(!(value is NSNull), "\(path).\(key) is null")
                }
            }
            if let date = object["datePublished"] as? String {
                #expect(
                    date.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil, "\(path).datePublished \(date) is not ISO 8601")
            }
        }
        let reviews = try parse()
        #expect(!reviews.isEmpty)
        for (i, review) in reviews.enumerated() { walk(review, path: "[\(i)]") }
        #expect(seen.isSuperset(of: ["ClaimReview", "Rating", "Claim", "CreativeWork", "Person", "Organization"]))
    }

    @Test func anEmptyReportIsAnEmptyArray() throws {
        #expect(try parse([]).isEmpty)
    }
}
