import Foundation
import Postgres

extension ClaimStore {
    /// Claims whose wording is close to this one (trigram similarity) and whose
    /// facts agree: the same numbers, months, weekdays and scale words. "Sanctioned
    /// 32 entities" and "sanctioned 23 entities" are never similar, however alike the words.
    ///
    /// At `suggestionThreshold` or above this reads the suggestions stored when the
    /// claims were stored; below it, it looks them up afresh and stores nothing.
    public func similar(to id: Int64, threshold: Double = ClaimStore.suggestionThreshold, limit: Int = 20) throws
        -> [ClaimMatch]
    {
        _ = try claim(id: id)
        var query: SQLQuery
        if threshold >= Self.suggestionThreshold {
            query = SQLQuery(
                unsafeSQL:
                    "SELECT \(Claim.columns), s.score::float8 AS similarity FROM claim_suggestions s JOIN claims c ON c.id = s.similar_id WHERE s.claim_id = "
            )
            query.appendBind(id)
            query.appendSQL(" AND c.merged_into IS NULL AND s.score >= ")
            query.appendBind(threshold)
            // Compared as real, as the stored score is: a double 0.35 is above the real 0.35.
            query.appendSQL("::real ORDER BY s.score DESC, c.id LIMIT ")
        } else {
            query = SQLQuery(
                unsafeSQL: "SELECT \(Claim.columns), m.score::float8 AS similarity FROM claim_lookalikes(")
            query.appendBind(id)
            query.appendSQL(", ")
            query.appendBind(threshold)
            query.appendSQL("::real, ")
            query.appendBind(limit)
            // The function takes an integer; an Int parameter is a bigint.
            query.appendSQL("::integer) AS m JOIN claims c ON c.id = m.id ORDER BY m.score DESC, c.id LIMIT ")
        }
        query.appendBind(limit)
        return try db.query(query).map {
            ClaimMatch(claim: try Claim(row: $0), score: try $0.decode("similarity"), relation: .duplicate)
        }
    }

    /// The similarity at or above which a new claim is linked to its look-alikes
    /// when it is stored (`claim_suggestion_threshold()` in sql/006_suggestions.sql).
    public static let suggestionThreshold = 0.35

    /// The cosine of two claims' embeddings at or above which claims sharing a specific
    /// figure are look-alikes however few trigrams they share (`claim_embedding_threshold()`
    /// in sql/011_embeddings.sql).
    public static let embeddingThreshold = 0.6

    /// The cosine below which two claims that both have an embedding are never look-alikes
    /// (`claim_embedding_floor()`).
    public static let embeddingFloor = 0.35

    /// Links these claims to their look-alikes and variants again, now that other sessions'
    /// claims stored at the same moment are committed and visible. Returns the links added.
    ///
    /// The trigger that links a new claim cannot see claims another session has not
    /// committed yet; whichever of two such sessions commits last finds the other's
    /// claims here.
    @discardableResult
    public func relink(_ ids: [Int64]) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try db.queryOne(
            "SELECT claims_link_lookalikes(\(ids)) + claims_link_variants(\(ids)) AS linked",
            purpose: "the number of look-alike and variant links added"
        ).decode("linked")
    }
}

/// The claims one batch stored, and how many ids it drew from the claims sequence
/// (nil when unknown, as after a failed article).
struct CreatedClaims {
    var ids: [Int64] = []
    var idsDrawn: Int? = 0
}

/// Tells whether another session may have stored claims while this one stored its
/// own, so their triggers could not see each other's: another session held a write
/// lock on claims when this one started, or the id sequence moved by more than this
/// session drew. When neither, relinking would find nothing and is skipped.
struct ConcurrentClaimWrites {
    var lastID: Int64
    var othersWriting: Bool

    static func start(_ db: Connection) throws -> ConcurrentClaimWrites {
        // pg_locks lists the locks of every database on the server, and databases copied
        // from one template give their claims tables the same OID: only this one's count.
        let row = try db.queryOne(
            """
            SELECT claims_last_id() AS last_id,
                   EXISTS (SELECT 1 FROM pg_locks WHERE relation = 'claims'::regclass AND mode = 'RowExclusiveLock'
                           AND pid <> pg_backend_pid()
                           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS others
            """, purpose: "the last claim id and whether other sessions are writing claims"
        )
        return ConcurrentClaimWrites(lastID: try row.decode("last_id"), othersWriting: try row.decode("others"))
    }

    func othersMayHaveWritten(_ db: Connection, idsDrawn: Int?) throws -> Bool {
        guard !othersWriting, let idsDrawn else { return true }
        let now: Int64 = try db.queryOne("SELECT claims_last_id() AS last_id", purpose: "the last claim id").decode(
            "last_id")
        return now - lastID != Int64(idsDrawn)
    }
}
