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

    public init(claim: Claim, score: Double, matchedWords: Int? = nil, queryWords: Int? = nil, similarity: Double? = nil,
                relation: Relation? = nil, change: String? = nil) {
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
        var all = SQLQuery(unsafeSQL: "SELECT \(Claim.columns), ts_rank(c.search, q) AS rank FROM claims c, websearch_to_tsquery('english', ")
        all.appendBind(text)
        all.appendSQL(") AS q WHERE c.search @@ q")
        all.append(filter.conditions)
        all.appendSQL(" ORDER BY rank DESC, c.id LIMIT ")
        all.appendBind(limit)
        let complete = try db.query(all).map { ClaimMatch(claim: try Claim(row: $0), score: try $0.decode("rank")) }
        guard complete.count < limit, lexemes.count >= 2 else {
            return complete.map { ClaimMatch(claim: $0.claim, score: $0.score, matchedWords: lexemes.count, queryWords: lexemes.count) }
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
        let quoted = lexemes.map { "'" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'" }
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
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    /// Claims whose wording is close to this one (trigram similarity) and whose
    /// facts agree: the same numbers, months, weekdays and scale words. "Sanctioned
    /// 32 entities" and "sanctioned 23 entities" are never similar, however alike the words.
    ///
    /// At `suggestionThreshold` or above this reads the suggestions stored when the
    /// claims were stored; below it, it looks them up afresh and stores nothing.
    public func similar(to id: Int64, threshold: Double = ClaimStore.suggestionThreshold, limit: Int = 20) throws -> [ClaimMatch] {
        _ = try claim(id: id)
        var query: SQLQuery
        if threshold >= Self.suggestionThreshold {
            query = SQLQuery(
                unsafeSQL: "SELECT \(Claim.columns), s.score::float8 AS similarity FROM claim_suggestions s JOIN claims c ON c.id = s.similar_id WHERE s.claim_id = ")
            query.appendBind(id)
            query.appendSQL(" AND c.merged_into IS NULL AND s.score >= ")
            query.appendBind(threshold)
            query.appendSQL(" ORDER BY s.score DESC, c.id LIMIT ")
        } else {
            query = SQLQuery(
                unsafeSQL: "SELECT \(Claim.columns), m.score::float8 AS similarity FROM claim_lookalikes(")
            query.appendBind(id)
            query.appendSQL(", ")
            query.appendBind(threshold)
            query.appendSQL("::real, ")
            query.appendBind(limit)
            query.appendSQL(") AS m JOIN claims c ON c.id = m.id ORDER BY m.score DESC, c.id LIMIT ")
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
            "SELECT claims_link_lookalikes(\(ids)::bigint[]) + claims_link_variants(\(ids)::bigint[]) AS linked",
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
        let now: Int64 = try db.queryOne("SELECT claims_last_id() AS last_id", purpose: "the last claim id").decode("last_id")
        return now - lastID != Int64(idsDrawn)
    }
}

/// A verified claim with the same facts and like wording: "checked before: #12, false, 2026-03-02".
public struct PriorCheck: Codable, Sendable, Equatable {
    public var id: Int64
    public var verdict: String?
    public var reviewedAt: Date?
    public var similarity: Double
}

extension ClaimStore {
    /// The verified claims suggested as duplicates of this one, most alike first.
    public func checkedBefore(_ id: Int64, limit: Int = 3) throws -> [PriorCheck] {
        Array((try checkedBefore([id])[id] ?? []).prefix(limit))
    }

    /// `checkedBefore` for many claims in one query, as `claims list` needs it.
    public func checkedBefore(_ ids: [Int64]) throws -> [Int64: [PriorCheck]] {
        guard !ids.isEmpty else { return [:] }
        var found: [Int64: [PriorCheck]] = [:]
        for row in try db.query(
            """
            SELECT s.claim_id, c.id, c.verdict, c.reviewed_at, s.score::float8 AS similarity
            FROM claim_suggestions s JOIN claims c ON c.id = s.similar_id
            WHERE s.claim_id = ANY(\(ids)::bigint[]) AND c.status = 'verified'
            ORDER BY s.claim_id, s.score DESC, c.id
            """)
        {
            found[try row.decode("claim_id"), default: []].append(
                PriorCheck(
                    id: try row.decode("id"), verdict: try row.decode("verdict", as: String?.self),
                    reviewedAt: try row.decode("reviewed_at", as: Date?.self), similarity: try row.decode("similarity")))
        }
        return found
    }
}

extension ClaimStore {
    /// Merges `id` into `target`: its appearances and evidence move over, it is
    /// dismissed as "merged into #target", and both claims record the merge. Both
    /// versions are checked, in one transaction.
    ///
    /// When `target` was itself merged away, the merge goes to the claim it was merged
    /// into (following the chain to the live claim); the returned claim is that one.
    /// Both claims are locked, in id order, so merges of overlapping claims at the same
    /// moment wait for each other instead of moving evidence onto a claim that another
    /// merge is dismissing.
    public func merge(_ id: Int64, into target: Int64, reviewer: String, expectedVersion: Int? = nil) throws -> Claim {
        guard id != target else {
            throw ClaimStoreError.invalidInput("A claim cannot be merged into itself; give two different ids.")
        }
        // Each attempt locks the live end of the chain as it was just read; another
        // merge can move that end on before the lock is granted, and then we look again.
        for _ in 0..<10 {
            if let survivor = try db.transaction({ _ in try mergeLocked(id, into: target, reviewer: reviewer, expectedVersion: expectedVersion) }) {
                return survivor
            }
        }
        throw ClaimStoreError.refused("Claim #\(target) kept being merged into other claims while this merge waited; run the command again.")
    }

    /// One merge attempt inside a transaction; nil when the survivor was merged away
    /// while this attempt waited for its lock.
    private func mergeLocked(_ id: Int64, into target: Int64, reviewer: String, expectedVersion: Int?) throws -> Claim? {
        let survivorID = try liveEnd(ofMergeChainFrom: target)
        guard survivorID != id else {
            throw ClaimStoreError.refused("Claim #\(target) was already merged into #\(id); there is nothing to merge.")
        }
        var mergedInto: [Int64: Int64] = [:]
        for row in try db.query(
            "SELECT id, merged_into FROM claims WHERE id = ANY(\([id, survivorID])::bigint[]) ORDER BY id FOR UPDATE")
        {
            if let next = try row.decode("merged_into", as: Int64?.self) { mergedInto[try row.decode("id")] = next }
        }
        if mergedInto[survivorID] != nil { return nil }
        if let earlier = mergedInto[id] {
            throw ClaimStoreError.refused("Claim #\(id) was already merged into #\(earlier); there is nothing left to merge.")
        }
        let source = try claim(id: id)
        let survivor = try claim(id: survivorID)
        if let expectedVersion, expectedVersion != source.version {
            throw ClaimStoreError.conflict(
                id: id, expectedVersion: expectedVersion, currentVersion: source.version, changedBy: nil, changedAt: nil)
        }
        guard source.status != .dismissed, survivor.status != .dismissed else {
            throw ClaimStoreError.refused("A dismissed claim cannot take part in a merge; reopen it first.")
        }
        guard source.status != .verified else {
            throw ClaimStoreError.refused("Claim #\(id) is verified and cannot be merged away; merge the other one into it (`claims merge \(survivorID) --into \(id)`).")
        }
        // Appearances already on the survivor (same source and offset) stay where they are.
        try db.execute(
            """
            UPDATE claim_appearances a SET claim_id = \(survivorID)
            WHERE a.claim_id = \(id) AND NOT EXISTS (
                SELECT 1 FROM claim_appearances b
                WHERE b.claim_id = \(survivorID) AND b.source_id = a.source_id
                  AND b.start_offset IS NOT DISTINCT FROM a.start_offset)
            """)
        let movedEvidence = try db.execute("UPDATE evidence SET claim_id = \(survivorID) WHERE claim_id = \(id)")
        let version: Int = try db.queryOne(
            """
            UPDATE claims SET status = 'dismissed', dismiss_reason = \("merged into #\(survivorID)"), merged_into = \(survivorID),
                verdict = NULL, verdict_note = NULL, assignee = NULL, version = version + 1, updated_at = now()
            WHERE id = \(id) RETURNING version
            """, purpose: "the new version of merged claim #\(id)"
        ).decode("version")
        try recordEvent(
            id: id, action: .merged, reviewer: reviewer, from: source.status, to: .dismissed, field: "merged_into",
            old: nil, new: String(survivorID), note: "merged into #\(survivorID)", version: version)
        let survivorVersion: Int = try db.queryOne(
            "UPDATE claims SET version = version + 1, updated_at = now() WHERE id = \(survivorID) RETURNING version",
            purpose: "the new version of claim #\(survivorID)"
        ).decode("version")
        try recordEvent(
            id: survivorID, action: .merged, reviewer: reviewer, from: nil, to: nil, field: "merged_from", old: nil,
            new: String(id), note: "#\(id) merged in (\(movedEvidence) evidence moved)", version: survivorVersion)
        return try claim(id: survivorID)
    }

    /// The claim a merge into `id` lands on: `id` itself, or the claim it was merged
    /// into, and so on. Read without locks; the caller locks and checks it.
    private func liveEnd(ofMergeChainFrom id: Int64) throws -> Int64 {
        var current = id
        var seen: Set<Int64> = []
        while true {
            guard let row = try db.query("SELECT merged_into FROM claims WHERE id = \(current)").first else {
                throw ClaimStoreError.claimNotFound(id: current)
            }
            guard let next = try row.decode("merged_into", as: Int64?.self) else { return current }
            guard seen.insert(current).inserted else {
                throw ClaimStoreError.refused("Claim #\(id) is in a loop of merges (#\(current) again); fix merged_into in the database first.")
            }
            current = next
        }
    }

    /// Records that two look-alike claims are different: the suggestion or variant
    /// link between them goes, it is not made again, and both claims' histories say
    /// who said so.
    public func markDistinct(_ a: Int64, _ b: Int64, reviewer: String) throws {
        guard a != b else { throw ClaimStoreError.invalidInput("Give two different claim ids.") }
        try db.transaction { db in
            let first = try claim(id: a)
            let second = try claim(id: b)
            try db.execute(
                """
                INSERT INTO claim_distinct_pairs (claim_a, claim_b, reviewer)
                VALUES (\(min(a, b)), \(max(a, b)), \(reviewer)) ON CONFLICT DO NOTHING
                """)
            try db.execute(
                """
                DELETE FROM claim_suggestions
                WHERE (claim_id = \(a) AND similar_id = \(b)) OR (claim_id = \(b) AND similar_id = \(a))
                """)
            let variantLinks = try db.execute(
                """
                DELETE FROM claim_variants
                WHERE (claim_id = \(a) AND variant_id = \(b)) OR (claim_id = \(b) AND variant_id = \(a))
                """)
            for (claim, other) in [(first, b), (second, a)] {
                try recordEvent(
                    id: claim.id, action: .unlinked, reviewer: reviewer, from: nil, to: nil, field: "distinct_from",
                    old: nil, new: String(other),
                    note: variantLinks > 0 ? "not a variant of #\(other)" : "not the same claim as #\(other)",
                    version: claim.version)
            }
        }
    }
}

/// Precision and recall of `similar` on labelled pairs of claims.
public struct MatcherEvaluation: Sendable {
    public var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0
    /// Pairs linked as variants (the same statement with another figure, date or
    /// direction), by label: a variant is never a match, so these are among the
    /// negatives (labelled different) or the misses (labelled the same).
    public var variantsLabelledDifferent = 0, variantsLabelledSame = 0
    /// The pairs it got wrong, for a person to read.
    public var mistakes: [(a: String, b: String, expected: Bool)] = []

    public var precision: Double { truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives) }
    public var recall: Double { truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives) }
}

extension ClaimStore {
    /// Measures the matcher on pairs `(a, b, same)`: the claims are stored in a
    /// transaction that is rolled back at the end, so the database is left as it was.
    /// A pair counts as matched when both texts fold to one claim (as ingest would)
    /// or `similar(to: a)` lists b.
    /// `embeddings` holds the sentence model's embedding of each text, when it is installed.
    public func evaluateMatcher(_ pairs: [(a: String, b: String, same: Bool)], threshold: Double = 0.45,
                                embeddings: [String: [Float]] = [:]) throws -> MatcherEvaluation {
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
                        VALUES (\(text), \(normalized), 'matcher-evaluation', \(embeddings[text])::real[])
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
                let a = try id(pair.a), b = try id(pair.b)
                let matched = try a == b || similar(to: a, threshold: threshold, limit: 50).contains { $0.claim.id == b }
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
