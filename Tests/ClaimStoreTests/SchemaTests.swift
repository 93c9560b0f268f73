import ClaimSchema
import ClaimStore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Schema rules the database enforces", .dropsTestDatabases)
struct SchemaTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.migrated("schema")
    }

    private func makeClaim(_ db: Connection) throws -> Int64 {
        let store = ClaimStore(connection: db)
        return try store.add(
            NewClaim(text: "Claim \(UUID().uuidString)", sourceURL: "https://example.com/\(UUID().uuidString)"),
            reviewer: "ana"
        ).claim.id
    }

    @Test func theAuditLogRefusesUpdateDeleteAndTruncate() throws {
        let db = try database.connect()
        let id = try makeClaim(db)
        let update = #expect(throws: PostgresError.self) {
            try db.execute("UPDATE claim_events SET reviewer = \("mallory") WHERE claim_id = \(id)")
        }
        #expect(update?.code == .insufficientPrivilege)
        #expect(update?.message.contains("append-only") == true)
        let delete = #expect(throws: PostgresError.self) {
            try db.execute("DELETE FROM claim_events WHERE claim_id = \(id)")
        }
        #expect(delete?.code == .insufficientPrivilege)
        let truncate = #expect(throws: PostgresError.self) { try db.executeScript("TRUNCATE claim_events") }
        #expect(truncate?.code == .insufficientPrivilege)
        #expect(
            try #require(try db.query("SELECT count(*) AS n FROM claim_events WHERE claim_id = \(id)").first).decode(
                "n", as: Int.self) == 1)
        // A claim with history cannot be deleted either (its events would be orphaned).
        #expect(throws: PostgresError.self) { try db.execute("DELETE FROM claims WHERE id = \(id)") }
    }

    @Test func theServerStampsWhoAndWhenWhateverTheClientSends() throws {
        let db = try database.connect()
        let id = try makeClaim(db)
        let row = try #require(
            try db.query(
                """
                INSERT INTO claim_events (claim_id, action, reviewer, db_user, occurred_at)
                VALUES (\(id), 'edited', 'ana', 'someone_else', '1999-01-01')
                RETURNING db_user, occurred_at, session_user AS me
                """
            ).first)
        #expect(try row.decode("db_user", as: String.self) == (try row.decode("me", as: String.self)))
        let at: Date = try row.decode("occurred_at")
        #expect(abs(at.timeIntervalSinceNow) < 300)
    }

    @Test func checkConstraintsMatchTheSwiftVocabularies() throws {
        let db = try database.connect()
        let id = try makeClaim(db)
        for kind in ClaimKind.allCases {
            try db.execute("UPDATE claims SET kind = \(kind.rawValue) WHERE id = \(id)")
        }
        let badKind = #expect(throws: PostgresError.self) {
            try db.execute("UPDATE claims SET kind = \("rumour") WHERE id = \(id)")
        }
        #expect(badKind?.code == .checkViolation)

        try db.execute("INSERT INTO evidence (claim_id, url, added_by) VALUES (\(id), 'https://x.org/e', 'ana')")
        // Every status, each with what the rules require of it, along legal moves.
        for status in [ClaimStatus.inReview, .verified, .pending, .dismissed, .pending] {
            try db.execute(
                """
                UPDATE claims SET status = \(status.rawValue),
                    verdict = CASE WHEN \(status.rawValue) = 'verified' THEN 'false' END,
                    dismiss_reason = CASE WHEN \(status.rawValue) = 'dismissed' THEN 'opinion' END
                WHERE id = \(id)
                """)
        }
        #expect(Set([ClaimStatus.inReview, .verified, .pending, .dismissed]) == Set(ClaimStatus.allCases))
        let badStatus = #expect(throws: PostgresError.self) {
            try db.execute("UPDATE claims SET status = \("done") WHERE id = \(id)")
        }
        #expect(badStatus?.code == .checkViolation)

        for stance in EvidenceStance.allCases {
            try db.execute(
                "INSERT INTO evidence (claim_id, url, stance, added_by) VALUES (\(id), 'https://x.org', \(stance.rawValue), 'ana')"
            )
        }
        #expect(throws: PostgresError.self) {
            try db.execute(
                "INSERT INTO evidence (claim_id, url, stance, added_by) VALUES (\(id), 'https://x.org', 'maybe', 'ana')"
            )
        }
        for action in ClaimAction.allCases {
            try db.execute(
                "INSERT INTO claim_events (claim_id, action, reviewer) VALUES (\(id), \(action.rawValue), 'ana')")
        }
        #expect(throws: PostgresError.self) {
            try db.execute("INSERT INTO claim_events (claim_id, action, reviewer) VALUES (\(id), 'erased', 'ana')")
        }
    }

    /// `ClaimKind` is the one list of kinds: the CHECK constraint on `claims.kind`, as the live
    /// database holds it after every migration, allows exactly its cases.
    @Test func claimKindIsTheKindCheckConstraint() throws {
        let db = try database.connect()
        let checks = try db.query(
            """
            SELECT pg_get_constraintdef(c.oid) AS definition
            FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
            WHERE c.conrelid = 'claims'::regclass AND c.contype = 'c' AND a.attname = 'kind'
            """
        ).map { try $0.decode("definition", as: String.self) }
        #expect(checks.count == 1, "\(checks)")
        // CHECK ((kind = ANY (ARRAY['quantity'::text, 'date'::text, ...])))
        let definition = try #require(checks.first)
        let allowed = definition.matches(of: /'([^']*)'::text/).map { String($0.output.1) }
        #expect(allowed.count == Set(allowed).count)
        #expect(Set(allowed) == Set(ClaimKind.allCases.map(\.rawValue)), "\(definition)")
    }

    @Test func aVerifiedClaimNeedsEvidenceAndAVerdictFromTheScale() throws {
        let db = try database.connect()
        let id = try makeClaim(db)
        let noEvidence = #expect(throws: PostgresError.self) {
            try db.execute("UPDATE claims SET status = 'verified', verdict = 'false' WHERE id = \(id)")
        }
        #expect(noEvidence?.constraint == "claims_verified_has_evidence")
        try db.execute("INSERT INTO evidence (claim_id, url, added_by) VALUES (\(id), 'https://x.org/e', 'ana')")
        let noVerdict = #expect(throws: PostgresError.self) {
            try db.execute("UPDATE claims SET status = 'verified' WHERE id = \(id)")
        }
        #expect(noVerdict?.constraint == "claims_verdict_iff_verified")
        let unknown = #expect(throws: PostgresError.self) {
            try db.execute("UPDATE claims SET status = 'verified', verdict = 'pants-on-fire' WHERE id = \(id)")
        }
        #expect(unknown?.code == .foreignKeyViolation)
        let noReason = #expect(throws: PostgresError.self) {
            try db.execute("UPDATE claims SET status = 'dismissed' WHERE id = \(id)")
        }
        #expect(noReason?.constraint == "claims_dismissed_has_reason")
    }

    @Test func theDatabaseRefusesStatusMovesTheWorkflowForbids() throws {
        let db = try database.connect()
        let id = try makeClaim(db)
        try db.execute("UPDATE claims SET status = 'dismissed', dismiss_reason = 'opinion' WHERE id = \(id)")
        try db.execute("INSERT INTO evidence (claim_id, url, added_by) VALUES (\(id), 'https://x.org/e', 'ana')")
        let skip = #expect(throws: PostgresError.self) {
            try db.execute(
                "UPDATE claims SET status = 'verified', verdict = 'true', dismiss_reason = NULL WHERE id = \(id)")
        }
        #expect(skip?.constraint == "claims_status_transition")
        let toReview = #expect(throws: PostgresError.self) {
            try db.execute("UPDATE claims SET status = 'in_review', dismiss_reason = NULL WHERE id = \(id)")
        }
        #expect(toReview?.constraint == "claims_status_transition")
    }

    @Test func theDefaultVerdictScaleIsSeeded() throws {
        let db = try database.connect()
        let names = try db.query("SELECT name FROM verdicts ORDER BY position").map {
            try $0.decode("name", as: String.self)
        }
        #expect(names == ["true", "mostly-true", "mixed", "mostly-false", "false", "unverifiable"])
    }

    @Test func listingByStatusAndScoreUsesAnIndex() throws {
        let db = try database.connect()
        try db.executeScript("SET enable_seqscan = off")
        let plan = try db.query(
            "EXPLAIN SELECT id FROM claims WHERE status = 'pending' ORDER BY score DESC NULLS LAST, id LIMIT 10"
        ).map { try $0.decode(column: 0, as: String.self) }.joined(separator: "\n")
        #expect(plan.contains("claims_status_score_idx"))
    }
}
