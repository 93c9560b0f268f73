import Foundation
import Postgres

/// A source as `claims sources` lists it: where claims were found, with how many.
public struct SourceSummary: Codable, Sendable, Equatable {
    public var id: Int64
    public var title: String?
    public var outlet: String?
    public var author: String?
    public var publishedAt: Date?
    public var url: String?
    public var retrievedAt: Date
    /// Claims that appeared in it.
    public var claims: Int
    /// Of those, how many are still pending or in review.
    public var open: Int
}

/// One claim found in a source, for `claims source show`.
public struct SourceClaim: Codable, Sendable, Equatable {
    public var id: Int64
    public var status: ClaimStatus
    public var verdict: String?
    public var text: String
    public var startOffset: Int?
    public var endOffset: Int?
}

/// `claims source show ID`: the source and its claims in the order they appear.
public struct SourceDetail: Codable, Sendable {
    public var source: SourceSummary
    public var claims: [SourceClaim]
}

/// Which sources `claims sources` lists: newest published first.
public struct SourceFilter: Sendable {
    /// Title, URL or outlet containing this text, in any case.
    public var text: String?
    /// Outlet named exactly this, in any case.
    public var outlet: String?
    /// Published (else retrieved) at or after this instant.
    public var since: Date?
    public var limit: Int?

    public init(text: String? = nil, outlet: String? = nil, since: Date? = nil, limit: Int? = nil) {
        self.text = text
        self.outlet = outlet
        self.since = since
        self.limit = limit
    }
}

extension ClaimStore {
    private static let sourceColumns: SQLQuery = """
        SELECT s.id, s.title, s.outlet, s.author, s.published_at, s.url, s.retrieved_at,
               (SELECT count(DISTINCT a.claim_id) FROM claim_appearances a WHERE a.source_id = s.id) AS claims,
               (SELECT count(DISTINCT a.claim_id) FROM claim_appearances a JOIN claims c ON c.id = a.claim_id
                WHERE a.source_id = s.id AND c.status IN ('pending', 'in_review')) AS open
        FROM sources s
        """

    private static func summary(_ row: Row) throws -> SourceSummary {
        SourceSummary(
            id: try row.decode("id"), title: try row.decode("title", as: String?.self),
            outlet: try row.decode("outlet", as: String?.self), author: try row.decode("author", as: String?.self),
            publishedAt: try row.decode("published_at", as: Date?.self), url: try row.decode("url", as: String?.self),
            retrievedAt: try row.decode("retrieved_at"), claims: Int(try row.decode("claims", as: Int64.self)),
            open: Int(try row.decode("open", as: Int64.self)))
    }

    /// Sources newest first (by publication, else retrieval), as `filter` narrows them.
    public func sources(_ filter: SourceFilter = SourceFilter()) throws -> [SourceSummary] {
        var query = Self.sourceColumns
        query.appendSQL(" WHERE true")
        if let text = filter.text {
            query.appendSQL(" AND (strpos(lower(coalesce(s.title, '')), lower(")
            query.appendBind(text)
            query.appendSQL(")) > 0 OR strpos(lower(coalesce(s.url, '')), lower(")
            query.appendBind(text)
            query.appendSQL(")) > 0 OR strpos(lower(coalesce(s.outlet, '')), lower(")
            query.appendBind(text)
            query.appendSQL(")) > 0)")
        }
        if let outlet = filter.outlet {
            query.appendSQL(" AND lower(s.outlet) = lower(")
            query.appendBind(outlet)
            query.appendSQL(")")
        }
        if let since = filter.since {
            query.appendSQL(" AND coalesce(s.published_at, s.retrieved_at) >= ")
            query.appendBind(since)
        }
        query.appendSQL(" ORDER BY coalesce(s.published_at, s.retrieved_at) DESC, s.id DESC")
        if let limit = filter.limit {
            query.appendSQL(" LIMIT ")
            query.appendBind(Int64(limit))
        }
        return try db.query(query).map(Self.summary)
    }

    /// The source `id` with its claims in the order they appear in it; nil when there is none.
    public func source(_ id: Int64) throws -> SourceDetail? {
        var query = Self.sourceColumns
        query.appendSQL(" WHERE s.id = ")
        query.appendBind(id)
        guard let row = try db.query(query).first else { return nil }
        let claims = try db.query(
            """
            SELECT c.id, c.status, c.verdict, c.text, min(a.start_offset) AS start_offset, min(a.end_offset) AS end_offset
            FROM claim_appearances a JOIN claims c ON c.id = a.claim_id
            WHERE a.source_id = \(id)
            GROUP BY c.id
            ORDER BY min(a.start_offset) NULLS LAST, c.id
            """
        ).map { row in
            SourceClaim(
                id: try row.decode("id"), status: ClaimStatus(rawValue: try row.decode("status")) ?? .pending,
                verdict: try row.decode("verdict", as: String?.self),
                text: try row.decode("text"), startOffset: try row.decode("start_offset", as: Int?.self),
                endOffset: try row.decode("end_offset", as: Int?.self))
        }
        return SourceDetail(source: try Self.summary(row), claims: claims)
    }
}
