import Foundation
import Testing

@testable import Reports

@Suite struct JSONReportTests {
    /// A value from JSONSerialization as an optional Swift value (`NSNull` is nil).
    private func optional<T>(_ value: Any?, as: T.Type = T.self) -> T? {
        value is NSNull ? nil : value as? T
    }

    @Test func theDocumentParsesAndEveryValueMatchesItsItem() throws {
        let output = try ReportFixtures.render(.json)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let summary = ReportFixtures.summary
        #expect(object["generated_at"] as? String == ReportFixtures.iso(summary.generatedAt))
        let organization = try #require(object["organization"] as? [String: Any])
        #expect(organization["name"] as? String == summary.organization.name)
        #expect(organization["url"] as? String == summary.organization.url)
        #expect(object["scope"] as? String == summary.scope)
        #expect(object["total"] as? Int == summary.total)
        for (key, counts) in [("by_status", summary.byStatus), ("by_verdict", summary.byVerdict)] {
            let list = try #require(object[key] as? [[String: Any]])
            #expect(list.map { $0["name"] as? String } == counts.map(\.name))
            #expect(list.map { $0["label"] as? String } == counts.map(\.label))
            #expect(list.map { $0["count"] as? Int } == counts.map(\.count))
        }

        let claims = try #require(object["claims"] as? [[String: Any]])
        #expect(claims.count == ReportFixtures.items.count)
        let keys: Set = [
            "id", "text", "speaker", "kind", "score", "status", "verdict", "verdict_label", "rating_value",
            "best_rating", "worst_rating", "verdict_note", "dismiss_reason", "reviewer", "reviewer_login",
            "reviewed_at",
            "created_at", "evidence", "appearances",
        ]
        for (claim, item) in zip(claims, ReportFixtures.items) {
            #expect(Set(claim.keys) == keys, "every key is present, null when absent")
            #expect(claim["id"] as? Int64 == item.id)
            #expect(claim["text"] as? String == item.text)
            #expect(optional(claim["speaker"], as: String.self) == item.speaker)
            #expect(claim["kind"] as? String == item.kind)
            #expect(optional(claim["score"], as: Double.self) == item.score)
            #expect(claim["status"] as? String == item.status)
            #expect(optional(claim["verdict"], as: String.self) == item.verdict)
            #expect(optional(claim["verdict_label"], as: String.self) == item.verdictLabel)
            #expect(optional(claim["rating_value"], as: Int.self) == item.ratingValue)
            #expect(optional(claim["best_rating"], as: Int.self) == item.bestRating)
            #expect(optional(claim["worst_rating"], as: Int.self) == item.worstRating)
            #expect(optional(claim["verdict_note"], as: String.self) == item.verdictNote)
            #expect(optional(claim["dismiss_reason"], as: String.self) == item.dismissReason)
            #expect(optional(claim["reviewer"], as: String.self) == item.reviewer)
            #expect(optional(claim["reviewed_at"], as: String.self) == ReportFixtures.iso(item.reviewedAt))
            #expect(claim["created_at"] as? String == ReportFixtures.iso(item.createdAt))

            let evidence = try #require(claim["evidence"] as? [[String: Any]])
            #expect(evidence.count == item.evidence.count)
            for (e, expected) in zip(evidence, item.evidence) {
                #expect(Set(e.keys) == ["url", "stance", "note", "added_by"])
                #expect(e["url"] as? String == expected.url)
                #expect(e["stance"] as? String == expected.stance)
                #expect(optional(e["note"], as: String.self) == expected.note)
                #expect(e["added_by"] as? String == expected.addedBy)
            }
            let appearances = try #require(claim["appearances"] as? [[String: Any]])
            #expect(appearances.count == item.appearances.count)
            for (a, expected) in zip(appearances, item.appearances) {
                #expect(Set(a.keys) == ["url", "title", "outlet", "author", "published_at", "context"])
                #expect(optional(a["url"], as: String.self) == expected.url)
                #expect(optional(a["title"], as: String.self) == expected.title)
                #expect(optional(a["outlet"], as: String.self) == expected.outlet)
                #expect(optional(a["author"], as: String.self) == expected.author)
                #expect(optional(a["published_at"], as: String.self) == ReportFixtures.iso(expected.publishedAt))
                #expect(optional(a["context"], as: String.self) == expected.context)
            }
        }
    }

    @Test func datesAreISO8601InUTC() throws {
        let output = try ReportFixtures.render(.json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let parser = ISO8601DateFormatter()
        let generated = try #require(object["generated_at"] as? String)
        #expect(generated.hasSuffix("Z"))
        #expect(parser.date(from: generated) == ReportFixtures.summary.generatedAt)
    }

    @Test func stringsEscapeControlCharactersAndHTMLSensitiveCharacters() {
        #expect(ReportText.json("a\"b\\c\n\u{01}") == #""a\"b\\c\n\u0001""#)
        #expect(ReportText.json("</script>") == #""\u003c/script\u003e""#)
        #expect(ReportText.json("Zürich 🗳️") == "\"Zürich 🗳️\"")
        #expect(ReportText.json(Double.nan) == "null")
    }

    @Test func anEmptyReportIsStillAValidDocument() throws {
        let output = try ReportFixtures.render(.json, items: [])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect((object["claims"] as? [Any])?.isEmpty == true)
    }
}
