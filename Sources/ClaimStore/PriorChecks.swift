import Foundation
import Postgres

/// A verified claim with the same facts and like wording: "checked before: #12, false, 2026-03-02".
public struct PriorCheck: Codable, Sendable, Equatable {
    public var id: Int64
    public var verdict: String?
    public var reviewedAt: Date?
    public var similarity: Double
}

extension ClaimStore {
    /// The verified claims suggested as duplicates of this one, most alike first.
    public func checkedBefore(_ id: Int64, limit: Int = 3) throws -> [PriorCheck] {
        Array((try checkedBefore([id])[id] ?? []).prefix(limit))
    }

    /// `checkedBefore` for many claims in one query, as `claims list` needs it.
    public func checkedBefore(_ ids: [Int64]) throws -> [Int64: [PriorCheck]] {
        guard !ids.isEmpty else { return [:] }
        var found: [Int64: [PriorCheck]] = [:]
        for row in try db.query(
            """
            SELECT s.claim_id, c.id, c.verdict, c.reviewed_at, s.score::float8 AS similarity
            FROM claim_suggestions s JOIN claims c ON c.id = s.similar_id
            WHERE s.claim_id = ANY(\(ids)) AND c.status = 'verified'
            ORDER BY s.claim_id, s.score DESC, c.id
            """)
        {
            found[try row.decode("claim_id"), default: []].append(
                PriorCheck(
                    id: try row.decode("id"), verdict: try row.decode("verdict", as: String?.self),
                    reviewedAt: try row.decode("reviewed_at", as: Date?.self), similarity: try row.decode("similarity"))
            )
        }
        return found
    }
}
