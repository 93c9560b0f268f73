import ClaimStore
import Foundation

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
    mutating func write(_ item: ReviewedClaim, to output: inout some TextOutputStream) throws
    mutating func end(to output: inout some TextOutputStream) throws
}
