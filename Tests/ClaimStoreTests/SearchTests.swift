import ClaimStore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Search and similar claims")
struct SearchTests {
    let store: ClaimStore
    let ids: [String: Int64]

    init() throws {
        let database = try TestDatabase.create("search")
        store = ClaimStore(connection: try database.connect())
        try Migrator().migrate(store.db)
        let claims = [
            "thirtytwo": "The Treasury sanctioned 32 Russian entities on Friday.",
            "paraphrase": "Treasury has sanctioned 32 Russian entities on Friday",
            "twentythree": "The Treasury sanctioned 23 Russian entities on Friday.",
            "monday": "The Treasury sanctioned 32 Russian entities on Monday.",
            "treaty": "The U.S. and Russia agreed to extend New START through Feb. 4, 2026.",
            "treaty-other-date": "The U.S. and Russia agreed to extend New START through Feb. 5, 2026.",
            "jobs": "Unemployment fell to 3.4% in January, the lowest rate since 1969.",
            "unrelated": "The city council approved a new transit budget after a long meeting.",
        ]
        var ids: [String: Int64] = [:]
        for (key, text) in claims {
            ids[key] = try store.add(NewClaim(text: text, sourceURL: "https://news.example/\(key)"), reviewer: "desk").claim.id
        }
        self.ids = ids
    }

    @Test func similarFindsParaphrasesButNeverOtherNumbersOrDates() throws {
        let similar = try store.similar(to: ids["thirtytwo"]!).map(\.claim.id)
        #expect(similar.contains(ids["paraphrase"]!))
        #expect(!similar.contains(ids["twentythree"]!), "32 and 23 entities are different claims")
        #expect(!similar.contains(ids["monday"]!), "Friday and Monday are different claims")
        #expect(!similar.contains(ids["unrelated"]!))
        let treaty = try store.similar(to: ids["treaty"]!).map(\.claim.id)
        #expect(!treaty.contains(ids["treaty-other-date"]!), "Feb. 4 and Feb. 5 are different claims")
    }

    @Test func aVerifiedLookAlikeIsCheckedBeforeButOneWithOtherFactsIsNot() throws {
        #expect(try store.checkedBefore(ids["thirtytwo"]!).isEmpty, "nothing verified yet")
        _ = try store.verify(id: ids["paraphrase"]!, verdict: "mostly-true", note: nil, evidence: ["https://treasury.example/p"], reviewer: "ana")
        _ = try store.verify(id: ids["twentythree"]!, verdict: "false", note: nil, evidence: ["https://treasury.example/q"], reviewer: "ana")
        let earlier = try store.checkedBefore(ids["thirtytwo"]!)
        #expect(earlier.map(\.id) == [ids["paraphrase"]!])
        #expect(earlier.first?.verdict == "mostly-true")
    }

    @Test func searchStemsRanksAndTakesPhrases() throws {
        let stemmed = try store.search("sanctioning entity").map(\.claim.id)
        #expect(Set(stemmed) == Set(["thirtytwo", "paraphrase", "twentythree", "monday"].map { ids[$0]! }))
        let phrase = try store.search("\"new start\"").map(\.claim.id)
        #expect(Set(phrase) == [ids["treaty"]!, ids["treaty-other-date"]!])
        let excluded = try store.search("treasury -monday").map(\.claim.id)
        #expect(!excluded.contains(ids["monday"]!))
        let ranked = try store.search("unemployment lowest rate")
        #expect(ranked.first?.claim.id == ids["jobs"]!)
        #expect(try store.search("unemployment", filter: ClaimFilter(status: .verified)).isEmpty)
    }

    @Test func mergingMovesAppearancesAndEvidenceAndIsAudited() throws {
        let keep = ids["thirtytwo"]!, duplicate = ids["paraphrase"]!
        _ = try store.addEvidence(id: duplicate, url: "https://treasury.example/d", stance: .supports, note: nil, reviewer: "ana")
        let survivor = try store.merge(duplicate, into: keep, reviewer: "ed")
        #expect(survivor.sourceCount == 2)
        #expect(try store.detail(id: keep).evidence.map(\.url) == ["https://treasury.example/d"])
        let merged = try store.claim(id: duplicate)
        #expect(merged.status == .dismissed)
        #expect(merged.dismissReason == "merged into #\(keep)")
        #expect(try store.history(id: duplicate).last?.action == .merged)
        #expect(try store.history(id: keep).last?.action == .merged)
        #expect(try store.similar(to: keep).map(\.claim.id).contains(duplicate) == false, "a merged claim is not suggested")
        #expect(throws: ClaimStoreError.self) { try store.merge(keep, into: keep, reviewer: "ed") }
    }

    @Test func unlinkedLookAlikesAreNotSuggestedAgain() throws {
        let a = ids["thirtytwo"]!, b = ids["paraphrase"]!
        #expect(try store.similar(to: a).map(\.claim.id).contains(b))
        try store.markDistinct(b, a, reviewer: "ana")
        #expect(!(try store.similar(to: a).map(\.claim.id).contains(b)))
        #expect(!(try store.similar(to: b).map(\.claim.id).contains(a)))
    }

    @Test func theMatcherIsMeasuredOnPairsWithoutChangingTheDatabase() throws {
        let before: Int = try store.db.query("SELECT count(*) AS n FROM claims").first!.decode("n")
        let result = try store.evaluateMatcher([
            ("Exports rose 5% in March.", "Exports rose by 5% in March.", true),
            ("Exports rose 5% in March.", "Exports rose 6% in March.", false),
            ("Exports rose 5% in March.", "Exports rose 5% in April.", false),
        ])
        #expect(result.truePositives == 1)
        #expect(result.trueNegatives == 2)
        #expect(result.precision == 1 && result.recall == 1)
        #expect(try store.db.query("SELECT count(*) AS n FROM claims").first!.decode("n", as: Int.self) == before)
    }
}
