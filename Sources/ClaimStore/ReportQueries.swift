import Foundation
import Postgres

/// Which claims a report covers. Dates bound the verdict time (`reviewed_at`).
public struct ReportFilter: Sendable {
    public var status: ClaimStatus?
    public var verdict: String?
    public var reviewer: String?
    public var sourceID: Int64?
    public var since: Date?
    public var until: Date?
    public var order: Order

    /// The order claims stream in.
    public enum Order: Sendable {
        /// By id: the data formats, stable for scripts.
        case id
        /// As a reader takes them: verified (latest verdict first), in review, pending,
        /// dismissed (latest first); then by id.
        case review
    }

    public init(
        status: ClaimStatus? = nil, verdict: String? = nil, reviewer: String? = nil, sourceID: Int64? = nil,
        since: Date? = nil, until: Date? = nil, order: Order = .id
    ) {
        self.order = order
        self.status = status
        self.verdict = verdict
        self.reviewer = reviewer
        self.sourceID = sourceID
        self.since = since
        self.until = until
    }

    /// The WHERE clause over `claims c`, values as parameters.
    var whereClause: SQLQuery {
        var query = SQLQuery(unsafeSQL: " WHERE true")
        query.append(ClaimFilter(status: status, sourceID: sourceID).conditions)
        if let verdict {
            query.appendSQL(" AND c.verdict = ")
            query.appendBind(verdict)
        }
        if let reviewer {
            query.appendSQL(
                " AND EXISTS (SELECT 1 FROM claim_events e WHERE e.claim_id = c.id AND e.action IN ('verified', 'dismissed') AND e.reviewer = "
            )
            query.appendBind(reviewer)
            query.appendSQL(")")
        }
        if let since {
            query.appendSQL(" AND c.reviewed_at >= ")
            query.appendBind(since)
        }
        if let until {
            query.appendSQL(" AND c.reviewed_at < ")
            query.appendBind(until)
        }
        return query
    }
}

/// One claim as reports show it: the claim, its verdict and who gave it, the evidence,
/// and where the claim appeared, read in one row of the report query. The report
/// renderers take it as it is, one at a time, as rows stream from PostgreSQL.
public struct ReviewedClaim: Sendable, Equatable, Codable {
    public var id: Int64
    public var text: String
    public var speaker: String?
    public var kind: String
    public var score: Double?
    public var status: String
    /// The verdict's name on the scale (`false`), its label (`False`) and rating.
    public var verdict: String?
    public var verdictLabel: String?
    public var ratingValue: Int?
    public var bestRating: Int?
    public var worstRating: Int?
    public var verdictNote: String?
    public var dismissReason: String?
    /// Who recorded the verdict or dismissal (the name given with `--reviewer`), and when.
    public var reviewer: String?
    /// The database login that recorded the verdict or dismissal; the name above is what
    /// the reviewer typed, so the two together say who it was.
    public var reviewerLogin: String?
    public var reviewedAt: Date?
    public var createdAt: Date
    public var evidence: [Evidence]
    public var appearances: [Appearance]

    public struct Evidence: Sendable, Equatable, Codable {
        public var url: String
        public var stance: String
        public var note: String?
        public var addedBy: String

        public init(url: String, stance: String, note: String?, addedBy: String) {
            self.url = url
            self.stance = stance
            self.note = note
            self.addedBy = addedBy
        }

        /// The records of the report query's `evidence` column: four fields a row
        /// (url, stance, note, added_by), flattened.
        static func records(_ fields: [String?]) throws -> [Evidence] {
            guard fields.count % 4 == 0 else { throw ReportRowError("evidence", "is not rows of four fields") }
            return try stride(from: 0, to: fields.count, by: 4).map { at in
                guard let url = fields[at], let stance = fields[at + 1], let addedBy = fields[at + 3] else {
                    throw ReportRowError("evidence", "has a row without its url, stance or author")
                }
                return Evidence(url: url, stance: stance, note: fields[at + 2], addedBy: addedBy)
            }
        }
    }

    public struct Appearance: Sendable, Equatable, Codable {
        public var url: String?
        public var title: String?
        public var outlet: String?
        public var author: String?
        public var publishedAt: Date?
        /// The sentence or paragraph the claim came from.
        public var context: String?

        public init(
            url: String?, title: String?, outlet: String?, author: String?, publishedAt: Date?, context: String?
        ) {
            self.url = url
            self.title = title
            self.outlet = outlet
            self.author = author
            self.publishedAt = publishedAt
            self.context = context
        }

