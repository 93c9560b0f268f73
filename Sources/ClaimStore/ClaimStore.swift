import Foundation
import Postgres

/// Reads and changes claims. Every change writes its `claim_events` row in the
/// same transaction as the change itself.
public final class ClaimStore {
    public let db: Connection

    public init(connection: Connection) {
        db = connection
    }

    /// Fails with a message that says to run `claims db migrate` when the schema is missing or old.
    public func requireCurrentSchema(migrator: Migrator = Migrator()) throws {
        guard let version = try migrator.currentVersion(db) else { throw ClaimStoreError.schemaMissing }
        let latest = migrator.migrations.last?.version ?? 0
        if version < latest {
            throw ClaimStoreError.schemaOutdated(databaseVersion: version, binaryVersion: latest)
        }
        if version > latest {
            throw ClaimStoreError.databaseNewerThanBinary(databaseVersion: version, binaryVersion: latest)
        }
    }

    /// The result of `add`: the claim, and whether it was already tracked.
    public struct AddResult: Sendable {
        public var claim: Claim
        /// True when a claim with the same normalised text existed; the source was added to it.
        public var alreadyTracked: Bool
    }

    /// Stores a claim typed in by a person, with its source, in one transaction.
    ///
    /// A claim whose normalised text is already tracked gains an appearance in the
    /// source instead of becoming a second row.
    public func add(_ new: NewClaim, reviewer: String) throws -> AddResult {
        // Stored as ingest stores article text: no control characters.
        var new = new
        new.text = ClaimText.clean(new.text)
        new.speaker = new.speaker.map { ClaimText.clean($0) }
        new.sourceTitle = new.sourceTitle.map { ClaimText.clean($0) }
        let reviewer = ClaimText.clean(reviewer)
        let text = new.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw ClaimStoreError.invalidInput("The claim text is empty; give the sentence to check.")
        }
        guard ClaimText.isWebURL(new.sourceURL) else {
            throw ClaimStoreError.invalidInput(
                "The source URL is not a full http or https address; give one such as https://example.com/story.")
        }
        let normalized = ClaimText.normalize(text)
        let watch = try ConcurrentClaimWrites.start(db)
        let result = try db.transaction { db in
            // Two people adding the same claim at once must end up with one row.
            try db.query("SELECT pg_advisory_xact_lock(hashtextextended(\(normalized), 0))")
            let sourceID = try sourceID(url: new.sourceURL, title: new.sourceTitle)

            if let existing = try db.query(
                "SELECT id FROM claims WHERE normalized = \(normalized) ORDER BY id LIMIT 1"
            ).first {
                let id: Int64 = try existing.decode("id")
                let inserted = try db.execute(
                    """
                    INSERT INTO claim_appearances (claim_id, source_id, context)
                    VALUES (\(id), \(sourceID), \(text))
                    ON CONFLICT DO NOTHING
                    """)
                if inserted > 0 {
                    try db.execute(
                        """
                        INSERT INTO claim_events (claim_id, action, reviewer, field, new_value, claim_version)
                        SELECT id, 'appeared', \(reviewer), 'source', \(new.sourceURL), version FROM claims WHERE id = \(id)
                        """)
                }
                return AddResult(claim: try claim(id: id), alreadyTracked: true)
            }

            let row = try db.queryOne(
                """
                INSERT INTO claims (text, normalized, speaker, kind, score, facts, created_by, embedding)
                VALUES (\(text), \(normalized), \(new.speaker.flatMap(Self.nonEmpty)), \(new.kind.rawValue), \(new.score),
                        \(new.factsJSON)::jsonb, \(reviewer), \(new.embedding))
                RETURNING id
                """, purpose: "the id of the new claim"
            )
            let id: Int64 = try row.decode("id")
            try db.execute(
                """
                INSERT INTO claim_appearances (claim_id, source_id, context)
                VALUES (\(id), \(sourceID), \(text))
                """)
            try db.execute(
                """
                INSERT INTO claim_events (claim_id, action, reviewer, to_status, note, claim_version)
                VALUES (\(id), 'created', \(reviewer), 'pending', 'added by hand', 1)
                """)
            return AddResult(claim: try claim(id: id), alreadyTracked: false)
        }
        // Look-alikes another session stored at the same moment are visible now.
        if !result.alreadyTracked, try watch.othersMayHaveWritten(db, idsDrawn: 1) { try relink([result.claim.id]) }
        return result
    }

    /// The id of the source with this URL, stored now if it is new.
    private func sourceID(url: String, title: String?) throws -> Int64 {
        if let row = try db.query("SELECT id FROM sources WHERE url = \(url) ORDER BY id LIMIT 1").first {
            let id: Int64 = try row.decode("id")
            if let title = title.flatMap(Self.nonEmpty) {
                try db.execute("UPDATE sources SET title = \(title) WHERE id = \(id) AND title IS NULL")
            }
            return id
        }
        let row = try db.queryOne(
            """
            INSERT INTO sources (url, title) VALUES (\(url), \(title.flatMap(Self.nonEmpty)))
            ON CONFLICT (url) WHERE content_hash IS NULL DO UPDATE SET title = coalesce(sources.title, excluded.title)
            RETURNING id
            """, purpose: "the id of the source \(url)"
        )
        return try row.decode("id")
    }

    /// One claim; throws `ClaimStoreError.claimNotFound` when there is none with this id.
    public func claim(id: Int64) throws -> Claim {
        var query = SQLQuery(unsafeSQL: "SELECT \(Claim.columns) FROM claims c WHERE c.id = ")
        query.appendBind(id)
        guard let row = try db.query(query).first else { throw ClaimStoreError.claimNotFound(id: id) }
        return try Claim(row: row)
    }

    /// Claims matching `filter`, in its order.
    public func list(_ filter: ClaimFilter) throws -> [Claim] {
        var query = SQLQuery(unsafeSQL: "SELECT \(Claim.columns) FROM claims c WHERE true")
        query.append(filter.conditions)
        switch filter.sort {
        case .score: query.appendSQL(" ORDER BY c.score DESC NULLS LAST, c.id")
        case .created: query.appendSQL(" ORDER BY c.created_at, c.id")
        }
        if let limit = filter.limit {
            query.appendSQL(" LIMIT ")
            query.appendBind(limit)
        }
        return try db.query(query).map { try Claim(row: $0) }
    }

    /// How many claims match `filter`, whatever its limit.
    public func count(_ filter: ClaimFilter) throws -> Int {
        var query = SQLQuery(unsafeSQL: "SELECT count(*) AS n FROM claims c WHERE true")
        query.append(filter.conditions)
        return try db.queryOne(query, purpose: "the number of matching claims").decode("n")
    }

    /// A claim with its appearances, evidence and history.
    public func detail(id: Int64) throws -> ClaimDetail {
        let claim = try claim(id: id)
        let appearances = try db.query(
            """
            SELECT a.source_id, s.url, s.title, s.outlet, s.published_at, a.start_offset, a.end_offset,
                   a.context, a.created_at
            FROM claim_appearances a JOIN sources s ON s.id = a.source_id
            WHERE a.claim_id = \(id) ORDER BY a.id
            """
        ).map { row in
            Appearance(
                sourceID: try row.decode("source_id"), url: try row.decode("url", as: String?.self),
                title: try row.decode("title", as: String?.self), outlet: try row.decode("outlet", as: String?.self),
                publishedAt: try row.decode("published_at", as: Date?.self),
                startOffset: try row.decode("start_offset", as: Int?.self),
                endOffset: try row.decode("end_offset", as: Int?.self),
                context: try row.decode("context", as: String?.self), addedAt: try row.decode("created_at"))
        }
        let evidence = try db.query(
            "SELECT id, url, stance, note, added_by, added_at, db_user FROM evidence WHERE claim_id = \(id) ORDER BY id"
        ).map { row in
            Evidence(
                id: try row.decode("id"), url: try row.decode("url"), stance: try Claim.decodeEnum(row, "stance"),
                note: try row.decode("note", as: String?.self), addedBy: try row.decode("added_by"),
                addedAt: try row.decode("added_at"), databaseUser: try row.decode("db_user", as: String?.self))
        }
        return ClaimDetail(
            claim: claim, appearances: appearances, evidence: evidence, history: try history(id: id),
            checkedBefore: try checkedBefore(id), variantOf: try verifiedVariants([id])[id] ?? [])
    }

    /// The audit trail of one claim, oldest first.
    public func history(id: Int64) throws -> [ClaimEvent] {
        try db.query(
            """
            SELECT id, action, reviewer, db_user, occurred_at, from_status, to_status, field, old_value,
                   new_value, note, claim_version
            FROM claim_events WHERE claim_id = \(id) ORDER BY id
            """
        ).map { row in
            ClaimEvent(
                id: try row.decode("id"), action: try Claim.decodeEnum(row, "action"),
                reviewer: try row.decode("reviewer"), databaseUser: try row.decode("db_user"),
                occurredAt: try row.decode("occurred_at"),
                fromStatus: try row.decode("from_status", as: String?.self).flatMap(ClaimStatus.init(rawValue:)),
                toStatus: try row.decode("to_status", as: String?.self).flatMap(ClaimStatus.init(rawValue:)),
                field: try row.decode("field", as: String?.self),
                oldValue: try row.decode("old_value", as: String?.self),
                newValue: try row.decode("new_value", as: String?.self), note: try row.decode("note", as: String?.self),
                claimVersion: try row.decode("claim_version", as: Int?.self))
        }
    }

    static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}

@available(*, unavailable)
extension ClaimStore: Sendable {}

extension ClaimFilter {
    /// The filter as `AND ...` conditions over `claims c`, values as parameters;
    /// shared by `list` and `search`.
    var conditions: SQLQuery {
        var query = SQLQuery(unsafeSQL: "")
        if let status {
            query.appendSQL(" AND c.status = ")
            query.appendBind(status.rawValue)
        }
        if let sourceID {
            query.appendSQL(" AND EXISTS (SELECT 1 FROM claim_appearances a WHERE a.claim_id = c.id AND a.source_id = ")
            query.appendBind(sourceID)
            query.appendSQL(")")
        }
        if let assignee {
            query.appendSQL(" AND c.assignee = ")
            query.appendBind(assignee)
        }
        if let minScore {
            query.appendSQL(" AND c.score >= ")
            query.appendBind(minScore)
        }
        if let kind {
            query.appendSQL(" AND c.kind = ")
            query.appendBind(kind.rawValue)
        }
        if let since {
            query.appendSQL(" AND c.created_at >= ")
            query.appendBind(since)
        }
        return query
    }
}
