import Foundation
import Postgres

extension ClaimStore {
    /// Merges `id` into `target`: its appearances and evidence move over, it is
    /// dismissed as "merged into #target", and both claims record the merge. Both
    /// versions are checked, in one transaction.
    ///
    /// When `target` was itself merged away, the merge goes to the claim it was merged
    /// into (following the chain to the live claim); the returned claim is that one.
    /// Both claims are locked, in id order, so merges of overlapping claims at the same
    /// moment wait for each other instead of moving evidence onto a claim that another
    /// merge is dismissing.
    public func merge(_ id: Int64, into target: Int64, reviewer: String, expectedVersion: Int? = nil) throws -> Claim {
        guard id != target else {
            throw ClaimStoreError.invalidInput("A claim cannot be merged into itself; give two different ids.")
        }
        // Each attempt locks the live end of the chain as it was just read; another
        // merge can move that end on before the lock is granted, and then we look again.
        for _ in 0..<10 {
            if let survivor = try db.transaction({ _ in
                try mergeLocked(id, into: target, reviewer: reviewer, expectedVersion: expectedVersion)
            }) {
                return survivor
            }
        }
        throw ClaimStoreError.refused(
            "Claim #\(target) kept being merged into other claims while this merge waited; run the command again.")
    }

    /// One merge attempt inside a transaction; nil when the survivor was merged away
    /// while this attempt waited for its lock.
    private func mergeLocked(_ id: Int64, into target: Int64, reviewer: String, expectedVersion: Int?) throws -> Claim?
    {
        let survivorID = try liveEnd(ofMergeChainFrom: target)
        guard survivorID != id else {
            throw ClaimStoreError.refused("Claim #\(target) was already merged into #\(id); there is nothing to merge.")
        }
        var mergedInto: [Int64: Int64] = [:]
        for row in try db.query(
            "SELECT id, merged_into FROM claims WHERE id = ANY(\([id, survivorID])) ORDER BY id FOR UPDATE")
        {
            if let next = try row.decode("merged_into", as: Int64?.self) { mergedInto[try row.decode("id")] = next }
        }
        if mergedInto[survivorID] != nil { return nil }
        if let earlier = mergedInto[id] {
            throw ClaimStoreError.refused(
                "Claim #\(id) was already merged into #\(earlier); there is nothing left to merge.")
        }
        let source = try claim(id: id)
        let survivor = try claim(id: survivorID)
        if let expectedVersion, expectedVersion != source.version {
            throw ClaimStoreError.conflict(
                id: id, expectedVersion: expectedVersion, currentVersion: source.version, changedBy: nil, changedAt: nil
            )
        }
        guard source.status != .dismissed, survivor.status != .dismissed else {
            throw ClaimStoreError.refused("A dismissed claim cannot take part in a merge; reopen it first.")
        }
        guard source.status != .verified else {
            throw ClaimStoreError.refused(
                "Claim #\(id) is verified and cannot be merged away; merge the other one into it (`claims merge \(survivorID) --into \(id)`)."
            )
        }
        // Appearances already on the survivor (same source and offset) stay where they are.
        try db.execute(
            """
            UPDATE claim_appearances a SET claim_id = \(survivorID)
            WHERE a.claim_id = \(id) AND NOT EXISTS (
                SELECT 1 FROM claim_appearances b
                WHERE b.claim_id = \(survivorID) AND b.source_id = a.source_id
                  AND b.start_offset IS NOT DISTINCT FROM a.start_offset)
            """)
        let movedEvidence = try db.execute("UPDATE evidence SET claim_id = \(survivorID) WHERE claim_id = \(id)")
        let version: Int = try db.queryOne(
            """
            UPDATE claims SET status = 'dismissed', dismiss_reason = \("merged into #\(survivorID)"), merged_into = \(survivorID),
                verdict = NULL, verdict_note = NULL, assignee = NULL, version = version + 1, updated_at = now()
            WHERE id = \(id) RETURNING version
            """, purpose: "the new version of merged claim #\(id)"
        ).decode("version")
        try recordEvent(
            id: id, action: .merged, reviewer: reviewer, from: source.status, to: .dismissed, field: "merged_into",
            old: nil, new: String(survivorID), note: "merged into #\(survivorID)", version: version)
        let survivorVersion: Int = try db.queryOne(
            "UPDATE claims SET version = version + 1, updated_at = now() WHERE id = \(survivorID) RETURNING version",
            purpose: "the new version of claim #\(survivorID)"
        ).decode("version")
        try recordEvent(
            id: survivorID, action: .merged, reviewer: reviewer, from: nil, to: nil, field: "merged_from", old: nil,
            new: String(id), note: "#\(id) merged in (\(movedEvidence) evidence moved)", version: survivorVersion)
        return try claim(id: survivorID)
    }

    /// The claim a merge into `id` lands on: `id` itself, or the claim it was merged
    /// into, and so on. Read without locks; the caller locks and checks it.
    private func liveEnd(ofMergeChainFrom id: Int64) throws -> Int64 {
        var current = id
        var seen: Set<Int64> = []
        while true {
            guard let row = try db.query("SELECT merged_into FROM claims WHERE id = \(current)").first else {
                throw ClaimStoreError.claimNotFound(id: current)
            }
            guard let next = try row.decode("merged_into", as: Int64?.self) else { return current }
            guard seen.insert(current).inserted else {
                throw ClaimStoreError.refused(
                    "Claim #\(id) is in a loop of merges (#\(current) again); fix merged_into in the database first.")
            }
            current = next
        }
    }

    /// Records that two look-alike claims are different: the suggestion or variant
    /// link between them goes, it is not made again, and both claims' histories say
    /// who said so.
    public func markDistinct(_ a: Int64, _ b: Int64, reviewer: String) throws {
        guard a != b else { throw ClaimStoreError.invalidInput("Give two different claim ids.") }
        try db.transaction { db in
            let first = try claim(id: a)
            let second = try claim(id: b)
            try db.execute(
                """
                INSERT INTO claim_distinct_pairs (claim_a, claim_b, reviewer)
                VALUES (\(min(a, b)), \(max(a, b)), \(reviewer)) ON CONFLICT DO NOTHING
                """)
            try db.execute(
                """
                DELETE FROM claim_suggestions
                WHERE (claim_id = \(a) AND similar_id = \(b)) OR (claim_id = \(b) AND similar_id = \(a))
                """)
            let variantLinks = try db.execute(
                """
                DELETE FROM claim_variants
                WHERE (claim_id = \(a) AND variant_id = \(b)) OR (claim_id = \(b) AND variant_id = \(a))
                """)
            for (claim, other) in [(first, b), (second, a)] {
                try recordEvent(
                    id: claim.id, action: .unlinked, reviewer: reviewer, from: nil, to: nil, field: "distinct_from",
                    old: nil, new: String(other),
                    note: variantLinks > 0 ? "not a variant of #\(other)" : "not the same claim as #\(other)",
                    version: claim.version)
            }
        }
    }
}
