import Foundation
import Postgres
import TestSupport
import Testing

/// The reviewer workflow end to end: the built `claims` binary, several processes at
/// once, real login roles, and the database checked with SQL afterwards.
@Suite("claims review workflow as built binaries", .dropsTestDatabases)
struct WorkflowBinaryTests {
    let database: TestDatabase
    /// Superuser over the Unix socket, for the workflow commands of most tests.
    var env: [String: String] { ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "ana"] }

    init() throws {
        database = try TestDatabase.migrated("wf")
    }

    // MARK: - 1. Eight processes drain the queue

    /// Enough for each worker to take several while the others are taking theirs; the
    /// test is about no claim being taken twice, not about how fast the queue drains
    /// (that is scripts/bench.sh's to measure).
    static let drainClaims = 120
    static let drainWorkers = 8

    /// Each worker: `next --format json`, id out of the pretty JSON with sed, then
    /// `verify`, until `next` prints null. Prints the ids it verified, one a line.
    static let workerLoop = #"""
        set -u
        while :; do
            out=$("$CLAIMS_BIN" next --format json) || { echo "next failed: $out" >&2; exit 10; }
            if [ "$out" = "null" ]; then exit 0; fi
            id=$(printf '%s\n' "$out" | sed -n 's/^  "id" : \([0-9][0-9]*\),$/\1/p')
            if [ -z "$id" ]; then echo "no id in: $out" >&2; exit 11; fi
            "$CLAIMS_BIN" verify "$id" --verdict true --evidence "https://evidence.example/$id" >/dev/null \
                || { echo "verify $id failed" >&2; exit 12; }
            echo "$id"
        done
        """#

    @Test func eightProcessesDrainTheQueueWithoutTakingAClaimTwice() throws {
        let db = try database.connect()
        try seed(db, count: Self.drainClaims)

        var environment = ProcessInfo.processInfo.environment
        for key in [
            "DATABASE_URL", "PGHOST", "PGPORT", "PGDATABASE", "PGSERVICE", "PGUSER", "PGPASSWORD", "CLAIMS_HOME",
            "CLAIMS_REVIEWER",
        ] {
            environment[key] = nil
        }
        environment["DATABASE_URL"] = database.conninfo
        environment["CLAIMS_BIN"] = TestProcess.claimsBinary

        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var values: [Int: Result<ProcessResult, any Error>] = [:]
        }
        let results = Results()
        let group = DispatchGroup()
        let clock = ContinuousClock()
        let started = clock.now
        for worker in 1...Self.drainWorkers {
            var workerEnvironment = environment
            workerEnvironment["CLAIMS_REVIEWER"] = "worker-\(worker)"
            group.enter()
            let thread = Thread { [workerEnvironment] in
                let result = Result {
                    try TestProcess.run(["/bin/bash", "-c", Self.workerLoop], environment: workerEnvironment)
                }
                results.lock.withLock { results.values[worker] = result }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        let elapsed = clock.now - started
        print("WorkflowBinaryTests: \(Self.drainWorkers) workers drained \(Self.drainClaims) claims in \(elapsed)")

        // Every worker exited 0, and no id was reported by two workers.
        var reportedBy: [Int64: [Int]] = [:]
        for worker in 1...Self.drainWorkers {
            let result = try #require(results.values[worker]).get()
            #expect(result.status == 0, "worker-\(worker) exited \(result.status): \(result.stderr)")
            for line in result.stdout.split(separator: "\n") {
                guard let id = Int64(line) else {
                    Issue.record("worker-\(worker) printed '\(line)', not a claim id")
                    continue
                }
                reportedBy[id, default: []].append(worker)
            }
        }
        #expect(reportedBy.count == Self.drainClaims, "the workers verified \(reportedBy.count) distinct claims")
        #expect(
            reportedBy.values.allSatisfy { $0.count == 1 },
            "claims verified by two workers: \(reportedBy.filter { $0.value.count > 1 })")
        #expect(Set(reportedBy.values.map { $0[0] }).count > 1, "more than one worker got work")

        func count(_ sql: SQLQuery) throws -> Int { try #require(try db.query(sql).first).decode("n") }

        #expect(
            try count("SELECT count(*) AS n FROM claims WHERE status = 'verified' AND verdict = 'true'")
                == Self.drainClaims)
        #expect(try count("SELECT count(*) AS n FROM claims WHERE status <> 'verified'") == 0)
        #expect(try count("SELECT count(*) AS n FROM claim_events WHERE action = 'verified'") == Self.drainClaims)
        // Exactly one assigned and one verified event per claim.
        #expect(
            try count(
                """
                SELECT count(*) AS n FROM claims c
                WHERE (SELECT count(*) FROM claim_events e WHERE e.claim_id = c.id AND e.action = 'assigned') <> 1
                   OR (SELECT count(*) FROM claim_events e WHERE e.claim_id = c.id AND e.action = 'verified') <> 1
                """) == 0)
        // No claim was assigned to two different reviewers.
        #expect(
            try count(
                """
                SELECT count(*) AS n FROM (
                    SELECT claim_id FROM claim_events WHERE action = 'assigned'
                    GROUP BY claim_id HAVING count(DISTINCT reviewer) > 1) twice
                """) == 0)
        // The assignee is the worker who took it and the worker who verified it.
        #expect(
            try count(
                """
                SELECT count(*) AS n FROM claims c
                JOIN claim_events v ON v.claim_id = c.id AND v.action = 'verified'
                JOIN claim_events a ON a.claim_id = c.id AND a.action = 'assigned'
                WHERE c.assignee IS DISTINCT FROM v.reviewer OR a.reviewer IS DISTINCT FROM v.reviewer
                   OR c.assignee NOT LIKE 'worker-%'
                """) == 0)
        // The id the worker printed is the claim its verified event belongs to.
        let verifiedBy = try db.query("SELECT claim_id, reviewer FROM claim_events WHERE action = 'verified'")
        for row in verifiedBy {
            let id: Int64 = try row.decode("claim_id")
            let reviewer: String = try row.decode("reviewer")
            #expect(reportedBy[id].map { "worker-\($0[0])" } == reviewer, "claim \(id)")
        }
        // Each claim's evidence is the URL made from its own id, once.
        #expect(
            try count(
                """
                SELECT count(*) AS n FROM claims c
                WHERE (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id) <> 1
                   OR NOT EXISTS (SELECT 1 FROM evidence e WHERE e.claim_id = c.id AND e.url = 'https://evidence.example/' || c.id)
                """) == 0)
        // Versions: never go down along a claim's events; each status change gets a
        // version of its own; the verified event carries the claim's final version.
        #expect(
            try count(
                """
                SELECT count(*) AS n FROM (
                    SELECT claim_version, lag(claim_version) OVER (PARTITION BY claim_id ORDER BY id) AS previous
                    FROM claim_events) s
                WHERE claim_version IS NULL OR claim_version < previous
                """) == 0)
        #expect(
            try count(
                """
                SELECT count(*) AS n FROM (
                    SELECT claim_version, lag(claim_version) OVER (PARTITION BY claim_id ORDER BY id) AS previous
                    FROM claim_events WHERE to_status IS NOT NULL) s
                WHERE claim_version <= previous
                """) == 0)
        #expect(
            try count(
                """
                SELECT count(*) AS n FROM claims c
                JOIN claim_events v ON v.claim_id = c.id AND v.action = 'verified'
                JOIN claim_events a ON a.claim_id = c.id AND a.action = 'assigned'
                WHERE v.claim_version <> c.version OR a.claim_version >= v.claim_version
                """) == 0)
    }

    // MARK: - 2. Optimistic versions

    @Test func aStaleExpectVersionIsRefusedAndChangesNothing() throws {
        let db = try database.connect()
        try seed(db, count: 1)
        let taken = try next(["--reviewer", "ana"])
        let (id, seen) = try #require(taken)

        let evidence = try TestProcess.claims(
            [
                "evidence", "add", String(id), "https://evidence.example/first", "--stance", "refutes", "--reviewer",
                "bob",
            ],
            environment: env)
        #expect(evidence.status == 0, "\(evidence.stderr)")
        #expect(evidence.stdout.contains("version \(seen + 1)"))

        let stale = try TestProcess.claims(
            [
                "verify", String(id), "--verdict", "false", "--evidence", "https://evidence.example/stale",
                "--expect-version", String(seen), "--reviewer", "ana",
            ],
            environment: env)
        #expect(stale.status == 1, "\(stale.stdout) \(stale.stderr)")
        #expect(stale.stderr.contains("changed by bob"), "\(stale.stderr)")
        #expect(stale.stderr.contains("version \(seen + 1)"), "\(stale.stderr)")
        #expect(stale.stderr.split(separator: "\n").count == 1)

        let after = try #require(try db.query("SELECT status, verdict, version FROM claims WHERE id = \(id)").first)
        #expect(try after.decode("status", as: String.self) == "in_review")
        #expect(try after.decode("verdict", as: String?.self) == nil)
        #expect(try after.decode("version", as: Int.self) == seen + 1)
        #expect(
            try #require(
                try db.query("SELECT count(*) AS n FROM claim_events WHERE claim_id = \(id) AND action = 'verified'")
                    .first
            ).decode("n", as: Int.self) == 0)
        #expect(
            try #require(try db.query("SELECT count(*) AS n FROM evidence WHERE claim_id = \(id)").first).decode(
                "n", as: Int.self) == 1,
            "the stale command's evidence URL was not stored")

        let current = try TestProcess.claims(
            [
                "verify", String(id), "--verdict", "false", "--evidence", "https://evidence.example/current",
                "--expect-version", String(seen + 1), "--reviewer", "ana",
            ],
            environment: env)
        #expect(current.status == 0, "\(current.stderr)")
        #expect(current.stdout.contains("#\(id) verified: false"))
        let verified = try #require(try db.query("SELECT status, verdict FROM claims WHERE id = \(id)").first)
        #expect(try verified.decode("status", as: String.self) == "verified")
        #expect(try verified.decode("verdict", as: String?.self) == "false")
        #expect(
            try #require(
                try db.query(
                    "SELECT count(*) AS n FROM claim_events WHERE claim_id = \(id) AND action = 'verified' AND reviewer = 'ana'"
                ).first
            ).decode("n", as: Int.self) == 1)
    }

    // MARK: - 3. Real roles with their own logins

    @Test func reviewerAndEditorRolesOverTCP() throws {
        let admin = try database.connect()
        try seed(admin, count: 3)
        let suffix = UUID().uuidString.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(10)
        let reviewerLogin = "t_ana\(suffix)"
        let editorLogin = "t_ed\(suffix)"
        let reviewerPassword = "Rv\(suffix)pw"
        let editorPassword = "Ed\(suffix)pw"
        // Role names and passwords cannot be parameters; these are letters and digits only.
        try admin.executeScript(
            "CREATE ROLE \(reviewerLogin) LOGIN PASSWORD '\(reviewerPassword)' IN ROLE claims_reviewer")
        try admin.executeScript("CREATE ROLE \(editorLogin) LOGIN PASSWORD '\(editorPassword)' IN ROLE claims_editor")
        // Roles belong to the whole server: drop them again (they own nothing).
        defer { try? admin.executeScript("DROP ROLE IF EXISTS \(reviewerLogin), \(editorLogin)") }
        let reviewerURL = try database.tcpURL(user: reviewerLogin, password: reviewerPassword)
        let editorURL = try database.tcpURL(user: editorLogin, password: editorPassword)

        func asReviewer(_ arguments: [String]) throws -> ProcessResult {
            try TestProcess.claims(arguments + ["--database", reviewerURL, "--reviewer", "Ana Reviewer"])
        }
        func asEditor(_ arguments: [String]) throws -> ProcessResult {
            try TestProcess.claims(arguments + ["--database", editorURL, "--reviewer", "Ed Editor"])
        }

        // The reviewer works claims through the workflow.
        let first = try asReviewer(["next", "--format", "json"])
        #expect(first.status == 0, "\(first.stderr)")
        let verifiedID = try #require(Self.claimIDAndVersion(first.stdout)).id
        let evidence = try asReviewer([
            "evidence", "add", String(verifiedID), "https://evidence.example/roles", "--stance", "supports",
        ])
        #expect(evidence.status == 0, "\(evidence.stderr)")
        let verify = try asReviewer(["verify", String(verifiedID), "--verdict", "mostly-true"])
        #expect(verify.status == 0, "\(verify.stderr)")
        let second = try asReviewer(["next", "--format", "json"])
        #expect(second.status == 0, "\(second.stderr)")
        let dismissedID = try #require(Self.claimIDAndVersion(second.stdout)).id
        let dismiss = try asReviewer(["dismiss", String(dismissedID), "--reason", "opinion, not a fact"])
        #expect(dismiss.status == 0, "\(dismiss.stderr)")

        let reviewerEvents = try admin.query(
            """
            SELECT action, reviewer, db_user FROM claim_events
            WHERE claim_id IN (\(verifiedID), \(dismissedID)) AND action <> 'created' ORDER BY id
            """)
        #expect(
            reviewerEvents.map { (try? $0.decode("action", as: String.self)) ?? "?" }
                == ["assigned", "evidence_added", "verified", "assigned", "dismissed"])
        for event in reviewerEvents {
            #expect(try event.decode("db_user", as: String.self) == reviewerLogin)
            #expect(try event.decode("reviewer", as: String.self) == "Ana Reviewer")
        }

        // Reopening a verified claim takes an editor.
        let refused = try asReviewer(["reopen", String(verifiedID), "--reason", "new figures"])
        #expect(refused.status == 1, "\(refused.stdout) \(refused.stderr)")
        #expect(refused.stderr.contains("editor"), "\(refused.stderr)")
        #expect(
            try #require(try admin.query("SELECT status FROM claims WHERE id = \(verifiedID)").first).decode(
                "status", as: String.self) == "verified")

        let reopened = try asEditor(["reopen", String(verifiedID), "--reason", "new figures"])
        #expect(reopened.status == 0, "\(reopened.stderr)")
        let claim = try #require(
            try admin.query("SELECT status, verdict, assignee FROM claims WHERE id = \(verifiedID)").first)
        #expect(try claim.decode("status", as: String.self) == "pending")
        #expect(try claim.decode("verdict", as: String?.self) == nil)
        #expect(try claim.decode("assignee", as: String?.self) == nil)

        // The history (through the binary) keeps the earlier verdict.
        let history = try asEditor(["history", String(verifiedID), "--format", "json"])
        #expect(history.status == 0, "\(history.stderr)")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        let reopenEvent = try #require(events.first { $0["action"] as? String == "reopened" })
        #expect(reopenEvent["old_value"] as? String == "mostly-true")
        #expect(reopenEvent["database_user"] as? String == editorLogin)
        #expect(reopenEvent["reviewer"] as? String == "Ed Editor")
        #expect(
            events.contains { $0["action"] as? String == "verified" && $0["new_value"] as? String == "mostly-true" })

        // Straight SQL as the reviewer: no deleting claims, no rewriting the audit log.
        let reviewerDB = try Connection(conninfo: reviewerURL)
        let deleteClaims = #expect(throws: PostgresError.self) { try reviewerDB.execute("DELETE FROM claims") }
        #expect(deleteClaims?.code == .insufficientPrivilege, "\(String(describing: deleteClaims))")
        let updateEvents = #expect(throws: PostgresError.self) {
            try reviewerDB.execute("UPDATE claim_events SET note = 'rewritten'")
        }
        #expect(updateEvents?.code == .insufficientPrivilege, "\(String(describing: updateEvents))")
        let deleteEvents = #expect(throws: PostgresError.self) { try reviewerDB.execute("DELETE FROM claim_events") }
        #expect(deleteEvents?.code == .insufficientPrivilege, "\(String(describing: deleteEvents))")
        #expect(try #require(try admin.query("SELECT count(*) AS n FROM claims").first).decode("n", as: Int.self) == 3)

        // The verdict scale: the editor's to extend, not the reviewer's.
        let insertVerdict: SQLQuery = """
            INSERT INTO verdicts (name, label, rating_value, best_rating, worst_rating, position)
            VALUES ('pants-on-fire', 'Pants on fire', 0, 5, 0, 7)
            """
        let reviewerInsert = #expect(throws: PostgresError.self) { try reviewerDB.execute(insertVerdict) }
        #expect(reviewerInsert?.code == .insufficientPrivilege, "\(String(describing: reviewerInsert))")
        let editorDB = try Connection(conninfo: editorURL)
        #expect(try editorDB.execute(insertVerdict) == 1)

        let verdicts = try asReviewer(["verdicts", "--format", "json"])
        #expect(verdicts.status == 0, "\(verdicts.stderr)")
        let scale = try #require(try JSONSerialization.jsonObject(with: Data(verdicts.stdout.utf8)) as? [[String: Any]])
        let added = try #require(scale.first { $0["name"] as? String == "pants-on-fire" })
        #expect(added["label"] as? String == "Pants on fire")
        #expect(scale.last?["name"] as? String == "pants-on-fire", "position 7 sorts last")

        let third = try asReviewer(["next", "--format", "json"])
        let thirdID = try #require(Self.claimIDAndVersion(third.stdout), "\(third.stdout) \(third.stderr)").id
        let onNewScale = try asReviewer([
            "verify", String(thirdID), "--verdict", "pants-on-fire", "--evidence", "https://evidence.example/fire",
        ])
        #expect(onNewScale.status == 0, "\(onNewScale.stderr)")
        #expect(
            try #require(try admin.query("SELECT verdict FROM claims WHERE id = \(thirdID)").first).decode(
                "verdict", as: String?.self) == "pants-on-fire")
    }

    // MARK: - 4. Several ids at once

    @Test func bulkDismissReportsEachIdAndReadsStandardInput() throws {
        let db = try database.connect()
        let ids = try seed(db, count: 4)

        let bulk = try TestProcess.claims(
            ["dismiss", "--reason", "boilerplate", String(ids[0]), String(ids[1]), "999999"], environment: env)
        #expect(bulk.status == 1, "one unknown id makes the exit code 1")
        let lines = bulk.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(bulk.stdout)")
        #expect(lines.count == 3 && lines[0].hasPrefix("#\(ids[0]) dismissed"))
        #expect(lines.count == 3 && lines[1].hasPrefix("#\(ids[1]) dismissed"))
        #expect(lines.count == 3 && lines[2].hasPrefix("#999999 failed") && lines[2].contains("No claim #999999"))
        #expect(bulk.stderr.contains("1 of 3"), "\(bulk.stderr)")

        func statusAndReason(_ id: Int64) throws -> (String, String?) {
            let row = try #require(try db.query("SELECT status, dismiss_reason FROM claims WHERE id = \(id)").first)
            return (try row.decode("status"), try row.decode("dismiss_reason", as: String?.self))
        }
        for id in ids[0...1] {
            #expect(try statusAndReason(id) == ("dismissed", "boilerplate"))
        }
        for id in ids[2...3] {
            #expect(try statusAndReason(id).0 == "pending")
        }

        let piped = try TestProcess.claims(
            ["dismiss", "-", "--reason", "duplicate"], environment: env, input: "\(ids[2]) \(ids[3])\n")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.split(separator: "\n").count == 2, "\(piped.stdout)")
        for id in ids[2...3] {
            #expect(try statusAndReason(id) == ("dismissed", "duplicate"))
        }
        #expect(
            try #require(try db.query("SELECT count(*) AS n FROM claim_events WHERE action = 'dismissed'").first)
                .decode("n", as: Int.self) == 4)
    }

    // MARK: - 5. The queue

    @Test func nextOnAnEmptyQueuePrintsNullAndFiltersNarrowIt() throws {
        let db = try database.connect()
        let empty = try TestProcess.claims(["next", "--format", "json"], environment: env)
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "null")

        let dateHigh = try insertClaim(db, text: "On May 1 the law took effect.", kind: "date", score: 0.9)
        let quantityMid = try insertClaim(db, text: "Crime fell 12 percent.", kind: "quantity", score: 0.5)
        let quantityLow = try insertClaim(db, text: "Fares rose 3 percent.", kind: "quantity", score: 0.2)

        let byKind = try next(["--kind", "quantity"])
        #expect(byKind?.id == quantityMid, "the best quantity claim, not the best claim")
        let byScore = try next(["--min-score", "0.8"])
        #expect(byScore?.id == dateHigh)
        let both = try TestProcess.claims(
            ["next", "--kind", "quantity", "--min-score", "0.3", "--format", "json"], environment: env)
        #expect(both.status == 0, "\(both.stderr)")
        #expect(
            both.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "null",
            "the only quantity claim left scores 0.2")
        let rest = try next([])
        #expect(rest?.id == quantityLow)
        #expect(try next([]) == nil)

        let assignees = try #require(
            try db.query("SELECT count(*) AS n FROM claims WHERE status = 'in_review' AND assignee = 'ana'").first)
        #expect(try assignees.decode("n", as: Int.self) == 3)
        #expect(
            try #require(try db.query("SELECT count(*) AS n FROM claim_events WHERE action = 'assigned'").first).decode(
                "n", as: Int.self) == 3)
    }

    // MARK: - Helpers

    /// Seeds `count` pending quantity claims with random scores, each with its 'created' event.
    @discardableResult
    private func seed(_ db: Connection, count: Int) throws -> [Int64] {
        let ids = try db.query(
            """
            INSERT INTO claims (text, normalized, kind, score, created_by)
            SELECT 'Claim ' || g, 'claim ' || g, 'quantity', random(), 'seed' FROM generate_series(1, \(count)) g
            RETURNING id
            """
        ).map { try $0.decode("id", as: Int64.self) }
        try db.execute(
            """
            INSERT INTO claim_events (claim_id, action, reviewer, to_status, note, claim_version)
            SELECT id, 'created', 'seed', 'pending', 'seeded', 1 FROM claims WHERE created_by = 'seed'
            AND NOT EXISTS (SELECT 1 FROM claim_events e WHERE e.claim_id = claims.id)
            """)
        return ids.sorted()
    }

    private func insertClaim(_ db: Connection, text: String, kind: String, score: Double) throws -> Int64 {
        let id: Int64 = try #require(
            try db.query(
                """
                INSERT INTO claims (text, normalized, kind, score, created_by)
                VALUES (\(text), \(text.lowercased()), \(kind), \(score), 'seed') RETURNING id
                """
            ).first
        ).decode("id")
        try db.execute(
            "INSERT INTO claim_events (claim_id, action, reviewer, to_status, claim_version) VALUES (\(id), 'created', 'seed', 'pending', 1)"
        )
        return id
    }

    /// `claims next --format json` with `arguments`: the claim's id and version, or nil for `null`.
    private func next(_ arguments: [String]) throws -> (id: Int64, version: Int)? {
        let result = try TestProcess.claims(["next", "--format", "json"] + arguments, environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        if result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "null" { return nil }
        let parsed: (id: Int64, version: Int) = try #require(Self.claimIDAndVersion(result.stdout), "\(result.stdout)")
        return parsed
    }

    static func claimIDAndVersion(_ json: String) -> (id: Int64, version: Int)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let id = (object["id"] as? NSNumber)?.int64Value, let version = (object["version"] as? NSNumber)?.intValue
        else { return nil }
        return (id, version)
    }
}