        /// The records of the report query's `appearances` column: six fields a row
        /// (url, title, outlet, author, published_at as `YYYY-MM-DDTHH:MM:SSZ`, context), flattened.
        static func records(_ fields: [String?]) throws -> [Appearance] {
            guard fields.count % 6 == 0 else { throw ReportRowError("appearances", "is not rows of six fields") }
            return try stride(from: 0, to: fields.count, by: 6).map { at in
                var published: Date?
                if let text = fields[at + 4] {
                    guard let date = ReviewedClaim.utcSecond(text) else {
                        throw ReportRowError(
                            "appearances", "has the publication time '\(text)', not YYYY-MM-DDTHH:MM:SSZ")
                    }
                    published = date
                }
                return Appearance(
                    url: fields[at], title: fields[at + 1], outlet: fields[at + 2], author: fields[at + 3],
                    publishedAt: published, context: fields[at + 5])
            }
        }
    }

    public init(
        id: Int64, text: String, speaker: String?, kind: String, score: Double?, status: String, verdict: String?,
        verdictLabel: String?, ratingValue: Int?, bestRating: Int?, worstRating: Int?, verdictNote: String?,
        dismissReason: String?, reviewer: String?, reviewerLogin: String? = nil, reviewedAt: Date?, createdAt: Date,
        evidence: [Evidence], appearances: [Appearance]
    ) {
        self.id = id
        self.text = text
        self.speaker = speaker
        self.kind = kind
        self.score = score
        self.status = status
        self.verdict = verdict
        self.verdictLabel = verdictLabel
        self.ratingValue = ratingValue
        self.bestRating = bestRating
        self.worstRating = worstRating
        self.verdictNote = verdictNote
        self.dismissReason = dismissReason
        self.reviewer = reviewer
        self.reviewerLogin = reviewerLogin
        self.reviewedAt = reviewedAt
        self.createdAt = createdAt
        self.evidence = evidence
        self.appearances = appearances
    }

    /// `2026-11-05T14:03:09Z` as a date, by arithmetic (proleptic Gregorian); `nil` for
    /// anything else.
    static func utcSecond(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { b -> Date? in
            guard b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A
            else { return nil }
            func number(_ from: Int, _ length: Int) -> Int? {
                var value = 0
                for index in from..<from + length {
                    let digit = Int(b[index]) - 0x30
                    guard digit >= 0, digit <= 9 else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
                let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month),
                (1...31).contains(day),
                hour < 24, minute < 60, second < 60
            else { return nil }
            // Howard Hinnant's days_from_civil.
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            let days = era * 146_097 + doe - 719_468
            return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
        }
    }
}

/// A report row whose evidence or appearances column is not what the query makes.
struct ReportRowError: Error, CustomStringConvertible {
    let description: String
    init(_ column: String, _ problem: String) {
        description = "The report query's \(column) column \(problem)."
    }
}

/// Claim counts for a report's summary.
public struct ReportCounts: Sendable {
    public var total: Int
    public var byStatus: [(status: ClaimStatus, count: Int)]
    public var byVerdict: [(verdict: Verdict, count: Int)]
    /// Per verdict, the ids of its newest verified claims (latest verdict first), at most
    /// `newestPerVerdict` of them, for a report's contents.
    public var newestByVerdict: [String: [Int64]] = [:]
}

extension ClaimStore {
    /// Counts by status (every status) and verdict (every verdict on the scale) for `filter`.
    /// With `newestPerVerdict`, also the ids of each verdict's newest verified claims.
    public func reportCounts(_ filter: ReportFilter, newestPerVerdict: Int = 0) throws -> ReportCounts {
        var query = SQLQuery(unsafeSQL: "SELECT c.status, c.verdict, count(*) AS n FROM claims c")
        query.append(filter.whereClause)
        query.appendSQL(" GROUP BY c.status, c.verdict")
        var statuses: [ClaimStatus: Int] = [:]
        var verdictCounts: [String: Int] = [:]
        var total = 0
        for row in try db.query(query) {
            let n: Int = try row.decode("n")
            total += n
            if let status = ClaimStatus(rawValue: try row.decode("status")) { statuses[status, default: 0] += n }
            if let verdict = try row.decode("verdict", as: String?.self) { verdictCounts[verdict, default: 0] += n }
        }
        var newest: [String: [Int64]] = [:]
        if newestPerVerdict > 0, (statuses[.verified] ?? 0) > 0 {
            var query = SQLQuery(
                unsafeSQL:
                    "SELECT c.verdict, array_to_string((array_agg(c.id ORDER BY c.reviewed_at DESC NULLS LAST, c.id))[1:"
            )
            query.appendBind(newestPerVerdict)
            query.appendSQL("::int], ',') AS ids FROM claims c")
            query.append(filter.whereClause)
            query.appendSQL(" AND c.status = 'verified' AND c.verdict IS NOT NULL GROUP BY c.verdict")
            for row in try db.query(query) {
                newest[try row.decode("verdict")] = try row.decode("ids", as: String.self).split(separator: ",")
                    .compactMap { Int64($0) }
            }
        }
        return ReportCounts(
            total: total, byStatus: ClaimStatus.allCases.map { ($0, statuses[$0] ?? 0) },
            byVerdict: try verdicts().map { ($0, verdictCounts[$0.name] ?? 0) }, newestByVerdict: newest)
    }

