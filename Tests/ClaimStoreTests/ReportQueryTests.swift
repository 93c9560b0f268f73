import ClaimStore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Report queries and stats", .dropsTestDatabases)
struct ReportQueryTests {
    let database: TestDatabase
    let store: ClaimStore
    let ids: [Int64]

    init() throws {
        database = try TestDatabase.migrated("reportq")
        store = ClaimStore(connection: try database.connect())
        var ids: [Int64] = []
        for n in 0..<4 {
            ids.append(
                try store.add(
                    NewClaim(
                        text: "Claim \(n), with \"quotes\" and <b>tags</b>.", sourceURL: "https://news.example/\(n)",
                        sourceTitle: "Story \(n)"), reviewer: "desk"
                ).claim.id)
        }
        _ = try store.verify(
            id: ids[0], verdict: "false", note: "BLS says otherwise", evidence: ["https://bls.example/a"],
            reviewer: "ana")
        _ = try store.addEvidence(
            id: ids[1], url: "https://x.example/b", stance: .supports, note: "a, b", reviewer: "ben")
        _ = try store.verify(id: ids[1], verdict: "true", note: nil, evidence: [], reviewer: "ben")
        _ = try store.dismiss(id: ids[2], reason: "opinion", reviewer: "ana")
        self.ids = ids
    }

    @Test func theReportStreamsEachClaimWithItsEvidenceAppearancesAndReviewer() throws {
        var seen: [ReviewedClaim] = []
        let count = try store.streamReport(ReportFilter()) { seen.append($0) }
        #expect(count == 4)
        #expect(seen.map(\.id) == ids)
        let first = seen[0]
        #expect(first.verdict == "false")
        #expect(first.verdictLabel == "False")
        #expect(first.ratingValue == 1)
        #expect(first.verdictNote == "BLS says otherwise")
        #expect(first.reviewer == "ana")
        #expect(first.reviewedAt != nil)
        #expect(first.evidence.map(\.url) == ["https://bls.example/a"])
        #expect(first.appearances.first?.url == "https://news.example/0")
        #expect(first.appearances.first?.title == "Story 0")
        #expect(seen[1].evidence.first?.note == "a, b")
        #expect(seen[2].dismissReason == "opinion")
        #expect(seen[3].verdict == nil)
    }

    /// Evidence and appearances arrive as arrays of text rows, not JSON: NULL fields,
    /// array syntax in the text, several rows in their order and publication times to the second.
    @Test func evidenceAndAppearancesKeepNullsOrderAndAwkwardText() throws {
        let awkward = "{a,b} \"q\" \\ NULL, 'x' \u{301}\n"
        try store.db.executeScript(
            """
            UPDATE sources SET title = NULL, outlet = $$\(awkward)$$, author = 'NULL',
                   published_at = '2026-03-02 23:59:59.75+00' WHERE url = 'https://news.example/3';
            INSERT INTO claim_appearances (claim_id, source_id, start_offset, end_offset, context)
            SELECT \(ids[3]), id, 0, 1, NULL FROM sources WHERE url = 'https://news.example/0';
            INSERT INTO evidence (claim_id, url, stance, note, added_by)
            VALUES (\(ids[3]), 'https://e.example/1', 'context', NULL, $$\(awkward)$$),
                   (\(ids[3]), 'https://e.example/2', 'refutes', $$\(awkward)$$, 'b');
            """)
        var seen: ReviewedClaim?
        try store.streamReport(ReportFilter()) { if $0.id == ids[3] { seen = $0 } }
        let claim = try #require(seen)
        #expect(claim.evidence.map(\.url) == ["https://e.example/1", "https://e.example/2"])
        #expect(claim.evidence.map(\.note) == [nil, awkward])
        #expect(claim.evidence.map(\.addedBy) == [awkward, "b"])
        #expect(claim.appearances.map(\.url) == ["https://news.example/3", "https://news.example/0"])
        #expect(claim.appearances[0].title == nil)
        #expect(claim.appearances[0].outlet == awkward)
        #expect(claim.appearances[0].author == "NULL")
        // To the second, as reports show it.
        #expect(claim.appearances[0].publishedAt == Date(timeIntervalSince1970: 1_772_495_999))
        #expect(claim.appearances[1].publishedAt == nil)
        #expect(claim.appearances[1].context == nil)
        // A claim without evidence has none.
        var second: ReviewedClaim?
        try store.streamReport(ReportFilter()) { if $0.id == ids[2] { second = $0 } }
        #expect(second?.evidence.isEmpty == true)
    }

    @Test func filtersNarrowTheReportAndTheCounts() throws {
        var verified: [Int64] = []
        try store.streamReport(ReportFilter(status: .verified)) { verified.append($0.id) }
        #expect(verified == [ids[0], ids[1]])
        var byBen: [Int64] = []
        try store.streamReport(ReportFilter(reviewer: "ben")) { byBen.append($0.id) }
        #expect(byBen == [ids[1]])
        var future = 0
        try store.streamReport(ReportFilter(since: Date().addingTimeInterval(3600))) { _ in future += 1 }
        #expect(future == 0)

        let counts = try store.reportCounts(ReportFilter())
        #expect(counts.total == 4)
        #expect(counts.byStatus.map(\.count) == [1, 0, 2, 1], "pending, in_review, verified, dismissed; zeros kept")
        #expect(counts.byVerdict.first { $0.verdict.name == "false" }?.count == 1)
        #expect(counts.byVerdict.count == 6, "every verdict on the scale")
    }

    @Test func statsCountReviewersAndTheMedianTimeToVerdict() throws {
        let stats = try store.stats()
        #expect(stats.total == 4)
        #expect(stats.byStatus["verified"] == 2)
        #expect(stats.byVerdict["false"] == 1)
        #expect(stats.byVerdict["mixed"] == 0)
        #expect(stats.verdictsByReviewer == ["ana": 1, "ben": 1])
        // The names are what the client said; each is shown with the login the server let in.
        let login: String = try #require(try store.db.query("SELECT session_user AS u").first).decode("u")
        #expect(
            stats.verdictsByReviewerLogin.map { "\($0.reviewer)@\($0.databaseUser):\($0.verdicts)" }
                == ["ana@\(login):1", "ben@\(login):1"])
        #expect(stats.medianHoursToVerdict != nil)
        #expect(stats.oldestPending.map(\.id) == [ids[3]])
    }
}
