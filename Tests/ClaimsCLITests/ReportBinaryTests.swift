import Foundation
import TestSupport
import Testing

/// `claims report` and `claims stats` as built binaries, parsed back and compared with the database.
@Suite("claims report and stats", .dropsTestDatabases)
struct ReportBinaryTests {
    let database: TestDatabase
    let env: [String: String]
    let folder: String

    init() throws {
        database = try TestDatabase.migrated("clireport")
        env = [
            "DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "ana", "CLAIMS_ORGANIZATION": "Example Checks",
            "CLAIMS_ORGANIZATION_URL": "https://checks.example",
        ]
        let texts = [
            "Unemployment fell to 3.4% in January, said \"the minister\", <script>alert(1)</script>.",
            "Zürich 🗳️ spent *twice* as much | # not a heading, in 2025.",
            "The council voted 7-2 on Tuesday.",
        ]
        for (n, text) in texts.enumerated() {
            let add = try TestProcess.claims(
                ["add", text, "--source-url", "https://news.example/\(n)", "--source-title", "Story, \(n)"],
                environment: env)
            #expect(add.status == 0, "\(add.stderr)")
        }
        #expect(
            try TestProcess.claims(
                [
                    "verify", "1", "--verdict", "false", "--evidence", "https://stats.example/cpi", "--note",
                    "BLS: 3.7%, not 3.4%",
                ], environment: env
            ).status == 0)
        #expect(
            try TestProcess.claims(
                ["verify", "2", "--verdict", "unverifiable", "--evidence", "https://stats.example/zh"], environment: env
            ).status == 0)
        #expect(try TestProcess.claims(["dismiss", "3", "--reason", "procedural"], environment: env).status == 0)
        folder = NSTemporaryDirectory() + "claims-report-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    @Test func jsonReportMatchesTheDatabase() throws {
        let result = try TestProcess.claims(
            ["report", "--format", "json", "--output", folder + "/r.json"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/r.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(report["total"] as? Int == 3)
        #expect((report["organization"] as? [String: Any])?["name"] as? String == "Example Checks")
        let claims = try #require(report["claims"] as? [[String: Any]])
        let db = try database.connect()
        let rows = try db.query("SELECT id, text, status, verdict FROM claims ORDER BY id")
        #expect(claims.count == rows.rowCount)
        for (claim, row) in zip(claims, rows) {
            #expect(claim["id"] as? Int == (try row.decode("id", as: Int.self)))
            #expect(claim["text"] as? String == (try row.decode("text", as: String.self)))
            #expect(claim["status"] as? String == (try row.decode("status", as: String.self)))
            #expect(claim["verdict"] as? String == (try row.decode("verdict", as: String?.self)))
        }
        #expect(claims[0]["reviewer"] as? String == "ana")
        #expect((claims[0]["evidence"] as? [[String: Any]])?.first?["url"] as? String == "https://stats.example/cpi")
    }

    @Test func csvHasOneRowPerClaimAndFiltersWork() throws {
        let all = try TestProcess.claims(["report", "--format", "csv"], environment: env)
        #expect(all.status == 0)
        let records = CSV.parse(all.stdout)
        #expect(records.count == 4, "a header and three claims")
        let textColumn = try #require(records[0].firstIndex(of: "text"))
        #expect(
            records[1][textColumn]
                == "Unemployment fell to 3.4% in January, said \"the minister\", <script>alert(1)</script>.")
        let verified = try TestProcess.claims(
            ["report", "--format", "csv", "--status", "verified", "--verdict", "false"], environment: env)
        #expect(CSV.parse(verified.stdout).count == 2)
        let byNobody = try TestProcess.claims(["report", "--format", "csv", "--reviewer", "nobody"], environment: env)
        #expect(CSV.parse(byNobody.stdout).count == 1, "header only")
        let byAna = try TestProcess.claims(["report", "--format", "csv", "--reviewer", "ana"], environment: env)
        #expect(CSV.parse(byAna.stdout).count == 4, "ana verified two and dismissed one")
    }

    @Test func claimReviewCoversVerifiedClaimsOnly() throws {
        let result = try TestProcess.claims(
            ["report", "--format", "claimreview", "--review-url", "https://checks.example/reviews/{id}"],
            environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let reviews = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(reviews.count == 2)
        for review in reviews {
            let claim = try #require(review["claimReviewed"] as? String)
            let id = try #require(
                TestProcess.claims(["search", "--format", "json", claim], environment: env).stdout
                    .firstMatch(of: /"id" *: *(\d+)/)?.1)
            #expect(review["url"] as? String == "https://checks.example/reviews/\(id)")
        }
        #expect(reviews.allSatisfy { $0["@type"] as? String == "ClaimReview" })
        let rating = reviews[0]["reviewRating"] as? [String: Any]
        #expect(rating?["alternateName"] as? String == "False")
        #expect((reviews[0]["author"] as? [String: Any])?["name"] as? String == "Example Checks")
        let unverifiable = reviews[1]["reviewRating"] as? [String: Any]
        #expect(unverifiable?["alternateName"] as? String == "Unverifiable")
    }

    /// Search engines require each ClaimReview's url: it is never made up.
    @Test func claimReviewNeedsAReviewURLAndSaysWhatItWrote() throws {
        let missing = try TestProcess.claims(["report", "--format", "claimreview"], environment: env)
        #expect(missing.status == 2)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr.contains("--review-url 'https://your.desk/checks/{id}'"), "\(missing.stderr)")
        let lines = missing.stderr.split(separator: "\n").filter { !$0.isEmpty }
        #expect(
            lines.first?.contains("ClaimReview needs the address where each fact-check is published") == true,
            "\(missing.stderr)")
        #expect(lines.count <= 3, "one sentence, then the usage and where help is")

        for template in ["https://checks.example/reviews/", "checks.example/{id}"] {
            let bad = try TestProcess.claims(
                ["report", "--format", "claimreview", "--review-url", template], environment: env)
            #expect(bad.status == 2)
            #expect(bad.stderr.contains("is not a full http or https address with {id}"), "\(bad.stderr)")
        }
        let notClaimReview = try TestProcess.claims(
            ["report", "--format", "csv", "--review-url", "https://c.example/{id}"], environment: env)
        #expect(notClaimReview.status == 2)

        var fromEnvironment = env
        fromEnvironment["CLAIMS_REVIEW_URL"] = "https://checks.example/r/{id}"
        let file = folder + "/reviews.json"
        let written = try TestProcess.claims(
            ["report", "--format", "claimreview", "--output", file], environment: fromEnvironment)
        #expect(written.status == 0, "\(written.stderr)")
        let all = try TestProcess.claims(["report", "--format", "json"], environment: env)
        let total = try #require(
            (try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])?["claims"] as? [Any]
        ).count
        #expect(total > 2)
        let left = total - 2 == 1 ? "1 claim" : "\(total - 2) claims"
        #expect(written.stderr == "Wrote 2 claim reviews to \(file) (\(left) not verified left out).\n")
        let reviews = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [[String: Any]])
        #expect(reviews.allSatisfy { ($0["url"] as? String)?.hasPrefix("https://checks.example/r/") == true })
    }

    @Test func aBadTemplateWritesNothing() throws {
        try "{{#claims}} unclosed".write(toFile: folder + "/bad.mustache", atomically: true, encoding: .utf8)
        let result = try TestProcess.claims(
            ["report", "--format", "html", "--template", folder + "/bad.mustache", "--output", folder + "/bad.html"],
            environment: env)
        #expect(result.status != 0)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder + "/bad.html"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func htmlIsOneSelfContainedFile() throws {
        let result = try TestProcess.claims(
            ["report", "--format", "html", "--output", folder + "/r.html"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: folder + "/r.html", encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<link rel=\"stylesheet\""))
        let printed = try TestProcess.claims(["report", "--print-template", "html"], environment: env)
        #expect(printed.stdout.contains("{{#claims}}"))
    }

    @Test func statsCountsWhatHappened() throws {
        let result = try TestProcess.claims(["stats", "--format", "json"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(stats["total"] as? Int == 3)
        #expect((stats["by_status"] as? [String: Int])?["verified"] == 2)
        #expect((stats["verdicts_by_reviewer"] as? [String: Int])?["ana"] == 2)
        #expect(stats["median_hours_to_verdict"] is Double)
    }
}