    /// Streams the claims of a report to `body`, one row at a time, in id order:
    /// memory stays flat however many claims the report covers.
    @discardableResult
    public func streamReport(_ filter: ReportFilter, _ body: (ReviewedClaim) throws -> Void) throws -> Int {
        var query = SQLQuery(
            unsafeSQL: """
                SELECT c.id, c.text, c.speaker, c.kind, c.score, c.status, c.verdict, v.label AS verdict_label,
                       v.rating_value, v.best_rating, v.worst_rating, c.verdict_note, c.dismiss_reason, c.reviewed_at,
                       c.created_at,
                       r.reviewer, r.db_user AS reviewer_login,
                       -- Evidence and appearances as arrays of text rows (4 and 6 fields), read without JSON.
                       (SELECT array_agg(ARRAY[ev.url, ev.stance, ev.note, ev.added_by] ORDER BY ev.id)
                        FROM evidence ev WHERE ev.claim_id = c.id) AS evidence,
                       (SELECT array_agg(ARRAY[s.url, s.title, s.outlet, s.author,
                                   to_char(s.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                   a.context] ORDER BY a.id)
                        FROM claim_appearances a JOIN sources s ON s.id = a.source_id WHERE a.claim_id = c.id) AS appearances
                FROM claims c LEFT JOIN verdicts v ON v.name = c.verdict
                -- Who recorded the verdict or dismissal: the name given and the database login.
                LEFT JOIN LATERAL (
                    SELECT e.reviewer, e.db_user FROM claim_events e
                    WHERE e.claim_id = c.id AND e.action IN ('verified', 'dismissed') ORDER BY e.id DESC LIMIT 1
                ) r ON true
                """)
        query.append(filter.whereClause)
        switch filter.order {
        case .id:
            query.appendSQL(" ORDER BY c.id")
        case .review:
            query.appendSQL(
                """
                 ORDER BY CASE c.status WHEN 'verified' THEN 0 WHEN 'in_review' THEN 1 WHEN 'pending' THEN 2 ELSE 3 END,
                          c.reviewed_at DESC NULLS LAST, c.id
                """)
        }
        return try db.stream(query) { row in
            let evidence = try row.decode("evidence", as: PostgresFlatArray<String>?.self)?.elements ?? []
            let appearances = try row.decode("appearances", as: PostgresFlatArray<String>?.self)?.elements ?? []
            let item = ReviewedClaim(
                id: try row.decode("id"), text: try row.decode("text"),
                speaker: try row.decode("speaker", as: String?.self),
                kind: try row.decode("kind"), score: try row.decode("score", as: Double?.self),
                status: try row.decode("status"), verdict: try row.decode("verdict", as: String?.self),
                verdictLabel: try row.decode("verdict_label", as: String?.self),
                ratingValue: try row.decode("rating_value", as: Int?.self),
                bestRating: try row.decode("best_rating", as: Int?.self),
                worstRating: try row.decode("worst_rating", as: Int?.self),
                verdictNote: try row.decode("verdict_note", as: String?.self),
                dismissReason: try row.decode("dismiss_reason", as: String?.self),
                reviewer: try row.decode("reviewer", as: String?.self),
                reviewerLogin: try row.decode("reviewer_login", as: String?.self),
                reviewedAt: try row.decode("reviewed_at", as: Date?.self),
                createdAt: try row.decode("created_at"),
                evidence: try ReviewedClaim.Evidence.records(evidence),
                appearances: try ReviewedClaim.Appearance.records(appearances))
            try body(item)
        }
    }

