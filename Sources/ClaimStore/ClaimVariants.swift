import Foundation
import Postgres

/// A verified claim that is this one with another figure, date or direction:
/// "variant of #17 (false, 2026-03-02): 32 → 23 entities".
public struct PriorVariant: Codable, Sendable, Equatable {
    public var id: Int64
    public var verdict: String?
    public var reviewedAt: Date?
    /// Trigram similarity of the two normalised texts when they were linked.
    public var similarity: Double
    /// What changed, from the verified claim to this one: "32 → 23 entities".
    public var change: String

    public init(id: Int64, verdict: String?, reviewedAt: Date?, similarity: Double, change: String) {
        self.id = id
        self.verdict = verdict
        self.reviewedAt = reviewedAt
        self.similarity = similarity
        self.change = change
    }

    enum CodingKeys: String, CodingKey { case id, verdict, reviewedAt, similarity, change }

    /// Every key is written, absent values as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(reviewedAt, forKey: .reviewedAt)
        try c.encode(similarity, forKey: .similarity)
        try c.encode(change, forKey: .change)
    }
}

/// What differs between two variants of a claim, in a few words.
///
/// ```swift
/// VariantChange.describe(from: "The Treasury sanctioned 32 entities on Friday.",
///                        to: "The Treasury sanctioned 23 entities on Friday.") // "32 → 23 entities"
/// VariantChange.describe(from: "…through Feb. 4, 2026.", to: "…through Feb. 5, 2026.") // "Feb. 4 → Feb. 5"
/// ```
public enum VariantChange {
    /// The most words shown of either side.
    static let maximumWords = 8

    public static func describe(from old: String, to new: String) -> String {
        let a = old.split(whereSeparator: \.isWhitespace).map(String.init)
        let b = new.split(whereSeparator: \.isWhitespace).map(String.init)
        let shorter = min(a.count, b.count)
        var prefix = 0
        while prefix < shorter, key(a[prefix]) == key(b[prefix]) { prefix += 1 }
        var suffix = 0
        while suffix < shorter - prefix, key(a[a.count - 1 - suffix]) == key(b[b.count - 1 - suffix]) { suffix += 1 }
        var start = prefix
        var endA = a.count - suffix
        var endB = b.count - suffix
        // A word put in or taken out ("not") is shown with the word it turns around.
        if start == endA || start == endB {
            if suffix > 0 {
                endA += 1
                endB += 1
            } else if start > 0 {
                start -= 1
            }
        }
        var before = ""
        var after = ""
        if isFigure(a[start..<endA]) && isFigure(b[start..<endB]) {
            // A day of a month keeps its month ("Feb. 4 → Feb. 5"); any other figure its noun ("32 → 23 entities").
            if start > 0, isMonth(a[start - 1]) {
                before = String(a[start - 1].reversed().drop { $0 == "," }.reversed()) + " "
            } else if endA < a.count {
                var words = [trimmed(a[endA])]
                if endA + 1 < a.count, words[0].first?.isUppercase == true, !trimmed(a[endA + 1]).isEmpty {
                    words.append(trimmed(a[endA + 1]))
                }
                if words[0].first?.isLetter == true { after = " " + words.joined(separator: " ") }
            }
        }
        return before + phrase(a[start..<endA]) + " → " + before + phrase(b[start..<endB]) + after
    }

    /// Words compared without case or the punctuation that ends them.
    private static func key(_ word: String) -> String { trimmed(word).lowercased() }

    private static func trimmed(_ word: String) -> String {
        String(word.reversed().drop { ",.;:!?\"')".contains($0) }.reversed())
    }

    private static func phrase(_ words: ArraySlice<String>) -> String {
        let shown = words.prefix(maximumWords).map(trimmed).filter { !$0.isEmpty }
        return (shown.isEmpty ? "(nothing)" : shown.joined(separator: " ")) + (words.count > maximumWords ? " …" : "")
    }

