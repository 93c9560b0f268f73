import ClaimStore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Merging claims, one at a time and at the same moment", .dropsTestDatabases)
struct MergeTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.migrated("merge")
    }

    /// A pending claim with one appearance and one piece of evidence of its own.
    private func claimWithEvidence(_ store: ClaimStore, _ label: String) throws -> Int64 {
        let id = try store.add(
            NewClaim(
                text: "Claim \(label) \(UUID().uuidString) said exports rose 4%.",
                sourceURL: "https://news.example/\(UUID().uuidString)"),
            reviewer: "desk"
        ).claim.id
        _ = try store.addEvidence(
            id: id, url: "https://evidence.example/\(label)", stance: .context, note: nil, reviewer: "desk")
        return id
    }

    @Test func mergingIntoAMergedClaimLandsOnTheClaimItWasMergedInto() throws {
        let store = ClaimStore(connection: try database.connect())
        let a = try claimWithEvidence(store, "a")
        let b = try claimWithEvidence(store, "b")
        let c = try claimWithEvidence(store, "c")
        _ = try store.merge(b, into: c, reviewer: "ana")
        let survivor = try store.merge(a, into: b, reviewer: "ana")
        #expect(survivor.id == c)
        #expect(try store.detail(id: c).evidence.count == 3)
        #expect(try store.claim(id: a).dismissReason == "merged into #\(c)")

        let backwards = #expect(throws: ClaimStoreError.self) { try store.merge(c, into: a, reviewer: "ana") }
        #expect(
            backwards?.description.contains("already merged into #\(c)") == true, "\(String(describing: backwards))")
        let again = #expect(throws: ClaimStoreError.self) { try store.merge(a, into: c, reviewer: "ana") }
        #expect(
            again?.description.contains("#\(a) was already merged into #\(c)") == true, "\(String(describing: again))")
    }

    /// `merge a --into b & merge b --into c`, fifteen times: whichever commits first,
    /// everything ends on c and nothing is left on a claim merged away.
    @Test func aMergedClaimIsNotReopenedAndTheRefusalNamesTheClaimItIsNow() throws {
        let store = ClaimStore(connection: try database.connect())
        let a = try claimWithEvidence(store, "a")
        let b = try claimWithEvidence(store, "b")
        _ = try store.merge(a, into: b, reviewer: "ana")
        let before = try store.claim(id: a)
        let refusal = #expect(throws: ClaimStoreError.self) {
            try store.reopen(id: a, reason: "wrong merge", reviewer: "ana")
        }
        #expect(
            refusal?.description.contains("Claim #\(a) was merged into #\(b)") == true, "\(String(describing: refusal))"
        )
        #expect(try store.claim(id: a).version == before.version, "nothing written")
        // The survivor reopens as any claim does.
        _ = try store.dismiss(id: b, reason: "not check-worthy", reviewer: "ana")
        #expect(try store.reopen(id: b, reason: "second look", reviewer: "ana").status == .pending)
    }

    @Test func overlappingMergesAtTheSameMomentLeaveNothingOnAMergedClaim() throws {
        let setup = ClaimStore(connection: try database.connect())
        final class Outcomes: @unchecked Sendable {
            let lock = NSLock()
            var errors: [String] = []
        }
        let trials = 15
        var stranded = 0
        for _ in 0..<trials {
            let a = try claimWithEvidence(setup, "a")
            let b = try claimWithEvidence(setup, "b")
            let c = try claimWithEvidence(setup, "c")
            let outcomes = Outcomes()
            let ready = DispatchGroup()
            let start = DispatchSemaphore(value: 0)
            let done = DispatchGroup()
            for (source, target) in [(a, b), (b, c)] {
                ready.enter()
                done.enter()
                let database = self.database
                Thread {
                    defer { done.leave() }
                    do {
                        let store = ClaimStore(connection: try database.connect())
                        ready.leave()
                        start.wait()
                        _ = try store.merge(source, into: target, reviewer: "racer")
                    } catch {
                        outcomes.lock.withLock { outcomes.errors.append("merge \(source) into \(target): \(error)") }
                    }
                }.start()
            }
            ready.wait()
            start.signal()
            start.signal()
            done.wait()
            #expect(outcomes.errors == [])

            let left: Int = try #require(
                try setup.db.query(
                    """
                    SELECT (SELECT count(*) FROM evidence e JOIN claims m ON m.id = e.claim_id WHERE m.merged_into IS NOT NULL AND m.id IN (\(a), \(b)))
                         + (SELECT count(*) FROM claim_appearances p JOIN claims m ON m.id = p.claim_id WHERE m.merged_into IS NOT NULL AND m.id IN (\(a), \(b)))
                         AS n
                    """
                ).first
            ).decode("n")
            if left > 0 { stranded += 1 }
            #expect(try setup.detail(id: c).evidence.count == 3)
            #expect(try setup.detail(id: c).appearances.count == 3)
        }
        #expect(stranded == 0, "\(stranded) of \(trials) trials left evidence or appearances on a merged claim")
    }
}
