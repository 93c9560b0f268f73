import ClaimSchema
import Foundation
import Postgres

/// An article ready to store: its metadata, its text, and the claims found in it.
public struct IngestDocument: Sendable {
    public var name: String
    public var url: String?
    public var title: String?
    public var outlet: String?
    public var author: String?
    public var publishedAt: Date?
    public var body: String
    public var claims: [IngestClaim]

    public init(
        name: String, url: String?, title: String?, outlet: String?, author: String?, publishedAt: Date?,
        body: String, claims: [IngestClaim]
    ) {
        self.name = name
        self.url = url
        self.title = title
        self.outlet = outlet
        self.author = author
        self.publishedAt = publishedAt
        self.body = body
        self.claims = claims
    }
}

/// A claim extraction found, with where it sits in the article body.
public struct IngestClaim: Sendable {
    public var text: String
    public var speaker: String?
    public var kind: ClaimKind
    public var score: Double
    /// Offsets in Unicode scalars into the body, as PostgreSQL's substr counts.
    public var start: Int
    public var end: Int
    public var context: String?
    /// The facts as a JSON object (quantities, dates).
    public var factsJSON: String
    /// The sentence model's embedding of the text (384 numbers), when it is installed.
    public var embedding: [Float]?

    public init(
        text: String, speaker: String?, kind: ClaimKind, score: Double, start: Int, end: Int,
        context: String?, factsJSON: String, embedding: [Float]? = nil
    ) {
        self.text = text
        self.speaker = speaker
        self.kind = kind
        self.score = score
        self.start = start
        self.end = end
        self.context = context
        self.factsJSON = factsJSON
        self.embedding = embedding
    }
}

/// What storing one article did.
public enum IngestOutcome: Sendable, Equatable {
    /// Stored as a new source, with this many new claims and this many already tracked.
    case stored(sourceID: Int64, newClaims: Int, knownClaims: Int)
    /// The same text was ingested before (as this source); nothing changed.
    case duplicate(sourceID: Int64)
}

extension ClaimStore {
    /// Stores articles, each with its claims and appearances, all or nothing per article.
    ///
    /// The batch shares one transaction (one commit for many articles) and each
    /// article runs in a savepoint of its own, so a failing article is rolled back
    /// alone and reported in its slot. Each statement carries every claim of the
    /// article at once (arrays unnested server-side), so the round trips per article
    /// are constant, not one per claim. Re-ingesting the same text is a no-op; a
    /// claim already tracked (same normalised text) gains an appearance instead of
    /// a second row.
    ///
    /// After the commit, when another session may have stored claims meanwhile,
    /// the new claims are linked once more to look-alikes (`relink`).
    public func ingest(_ documents: [IngestDocument], reviewer: String) throws -> [Result<IngestOutcome, any Error>] {
        let watch = try ConcurrentClaimWrites.start(db)
        var created = CreatedClaims()
        let outcomes = try db.transaction { db in
            documents.map { document in
                Result { try db.transaction { _ in try ingestOne(document, reviewer: reviewer, created: &created) } }
            }
        }
        if outcomes.contains(where: { if case .failure = $0 { true } else { false } }) { created.idsDrawn = nil }
        if !created.ids.isEmpty, try watch.othersMayHaveWritten(db, idsDrawn: created.idsDrawn) {
            try relink(created.ids)
        }
        return outcomes
    }

    /// Claims per statement: an article with more (a transcript of megabytes) is stored in
    /// several, so the parameters of one statement, and libpq's copy of them, stay a few
    /// megabytes whatever the article's size.
    static let claimsPerStatement = 5_000

    /// An embedding as a PostgreSQL array literal, one element of a text[] parameter
    /// (a real[][] would be unnested element by element).
    static func embeddingText(_ embedding: [Float]) -> String {
        "{" + embedding.map { $0.postgresText! }.joined(separator: ",") + "}"
    }