    // MARK: - Stats

    public struct Stats: Sendable, Encodable {
        public var total: Int
        public var byStatus: [String: Int]
        public var byVerdict: [String: Int]
        public var verdictsByReviewer: [String: Int]
        /// The same verdicts split by the database login that recorded them: the
        /// reviewer name is what the client said (`--reviewer`), the login is who the
        /// server let in, so a name used from someone else's login shows.
        public var verdictsByReviewerLogin: [ReviewerLogin]
        /// Median hours from a claim's creation (ingest or hand entry) to its verdict; nil with no verdicts.
        public var medianHoursToVerdict: Double?
        public var oldestPending: [OldClaim]

        public struct ReviewerLogin: Sendable, Encodable {
            public var reviewer: String
            public var databaseUser: String
            public var verdicts: Int
        }

        public struct OldClaim: Sendable, Encodable {
            public var id: Int64
            public var text: String
            public var createdAt: Date
            public var score: Double?
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(total, forKey: .total)
            try c.encode(byStatus, forKey: .byStatus)
            try c.encode(byVerdict, forKey: .byVerdict)
            try c.encode(verdictsByReviewer, forKey: .verdictsByReviewer)
            try c.encode(verdictsByReviewerLogin, forKey: .verdictsByReviewerLogin)
            try c.encode(medianHoursToVerdict, forKey: .medianHoursToVerdict)
            try c.encode(oldestPending, forKey: .oldestPending)
        }

        enum CodingKeys: String, CodingKey {
            case total, byStatus, byVerdict, verdictsByReviewer, verdictsByReviewerLogin, medianHoursToVerdict,
                oldestPending
        }
    }

    /// Counts by status and verdict, verdicts per reviewer, median time to verdict,
    /// and the oldest pending claims.
    ///
    /// The counts and the median come from the summary the database keeps in the same
    /// transaction as each change (sql/010_claim_counts.sql), not from a pass over
    /// every claim; everything is read in one snapshot, without JIT (whose compile
    /// time would be most of the cost of these small queries).
    public func stats(oldest: Int = 5) throws -> Stats {
        try db.transaction { db in
            try db.executeScript("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL jit = off")
            return try statsInSnapshot(oldest: oldest)
        }
    }

    private func statsInSnapshot(oldest: Int) throws -> Stats {
        var byStatus = Dictionary(uniqueKeysWithValues: ClaimStatus.allCases.map { ($0.rawValue, 0) })
        var total = 0
        var byVerdict = Dictionary(uniqueKeysWithValues: try verdicts().map { ($0.name, 0) })
        var byReviewer: [String: Int] = [:]
        var byLogin: [Stats.ReviewerLogin] = []
        for row in try db.query(
            "SELECT kind, name, login, n FROM claim_counts_now() WHERE kind <> 'time' ORDER BY kind, name, login")
        {
            let name: String = try row.decode("name")
            let n: Int = try row.decode("n")
            switch try row.decode("kind", as: String.self) {
            case "status":
                byStatus[name] = n
                total += n
            case "verdict":
                byVerdict[name] = n
            default:
                let login = Stats.ReviewerLogin(reviewer: name, databaseUser: try row.decode("login"), verdicts: n)
                byReviewer[login.reviewer, default: 0] += login.verdicts
                byLogin.append(login)
            }
        }
        let median = try db.queryOne(
            "SELECT claim_median_hours_to_verdict() AS hours", purpose: "the median hours to a verdict"
        ).decode("hours", as: Double?.self)
        let oldestPending = try db.query(
            "SELECT id, text, created_at, score FROM claims WHERE status = 'pending' ORDER BY created_at, id LIMIT \(oldest)"
        ).map { row in
            Stats.OldClaim(
                id: try row.decode("id"), text: try row.decode("text"), createdAt: try row.decode("created_at"),
                score: try row.decode("score", as: Double?.self))
        }
        return Stats(
            total: total, byStatus: byStatus, byVerdict: byVerdict, verdictsByReviewer: byReviewer,
            verdictsByReviewerLogin: byLogin,
            medianHoursToVerdict: median, oldestPending: oldestPending)
    }
}
