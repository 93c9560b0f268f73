import Foundation

/// One claim as reports show it: the claim, its verdict and who gave it, the
/// evidence, and where the claim appeared. Reports know nothing of the database;
/// ClaimStore fills these in, one at a time, as rows stream from PostgreSQL.
public struct ReportItem: Sendable, Equatable, Codable {
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
    /// Who recorded the verdict or dismissal, and when.
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
}

/// Totals known before the rows stream: the summary at the top of a report and
/// the HTML chart.
public struct ReportSummary: Sendable, Equatable, Codable {
    /// When the report was made.
    public var generatedAt: Date
    /// The desk that publishes it (ClaimReview `author`).
    public var organization: Organization
    /// A line describing the filters, such as "verified, since 2026-11-01".
    public var scope: String
    public var total: Int
    /// Claims per status and per verdict, in the scale's order; zero counts included.
    public var byStatus: [Count]
    public var byVerdict: [Count]

    public struct Count: Sendable, Equatable, Codable {
        public var name: String
        public var label: String
        public var count: Int
        /// For a verdict: the ids of its newest verified claims (latest verdict first, a
        /// few at most), which the HTML report's contents links to.
        public var newest: [Int64]

        public init(name: String, label: String, count: Int, newest: [Int64] = []) {
            self.name = name
            self.label = label
            self.count = count
            self.newest = newest
        }
    }

    /// The order people-facing reports list claims in, as ClaimStore streams them: the
    /// statuses in this order, verified and dismissed claims latest decision first.
    public static let statusOrder = ["verified", "in_review", "pending", "dismissed"]

    public struct Organization: Sendable, Equatable, Codable {
        public var name: String
        public var url: String?

        public init(name: String, url: String?) {
            self.name = name
            self.url = url
        }
    }

    public init(
        generatedAt: Date, organization: Organization, scope: String, total: Int, byStatus: [Count], byVerdict: [Count]
    ) {
        self.generatedAt = generatedAt
        self.organization = organization
        self.scope = scope
        self.total = total
        self.byStatus = byStatus
        self.byVerdict = byVerdict
    }
}

/// A report format that writes as items arrive, so memory does not grow with the
/// number of claims. `begin` once, `write` per item, `end` once.
public protocol ReportRenderer {
    mutating func begin(_ summary: ReportSummary, to output: inout some TextOutputStream) throws
    mutating func write(_ item: ReportItem, to output: inout some TextOutputStream) throws
    mutating func end(to output: inout some TextOutputStream) throws
}
