import Foundation
import Postgres
import TestSupport
import Testing

/// `claims next` as one transaction, and the ways back for a claim left in review:
/// `claims release ID` and an editor's `claims release --stale AGE`.
@Suite("claims next and release as built binaries", .dropsTestDatabases)
struct ReleaseBinaryTests {
    let database: TestDatabase
    var env: [String: String] { ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "ana"] }

    init() throws {
        database = try TestDatabase.migrated("rel")
    }

    @Test func nextThatFailsAfterTakingLeavesTheClaimPending() throws {
        let db = try database.connect()
        let id = try insertClaim(db, text: "Crime fell 12 percent in 2025.")
        // Another session holds a lock that `next` needs to read the claim's sources; with a
        // short lock timeout `next` fails after the UPDATE. The claim must not stay taken.
        let locker = try database.connect()
        try locker.executeScript("BEGIN; LOCK TABLE claim_appearances IN ACCESS EXCLUSIVE MODE")
        var lockedEnv = env
        lockedEnv["PGOPTIONS"] = "-c lock_timeout=300ms"
        let failed = try TestProcess.claims(["next"], environment: lockedEnv)
        #expect(failed.status == 1, "\(failed.stdout) \(failed.stderr)")
        let row = try #require(try db.query("SELECT status, assignee FROM claims WHERE id = \(id)").first)
        #expect(try row.decode("status", as: String.self) == "pending")
        #expect(try row.decode("assignee", as: String?.self) == nil)
        #expect(
            try #require(
                try db.query("SELECT count(*) AS n FROM claim_events WHERE claim_id = \(id) AND action = 'assigned'")
                    .first
            ).decode("n", as: Int.self) == 0)
        try locker.executeScript("ROLLBACK")

        let taken = try TestProcess.claims(["next"], environment: env)
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(taken.stdout.contains("#\(id)"))
    }

    @Test func nextRemindsTheReviewerOfClaimsAlreadyHeld() throws {
        let db = try database.connect()
        let first = try insertClaim(db, text: "Fares rose 3 percent in March.", score: 0.9)
        let second = try insertClaim(db, text: "The port handled 2 million containers.", score: 0.8)
        let one = try TestProcess.claims(["next"], environment: env)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(!one.stderr.contains("You also hold"))
        let two = try TestProcess.claims(["next", "--another"], environment: env)
        #expect(two.status == 0, "\(two.stderr)")
        #expect(two.stdout.contains("#\(second)"))
        #expect(two.stderr.contains("You also hold #\(first) in review"), "\(two.stderr)")
        #expect(two.stderr.contains("claims release ID"))
        let empty = try TestProcess.claims(["next", "--another"], environment: env)
        #expect(empty.stdout.contains("The queue is empty"))
        #expect(empty.stderr.contains("#\(first), #\(second)"), "\(empty.stderr)")
    }

    @Test func holderReleasesTheirClaimAndOthersNeedAnEditor() throws {
        let admin = try database.connect()
        let id = try insertClaim(admin, text: "Exports fell 8 percent in the second quarter.")
        let suffix = UUID().uuidString.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(10)
        let login = "t_rel\(suffix)"
        let password = "Rl\(suffix)pw"
        try admin.executeScript("CREATE ROLE \(login) LOGIN PASSWORD '\(password)' IN ROLE claims_reviewer")
        defer { try? admin.executeScript("DROP ROLE IF EXISTS \(login)") }
        let reviewerURL = try database.tcpURL(user: login, password: password)
        func asReviewer(_ name: String, _ arguments: [String]) throws -> ProcessResult {
            try TestProcess.claims(arguments + ["--database", reviewerURL, "--reviewer", name])
        }

        let taken = try asReviewer("ana", ["next", "--format", "json"])
        #expect(taken.status == 0, "\(taken.stderr)")
        // Bob is a reviewer, not an editor: Ana's claim is not his to release.
        let bob = try asReviewer("bob", ["release", String(id)])
        #expect(bob.status == 1)
        #expect(bob.stderr.contains("held by ana"), "\(bob.stderr)")
        #expect(try statusAndAssignee(admin, id) == ("in_review", "ana"))

        let ana = try asReviewer("ana", ["release", String(id), "--reason", "out until Monday"])
        #expect(ana.status == 0, "\(ana.stderr)")
        #expect(ana.stdout.contains("#\(id) released: pending again"))
        #expect(try statusAndAssignee(admin, id) == ("pending", nil))
        let event = try #require(
            try admin.query(
                "SELECT reviewer, from_status, to_status, old_value, note FROM claim_events WHERE claim_id = \(id) AND action = 'unassigned'"
            ).first)
        #expect(try event.decode("reviewer", as: String.self) == "ana")
        #expect(try event.decode("from_status", as: String?.self) == "in_review")
        #expect(try event.decode("to_status", as: String?.self) == "pending")
        #expect(try event.decode("old_value", as: String?.self) == "ana")
        #expect(try event.decode("note", as: String?.self) == "out until Monday")

        let again = try asReviewer("ana", ["release", String(id)])
        #expect(again.status == 1)
        #expect(again.stderr.contains("not in review"), "\(again.stderr)")

        // --stale is an editor's sweep; a reviewer is refused.
        let sweep = try asReviewer("bob", ["release", "--stale", "1h"])
        #expect(sweep.status == 1)
        #expect(sweep.stderr.contains("takes an editor"), "\(sweep.stderr)")
    }

    @Test func staleSweepReleasesOnlyClaimsLeftAlone() throws {
        let db = try database.connect()
        let old = try insertClaim(db, text: "Rents rose 9 percent in 2024.", score: 0.9)
        let fresh = try insertClaim(db, text: "Wages rose 4 percent in 2024.", score: 0.8)
        let done = try insertClaim(db, text: "Prices rose 2 percent in 2024.", score: 0.7)
        for _ in 0..<3 { #expect(try TestProcess.claims(["next", "--another"], environment: env).status == 0) }
        // The server stamps updated_at itself, so the claims are aged by waiting.
        Thread.sleep(forTimeInterval: 2.5)
        let verify = try TestProcess.claims(
            ["verify", String(done), "--verdict", "true", "--evidence", "https://evidence.example/p"], environment: env)
        #expect(verify.status == 0, "\(verify.stderr)")
        let touched = try TestProcess.claims(
            ["evidence", "add", String(fresh), "https://evidence.example/w"], environment: env)
        #expect(touched.status == 0, "\(touched.stderr)")

        let sweep = try TestProcess.claims(
            ["release", "--stale", "2s"], environment: ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "ed"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        #expect(sweep.stdout.contains("#\(old) released"))
        #expect(sweep.stdout.contains("Released 1 claim in review for over 2s."), "\(sweep.stdout)")
        #expect(try statusAndAssignee(db, old) == ("pending", nil))
        #expect(try statusAndAssignee(db, fresh) == ("in_review", "ana"))
        #expect(try statusAndAssignee(db, done).0 == "verified")

        let bad = try TestProcess.claims(["release", "--stale", "soon"], environment: env)
        #expect(bad.status == 2)
        let none = try TestProcess.claims(["release"], environment: env)
        #expect(none.status == 2)
        #expect(none.stderr.contains("--stale"))
    }

    private func statusAndAssignee(_ db: Connection, _ id: Int64) throws -> (String, String?) {
        let row = try #require(try db.query("SELECT status, assignee FROM claims WHERE id = \(id)").first)
        return (try row.decode("status"), try row.decode("assignee", as: String?.self))
    }

    private func insertClaim(_ db: Connection, text: String, score: Double = 0.5) throws -> Int64 {
        let id: Int64 = try #require(
            try db.query(
                """
                INSERT INTO claims (text, normalized, kind, score, created_by)
                VALUES (\(text), \(text.lowercased()), 'quantity', \(score), 'seed') RETURNING id
                """
            ).first
        ).decode("id")
        try db.execute(
            "INSERT INTO claim_events (claim_id, action, reviewer, to_status, claim_version) VALUES (\(id), 'created', 'seed', 'pending', 1)"
        )
        return id
    }
}
