import ClaimStore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Adding and listing claims", .dropsTestDatabases)
struct ClaimStoreTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.migrated("store")
    }

    @Test func addStoresTheClaimItsSourceAppearanceAndEventTogether() throws {
        let store = ClaimStore(connection: try database.connect())
        let result = try store.add(
            NewClaim(
                text: "  The U.S. and Russia agreed to extend New START through Feb. 4, 2026. ",
                sourceURL: "https://example.com/new-start", sourceTitle: "Treaty extended", speaker: "State Department",
                kind: .date),
            reviewer: "ana")
        #expect(!result.alreadyTracked)
        let claim = result.claim
        #expect(claim.text == "The U.S. and Russia agreed to extend New START through Feb. 4, 2026.")
        #expect(claim.normalized == "the u.s. and russia agreed to extend new start through feb. 4, 2026")
        #expect(claim.status == .pending)
        #expect(claim.kind == .date)
        #expect(claim.version == 1)
        #expect(claim.createdBy == "ana")
        #expect(claim.sourceCount == 1)

        let detail = try store.detail(id: claim.id)
        #expect(detail.appearances.map(\.url) == ["https://example.com/new-start"])
        #expect(detail.appearances.first?.title == "Treaty extended")
        #expect(detail.history.count == 1)
        #expect(detail.history.first?.action == .created)
        #expect(detail.history.first?.reviewer == "ana")
        #expect(detail.history.first?.toStatus == .pending)
        #expect(detail.history.first?.databaseUser == store.db.user)
    }

    @Test func theSameClaimFromAnotherSourceBecomesAnAppearance() throws {
        let store = ClaimStore(connection: try database.connect())
        let text = "Unemployment fell to 3.4% in January \(UUID().uuidString)."
        let first = try store.add(NewClaim(text: text, sourceURL: "https://a.example/jobs"), reviewer: "ana")
        let again = try store.add(
            NewClaim(
                text: "  " + text.uppercased().replacingOccurrences(of: " ", with: "   "),
                sourceURL: "https://b.example/jobs"),
            reviewer: "ben")
        #expect(again.alreadyTracked)
        #expect(again.claim.id == first.claim.id)
        #expect(again.claim.sourceCount == 2)
        // The same source a second time adds nothing.
        let thrice = try store.add(NewClaim(text: text, sourceURL: "https://b.example/jobs"), reviewer: "ben")
        #expect(thrice.claim.sourceCount == 2)
        let actions = try store.history(id: first.claim.id).map(\.action)
        #expect(actions == [.created, .appeared])
    }

    @Test func concurrentAddsOfOneClaimMakeOneRow() async throws {
        let database = database
        let text = "Prices rose 9.1% in the year to June \(UUID().uuidString)."
        let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
            for n in 0..<6 {
                group.addTask {
                    let store = ClaimStore(connection: try database.connect())
                    return try store.add(
                        NewClaim(text: text, sourceURL: "https://outlet\(n).example/cpi"), reviewer: "r\(n)"
                    ).claim.id
                }
            }
            var ids: Set<Int64> = []
            for try await id in group { ids.insert(id) }
            return ids
        }
        #expect(ids.count == 1)
        let store = ClaimStore(connection: try database.connect())
        #expect(try store.claim(id: try #require(ids.first)).sourceCount == 6)
    }

    @Test func badInputStoresNothing() throws {
        let store = ClaimStore(connection: try database.connect())
        func counts() throws -> [Int] {
            try ["claims", "sources", "claim_events"].map { table -> Int in
                let query: SQLQuery =
                    switch table {
                    case "claims": "SELECT count(*) AS n FROM claims"
                    case "sources": "SELECT count(*) AS n FROM sources"
                    default: "SELECT count(*) AS n FROM claim_events"
                    }
                return try #require(try store.db.query(query).first).decode("n")
            }
        }
        let before = try counts()
        #expect(throws: ClaimStoreError.self) {
            try store.add(NewClaim(text: "   ", sourceURL: "https://x.example"), reviewer: "ana")
        }
        #expect(throws: ClaimStoreError.self) {
            try store.add(NewClaim(text: "A claim.", sourceURL: "ftp://x.example"), reviewer: "ana")
        }
        #expect(throws: ClaimStoreError.self) {
            try store.add(NewClaim(text: "A claim.", sourceURL: "https://"), reviewer: "ana")
        }
        #expect(try counts() == before)
    }

    @Test func anUnknownClaimIdSaysSo() throws {
        let store = ClaimStore(connection: try database.connect())
        let error = #expect(throws: ClaimStoreError.self) { try store.detail(id: 987_654) }
        #expect(error == .claimNotFound(id: 987_654))
        #expect(error?.description.contains("claims list") == true)
    }

    @Test func listFiltersByStatusSourceAndLimit() throws {
        let database = try TestDatabase.migrated("storelist")
        let db = try database.connect()
        let store = ClaimStore(connection: db)
        var ids: [Int64] = []
        for n in 0..<5 {
            ids.append(
                try store.add(
                    NewClaim(text: "Claim number \(n).", sourceURL: "https://example.com/\(n % 2)"), reviewer: "ana"
                ).claim.id)
        }
        try db.execute("UPDATE claims SET score = 0.1 * id WHERE id = ANY(\(ids.map(Int.init)))")
        try db.execute("UPDATE claims SET status = 'dismissed', dismiss_reason = 'opinion' WHERE id = \(ids[0])")

        #expect(try store.list(ClaimFilter()).count == 5)
        let pending = try store.list(ClaimFilter(status: .pending))
        #expect(pending.map(\.id) == ids[1...].reversed(), "highest score first")
        let created = try store.list(ClaimFilter(status: .pending, sort: .created))
        #expect(created.map(\.id) == Array(ids[1...]))
        let source: Int64 = try #require(
            try db.query("SELECT id FROM sources WHERE url = 'https://example.com/1'").first
        ).decode("id")
        #expect(try store.list(ClaimFilter(sourceID: source)).map(\.id).sorted() == [ids[1], ids[3]])
        #expect(try store.list(ClaimFilter(limit: 2)).count == 2)
        let top = try store.list(ClaimFilter(minScore: 0.1 * Double(ids[3])))
        #expect(Set(top.map(\.id)) == [ids[3], ids[4]])
    }
}

@Suite("Claim text rules", .dropsTestDatabases)
struct ClaimTextTests {
    @Test func normalizeFoldsCaseSpacingQuotesAndFinalStop() {
        #expect(ClaimText.normalize("  The U.S. “agreed”  to\textend it. ") == "the u.s. \"agreed\" to extend it")
        #expect(ClaimText.normalize("It rose 3.4%!") == "it rose 3.4%")
        #expect(ClaimText.normalize("Prices – up") == "prices - up")
    }

    @Test func onlyFullWebAddressesAreSourceURLs() {
        #expect(ClaimText.isWebURL("https://example.com/story?id=1"))
        #expect(ClaimText.isWebURL("HTTP://example.com"))
        #expect(!ClaimText.isWebURL("example.com/story"))
        #expect(!ClaimText.isWebURL("ftp://example.com"))
        #expect(!ClaimText.isWebURL("https://"))
        #expect(!ClaimText.isWebURL("https://exa mple.com"))
        #expect(!ClaimText.isWebURL("javascript:alert(1)"))
    }
}
