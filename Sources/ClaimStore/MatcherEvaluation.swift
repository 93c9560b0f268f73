import Foundation
import Postgres

/// Precision and recall of `similar` on labelled pairs of claims.
public struct MatcherEvaluation: Sendable {
    public var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0
    /// Pairs linked as variants (the same statement with another figure, date or
    /// direction), by label: a variant is never a match, so these are among the
    /// negatives (labelled different) or the misses (labelled the same).
    public var variantsLabelledDifferent = 0, variantsLabelledSame = 0
    /// The pairs it got wrong, for a person to read.
    public var mistakes: [(a: String, b: String, expected: Bool)] = []

    public var precision: Double {
        truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives)
    }
    public var recall: Double {
        truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives)
    }
}

extension ClaimStore {
    /// Measures the matcher on pairs `(a, b, same)`: the claims are stored in a
    /// transaction that is rolled back at the end, so the database is left as it was.
    /// A pair counts as matched when both texts fold to one claim (as ingest would)
    /// or `similar(to: a)` lists b.
    /// `embeddings` holds the sentence model's embedding of each text, when it is installed.
    public func evaluateMatcher(
        _ pairs: [(a: String, b: String, same: Bool)], threshold: Double = 0.45,
        embeddings: [String: [Float]] = [:]
    ) throws -> MatcherEvaluation {
        try db.transaction(deciding: { db in
            var result = MatcherEvaluation()
            var ids: [String: Int64] = [:]
            func id(_ text: String) throws -> Int64 {
                if let known = ids[text] { return known }
                let normalized = ClaimText.normalize(text)
                let row = try db.queryOne(
                    """
                    WITH inserted AS (
                        INSERT INTO claims (text, normalized, created_by, embedding)
                        VALUES (\(text), \(normalized), 'matcher-evaluation', \(embeddings[text]))
                        ON CONFLICT ((md5(normalized))) DO NOTHING RETURNING id)
                    SELECT id FROM inserted UNION ALL SELECT id FROM claims WHERE md5(normalized) = md5(\(normalized))
                    LIMIT 1
                    """, purpose: "the id of an evaluation claim"
                )
                let value: Int64 = try row.decode("id")
                ids[text] = value
                return value
            }
            for pair in pairs {
                _ = try id(pair.a)
                _ = try id(pair.b)
            }
            for pair in pairs {
                let a = try id(pair.a)
                let b = try id(pair.b)
                let matched =
                    try a == b || similar(to: a, threshold: threshold, limit: 50).contains { $0.claim.id == b }
                switch (matched, pair.same) {
                case (true, true): result.truePositives += 1
                case (true, false): result.falsePositives += 1
                case (false, true): result.falseNegatives += 1
                case (false, false): result.trueNegatives += 1
                }
                if matched != pair.same { result.mistakes.append((pair.a, pair.b, pair.same)) }
                if a != b, try variants(of: a, limit: 50).contains(where: { $0.claim.id == b }) {
                    if pair.same { result.variantsLabelledSame += 1 } else { result.variantsLabelledDifferent += 1 }
                }
            }
            return .rollback(result)
        })
    }
}
