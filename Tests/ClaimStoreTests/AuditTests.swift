import ClaimStore
import Foundation
import Postgres
import TestSupport
import Testing

/// A reviewer and an editor login of their own, over TCP with passwords, as a desk
/// creates them: `CREATE ROLE ... LOGIN IN ROLE claims_reviewer`.
struct DeskLogins {
    let reviewer: String
    let editor: String
    let reviewerURL: String
    let editorURL: String

    /// Creates both roles, runs `body`, and drops them again (roles belong to the
    /// whole server). Connections `body` opens are closed when it returns.
    static func with(_ database: TestDatabase, _ body: (DeskLogins) throws -> Void) throws {
        let admin = try database.connect()
        let suffix = UUID().uuidString.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(10)
        let logins = DeskLogins(
            reviewer: "t_rv\(suffix)", editor: "t_ed\(suffix)",
            reviewerURL: try database.tcpURL(user: "t_rv\(suffix)", password: "Rv\(suffix)pw"),
            editorURL: try database.tcpURL(user: "t_ed\(suffix)", password: "Ed\(suffix)pw"))
        // Role names and passwords cannot be parameters; these are letters and digits only.
        try admin.executeScript("CREATE ROLE \(logins.reviewer) LOGIN PASSWORD 'Rv\(suffix)pw' IN ROLE claims_reviewer")
        try admin.executeScript("CREATE ROLE \(logins.editor) LOGIN PASSWORD 'Ed\(suffix)pw' IN ROLE claims_editor")
        defer { try? admin.executeScript("DROP ROLE IF EXISTS \(logins.reviewer), \(logins.editor)") }
        try body(logins)
    }
}

