import Foundation
import TestSupport
import Testing

/// `claims report` and `claims stats` as built binaries, parsed back and compared with the database.
@Suite("claims report and stats")
struct ReportBinaryTests {
    let database: TestDatabase
    let env: [String: String]
    let folder: String

    init() throws {
        database = try TestDatabase.create("clireport")
        env = ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "ana", "CLAIMS_ORGANIZATION": "Example Checks",
               "CLAIMS_ORGANIZATION_URL": "https://checks.example"]
        #expect(try TestProcess.claims(["db", "migrate"], environment: env).status == 0)
        let texts = [
            "Unemployment fell to 3.4% in January, said \"the minister\", <script>alert(1)</script>.",
            "Zürich 🗳️ spent *twice* as much | # not a heading, in 2025.",
            "The council voted 7-2 on Tuesday.",
        ]
        for (n, text) in texts.enumerated() {
            let add = try TestProcess.claims(["add", text, "--source-url", "https://news.example/\(n)", "--source-title", "Story, \(n)"], environment: env)
            #expect(add.status == 0, "\(add.stderr)")
        }
        #expect(try TestProcess.claims(["verify", "1", "--verdict", "false", "--evidence", "https://stats.example/cpi", "--note", "BLS: 3.7%, not 3.4%"], environment: env).status == 0)
        #expect(try TestProcess.claims(["verify", "2", "--verdict", "unverifiable", "--evidence", "https://stats.example/zh"], environment: env).status == 0)
        #expect(try TestProcess.claims(["dismiss", "3", "--reason", "procedural"], environment: env).status == 0)
        folder = NSTemporaryDirectory() + "claims-report-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    @Test func jsonReportMatchesTheDatabase() throws {
        let result = try TestProcess.claims(["report", "--format", "json", "--output", folder + "/r.json"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/r.json"))
        let report = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(report["total"] as? Int == 3)
        #expect((report["organization"] as? [String: Any])?["name"] as? String == "Example Checks")
        let claims = report["claims"] as! [[String: Any]]
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
        #expect(records[1][textColumn] == "Unemployment fell to 3.4% in January, said \"the minister\", <script>alert(1)</script>.")
        let verified = try TestProcess.claims(["report", "--format", "csv", "--status", "verified", "--verdict", "false"], environment: env)
        #expect(CSV.parse(verified.stdout).count == 2)
        let byNobody = try TestProcess.claims(["report", "--format", "csv", "--reviewer", "nobody"], environment: env)
        #expect(CSV.parse(byNobody.stdout).count == 1, "header only")
        let byAna = try TestProcess.claims(["report", "--format", "csv", "--reviewer", "ana"], environment: env)
        #expect(CSV.parse(byAna.stdout).count == 4, "ana verified two and dismissed one")
    }

    @Test func claimReviewCoversVerifiedClaimsOnly() throws {
        let result = try TestProcess.claims(["report", "--format", "claimreview"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let reviews = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
        #expect(reviews.count == 2)
        #expect(reviews.allSatisfy { $0["@type"] as? String == "ClaimReview" })
        let rating = reviews[0]["reviewRating"] as? [String: Any]
        #expect(rating?["alternateName"] as? String == "False")
        #expect((reviews[0]["author"] as? [String: Any])?["name"] as? String == "Example Checks")
        let unverifiable = reviews[1]["reviewRating"] as? [String: Any]
        #expect(unverifiable?["alternateName"] as? String == "Unverifiable")
    }

    @Test func aBadTemplateWritesNothing() throws {
        try "{{#claims}} unclosed".write(toFile: folder + "/bad.mustache", atomically: true, encoding: .utf8)
        let result = try TestProcess.claims(
            ["report", "--format", "html", "--template", folder + "/bad.mustache", "--output", folder + "/bad.html"], environment: env)
        #expect(result.status != 0)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder + "/bad.html"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func htmlIsOneSelfContainedFile() throws {
        let result = try TestProcess.claims(["report", "--format", "html", "--output", folder + "/r.html"], environment: env)
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
        let stats = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(stats["total"] as? Int == 3)
        #expect((stats["by_status"] as? [String: Int])?["verified"] == 2)
        #expect((stats["verdicts_by_reviewer"] as? [String: Int])?["ana"] == 2)
        #expect(stats["median_hours_to_verdict"] is Double)
    }
}
