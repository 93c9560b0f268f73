import Foundation
import Postgres

/// A search as typed, in its parts: "quoted phrases" and -words must hold in every
/// result; the other words rank them.
public struct SearchQuery: Sendable, Equatable {
    public var phrases: [String] = []
    public var excluded: [String] = []
    public var words: [String] = []

    public init(_ text: String) {
        var rest = Substring(text)
        while let first = rest.firstIndex(where: { !$0.isWhitespace }) {
            rest = rest[first...]
            if rest.first == "\"" {
                let body = rest.dropFirst()
                let close = body.firstIndex(of: "\"") ?? body.endIndex
                let phrase = body[..<close].trimmingCharacters(in: .whitespaces)
                if !phrase.isEmpty { phrases.append(phrase) }
                rest = close == body.endIndex ? body[close...] : body[body.index(after: close)...]
                continue
            }
            let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
            let token = String(rest[..<end])
            rest = rest[end...]
            if token.hasPrefix("-"), token.count > 1 {
                excluded.append(String(token.dropFirst()))
            } else if token.lowercased() != "or" {
                words.append(token)
            }
        }
    }

    /// The phrases and exclusions in web-search syntax: what every result must satisfy.
    var required: String {
        (phrases.map { "\"\($0)\"" } + excluded.map { "-\($0)" }).joined(separator: " ")
    }
}

extension ClaimStore {
    /// Full-text search over claim text and speaker, English stemming, ranked.
    ///
    /// The query takes web-search syntax: words, "quoted phrases", `or`, and `-word`.
    /// Claims with every word come first, as `websearch_to_tsquery` finds them; then
    /// claims with at least half of the words (phrases and exclusions still holding),
    /// most words first, so a claim typed the way a reviewer remembers it is found:
    /// "New START treaty extended" finds "…agreed to extend New START through…".
    public func search(_ text: String, filter: ClaimFilter = ClaimFilter()) throws -> [ClaimMatch] {
        let parsed = SearchQuery(text)
        let limit = filter.limit ?? 50
        // The words as the index holds them (stemmed, stop words gone).
        let lexemes: [String] = try db.query(
            "SELECT DISTINCT l FROM unnest(tsvector_to_array(to_tsvector('english', \(parsed.words.joined(separator: " "))))) AS l ORDER BY l"
        ).map { try $0.decode("l") }
        // Claims with every word, as before: when they fill the page, that is the answer.
        var all = SQLQuery(
            unsafeSQL:
                "SELECT \(Claim.columns), ts_rank(c.search, q) AS rank FROM claims c, websearch_to_tsquery('english', ")
        all.appendBind(text)
        all.appendSQL(") AS q WHERE c.search @@ q")
        all.append(filter.conditions)
        all.appendSQL(" ORDER BY rank DESC, c.id LIMIT ")
        all.appendBind(limit)
        let complete = try db.query(all).map { ClaimMatch(claim: try Claim(row: $0), score: try $0.decode("rank")) }
        guard complete.count < limit, lexemes.count >= 2 else {
            return complete.map {
                ClaimMatch(claim: $0.claim, score: $0.score, matchedWords: lexemes.count, queryWords: lexemes.count)
            }
        }
        // "At least half of the words" as a query the GIN index answers itself: any
        // ceil(n/2) of the (first eight) words together.
        let half = Self.anyHalf(of: Array(lexemes.prefix(Self.searchWordsCombined)))
        var query: SQLQuery = """
            WITH q AS (
                SELECT websearch_to_tsquery('english', \(text)) AS qall, to_tsquery('simple', \(half)) AS qhalf,
                       \(Self.textArray(lexemes))::text[] AS lex
            )
            SELECT \(unescaped: Claim.columns), c.search @@ q.qall AS all_words,
                   cardinality(ARRAY(SELECT unnest(tsvector_to_array(c.search)) INTERSECT SELECT unnest(q.lex))) AS matched,
                   coalesce(ts_rank(c.search, q.qhalf), 0) + ts_rank(c.search, q.qall) AS rank
            FROM claims c, q
            WHERE (c.search @@ q.qall OR c.search @@ q.qhalf)
            """
        if !parsed.required.isEmpty {
            query.appendSQL(" AND c.search @@ websearch_to_tsquery('english', ")
            query.appendBind(parsed.required)
            query.appendSQL(")")
        }
        query.append(filter.conditions)
        query.appendSQL(" ORDER BY all_words DESC, matched DESC, rank DESC, c.id LIMIT ")
        query.appendBind(limit)
        return try db.query(query).map { row in
            let all: Bool = try row.decode("all_words")
            return ClaimMatch(
                claim: try Claim(row: row), score: try row.decode("rank"),
                matchedWords: all ? lexemes.count : try row.decode("matched"), queryWords: lexemes.count)
        }
    }

    /// How many of a search's words the "half of the words" tier combines (C(8,4) = 70 terms).
    static let searchWordsCombined = 8

    /// A tsquery (`simple` configuration) true when at least half of `lexemes` are present:
    /// `('a' & 'b') | ('a' & 'c') | …`; nil when there are none.
    static func anyHalf(of lexemes: [String]) -> String? {
        guard !lexemes.isEmpty else { return nil }
        let quoted = lexemes.map {
            "'" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
        }
        let size = (quoted.count + 1) / 2
        var terms: [String] = []
        func choose(_ start: Int, _ picked: [String]) {
            if picked.count == size {
                terms.append("(" + picked.joined(separator: " & ") + ")")
                return
            }
            guard start < quoted.count else { return }
            for i in start..<quoted.count { choose(i + 1, picked + [quoted[i]]) }
        }
        choose(0, [])
        return terms.joined(separator: " | ")
    }

    /// A text[] literal of `values`, each quoted.
    static func textArray(_ values: [String]) -> String {
        "{"
            + values.map {
                "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            }
            .joined(separator: ",") + "}"
    }
}
