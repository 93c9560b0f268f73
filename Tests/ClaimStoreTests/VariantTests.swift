import Foundation
import Postgres
import TestSupport
import Testing

@testable import ClaimStore

@Suite("Variants: the same statement with another figure, date or direction", .dropsTestDatabases)
struct VariantTests {
    let database: TestDatabase
    let store: ClaimStore

    init() throws {
        database = try TestDatabase.migrated("variants")
        store = ClaimStore(connection: try database.connect())
    }

    func add(_ text: String) throws -> Int64 {
        try store.add(NewClaim(text: text, sourceURL: "https://news.example/\(UUID().uuidString)"), reviewer: "desk")
            .claim.id
    }

    func variantIDs(_ id: Int64) throws -> [Int64] {
        try store.variants(of: id).map(\.claim.id)
    }

    @Test func otherFiguresDatesAndDirectionsAreVariantsNeverDuplicates() throws {
        for (original, changed) in [
            (
                "The Treasury sanctioned 32 Russian entities on Friday.",
                "The Treasury sanctioned 23 Russian entities on Friday."
            ),
            (
                "The U.S. and Russia agreed to extend New START through Feb. 4, 2026.",
                "The U.S. and Russia agreed to extend New START through Feb. 5, 2026."
            ),
            (
                "Unemployment fell to 3.4% in January, the lowest rate since 1969.",
                "Unemployment rose to 3.4% in January, the lowest rate since 1969."
            ),
            (
                "A jury found the former officer guilty of manslaughter on Friday.",
                "A jury found the former officer not guilty of manslaughter on Friday."
            ),
        ] {
            let a = try add(original)
            let b = try add(changed)
            #expect(try variantIDs(a) == [b], "\(changed)")
            #expect(try variantIDs(b) == [a], "linked both ways")
            #expect(try store.variants(of: a).allSatisfy { $0.relation == .variant })
            #expect(try !store.similar(to: a).map(\.claim.id).contains(b), "a variant is never a duplicate")
            #expect(
                try !store.similar(to: a, threshold: 0.05).map(\.claim.id).contains(b), "not even when looking wider")
            let suggested: Int = try #require(
                try store.db.query(
                    "SELECT count(*) AS n FROM claim_suggestions WHERE claim_id = \(a) AND similar_id = \(b)"
                ).first
            ).decode("n")
            #expect(suggested == 0)
            #expect(try store.claim(id: b).status == .pending, "linked, never merged")
        }
    }

    @Test func rewordingsAndOtherStatementsAreNotVariants() throws {
        let a = try add("The Treasury sanctioned 32 Russian entities on Friday.")
        let paraphrase = try add("The Treasury has sanctioned 32 Russian entities on Friday")
        let otherWords = try add("The Treasury fined 23 Russian banks on Friday.")
        let otherPlace = try add("The Treasury sanctioned 23 Iranian entities on Friday.")
        let linked = try store.variants(of: a).map(\.claim.text)
        #expect(linked.isEmpty, "\(linked)")
        #expect(try store.similar(to: a).map(\.claim.id) == [paraphrase], "the same facts: a duplicate")
        _ = (otherWords, otherPlace)
        // A shape of fewer than three words of its own says too little.
        let short = try add("It rose 5%.")
        _ = try add("It fell 3%.")
        #expect(try variantIDs(short).isEmpty)
    }

    @Test func aVerifiedVariantSaysWhatChanged() throws {
        let original = try add("The Treasury sanctioned 32 Russian entities on Friday.")
        let changed = try add("The Treasury sanctioned 23 Russian entities on Friday.")
        #expect(try store.verifiedVariants([changed]).isEmpty, "nothing verified yet")
        _ = try store.verify(
            id: original, verdict: "false", note: nil, evidence: ["https://treasury.example/l"], reviewer: "ana")
        let found = try store.verifiedVariants([changed])[changed] ?? []
        #expect(found.map(\.id) == [original])
        #expect(found.first?.verdict == "false" && found.first?.reviewedAt != nil)
        #expect(found.first?.change == "32 → 23 Russian entities")
        #expect(try store.detail(id: changed).variantOf == found)
        #expect(try store.detail(id: original).variantOf.isEmpty, "the pending one is no verified variant")
        #expect(try store.checkedBefore(changed).isEmpty, "a variant is not 'checked before'")
    }

    @Test func unlinkRemovesAVariantForGoodAndBothHistoriesSaySo() throws {
        let a = try add("Average rents in Berlin rose 18% in 2023, a property portal said.")
        let b = try add("Average rents in Berlin rose 81% in 2023, a property portal said.")
        #expect(try variantIDs(a) == [b])
        try store.markDistinct(a, b, reviewer: "ana")
        #expect(try variantIDs(a).isEmpty && variantIDs(b).isEmpty)
        #expect(try store.relink([a, b]) == 0, "not linked again")
        for (id, other) in [(a, b), (b, a)] {
            let event = try store.history(id: id).last
            #expect(event?.action == .unlinked && event?.note == "not a variant of #\(other)")
        }
    }

    @Test func theVariantKeyIsDerivedAndItsChangeIsNotAnEdit() throws {
        let a = try add("The health board said 412 nurses left the hospital in June.")
        let before = try store.claim(id: a)
        // Setting the key by hand is overwritten by the trigger, with no new version or event.
        try store.db.execute("UPDATE claims SET variant_key = 'x' WHERE id = \(a)")
        let key: String? = try #require(try store.db.query("SELECT variant_key FROM claims WHERE id = \(a)").first)
            .decode("variant_key")
        #expect(key != nil && key != "x")
        #expect(try store.claim(id: a).version == before.version)
        #expect(try store.history(id: a).count == 1, "only the created event")
    }

    @Test func migratingAnArchiveLinksItsVariantsAndDropsSuggestionsTheNewRulesRefuse() throws {
        let old = try TestDatabase.create("variantsmigrate")
        let store = ClaimStore(connection: try old.connect())
        try Migrator(migrations: Migration.all.filter { $0.version < 9 }).migrate(store.db)
        // Stored as a binary of schema 8 stored claims (today's `add` also writes the embedding column).
        func add(_ text: String) throws -> Int64 {
            try store.db.queryOne(
                "INSERT INTO claims (text, normalized, created_by) VALUES (\(text), \(ClaimText.normalize(text)), 'desk') RETURNING id",
                purpose: "the new claim's id"
            ).decode("id")
        }
        let yearOnYear = try add("Retail sales in the euro zone rose 0.8% from a year earlier in May, Eurostat said.")
        let monthOnMonth = try add(
            "Retail sales in the euro zone rose 0.8% from a month earlier in May, Eurostat said.")
        let original = try add("The Treasury sanctioned 32 Russian entities on Friday.")
        let changed = try add("The Treasury sanctioned 23 Russian entities on Friday.")
        func suggested(_ a: Int64, _ b: Int64) throws -> Bool {
            try #require(
                try store.db.query(
                    "SELECT count(*) AS n FROM claim_suggestions WHERE claim_id = \(a) AND similar_id = \(b)"
                ).first
            ).decode("n", as: Int.self) > 0
        }
        #expect(try suggested(yearOnYear, monthOnMonth), "the old rules take them for one claim")
        let events: Int = try #require(try store.db.query("SELECT count(*) AS n FROM claim_events").first).decode("n")

        try Migrator().migrate(store.db)
        #expect(
            try !suggested(yearOnYear, monthOnMonth) && !suggested(monthOnMonth, yearOnYear),
            "a year and a month earlier differ")
        #expect(try store.variants(of: original).map(\.claim.id) == [changed])
        #expect(
            try #require(try store.db.query("SELECT count(*) AS n FROM claim_events").first).decode("n", as: Int.self)
                == events,
            "derived keys: no event")
        #expect(try store.claim(id: original).version == 1)
    }

    @Test func aReviewerLoginGetsVariantsLinkedButCannotAddLinksItself() throws {
        try DeskLogins.with(database) { logins in
            let reviewer = ClaimStore(connection: try Connection(conninfo: logins.reviewerURL))
            let a = try reviewer.add(
                NewClaim(
                    text: "The port handled 41 ships on Monday, the harbour master said.",
                    sourceURL: "https://news.example/p1"),
                reviewer: "ana"
            ).claim.id
            let b = try reviewer.add(
                NewClaim(
                    text: "The port handled 14 ships on Monday, the harbour master said.",
                    sourceURL: "https://news.example/p2"),
                reviewer: "ana"
            ).claim.id
            #expect(try reviewer.variants(of: a).map(\.claim.id) == [b], "the trigger links them for the login")
            let other = try add("The port handled 41 ships on Tuesday, the harbour master said.")
            let refused = #expect(throws: PostgresError.self) {
                try reviewer.db.execute(
                    "INSERT INTO claim_variants (claim_id, variant_id, score) VALUES (\(a), \(other), 1)")
            }
            #expect(refused?.code == .insufficientPrivilege)
            try reviewer.markDistinct(a, b, reviewer: "ana")
            #expect(try !reviewer.variants(of: a).map(\.claim.id).contains(b), "but may unlink them")
        }
    }

    @Test func describingAChangeKeepsTheMonthOrTheNoun() {
        #expect(
            VariantChange.describe(
                from: "The Treasury sanctioned 32 entities on Friday.",
                to: "The Treasury sanctioned 23 entities on Friday.")
                == "32 → 23 entities")
        #expect(
            VariantChange.describe(
                from: "They agreed to extend it through Feb. 4, 2026.",
                to: "They agreed to extend it through Feb. 5, 2026.")
                == "Feb. 4 → Feb. 5")
        #expect(
            VariantChange.describe(
                from: "Unemployment fell to 3.4% in January.", to: "Unemployment rose to 3.4% in January.")
                == "fell → rose")
        #expect(
            VariantChange.describe(
                from: "The jury found him guilty on Friday.", to: "The jury found him not guilty on Friday.")
                == "guilty → not guilty")
        #expect(
            VariantChange.describe(from: "Sales rose 3% in May.", to: "Sales fell 4% in May.") == "rose 3% → fell 4%")
    }
}
