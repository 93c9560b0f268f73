import ClaimStore
import Foundation
import Postgres
import TestSupport
import Testing

/// The counts `claims stats` reads (sql/010_claim_counts.sql) are kept by the
/// database in the same transaction as each change; they must always equal a count
/// over every claim, whatever runs at the same moment and whatever is cut off.
@Suite("Claim counts kept by the database", .dropsTestDatabases)
struct ClaimCountsTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.migrated("counts")
    }

    /// Rows where the kept counts and a full count differ, both ways, as text; and the
    /// kept median beside percentile_cont over every verified claim.
    private func drift(_ db: Connection) throws -> [String] {
        var rows = try db.query(
            """
            SELECT 'kept ' || kind || ' ' || name || ' ' || login || ' ' || n AS row
            FROM (SELECT * FROM claim_counts_now() EXCEPT SELECT * FROM claim_counts_recount()) a
            UNION ALL
            SELECT 'full ' || kind || ' ' || name || ' ' || login || ' ' || n
            FROM (SELECT * FROM claim_counts_recount() EXCEPT SELECT * FROM claim_counts_now()) b
            """
        ).map { try $0.decode("row", as: String.self) }
        let median = try #require(
            try db.query(
                """
                SELECT claim_median_hours_to_verdict() AS kept,
                       (SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM reviewed_at - created_at)) / 3600)::float8
                        FROM claims WHERE status = 'verified' AND reviewed_at IS NOT NULL) AS full
                """
            ).first)
        let kept = try median.decode("kept", as: Double?.self)
        let full = try median.decode("full", as: Double?.self)
        if kept != full { rows.append("median kept \(String(describing: kept)), full \(String(describing: full))") }
        return rows
    }

    private func addClaims(_ store: ClaimStore, _ count: Int, _ label: String) throws -> [Int64] {
        try (0..<count).map { k in
            let id = try store.add(
                NewClaim(
                    text: "Claim \(label) \(k) \(UUID().uuidString) said exports rose \(k % 90 + 1)%.",
                    sourceURL: "https://news.example/\(label)/\(k)", score: Double(k % 10) / 10),
                reviewer: "desk"
            ).claim.id
            return id
        }
    }

    /// Four reviewers, each on a connection of its own, take claims and verify,
    /// dismiss, merge, reopen and release them at the same moment; conflicts are part
    /// of the game. The counts equal a full count after every round, and the stats
    /// read from them equal the same figures counted over every claim.
    @Test func countsNeverDriftUnderConcurrentReviewers() throws {
        let setup = ClaimStore(connection: try database.connect())
        let ids = try addClaims(setup, 120, "busy")
        final class Failures: @unchecked Sendable {
            let lock = NSLock()
            var unexpected: [String] = []
            var actions = 0
        }
        let failures = Failures()
        let verdicts = ["true", "false", "mixed", "mostly-true"]
        for round in 0..<3 {
            let done = DispatchGroup()
            for reviewer in 0..<4 {
                done.enter()
                let database = self.database
                Thread {
                    defer { done.leave() }
                    // Seeded per round and reviewer: the choices repeat, the interleaving does not.
                    var rng = SeededGenerator(seed: UInt64(round * 10 + reviewer + 1))
                    do {
                        let store = ClaimStore(connection: try database.connect())
                        let name = "reviewer-\(reviewer)"
                        for step in 0..<25 {
                            do {
                                switch Int.random(in: 0..<10, using: &rng) {
                                case 0..<4:
                                    guard let claim = try store.takeNext(for: name) else { continue }
                                    _ = try store.verify(
                                        id: claim.id, verdict: verdicts[(step + reviewer) % verdicts.count],
                                        note: "round \(round)",
                                        evidence: ["https://evidence.example/\(claim.id)/\(step)"], reviewer: name)
                                case 4, 5:
                                    guard let claim = try store.takeNext(for: name) else { continue }
                                    _ = try store.dismiss(id: claim.id, reason: "not check-worthy", reviewer: name)
                                case 6:
                                    let a = ids.randomElement(using: &rng)!
                                    let b = ids.randomElement(using: &rng)!
                                    guard a != b else { continue }
                                    _ = try store.merge(a, into: b, reviewer: name)
                                case 7, 8:
                                    _ = try store.reopen(
                                        id: ids.randomElement(using: &rng)!, reason: "another look", reviewer: name)
                                default:
                                    guard let claim = try store.takeNext(for: name) else { continue }
                                    _ = try store.release(id: claim.id, reason: nil, reviewer: name)
                                }
                                failures.lock.withLock { failures.actions += 1 }
                            } catch let error as ClaimStoreError {
                                // Refusals (a claim already merged, not reopenable) and version
                                // conflicts are what concurrent reviewers meet.
                                _ = error
                            } catch let error as PostgresError
                                where error.description.contains("claims_merged_is_dismissed")
                            {
                                // Reopening a claim merged after reopen read it, at the same
                                // moment, is refused by the database's check: a refusal too.
                                _ = error
                            }
                        }
                    } catch {
                        failures.lock.withLock { failures.unexpected.append("\(reviewer): \(error)") }
                    }
                }.start()
            }
            done.wait()
            #expect(failures.unexpected == [])
            #expect(try drift(setup.db) == [], "after round \(round)")
        }
        #expect(failures.actions > 100, "only \(failures.actions) changes went through")

        let stats = try setup.stats()
        let full = try #require(
            try setup.db.query(
                """
                SELECT (SELECT count(*) FROM claims) AS total,
                       (SELECT count(*) FROM claims WHERE status = 'verified') AS verified,
                       (SELECT count(*) FROM claims WHERE status = 'dismissed') AS dismissed,
                       (SELECT count(*) FROM claims WHERE verdict = 'false') AS false_verdicts
                """
            ).first)
        #expect(stats.total == (try full.decode("total", as: Int.self)))
        #expect(stats.byStatus["verified"] == (try full.decode("verified", as: Int.self)))
        #expect(stats.byStatus["dismissed"] == (try full.decode("dismissed", as: Int.self)))
        #expect(stats.byVerdict["false"] == (try full.decode("false_verdicts", as: Int.self)))
        #expect(stats.verdictsByReviewer.values.reduce(0, +) == (try full.decode("verified", as: Int.self)))
        #expect(stats.byStatus["verified"]! > 0)
    }

    /// A client killed (kill -9) in the middle of a transaction that verified,
    /// dismissed, reopened and added claims: the server rolls it back, deltas and
    /// all, and the counts still equal a full count.
    @Test func aClientKilledMidTransactionLeavesNoCountBehind() throws {
        let store = ClaimStore(connection: try database.connect())
        let ids = try addClaims(store, 6, "crash")
        for id in ids.prefix(3) {
            _ = try store.addEvidence(
                id: id, url: "https://evidence.example/\(id)", stance: .supports, note: nil, reviewer: "ana")
        }
        _ = try store.verify(id: ids[2], verdict: "true", note: nil, evidence: [], reviewer: "ana")
        #expect(try drift(store.db) == [])
        let before = try store.db.query("SELECT * FROM claim_counts_now() ORDER BY 1, 2, 3").map {
            try $0.decode("n", as: Int.self)
        }

        let marker = "claims-count-crash-\(UUID().uuidString.prefix(8))"
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        psql.arguments = [
            "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", database.conninfo + " application_name=\(marker)",
        ]
        let input = Pipe()
        psql.standardInput = input
        psql.standardOutput = FileHandle.nullDevice
        try psql.run()
        let script = """
            SET client_connection_check_interval = '100ms';
            BEGIN;
            UPDATE claims SET status = 'verified', verdict = 'false', reviewed_at = now() WHERE id = \(ids[0]);
            INSERT INTO claim_events (claim_id, action, reviewer, to_status, field, new_value, claim_version)
                VALUES (\(ids[0]), 'verified', 'mallory', 'verified', 'verdict', 'false', 2);
            UPDATE claims SET status = 'dismissed', dismiss_reason = 'gone' WHERE id = \(ids[1]);
            UPDATE claims SET status = 'pending', verdict = NULL, reviewed_at = NULL WHERE id = \(ids[2]);
            INSERT INTO claims (text, normalized, created_by) VALUES ('A claim that never was', 'a claim that never was', 'mallory');
            SELECT pg_sleep(60);

            """
        input.fileHandleForWriting.write(Data(script.utf8))

        // Wait until the transaction is in its sleep, holding its changes, then kill the client.
        var inSleep = false
        for _ in 0..<200 where !inSleep {
            inSleep =
                try #require(
                    try store.db.query(
                        "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = \(marker) AND query LIKE 'SELECT pg_sleep%' AND state = 'active'"
                    ).first
                ).decode("n", as: Int.self) == 1
            if !inSleep { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(inSleep, "the psql client never reached its sleep")
        kill(psql.processIdentifier, SIGKILL)
        psql.waitUntilExit()
        var gone = false
        for _ in 0..<200 where !gone {
            gone =
                try #require(
                    try store.db.query(
                        "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = \(marker)"
                    ).first
                ).decode("n", as: Int.self) == 0
            if !gone { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(gone, "the killed client's backend is still there")

        #expect(try drift(store.db) == [])
        let after = try store.db.query("SELECT * FROM claim_counts_now() ORDER BY 1, 2, 3").map {
            try $0.decode("n", as: Int.self)
        }
        #expect(after == before)
        #expect(try store.claim(id: ids[2]).status == .verified)
    }

    /// A reviewer login reads the counts but cannot write them, nor call the fold
    /// or the rebuild; its own workflow changes still count (the triggers run as the owner).
    @Test func aReviewerLoginCannotForgeCounts() throws {
        let store = ClaimStore(connection: try database.connect())
        let ids = try addClaims(store, 2, "forge")
        try store.db.executeScript("SET ROLE claims_reviewer")
        for sql in [
            "INSERT INTO claim_count_deltas (kind, name, login, n) VALUES ('status', 'verified', '', 1000)",
            "UPDATE claim_counts SET n = n + 1000",
            "DELETE FROM claim_count_deltas",
            "SELECT claim_counts_fold()",
            "SELECT claim_counts_rebuild()",
        ] {
            let error = #expect(throws: PostgresError.self, "\(sql)") { try store.db.execute(SQLQuery(unsafeSQL: sql)) }
            #expect(error?.description.contains("permission denied") == true, "\(sql): \(String(describing: error))")
        }
        _ = try store.addEvidence(
            id: ids[0], url: "https://evidence.example/forge", stance: .supports, note: nil, reviewer: "ana")
        _ = try store.verify(id: ids[0], verdict: "mixed", note: nil, evidence: [], reviewer: "ana")
        _ = try store.dismiss(id: ids[1], reason: "opinion", reviewer: "ana")
        #expect(try drift(store.db) == [])
        try store.db.executeScript("RESET ROLE")
    }

    /// The median from the histogram is percentile_cont's, bit for bit, for odd and even
    /// numbers of verdicts, ties, verdicts in the same bucket and negative durations.
    @Test func theMedianIsPercentileContsOverEveryVerdict() throws {
        let store = ClaimStore(connection: try database.connect())
        let ids = try addClaims(store, 9, "median")
        try store.db.executeScript("ALTER TABLE claims DISABLE TRIGGER claims_check_transition")
        defer { try? store.db.executeScript("ALTER TABLE claims ENABLE TRIGGER claims_check_transition") }
        let offsets = [
            "3 hours", "3 hours", "-2 hours", "10 days", "3 hours 0.5 seconds", "45 minutes", "3 hours 1 second",
            "400 days", "1 second",
        ]
        for (k, id) in ids.enumerated() {
            try store.db.execute(
                "UPDATE claims SET status = 'verified', verdict = 'true', reviewed_at = created_at + \(offsets[k])::interval WHERE id = \(id)"
            )
            #expect(try drift(store.db) == [], "after \(k + 1) verdicts")
        }
        try store.db.execute(
            "UPDATE claims SET status = 'pending', verdict = NULL, reviewed_at = NULL WHERE id = \(ids[4])")
        #expect(try drift(store.db) == [])
    }
}
