import ClaimStore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Ingesting articles", .dropsTestDatabases)
struct IngestTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.migrated("ingest")
    }

    /// A document whose claims are the given sentences of its body, located by search.
    static func document(_ name: String, body: String, claims: [String], score: Double = 0.8) -> IngestDocument {
        let scalars = Array(body.unicodeScalars)
        let found = claims.map { claim -> IngestClaim in
            let needle = Array(claim.unicodeScalars)
            let start = (0...(scalars.count - needle.count)).first { Array(scalars[$0..<$0 + needle.count]) == needle }!
            return IngestClaim(
                text: claim, speaker: nil, kind: .quantity, score: score, start: start, end: start + needle.count,
                context: claim, factsJSON: #"{"quantities":[],"dates":[]}"#)
        }
        return IngestDocument(
            name: name, url: "https://example.com/\(name)", title: name, outlet: "Example", author: nil,
            publishedAt: Date(timeIntervalSince1970: 1_770_163_200), body: body, claims: found)
    }

    @Test func anArticleGoesInWithItsClaimsAppearancesAndEvents() throws {
        let store = ClaimStore(connection: try database.connect())
        let claim = "Coffee cost 4.5% more in January \(UUID().uuidString)."
        let body = "Café prices “rose” sharply 🫖. " + claim + " The end."
        let outcomes = try store.ingest([Self.document("one", body: body, claims: [claim])], reviewer: "feed")
        guard case .success(.stored(let sourceID, 1, 0)) = outcomes[0] else {
            Issue.record("unexpected \(outcomes)")
            return
        }
        let row = try #require(
            try store.db.query(
                """
                SELECT c.text, substr(s.body, a.start_offset + 1, a.end_offset - a.start_offset) AS located, c.origin,
                       (SELECT action FROM claim_events e WHERE e.claim_id = c.id) AS action
                FROM claims c JOIN claim_appearances a ON a.claim_id = c.id JOIN sources s ON s.id = a.source_id
                WHERE s.id = \(sourceID)
                """
            ).first)
        #expect(
            try row.decode("text", as: String.self) == (try row.decode("located", as: String.self)),
            "offsets count as PostgreSQL does")
        #expect(try row.decode("origin", as: String.self) == "extracted")
        #expect(try row.decode("action", as: String.self) == "created")
    }

    @Test func theSameTextTwiceIsANoOp() throws {
        let store = ClaimStore(connection: try database.connect())
        let body = "Turnout reached 66.2% in the \(UUID().uuidString) election."
        let doc = Self.document("twice", body: body, claims: [body])
        let first = try store.ingest([doc], reviewer: "feed")
        let second = try store.ingest([doc], reviewer: "feed")
        guard case .success(.stored(let sourceID, _, _)) = first[0] else {
            Issue.record("\(first)")
            return
        }
        #expect(try second[0].get() == .duplicate(sourceID: sourceID))
        #expect(
            try #require(
                try store.db.query("SELECT count(*) AS n FROM claim_appearances WHERE source_id = \(sourceID)").first
            ).decode("n", as: Int.self) == 1)
    }

    @Test func aClaimInTwoArticlesIsOneClaimWithTwoAppearances() throws {
        let store = ClaimStore(connection: try database.connect())
        let claim = "The ministry sanctioned 32 entities on \(UUID().uuidString)."
        let outcomes = try store.ingest(
            [
                Self.document("a", body: "Headline. " + claim, claims: [claim]),
                Self.document("b", body: claim + " More text follows here.", claims: [claim]),
            ], reviewer: "feed")
        #expect(try outcomes[0].get() != outcomes[1].get())
        guard case .stored(_, 0, 1) = try outcomes[1].get() else {
            Issue.record("\(outcomes)")
            return
        }
        let id: Int64 = try #require(try store.db.query("SELECT id FROM claims WHERE text = \(claim)").first).decode(
            "id")
        #expect(try store.claim(id: id).sourceCount == 2)
        #expect(try store.history(id: id).map(\.action) == [.created, .appeared])
    }

    /// The match-key trigger is the dearest part of storing a claim, so a claim already
    /// tracked, or a sentence an article repeats, must never reach the INSERT (where ON
    /// CONFLICT would throw that work away); each still gains its appearance.
    @Test func onlyClaimsNotYetTrackedReachTheInsert() throws {
        let store = ClaimStore(connection: try database.connect())
        // Counts every row that reaches claims' BEFORE INSERT triggers (they fire by name).
        try store.db.executeScript(
            """
            CREATE TABLE insert_attempts (text text);
            CREATE FUNCTION count_insert_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO insert_attempts VALUES (NEW.text); RETURN NEW; END; $$;
            CREATE TRIGGER claims_aa_count_attempts BEFORE INSERT ON claims
                FOR EACH ROW EXECUTE FUNCTION count_insert_attempt();
            """)
        let tag = UUID().uuidString
        let x = "Exports rose 4% in \(tag)."
        let y = "Imports fell 2% in \(tag)."
        let z = "The deficit narrowed to $3 billion in \(tag)."
        _ = try store.ingest([Self.document("first", body: x + " " + y, claims: [x, y])], reviewer: "feed")
        try store.db.executeScript("TRUNCATE insert_attempts")

        // z twice: document(_:body:claims:) finds the first; the second is placed by hand.
        var second = Self.document("second", body: y + " " + z + " Again: " + z + " " + x, claims: [y, z, x])
        var again = second.claims[1]
        again.start = (y + " " + z + " Again: ").unicodeScalars.count
        again.end = again.start + z.unicodeScalars.count
        second.claims.insert(again, at: 2)
        let outcome = try store.ingest([second], reviewer: "feed")[0].get()
        guard case .stored(let sourceID, 1, 2) = outcome else {
            Issue.record("unexpected \(outcome)")
            return
        }
        let attempts = try store.db.query("SELECT text FROM insert_attempts").map {
            try $0.decode("text", as: String.self)
        }
        #expect(attempts == [z])
        let located = try store.db.query(
            """
            SELECT substr(s.body, a.start_offset + 1, a.end_offset - a.start_offset) AS located
            FROM claim_appearances a JOIN sources s ON s.id = a.source_id
            WHERE s.id = \(sourceID) ORDER BY a.start_offset
            """
        ).map { try $0.decode("located", as: String.self) }
        #expect(located == [y, z, z, x])
    }

    /// Articles sharing claims, stored by several sessions at the same moment: a claim one
    /// session leaves for the INSERT while another stores it meets ON CONFLICT, and every
    /// article still gets its appearances, every claim one "created" event.
    @Test func concurrentIngestsOfSharedClaimsMakeOneRowEach() async throws {
        let database = database
        let tag = UUID().uuidString
        let shared = [
            "Exports rose 4% in \(tag).", "Imports fell 2% in \(tag).", "The deficit narrowed to $3 billion in \(tag).",
        ]
        let outcomes = try await withThrowingTaskGroup(of: IngestOutcome.self) { group in
            for n in 0..<6 {
                group.addTask {
                    let store = ClaimStore(connection: try database.connect())
                    let body = "Report \(n). " + shared.joined(separator: " ")
                    return try store.ingest([Self.document("copy\(n)", body: body, claims: shared)], reviewer: "r\(n)")[
                        0
                    ]
                    .get()
                }
            }
            var outcomes: [IngestOutcome] = []
            for try await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        var newClaims = 0
        var knownClaims = 0
        for outcome in outcomes {
            guard case .stored(_, let new, let known) = outcome else {
                Issue.record("unexpected \(outcome)")
                continue
            }
            newClaims += new
            knownClaims += known
        }
        #expect(newClaims == 3)
        #expect(knownClaims == 15)
        let store = ClaimStore(connection: try database.connect())
        let rows = Array(
            try store.db.query(
                """
                SELECT c.id, (SELECT count(*) FROM claim_appearances a WHERE a.claim_id = c.id) AS appearances,
                   (SELECT count(*) FROM claim_events e WHERE e.claim_id = c.id AND e.action = 'created') AS created,
                   (SELECT count(*) FROM claim_events e WHERE e.claim_id = c.id AND e.action = 'appeared') AS appeared
                FROM claims c WHERE c.text = ANY (\(shared))
                """))
        #expect(rows.count == 3)
        for row in rows {
            #expect(try row.decode("appearances", as: Int.self) == 6)
            #expect(try row.decode("created", as: Int.self) == 1)
            #expect(try row.decode("appeared", as: Int.self) == 5)
        }
    }

    @Test func aFailingArticleIsRolledBackAloneAndTheRestOfTheBatchStays() throws {
        let store = ClaimStore(connection: try database.connect())
        let good = Self.document("good", body: "Exports fell 3% in \(UUID().uuidString).", claims: [])
        var bad = Self.document("bad", body: "Imports rose 7% in \(UUID().uuidString).", claims: [])
        bad.claims = [
            IngestClaim(
                text: "Imports rose 7%", speaker: nil, kind: .quantity, score: 1.5, start: 0, end: 15, context: nil,
                factsJSON: "{}")
        ]
        let outcomes = try store.ingest([bad, good], reviewer: "feed")
        #expect(throws: PostgresError.self) { try outcomes[0].get() }
        #expect((try? outcomes[1].get()) != nil)
        #expect(
            try #require(try store.db.query("SELECT count(*) AS n FROM sources WHERE title = 'bad'").first).decode(
                "n", as: Int.self) == 0)
        #expect(
            try #require(try store.db.query("SELECT count(*) AS n FROM sources WHERE title = 'good'").first).decode(
                "n", as: Int.self) == 1)
    }
}
