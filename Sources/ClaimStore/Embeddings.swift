import Foundation
import Postgres

/// A claim stored without a sentence embedding, to be given one (`claims model embed`).
public struct UnembeddedClaim: Sendable, Equatable {
    public var id: Int64
    public var text: String
    /// The normalised text the embedding is for: if it has changed by the time the
    /// embedding is stored, the embedding is not stored.
    public var normalized: String
}

extension ClaimStore {
    /// How many claims (not merged away) have no embedding.
    public func unembeddedCount() throws -> Int {
        try db.queryOne(
            "SELECT count(*) AS n FROM claims WHERE embedding IS NULL AND merged_into IS NULL",
            purpose: "the number of claims without an embedding"
        ).decode("n")
    }

    /// Up to `limit` claims without an embedding whose id is above `after`, in id order.
    public func unembeddedClaims(after: Int64 = 0, limit: Int) throws -> [UnembeddedClaim] {
        try db.query(
            """
            SELECT id, text, normalized FROM claims
            WHERE embedding IS NULL AND merged_into IS NULL AND id > \(after)
            ORDER BY id LIMIT \(limit)
            """
        ).map {
            UnembeddedClaim(
                id: try $0.decode("id"), text: try $0.decode("text"), normalized: try $0.decode("normalized"))
        }
    }

    /// Stores each claim's embedding, when it still has none and its text is the one
    /// embedded, and links those claims to their look-alikes, in one transaction. An
    /// embedding is derived from the text, like the match keys: no version moves and no
    /// event is written. Returns the claims embedded and the look-alike links added.
    @discardableResult
    public func storeEmbeddings(_ claims: [UnembeddedClaim], _ embeddings: [[Float]]) throws -> (
        embedded: Int, linked: Int
    ) {
        precondition(claims.count == embeddings.count, "one embedding per claim")
        guard !claims.isEmpty else { return (0, 0) }
        return try db.transaction { db in
            let ids = try db.query(
                """
                UPDATE claims c SET embedding = u.e::real[]
                FROM unnest(\(claims.map(\.id)), \(claims.map(\.normalized)),
                            \(embeddings.map(Self.embeddingText))) AS u(id, n, e)
                WHERE c.id = u.id AND c.embedding IS NULL AND c.normalized = u.n
                RETURNING c.id
                """
            ).map { try $0.decode("id", as: Int64.self) }
            guard !ids.isEmpty else { return (0, 0) }
            let linked: Int = try db.queryOne(
                "SELECT claims_link_lookalikes(\(ids.sorted())) AS linked",
                purpose: "the look-alike links added"
            ).decode("linked")
            return (ids.count, linked)
        }
    }
}

extension ClaimStore {
    /// The stored embeddings of these claims; claims without one are left out.
    public func embeddings(of ids: [Int64]) throws -> [Int64: [Float]] {
        guard !ids.isEmpty else { return [:] }
        var found: [Int64: [Float]] = [:]
        for row in try db.query(
            "SELECT id, array_to_string(embedding, ',') AS e FROM claims WHERE id = ANY (\(ids)) AND embedding IS NOT NULL"
        ) {
            let text: String = try row.decode("e")
            let values = text.split(separator: ",").compactMap { Float($0) }
            if values.count > 0 { found[try row.decode("id")] = values }
        }
        return found
    }
}