/// The database is the last line: a reviewer login in psql can change a claim only
/// where the workflow could, and every change it can make leaves an event.
@Suite("Every change to a claim is audited, whoever makes it", .dropsTestDatabases)
struct AuditTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.migrated("audit")
    }

    private func addClaim(_ store: ClaimStore) throws -> Int64 {
        try store.add(
            NewClaim(
                text: "Exports rose \(UUID().uuidString)% in May.",
                sourceURL: "https://example.com/\(UUID().uuidString)", score: 0.5),
            reviewer: "desk"
        ).claim.id
    }

    private func verifiedClaim(_ store: ClaimStore) throws -> Int64 {
        let id = try addClaim(store)
        _ = try store.verify(
            id: id, verdict: "false", note: "BLS figures", evidence: ["https://bls.example/cps"], reviewer: "ana")
        return id
    }

    /// The events written for `id` after event `after`, oldest first.
    private func events(_ store: ClaimStore, _ id: Int64, after: Int64) throws -> [ClaimEvent] {
        try store.history(id: id).filter { $0.id > after }
    }

    private func lastEventID(_ store: ClaimStore) throws -> Int64 {
        try #require(try store.db.query("SELECT coalesce(max(id), 0) AS id FROM claim_events").first).decode("id")
    }

    /// `sql` fails with `code` and changes nothing.
    private func expectRefused(
        _ db: Connection, _ sql: SQLQuery, _ code: SQLState, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = #expect(throws: PostgresError.self, "\(what)", sourceLocation: sourceLocation) {
            try db.execute(sql)
        }
        #expect(error?.code == code, "\(what): \(String(describing: error))", sourceLocation: sourceLocation)
    }

    @Test func aReviewerLoginCannotChangeAClaimInSQLWithoutAnEvent() throws {
        try DeskLogins.with(database) { logins in
            let admin = ClaimStore(connection: try database.connect())
            let reviewer = try Connection(conninfo: logins.reviewerURL)
            let verified = try verifiedClaim(admin)
            let taken = try addClaim(admin)
            _ = try admin.assign(id: taken, to: "ana", reviewer: "ana")

            // The verdict of a verified claim, and reopening it, are an editor's.
            expectRefused(
                reviewer, "UPDATE claims SET verdict = 'true' WHERE id = \(verified)", .insufficientPrivilege,
                "flip a verdict")
            expectRefused(
                reviewer, "UPDATE claims SET status = 'pending', verdict = NULL WHERE id = \(verified)",
                .insufficientPrivilege,
                "reopen a verified claim")
            // Columns the workflow never changes are not the reviewer's to change at all.
            for column in [
                "text", "normalized", "speaker", "kind", "score", "facts", "origin", "created_by", "created_at",
                "fact_key",
            ] {
                var sql = SQLQuery(unsafeSQL: "UPDATE claims SET \(column) = \(column) WHERE id = ")
                sql.appendBind(verified)
                expectRefused(reviewer, sql, .insufficientPrivilege, "update \(column)")
            }
            // The version only goes up by one: no resetting it, no jumping ahead.
            expectRefused(
                reviewer, "UPDATE claims SET version = 1 WHERE id = \(taken)", .checkViolation, "reset the version")
            expectRefused(
                reviewer, "UPDATE claims SET version = version + 10 WHERE id = \(taken)", .checkViolation,
                "jump the version")
            let unchanged = try admin.claim(id: verified)
            #expect(unchanged.verdict == "false" && unchanged.status == .verified && unchanged.version == 2)

            // What the reviewer may change is audited, by login, at the claim's next version.
            var mark = try lastEventID(admin)
            #expect(try reviewer.execute("UPDATE claims SET verdict_note = 'rewritten' WHERE id = \(verified)") == 1)
            var written = try events(admin, verified, after: mark)
            #expect(written.count == 1)
            #expect(written.first?.action == .edited && written.first?.field == "verdict_note")
            #expect(written.first?.oldValue == "BLS figures" && written.first?.newValue == "rewritten")
            #expect(written.first?.databaseUser == logins.reviewer)
            #expect(written.first?.claimVersion == 3)
            #expect(try admin.claim(id: verified).version == 3)

            // Taking over another reviewer's claim.
            mark = try lastEventID(admin)
            #expect(try reviewer.execute("UPDATE claims SET assignee = 'mallory' WHERE id = \(taken)") == 1)
            written = try events(admin, taken, after: mark)
            #expect(written.map(\.field) == ["assignee"])
            #expect(written.first?.oldValue == "ana" && written.first?.newValue == "mallory")

            // Raising the version by one with nothing else is still someone's doing.
            mark = try lastEventID(admin)
            #expect(try reviewer.execute("UPDATE claims SET version = version + 1 WHERE id = \(taken)") == 1)
            written = try events(admin, taken, after: mark)
            #expect(written.map(\.field) == ["version"])

            // updated_at is the time of the last change, not the client's to set.
            let before = try admin.claim(id: taken)
            #expect(try reviewer.execute("UPDATE claims SET updated_at = '2001-01-01' WHERE id = \(taken)") == 1)
            let after = try admin.claim(id: taken)
            #expect(after.updatedAt == before.updatedAt && after.version == before.version)

            // Two changes in one transaction: two versions, two events.
            mark = try lastEventID(admin)
            try reviewer.transaction { db in
                try db.execute("UPDATE claims SET assignee = 'x' WHERE id = \(taken)")
                try db.execute("UPDATE claims SET assignee = 'y' WHERE id = \(taken)")
            }
            written = try events(admin, taken, after: mark)
            #expect(written.map(\.newValue) == ["x", "y"])
            #expect(written.map(\.claimVersion) == [before.version + 1, before.version + 2])

            // A forged reviewer name does not hide the login.
            mark = try lastEventID(admin)
            try reviewer.transaction { db in
                try db.executeScript("SET LOCAL claims.reviewer = 'ana'")
                try db.execute("UPDATE claims SET assignee = 'z' WHERE id = \(taken)")
            }
            written = try events(admin, taken, after: mark)
            #expect(written.first?.reviewer == "ana" && written.first?.databaseUser == logins.reviewer)
        }
    }

    @Test func theAuditCannotBeSwitchedOffOrSidestepped() throws {
        try DeskLogins.with(database) { logins in
            let admin = ClaimStore(connection: try database.connect())
            let reviewer = try Connection(conninfo: logins.reviewerURL)
            let id = try addClaim(admin)
            let text = try admin.claim(id: id).text

            expectRefused(
                reviewer, "UPDATE claims SET id = DEFAULT WHERE id = \(id)", .insufficientPrivilege,
                "give a claim a new id")
            let replica = #expect(throws: PostgresError.self) {
                try reviewer.executeScript("SET session_replication_role = replica")
            }
            #expect(replica?.code == .insufficientPrivilege, "turn triggers off for the session")
            let disable = #expect(throws: PostgresError.self) {
                try reviewer.executeScript("ALTER TABLE claims DISABLE TRIGGER claims_audit_update")
            }
            #expect(disable?.code == .insufficientPrivilege, "turn the audit trigger off")
            // The audit trigger runs as the owner; nobody may borrow it for a table of their own.
            try reviewer.executeScript("CREATE TEMP TABLE borrowed (id bigint, version integer)")
            let borrow = #expect(throws: PostgresError.self) {
                try reviewer.executeScript(
                    "CREATE TRIGGER borrowed AFTER INSERT ON borrowed FOR EACH ROW EXECUTE FUNCTION public.claims_audit_update()"
                )
            }
            #expect(borrow?.code == .insufficientPrivilege, "borrow the owner's trigger function")

            // Checked at the end of the statement instead of at commit: still audited.
            var mark = try lastEventID(admin)
            try reviewer.transaction { db in
                try db.executeScript("SET CONSTRAINTS ALL IMMEDIATE")
                try db.execute("UPDATE claims SET assignee = 'now' WHERE id = \(id)")
            }
            #expect(try events(admin, id, after: mark).map(\.newValue) == ["now"])
            // An upsert's UPDATE is an UPDATE.
            mark = try lastEventID(admin)
            try reviewer.execute(
                """
                INSERT INTO claims (text, normalized, created_by) VALUES (\(text), \(ClaimText.normalize(text)), 'ana')
                ON CONFLICT ((md5(normalized))) DO UPDATE SET assignee = 'upsert'
                """)
            #expect(try events(admin, id, after: mark).map(\.newValue) == ["upsert"])
        }
    }

    @Test func verifyingInSQLWithForgedEvidenceLeavesTheLoginInEveryRow() throws {
        try DeskLogins.with(database) { logins in
            let admin = ClaimStore(connection: try database.connect())
            let reviewer = try Connection(conninfo: logins.reviewerURL)
            let pending = try addClaim(admin)
            let mark = try lastEventID(admin)
            try reviewer.transaction { db in
                try db.execute(
                    "INSERT INTO evidence (claim_id, url, stance, added_by) VALUES (\(pending), 'https://forged.example/e', 'supports', 'Senior Editor')"
                )
                try db.execute("UPDATE claims SET status = 'verified', verdict = 'true' WHERE id = \(pending)")
            }
            let written = try events(admin, pending, after: mark)
            #expect(written.allSatisfy { $0.databaseUser == logins.reviewer })
            #expect(written.contains { $0.action == .evidenceAdded && $0.newValue == "https://forged.example/e" })
            #expect(written.contains { $0.field == "status" && $0.fromStatus == .pending && $0.toStatus == .verified })
            #expect(written.contains { $0.field == "verdict" && $0.newValue == "true" })
            let evidence = try #require(
                try admin.db.query("SELECT added_by, db_user FROM evidence WHERE claim_id = \(pending)").first)
            #expect(try evidence.decode("added_by", as: String.self) == "Senior Editor")
            #expect(
                try evidence.decode("db_user", as: String?.self) == logins.reviewer, "the login that really added it")
            #expect(try admin.detail(id: pending).evidence.first?.databaseUser == logins.reviewer)

            // Nor can the stamps be forged at insert.
            expectRefused(
                reviewer,
                "INSERT INTO evidence (claim_id, url, added_by, added_at) VALUES (\(pending), 'https://x.example', 'ana', '2001-01-01')",
                .insufficientPrivilege, "backdate evidence")
            expectRefused(
                reviewer,
                "INSERT INTO evidence (claim_id, url, added_by, db_user) VALUES (\(pending), 'https://x.example', 'ana', 'ed')",
                .insufficientPrivilege, "forge the evidence login")
            expectRefused(
                reviewer,
                "INSERT INTO claim_events (claim_id, action, reviewer, db_user) VALUES (\(pending), 'edited', 'ana', 'ed')",
                .insufficientPrivilege, "forge an event's login")
        }
    }

    @Test func claimsAndEvidenceStoredOrMovedInSQLAreAudited() throws {
        try DeskLogins.with(database) { logins in
            let admin = ClaimStore(connection: try database.connect())
            let reviewer = try Connection(conninfo: logins.reviewerURL)

            // A claim inserted by hand gets its 'created' event; it cannot start verified.
            let id: Int64 = try #require(
                try reviewer.query(
                    "INSERT INTO claims (text, normalized, created_by) VALUES ('Wages fell 2% in June.', 'wages fell 2% in june', 'ana') RETURNING id"
                ).first
            ).decode("id")
            let created = try admin.history(id: id)
            #expect(created.map(\.action) == [.created])
            #expect(created.first?.databaseUser == logins.reviewer && created.first?.toStatus == .pending)
            expectRefused(
                reviewer,
                "INSERT INTO claims (text, normalized, created_by, status, verdict) VALUES ('Fares rose.', 'fares rose', 'ana', 'verified', 'true')",
                .insufficientPrivilege, "insert a verified claim")
            let owner = admin.db
            let startsVerified = #expect(throws: PostgresError.self) {
                try owner.execute(
                    "INSERT INTO claims (text, normalized, created_by, status, verdict) VALUES ('Fares rose.', 'fares rose', 'ana', 'verified', 'true')"
                )
            }
            #expect(startsVerified?.constraint == "claims_start_pending", "not even the owner")

            // Evidence moved between claims outside a merge shows on both.
            let from = try addClaim(admin)
            let to = try addClaim(admin)
            _ = try admin.addEvidence(
                id: from, url: "https://moved.example/e", stance: .refutes, note: nil, reviewer: "ana")
            let mark = try lastEventID(admin)
            #expect(try reviewer.execute("UPDATE evidence SET claim_id = \(to) WHERE claim_id = \(from)") == 1)
            #expect(try events(admin, from, after: mark).map(\.oldValue) == ["https://moved.example/e"])
            #expect(try events(admin, to, after: mark).map(\.newValue) == ["https://moved.example/e"])
            expectRefused(
                reviewer, "UPDATE evidence SET url = 'https://other.example' WHERE claim_id = \(to)",
                .insufficientPrivilege,
                "rewrite evidence")

            // Dismissing and marking merged by hand are audited field by field.
            let dismissed = try addClaim(admin)
            let beforeDismiss = try lastEventID(admin)
            #expect(
                try reviewer.execute(
                    "UPDATE claims SET status = 'dismissed', dismiss_reason = 'spam', merged_into = \(to) WHERE id = \(dismissed)"
                ) == 1)
            #expect(
                Set(try events(admin, dismissed, after: beforeDismiss).compactMap(\.field)) == [
                    "status", "dismiss_reason", "merged_into",
                ])
        }
    }

    @Test func temporaryTablesCannotStandInForTheCatalogOrTheSchema() throws {
        try DeskLogins.with(database) { logins in
            let admin = ClaimStore(connection: try database.connect())
            let reviewer = try Connection(conninfo: logins.reviewerURL)
            let verified = try verifiedClaim(admin)
            let bare = try addClaim(admin)

            // A temporary pg_roles that calls the reviewer a superuser.
            try reviewer.executeScript("CREATE TEMP TABLE pg_roles (rolname name, rolsuper boolean)")
            try reviewer.execute("INSERT INTO pg_temp.pg_roles VALUES (session_user, true)")
            expectRefused(
                reviewer, "UPDATE claims SET status = 'pending', verdict = NULL WHERE id = \(verified)",
                .insufficientPrivilege,
                "reopen as a make-believe superuser")

            // A temporary evidence table that has a row for a claim with none.
            try reviewer.executeScript("CREATE TEMP TABLE evidence (claim_id bigint)")
            try reviewer.execute("INSERT INTO pg_temp.evidence VALUES (\(bare))")
            let noEvidence = #expect(throws: PostgresError.self) {
                try reviewer.execute("UPDATE claims SET status = 'verified', verdict = 'true' WHERE id = \(bare)")
            }
            #expect(noEvidence?.constraint == "claims_verified_has_evidence")

            // A temporary claim_events holding an event that "describes" the change.
            try reviewer.executeScript("CREATE TEMP TABLE claim_events AS SELECT * FROM public.claim_events LIMIT 0")
            let mark = try lastEventID(admin)
            try reviewer.transaction { db in
                try db.execute(
                    """
                    INSERT INTO pg_temp.claim_events (id, claim_id, action, reviewer, db_user, occurred_at, field, new_value, claim_version, xact_id)
                    VALUES (0, \(verified), 'verified', 'ana', 'ana', now(), 'verdict_note', 'quietly', 3, pg_current_xact_id())
                    """)
                try db.execute("UPDATE claims SET verdict_note = 'quietly' WHERE id = \(verified)")
            }
            #expect(try events(admin, verified, after: mark).map(\.newValue) == ["quietly"], "the real log has it")

            #expect(try admin.claim(id: verified).status == .verified)
            #expect(try admin.claim(id: bare).status == .pending)
        }
    }

    @Test func everyFunctionPinsItsSearchPath() throws {
        let db = try database.connect()
        // Functions of extensions (pg_trgm, btree_gin) are theirs; SQL-standard bodies
        // are bound when created and consult no search path when they run.
        let unpinned = try db.query(
            """
            SELECT p.oid::regprocedure::text AS name FROM pg_proc p
            WHERE p.pronamespace = 'public'::regnamespace AND p.prosqlbody IS NULL
              AND NOT EXISTS (SELECT 1 FROM pg_depend d
                              WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
              AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) AS c
                              WHERE c LIKE 'search\\_path=pg\\_catalog,%' AND c LIKE '%, pg\\_temp')
            ORDER BY 1
            """
        ).map { try $0.decode("name", as: String.self) }
        #expect(unpinned == [])
        let triggers: Int = try #require(
            try db.query(
                "SELECT count(*) AS n FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal AND p.proconfig IS NULL"
            ).first
        ).decode("n")
        #expect(triggers == 0, "every trigger's function pins it")
    }

    @Test func theWorkflowWritesItsOwnEventsAndNoneAreAddedForIt() throws {
        try DeskLogins.with(database) { logins in
            let store = ClaimStore(connection: try Connection(conninfo: logins.reviewerURL))
            let editor = ClaimStore(connection: try Connection(conninfo: logins.editorURL))
            let first = try addClaim(store)
            let second = try addClaim(store)
            let third = try addClaim(store)
            let text = "Exports rose \(UUID().uuidString)% in April."
            let again = try store.add(
                NewClaim(text: text, sourceURL: "https://example.com/\(UUID().uuidString)"), reviewer: "ana"
            ).claim.id
            #expect(
                try store.add(
                    NewClaim(text: text, sourceURL: "https://example.com/\(UUID().uuidString)"), reviewer: "ana"
                ).alreadyTracked)
            let fares = "Fares rose \(UUID().uuidString)% in March."
            let outcome = try store.ingest(
                [
                    IngestDocument(
                        name: "feed.txt", url: nil, title: "Feed", outlet: nil, author: nil, publishedAt: nil,
                        body: fares,
                        claims: [
                            IngestClaim(
                                text: fares, speaker: nil, kind: .quantity, score: 0.7, start: 0,
                                end: fares.unicodeScalars.count,
                                context: nil, factsJSON: "{}")
                        ])
                ],
                reviewer: "feed")
            guard case .success(.stored(let sourceID, 1, 0)) = outcome.first else {
                Issue.record("ingest stored \(outcome)")
                return
            }
            let ingested = try #require(try store.takeNext(for: "ana", filter: QueueFilter(sourceID: sourceID))).id
            _ = try store.dismiss(id: ingested, reason: "not check-worthy", reviewer: "ana")
            _ = try store.assign(id: first, to: "ben", reviewer: "ana")
            _ = try store.assign(id: first, to: "ana", reviewer: "ana")
            _ = try store.addEvidence(
                id: first, url: "https://evidence.example/1", stance: .supports, note: "table 2", reviewer: "ana")
            _ = try store.verify(
                id: first, verdict: "mostly-true", note: "close", evidence: ["https://evidence.example/2"],
                reviewer: "ana")
            _ = try editor.reopen(id: first, reason: "new figures", reviewer: "ed")
            _ = try store.verify(id: first, verdict: "true", note: nil, evidence: [], reviewer: "ana")
            _ = try store.dismiss(id: second, reason: "opinion", reviewer: "ana")
            _ = try store.reopen(id: second, reason: "it is a fact after all", reviewer: "ana")
            _ = try store.addEvidence(
                id: third, url: "https://evidence.example/3", stance: .context, note: nil, reviewer: "ana")
            _ = try store.merge(third, into: second, reviewer: "ana")
            try store.markDistinct(first, second, reviewer: "ana")

            let ids = [first, second, third, again, ingested]
            let added = try store.db.query(
                """
                SELECT claim_id, action, field FROM claim_events
                WHERE claim_id = ANY(\(ids)) AND (action = 'edited' OR note LIKE '%outside the workflow')
                """
            ).map { row in
                "#\(try row.decode("claim_id", as: Int64.self)) \(try row.decode("action", as: String.self)) \(try row.decode("field", as: String?.self) ?? "")"
            }
            #expect(added == [], "events the database had to add for the workflow")
            let versions: Int = try #require(
                try store.db.query(
                    """
                    SELECT count(*) AS n FROM claims c
                    WHERE c.id = ANY(\(ids))
                      AND c.version <> (SELECT max(e.claim_version) FROM claim_events e WHERE e.claim_id = c.id)
                    """
                ).first
            ).decode("n")
            #expect(versions == 0, "each claim's last event names its version")
        }
    }

    @Test func aVerdictInUseKeepsItsNameLabelAndRating() throws {
        try DeskLogins.with(database) { logins in
            let admin = ClaimStore(connection: try database.connect())
            let editor = try Connection(conninfo: logins.editorURL)
            let verified = try verifiedClaim(admin)  // "false"
            let reopened = try addClaim(admin)
            _ = try admin.verify(
                id: reopened, verdict: "mostly-false", note: nil, evidence: ["https://x.example/e"], reviewer: "ana")
            // Only its history names it now.
            _ = try admin.reopen(id: reopened, reason: "wrong figures", reviewer: "ed")

            // Swapping true and false by renaming.
            let rename = #expect(throws: PostgresError.self) {
                try editor.transaction { db in
                    try db.execute("UPDATE verdicts SET name = 'was-true' WHERE name = 'true'")
                    try db.execute("UPDATE verdicts SET name = 'true' WHERE name = 'false'")
                }
            }
            #expect(rename?.constraint == "verdicts_keep_used", "\(String(describing: rename))")
            #expect(rename?.message.contains("renamed") == true)
            let relabel = #expect(throws: PostgresError.self) {
                try editor.execute("UPDATE verdicts SET label = 'True' WHERE name = 'false'")
            }
            #expect(relabel?.constraint == "verdicts_keep_used")
            let rerate = #expect(throws: PostgresError.self) {
                try editor.execute("UPDATE verdicts SET rating_value = 5 WHERE name = 'false'")
            }
            #expect(rerate?.constraint == "verdicts_keep_used")
            let fromHistory = #expect(throws: PostgresError.self) {
                try editor.execute("UPDATE verdicts SET name = 'half-false' WHERE name = 'mostly-false'")
            }
            #expect(fromHistory?.constraint == "verdicts_keep_used", "named only by an event")
            let delete = #expect(throws: PostgresError.self) {
                try editor.execute("DELETE FROM verdicts WHERE name = 'false'")
            }
            #expect(delete?.constraint == "verdicts_keep_used")

            // Wording and order of a used verdict, and anything about an unused one, may change.
            #expect(
                try editor.execute("UPDATE verdicts SET description = 'Wrong.', position = 50 WHERE name = 'false'")
                    == 1)
            #expect(
                try editor.execute("UPDATE verdicts SET name = 'mixed-bag', label = 'Mixed bag' WHERE name = 'mixed'")
                    == 1)
            #expect(try admin.claim(id: verified).verdict == "false")
            #expect(try admin.verdicts().first { $0.name == "false" }?.label == "False")
        }
    }

    @Test func anEditorMayChangeAVerifiedVerdictInPlaceAndItIsAudited() throws {
        try DeskLogins.with(database) { logins in
            let admin = ClaimStore(connection: try database.connect())
            let editor = try Connection(conninfo: logins.editorURL)
            let verified = try verifiedClaim(admin)
            let mark = try lastEventID(admin)
            #expect(try editor.execute("UPDATE claims SET verdict = 'mostly-false' WHERE id = \(verified)") == 1)
            let written = try events(admin, verified, after: mark)
            #expect(written.count == 1)
            #expect(
                written.first?.field == "verdict" && written.first?.oldValue == "false"
                    && written.first?.newValue == "mostly-false")
            #expect(written.first?.databaseUser == logins.editor)
        }
    }
}