    private static func isFigure(_ words: ArraySlice<String>) -> Bool {
        !words.isEmpty
            && words.allSatisfy { word in
                word.contains { $0.isNumber }
                    || ["percent", "%", "million", "billion", "trillion", "thousand", "hundred"].contains(key(word))
            }
    }

    private static func isMonth(_ word: String) -> Bool {
        let w = key(word)
        return w.count >= 3
            && [
                "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december",
            ].contains { $0.hasPrefix(w.replacingOccurrences(of: ".", with: "")) }
    }
}

extension ClaimStore {
    /// The claims linked to this one as variants (sql/009_variants.sql): the same
    /// statement with another number, date or direction. Verified ones first, then
    /// the newest; each with what changed from it to this claim.
    public func variants(of id: Int64, limit: Int = 20) throws -> [ClaimMatch] {
        let this = try claim(id: id)
        var query = SQLQuery(
            unsafeSQL: """
                SELECT \(Claim.columns), v.score::float8 AS similarity
                FROM claim_variants v JOIN claims c ON c.id = v.variant_id
                WHERE c.merged_into IS NULL AND v.claim_id = 
                """)
        query.appendBind(id)
        query.appendSQL(" ORDER BY (c.status = 'verified') DESC, c.id DESC LIMIT ")
        query.appendBind(limit)
        return try db.query(query).map { row in
            let other = try Claim(row: row)
            return ClaimMatch(
                claim: other, score: try row.decode("similarity"), relation: .variant,
                change: VariantChange.describe(from: other.text, to: this.text))
        }
    }

    /// The verified variants of these claims, newest verdict first, as `list` and `show` print them.
    public func verifiedVariants(_ ids: [Int64]) throws -> [Int64: [PriorVariant]] {
        guard !ids.isEmpty else { return [:] }
        return try priorVariants(
            db.query(
                """
                SELECT v.claim_id, t.text AS this_text, c.id, c.text, c.verdict, c.reviewed_at, v.score::float8 AS similarity
                FROM claim_variants v JOIN claims c ON c.id = v.variant_id JOIN claims t ON t.id = v.claim_id
                WHERE v.claim_id = ANY(\(ids)) AND c.status = 'verified'
                ORDER BY v.claim_id, c.reviewed_at DESC NULLS LAST, c.id DESC
                """))
    }

    /// The claims of these sources that have verified variants, as ingest's summary
    /// prints them, in claim order.
    public func verifiedVariants(inSources sourceIDs: [Int64]) throws -> [(claimID: Int64, variants: [PriorVariant])] {
        guard !sourceIDs.isEmpty else { return [] }
        let found = try priorVariants(
            db.query(
                """
                SELECT v.claim_id, t.text AS this_text, c.id, c.text, c.verdict, c.reviewed_at, v.score::float8 AS similarity
                FROM (SELECT DISTINCT claim_id FROM claim_appearances WHERE source_id = ANY(\(sourceIDs))) AS a
                JOIN claim_variants v ON v.claim_id = a.claim_id
                JOIN claims c ON c.id = v.variant_id JOIN claims t ON t.id = v.claim_id
                WHERE c.status = 'verified'
                ORDER BY v.claim_id, c.reviewed_at DESC NULLS LAST, c.id DESC
                """))
        return found.keys.sorted().map { ($0, found[$0]!) }
    }

    private func priorVariants(_ rows: QueryResult) throws -> [Int64: [PriorVariant]] {
        var found: [Int64: [PriorVariant]] = [:]
        for row in rows {
            found[try row.decode("claim_id"), default: []].append(
                PriorVariant(
                    id: try row.decode("id"), verdict: try row.decode("verdict", as: String?.self),
                    reviewedAt: try row.decode("reviewed_at", as: Date?.self), similarity: try row.decode("similarity"),
                    change: VariantChange.describe(from: try row.decode("text"), to: try row.decode("this_text"))))
        }
        return found
    }
}