    private func ingestOne(_ document: IngestDocument, reviewer: String, created createdSoFar: inout CreatedClaims)
        throws -> IngestOutcome
    {
        // The body goes to the server once; its hash is taken there.
        let inserted = try db.query(
            """
            INSERT INTO sources (url, title, outlet, author, published_at, body, content_hash)
            SELECT \(document.url), \(document.title), \(document.outlet), \(document.author),
                   \(document.publishedAt), d.body, encode(sha256(convert_to(d.body, 'UTF8')), 'hex')
            FROM (SELECT \(document.body) AS body) AS d
            ON CONFLICT (content_hash) DO NOTHING
            RETURNING id
            """
        ).first
        guard let inserted else {
            let existing: Int64 = try db.queryOne(
                "SELECT id FROM sources WHERE content_hash = encode(sha256(convert_to(\(document.body), 'UTF8')), 'hex')",
                purpose: "the id of the source with this body"
            ).decode("id")
            return .duplicate(sourceID: existing)
        }
        let sourceID: Int64 = try inserted.decode("id")
        guard !document.claims.isEmpty else { return .stored(sourceID: sourceID, newClaims: 0, knownClaims: 0) }

        var created: [Int64] = []
        var appeared: [Int64] = []
        for from in stride(from: 0, to: document.claims.count, by: Self.claimsPerStatement) {
            let claims = document.claims[from..<min(from + Self.claimsPerStatement, document.claims.count)]
            let normalized = claims.map { ClaimText.normalize($0.text) }
            // New claims only: a claim already tracked, or a sentence repeated in the article,
            // never reaches the INSERT, so the match-key trigger never works for a row that
            // ON CONFLICT would throw away (a session storing the same claim meanwhile still
            // meets ON CONFLICT). Every row that reaches the INSERT draws an id, stored or not.
            let row = try db.queryOne(
                """
                WITH proposed AS (
                    SELECT u.*, row_number() OVER (PARTITION BY md5(u.n) ORDER BY u.i) AS nth
                    FROM unnest(\(claims.map(\.text)), \(normalized), \(claims.map(\.speaker)),
                                \(claims.map(\.kind.rawValue)), \(claims.map(\.score)),
                                \(claims.map(\.factsJSON)), \(claims.map { $0.embedding.map(Self.embeddingText) }))
                         WITH ORDINALITY AS u(t, n, s, k, sc, f, e, i)
                ), untracked AS MATERIALIZED (
                    SELECT p.* FROM proposed p
                    WHERE p.nth = 1 AND NOT EXISTS (SELECT 1 FROM claims c WHERE md5(c.normalized) = md5(p.n))
                ), stored AS (
                    INSERT INTO claims (text, normalized, speaker, kind, score, facts, origin, created_by, embedding)
                    SELECT t, n, s, k, sc, f::jsonb, 'extracted', \(reviewer), e::real[]
                    FROM untracked ORDER BY i
                    ON CONFLICT ((md5(normalized))) DO NOTHING
                    RETURNING id
                )
                SELECT (SELECT count(*) FROM untracked) AS drawn, ARRAY(SELECT id FROM stored ORDER BY id) AS ids
                """, purpose: "the ids of the claims stored"
            )
            created += try row.decode("ids", as: [Int64].self)
            createdSoFar.idsDrawn? += try row.decode("drawn", as: Int.self)

            // Every claim's id, new or old, with the appearance of each sentence in this source.
            appeared += try db.query(
                """
                WITH found AS (
                    SELECT u.n, u.st, u.en, u.cx FROM unnest(\(normalized), \(claims.map(\.start)),
                                                     \(claims.map(\.end)), \(claims.map(\.context))) AS u(n, st, en, cx)
                )
                INSERT INTO claim_appearances (claim_id, source_id, start_offset, end_offset, context)
                SELECT c.id, \(sourceID), f.st, f.en, f.cx
                FROM found f
                -- LATERAL: one index probe per sentence; a plain join may hash the whole claims table.
                CROSS JOIN LATERAL (SELECT id FROM claims WHERE md5(normalized) = md5(f.n)) AS c
                ON CONFLICT DO NOTHING
                RETURNING claim_id
                """
            ).map { try $0.decode("claim_id", as: Int64.self) }
        }
        let createdSet = Set(created)
        let touched = Array(Set(appeared)).sorted()
        let known = touched.filter { !createdSet.contains($0) }

        // One event per claim touched, in id order: created, or appeared in this source.
        for from in stride(from: 0, to: touched.count, by: Self.claimsPerStatement) {
            let ids = touched[from..<min(from + Self.claimsPerStatement, touched.count)]
            try db.execute(
                """
                INSERT INTO claim_events (claim_id, action, reviewer, to_status, field, new_value, note, claim_version)
                SELECT c.id, CASE WHEN u.new THEN 'created' ELSE 'appeared' END, \(reviewer),
                       CASE WHEN u.new THEN 'pending' END,
                       'source', \(String(sourceID)), 'extracted from ' || \(document.url ?? document.name), c.version
                FROM unnest(\(Array(ids)), \(ids.map(createdSet.contains))) AS u(id, new)
                JOIN claims c ON c.id = u.id
                ORDER BY c.id
                """)
        }
        createdSoFar.ids += created
        return .stored(sourceID: sourceID, newClaims: createdSet.count, knownClaims: known.count)
    }
}
