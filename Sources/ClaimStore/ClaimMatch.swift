import Foundation
import Postgres

/// A claim found by search or similarity, with how well it matched.
public struct ClaimMatch: Sendable, Encodable {
    /// How a claim listed by `similar` relates to the one asked about.
    public enum Relation: String, Sendable, Encodable {
        /// Worded alike with the same facts: likely the same claim.
        case duplicate
        /// The same statement with another number, date or direction: never the same claim.
        case variant
    }

    public var claim: Claim
    /// `ts_rank` for search, trigram similarity (0 to 1) for `similar`.
    public var score: Double
    /// For search: how many of the query's words the claim has, and of how many
    /// (stemmed; "quoted phrases" and -words aside). Nil for `similar`.
    public var matchedWords: Int?
    public var queryWords: Int?
    /// For search with the sentence model installed: the cosine similarity of the claim's
    /// embedding with the query's, by which the results were re-ranked. Nil otherwise.
    public var similarity: Double?
    /// For `similar`: duplicate or variant. Nil for search.
    public var relation: Relation?
    /// For a variant: what changed from it to the claim asked about ("32 → 23 entities").
    public var change: String?

    public init(
        claim: Claim, score: Double, matchedWords: Int? = nil, queryWords: Int? = nil, similarity: Double? = nil,
        relation: Relation? = nil, change: String? = nil
    ) {
        self.claim = claim
        self.score = score
        self.matchedWords = matchedWords
        self.queryWords = queryWords
        self.similarity = similarity
        self.relation = relation
        self.change = change
    }

    enum CodingKeys: String, CodingKey { case claim, score, matchedWords, queryWords, similarity, relation, change }

    /// Every key is written, absent values as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(claim, forKey: .claim)
        try c.encode(score, forKey: .score)
        try c.encode(matchedWords, forKey: .matchedWords)
        try c.encode(queryWords, forKey: .queryWords)
        try c.encode(similarity, forKey: .similarity)
        try c.encode(relation, forKey: .relation)
        try c.encode(change, forKey: .change)
    }
}
