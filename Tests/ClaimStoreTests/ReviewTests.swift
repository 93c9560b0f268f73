import ClaimStore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Review rules", .dropsTestDatabases)
struct ReviewRulesTests {
    @Test(arguments: [
        (ReviewRules.Action.take, ClaimStatus.pending, ClaimStatus?.some(.inReview)),
        (.take, .inReview, nil),
        (.assign, .pending, .inReview),
        (.assign, .verified, nil),
        (.verify, .inReview, .verified),
        (.verify, .pending, .verified),
        (.verify, .dismissed, nil),
        (.verify, .verified, nil),
        (.dismiss, .inReview, .dismissed),
        (.dismiss, .verified, nil),
        (.reopen, .verified, .pending),
        (.reopen, .dismissed, .pending),
        (.reopen, .pending, nil),
        (.addEvidence, .verified, .verified),
    ])
    func eachActionLeadsWhereTheWorkflowSays(action: ReviewRules.Action, from: ClaimStatus, to: ClaimStatus?) {
        let result = try? ReviewRules.status(after: action, from: from, id: 1)
        #expect(result == to)
    }

    @Test func aRefusalSaysWhatToDo() {
        let error = #expect(throws: ClaimStoreError.self) {
            try ReviewRules.status(after: .verify, from: .dismissed, id: 7)
        }
        #expect(error?.description.contains("reopen") == true)
        #expect(error?.description.contains("#7") == true)
    }
}

@Suite("Reviewing claims", .dropsTestDatabases)
struct ReviewTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.migrated("review")
    }

    private func seed(_ store: ClaimStore, _ text: String = "Exports rose \(UUID().uuidString)%.", score: Double = 0.5)
        throws -> Int64
    {
        // Scored as it is stored: a later UPDATE outside the workflow would be audited as an edit.
        try store.add(
            NewClaim(text: text, sourceURL: "https://example.com/\(UUID().uuidString)", score: score), reviewer: "desk"
        ).claim.id
    }

    @Test func verifyingNeedsEvidenceAndKeepsTheVerdictInHistoryWhenReopened() throws {
        let store = ClaimStore(connection: try database.connect())
        let id = try seed(store)
        #expect(throws: ClaimStoreError.self) {
            try store.verify(id: id, verdict: "false", note: nil, evidence: [], reviewer: "ana")
        }
        let unknown = #expect(throws: ClaimStoreError.self) {
            try store.verify(id: id, verdict: "pants-on-fire", note: nil, evidence: ["https://x.org"], reviewer: "ana")
        }
        #expect(unknown?.description.contains("mostly-true") == true, "lists the scale")

        let verified = try store.verify(
            id: id, verdict: "false", note: "BLS says 3.7%", evidence: ["https://bls.example/cps"], reviewer: "ana")
        #expect(verified.status == .verified)
        #expect(verified.verdict == "false")
        #expect(verified.reviewedAt != nil)

        let reopened = try store.reopen(id: id, reason: "revised data", reviewer: "ed")
        #expect(reopened.status == .pending)
        #expect(reopened.verdict == nil)
        let history = try store.history(id: id)
        #expect(history.map(\.action) == [.created, .evidenceAdded, .verified, .reopened])
        let reopening = try #require(history.last)
        #expect(reopening.oldValue == "false")
        #expect(reopening.note == "revised data")
        // Each change is one version; evidence given with a verdict shares the verdict's.
        #expect(history.compactMap(\.claimVersion) == [1, 2, 2, 3])
    }

    @Test func aDismissedClaimMustBeReopenedBeforeItIsVerified() throws {
        let store = ClaimStore(connection: try database.connect())
        let id = try seed(store)
        _ = try store.dismiss(id: id, reason: "opinion", reviewer: "ana")
        let error = #expect(throws: ClaimStoreError.self) {
            try store.verify(id: id, verdict: "true", note: nil, evidence: ["https://x.org"], reviewer: "ana")
        }
        guard case .refused = error else {
            Issue.record("expected a refusal, got \(String(describing: error))")
            return
        }
        #expect(try store.claim(id: id).status == .dismissed)
        #expect(
            try #require(try store.db.query("SELECT count(*) AS n FROM evidence WHERE claim_id = \(id)").first).decode(
                "n", as: Int.self) == 0,
            "nothing half-written")
    }

    @Test func aStaleVersionIsAConflictNamingWhoChangedIt() throws {
        let store = ClaimStore(connection: try database.connect())
        let id = try seed(store)
        let seen = try store.claim(id: id).version
        _ = try store.addEvidence(id: id, url: "https://x.org/a", stance: .supports, note: nil, reviewer: "ben")
        let error = #expect(throws: ClaimStoreError.self) {
            try store.dismiss(id: id, reason: "dup", reviewer: "ana", expectedVersion: seen)
        }
        guard case .conflict(_, let expected, let current, let by, _) = error else {
            Issue.record("expected a conflict, got \(String(describing: error))")
            return
        }
        #expect(expected == seen)
        #expect(current == seen + 1)
        #expect(by == "ben")
        #expect(error?.description.contains("changed by ben") == true)
        #expect(try store.claim(id: id).status == .pending)
    }

    @Test func nextTakesTheBestScoredFreeClaimAndNeverTheSameTwice() async throws {
        let database = try TestDatabase.migrated("reviewnext")
        let setup = ClaimStore(connection: try database.connect())
        var ids: [Int64] = []
        for n in 0..<40 { ids.append(try seed(setup, "Claim number \(n) rose 5%.", score: Double(n) / 100)) }
        let best = try #require(ClaimStore(connection: try database.connect()).takeNext(for: "first"))
        #expect(best.id == ids.last)
        #expect(best.status == .inReview)
        #expect(best.assignee == "first")

        let taken = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    let store = ClaimStore(connection: try database.connect())
                    var mine: [Int64] = []
                    while let claim = try store.takeNext(for: "w\(worker)") { mine.append(claim.id) }
                    return mine
                }
            }
            var all: [Int64] = []
            for try await mine in group { all += mine }
            return all
        }
        #expect(taken.count == 39)
        #expect(Set(taken).count == 39, "no claim taken twice")
        let events: Int = try #require(
            try setup.db.query("SELECT count(*) AS n FROM claim_events WHERE action = 'assigned'").first
        ).decode("n")
        #expect(events == 40)
        #expect(try ClaimStore(connection: try database.connect()).takeNext(for: "late") == nil)
    }

    @Test func nextHonoursKindAndMinimumScore() throws {
        let database = try TestDatabase.migrated("reviewfilter")
        let store = ClaimStore(connection: try database.connect())
        let low = try seed(store, "A quantity claim of 3%.", score: 0.9)
        let dated = try store.add(
            NewClaim(text: "It happened on Feb. 4, 2026.", sourceURL: "https://e.example/d", kind: .date, score: 0.4),
            reviewer: "d"
        ).claim.id
        #expect(try store.takeNext(for: "ana", filter: QueueFilter(kind: .date))?.id == dated)
        #expect(try store.takeNext(for: "ana", filter: QueueFilter(minScore: 0.95)) == nil)
        #expect(try store.takeNext(for: "ana", filter: QueueFilter(minScore: 0.5))?.id == low)
    }
}
