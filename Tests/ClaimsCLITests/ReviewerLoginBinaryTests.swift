import Foundation
import Postgres
import TestSupport
import Testing

/// The whole workflow as a plain `claims_reviewer` login (and an editor for what is
/// an editor's), through the built binary: the minimum column grants are enough,
/// and the database never has to add an event the workflow should have written.
@Suite("claims as a plain reviewer login", .dropsTestDatabases)
struct ReviewerLoginBinaryTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.migrated("rvlogin")
    }

    /// The first `#N` in `text`.
    private static func claimID(_ text: String) -> Int64? {
        guard let hash = text.firstIndex(of: "#") else { return nil }
        return Int64(text[text.index(after: hash)...].prefix { $0.isNumber })
    }

    @Test func everyWorkflowCommandWorksWithTheReviewerGrantsAndIsAuditedOnce() throws {
        let admin = try database.connect()
        let suffix = UUID().uuidString.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(10)
        let reviewerLogin = "t_cr\(suffix)"
        let editorLogin = "t_ce\(suffix)"
        // Role names and passwords cannot be parameters; these are letters and digits only.
        try admin.executeScript("CREATE ROLE \(reviewerLogin) LOGIN PASSWORD 'Cr\(suffix)pw' IN ROLE claims_reviewer")
        try admin.executeScript("CREATE ROLE \(editorLogin) LOGIN PASSWORD 'Ce\(suffix)pw' IN ROLE claims_editor")
        defer { try? admin.executeScript("DROP ROLE IF EXISTS \(reviewerLogin), \(editorLogin)") }
        let reviewerURL = try database.tcpURL(user: reviewerLogin, password: "Cr\(suffix)pw")
        let editorURL = try database.tcpURL(user: editorLogin, password: "Ce\(suffix)pw")

        func run(
            _ arguments: [String], as url: String, reviewer: String, sourceLocation: SourceLocation = #_sourceLocation
        ) throws -> String {
            let result = try TestProcess.claims(arguments + ["--database", url, "--reviewer", reviewer])
            #expect(
                result.status == 0, "claims \(arguments.joined(separator: " ")): \(result.stderr)",
                sourceLocation: sourceLocation)
            return result.stdout
        }
        func asReviewer(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            try run(arguments, as: reviewerURL, reviewer: "Ana", sourceLocation: sourceLocation)
        }

        _ = try asReviewer(["ingest", ExtractIngestBinaryTests.fixtures + "/transit-budget.txt"])
        // Only the article's claims are queued yet: `next` takes one of them.
        let taken = try #require(WorkflowBinaryTests.claimIDAndVersion(try asReviewer(["next", "--format", "json"]))).id
        let added = try #require(
            Self.claimID(
                try asReviewer(
                    [
                        "add", "The bridge toll rose 12% in 2025, the authority said.", "--source-url",
                        "https://news.example/toll",
                    ])))
        let again = try asReviewer([
            "add", "The bridge toll rose 12% in 2025, the authority said", "--source-url", "https://news.example/toll2",
        ])
        #expect(again.contains("already tracked"), "\(again)")
        let duplicate = try #require(
            Self.claimID(
                try asReviewer(
                    [
                        "add", "Bridge tolls went up 12% in 2025, according to the authority.", "--source-url",
                        "https://news.example/toll3",
                    ])))
        let other = try #require(
            Self.claimID(
                try asReviewer(
                    ["add", "The ferry carried 40,000 riders in May.", "--source-url", "https://news.example/ferry"])))

        _ = try asReviewer(["assign", String(taken), "--to", "Ben"])
        _ = try asReviewer(["assign", String(added), "--to", "Ana"])
        _ = try asReviewer(["evidence", "add", String(added), "https://evidence.example/toll", "--stance", "supports"])
        _ = try asReviewer(["verify", String(added), "--verdict", "mostly-true", "--note", "the authority's tables"])
        // The report names the reviewer as typed and the login that recorded the verdict
        // (report's --reviewer picks whose verdicts to show: Ana's).
        let report = try run(["report", "--format", "csv", "--status", "verified"], as: editorURL, reviewer: "Ana")
        let rows = report.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.first?.last == "reviewer_login", "\(report)")
        let row = try #require(rows.dropFirst().first { $0.first == Substring(String(added)) }, "\(report)")
        #expect(row.last.map(String.init) == reviewerLogin, "\(row)")
        let json = try run(["report", "--format", "json", "--status", "verified"], as: editorURL, reviewer: "Ana")
        #expect(json.contains("\"reviewer\":\"Ana\",\"reviewer_login\":\"\(reviewerLogin)\""), "\(json)")
        _ = try asReviewer(["dismiss", String(taken), "--reason", "opinion, not a fact"])
        _ = try asReviewer(["reopen", String(taken), "--reason", "it is a fact after all"])
        _ = try asReviewer(["evidence", "add", String(duplicate), "https://evidence.example/toll2"])
        _ = try asReviewer(["merge", String(duplicate), "--into", String(added)])
        _ = try asReviewer(["unlink", String(added), String(other)])
        let shown = try asReviewer(["show", String(added)])
        #expect(
            shown.contains("by Ana (database user \(reviewerLogin))"), "the login beside the name it gave: \(shown)")
        _ = try asReviewer(["similar", String(added)])
        _ = try asReviewer(["history", String(added)])
        _ = try run(["reopen", String(added), "--reason", "new tables"], as: editorURL, reviewer: "Ed")
        _ = try asReviewer(["verify", String(added), "--verdict", "true"])

        func count(_ sql: SQLQuery) throws -> Int { try #require(try admin.query(sql).first).decode("n") }
        #expect(
            try count(
                "SELECT count(*) AS n FROM claim_events WHERE action = 'edited' OR note LIKE '%outside the workflow'")
                == 0,
            "the database added no events for the workflow")
        #expect(
            try count("SELECT count(*) AS n FROM claim_events WHERE db_user NOT IN (\(reviewerLogin), \(editorLogin))")
                == 0)
        #expect(try count("SELECT count(*) AS n FROM claim_events WHERE action = 'merged'") == 2)
        #expect(
            try count("SELECT count(*) AS n FROM evidence WHERE claim_id = \(added) AND db_user = \(reviewerLogin)")
                == 2)
        #expect(
            try count(
                """
                SELECT count(*) AS n FROM claims c
                WHERE c.version <> (SELECT max(e.claim_version) FROM claim_events e WHERE e.claim_id = c.id)
                """) == 0, "each claim's last event names its version")
        let final = try #require(try admin.query("SELECT status, verdict FROM claims WHERE id = \(added)").first)
        #expect(try final.decode("status", as: String.self) == "verified")
        #expect(try final.decode("verdict", as: String?.self) == "true")
    }
}
