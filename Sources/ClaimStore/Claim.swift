import ClaimSchema
import Foundation
import Postgres

/// A check-worthy factual claim and where it is in review.
public struct Claim: Codable, Sendable, Equatable {
    public var id: Int64
    public var text: String
    public var normalized: String
    public var speaker: String?
    public var kind: ClaimKind
    public var score: Double?
    public var status: ClaimStatus
    public var verdict: String?
    public var verdictNote: String?
    public var dismissReason: String?
    public var assignee: String?
    public var version: Int
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date
    public var reviewedAt: Date?
    /// How many sources the claim appeared in.
    public var sourceCount: Int
    /// Numbers and dates extraction pulled out of the sentence.
    public var facts: ClaimFactsRecord
    /// `manual` (typed in) or `extracted` (from an ingested article).
    public var origin: String

    /// The columns `init(row:)` reads, for SELECTs over `claims c`.
    static let columns = """
        c.id, c.text, c.normalized, c.speaker, c.kind, c.score, c.status, c.verdict, c.verdict_note,
        c.dismiss_reason, c.assignee, c.version, c.created_by, c.created_at, c.updated_at, c.reviewed_at,
        (SELECT count(*) FROM claim_appearances a WHERE a.claim_id = c.id) AS source_count,
        c.facts::text AS facts, c.origin
        """

    init(row: Row) throws {
        id = try row.decode("id")
        text = try row.decode("text")
        normalized = try row.decode("normalized")
        speaker = try row.decode("speaker", as: String?.self)
        kind = try Self.decodeEnum(row, "kind")
        score = try row.decode("score", as: Double?.self)
        status = try Self.decodeEnum(row, "status")
        verdict = try row.decode("verdict", as: String?.self)
        verdictNote = try row.decode("verdict_note", as: String?.self)
        dismissReason = try row.decode("dismiss_reason", as: String?.self)
        assignee = try row.decode("assignee", as: String?.self)
        version = try row.decode("version")
        createdBy = try row.decode("created_by")
        createdAt = try row.decode("created_at")
        updatedAt = try row.decode("updated_at")
        reviewedAt = try row.decode("reviewed_at", as: Date?.self)
        sourceCount = try row.decode("source_count")
        let factsText: String = try row.decode("facts")
        facts = (try? JSONDecoder().decode(ClaimFactsRecord.self, from: Data(factsText.utf8))) ?? ClaimFactsRecord()
        origin = try row.decode("origin")
    }

    enum CodingKeys: String, CodingKey {
        case id, text, normalized, speaker, kind, score, status, verdict, verdictNote, dismissReason, assignee,
            version, createdBy, createdAt, updatedAt, reviewedAt, sourceCount, facts, origin
    }

    /// Every key is written, absent values as null, so scripts see one stable shape.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(text, forKey: .text)
        try c.encode(normalized, forKey: .normalized)
        try c.encode(speaker, forKey: .speaker)
        try c.encode(kind, forKey: .kind)
        try c.encode(score, forKey: .score)
        try c.encode(status, forKey: .status)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(verdictNote, forKey: .verdictNote)
        try c.encode(dismissReason, forKey: .dismissReason)
        try c.encode(assignee, forKey: .assignee)
        try c.encode(version, forKey: .version)
        try c.encode(createdBy, forKey: .createdBy)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(reviewedAt, forKey: .reviewedAt)
        try c.encode(sourceCount, forKey: .sourceCount)
        try c.encode(facts, forKey: .facts)
        try c.encode(origin, forKey: .origin)
    }

    static func decodeEnum<E: RawRepresentable>(_ row: Row, _ column: String) throws -> E where E.RawValue == String {
        let raw: String = try row.decode(column)
        guard let value = E(rawValue: raw) else {
            throw PostgresError(
                kind: .decoding,
                message:
                    "column \"\(column)\" holds \"\(raw)\", which this claims binary does not know; upgrade claims",
                column: column)
        }
        return value
    }
}

/// A place a claim was made: a source and, where known, the sentence and its offsets.
public struct Appearance: Codable, Sendable, Equatable {
    public var sourceID: Int64
    public var url: String?
    public var title: String?
    public var outlet: String?
    public var publishedAt: Date?
    public var startOffset: Int?
    public var endOffset: Int?
    public var context: String?
    public var addedAt: Date
}

/// A link attached to a claim with its bearing on it.
public struct Evidence: Codable, Sendable, Equatable {
    public var id: Int64
    public var url: String
    public var stance: EvidenceStance
    public var note: String?
    public var addedBy: String
    public var addedAt: Date
    /// The database login that stored it (stamped by the server; nil before schema 7).
    public var databaseUser: String?
}

/// One row of the audit trail.
public struct ClaimEvent: Codable, Sendable, Equatable {
    public var id: Int64
    public var action: ClaimAction
    public var reviewer: String
    public var databaseUser: String
    public var occurredAt: Date
    public var fromStatus: ClaimStatus?
    public var toStatus: ClaimStatus?
    public var field: String?
    public var oldValue: String?
    public var newValue: String?
    public var note: String?
    public var claimVersion: Int?
}

/// Everything `claims show` prints about one claim.
public struct ClaimDetail: Codable, Sendable {
    public var claim: Claim
    public var appearances: [Appearance]
    public var evidence: [Evidence]
    public var history: [ClaimEvent]
    /// Verified claims suggested as duplicates of this one: it may be checked already.
    public var checkedBefore: [PriorCheck]
    /// Verified claims that are this one with another number, date or direction.
    public var variantOf: [PriorVariant]
}

/// A claim typed in by a person, with the source it came from.
public struct NewClaim: Sendable {
    public var text: String
    public var sourceURL: String
    public var sourceTitle: String?
    public var speaker: String?
    public var kind: ClaimKind
    /// Check-worthiness from the model, so hand-added claims queue with the rest.
    public var score: Double?
    /// Quantities and dates as JSON, as ingest stores them.
    public var factsJSON: String
    /// The sentence model's embedding of the text, when it is installed.
    public var embedding: [Float]?

    public init(
        text: String, sourceURL: String, sourceTitle: String? = nil, speaker: String? = nil, kind: ClaimKind = .other,
        score: Double? = nil, factsJSON: String = "{}", embedding: [Float]? = nil
    ) {
        self.text = text
        self.sourceURL = sourceURL
        self.sourceTitle = sourceTitle
        self.speaker = speaker
        self.kind = kind
        self.score = score
        self.factsJSON = factsJSON
        self.embedding = embedding
    }
}

/// Which claims `claims list` shows, and in what order.
public struct ClaimFilter: Sendable {
    public enum Sort: String, CaseIterable, Sendable {
        /// Highest check-worthiness first, unscored last, then oldest.
        case score
        /// Oldest first.
        case created
    }

    public var status: ClaimStatus?
    public var sourceID: Int64?
    public var assignee: String?
    public var minScore: Double?
    public var kind: ClaimKind?
    /// Only claims created at or after this instant.
    public var since: Date?
    public var sort: Sort = .score
    public var limit: Int?

    public init(
        status: ClaimStatus? = nil, sourceID: Int64? = nil, assignee: String? = nil,
        minScore: Double? = nil, kind: ClaimKind? = nil, since: Date? = nil, sort: Sort = .score, limit: Int? = nil
    ) {
        self.kind = kind
        self.since = since
        self.status = status
        self.sourceID = sourceID
        self.assignee = assignee
        self.minScore = minScore
        self.sort = sort
        self.limit = limit
    }
}
