import Foundation
import TestSupport
import Testing

/// The reports people read (HTML, Markdown): claims in the order a reader takes them,
/// a contents list by verdict, each text once, "1 claim", and progress on a terminal.
@Suite("claims report: order, contents, counts and progress", .dropsTestDatabases)
struct ReportOrderBinaryTests {
    let database: TestDatabase
    let env: [String: String]

    /// Six claims: #1, #4, #6 verified in that order (so #6 is the newest verdict), #5 in
    /// review, #2 pending, #3 dismissed.
    init() throws {
        database = try TestDatabase.migrated("clirorder")
        env = ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "ana"]
        let texts = [
            "Unemployment fell to 3.4% in January.", "The bridge carries 40,000 cars a day.",
            "The mayor is the best in the country.", "Exports grew by 3.2% in 2025.",
            "The council voted 7-2 on Tuesday.", "Rents rose 12% in a year.",
        ]
        for (n, text) in texts.enumerated() {
            let add = try TestProcess.claims(
                ["add", text, "--source-url", "https://news.example/\(n + 1)", "--source-title", "Story \(n + 1)"],
                environment: env)
            #expect(add.status == 0, "\(add.stderr)")
        }
        for (id, verdict) in [("1", "false"), ("4", "true"), ("6", "false")] {
            let verify = try TestProcess.claims(
                ["verify", id, "--verdict", verdict, "--evidence", "https://evidence.example/\(id)"], environment: env)
            #expect(verify.status == 0, "\(verify.stderr)")
        }
        #expect(try TestProcess.claims(["dismiss", "3", "--reason", "opinion"], environment: env).status == 0)
        #expect(try TestProcess.claims(["assign", "5", "--to", "bob"], environment: env).status == 0)
    }

    /// The claim ids in the order `pattern`'s first capture finds them.
    private static func ids(_ text: String, _ pattern: Regex<(Substring, Substring)>) -> [Int] {
        text.matches(of: pattern).compactMap { Int($0.1) }
    }

    @Test func htmlAndMarkdownListVerifiedNewestFirstThenInReviewPendingDismissed() throws {
        let html = try TestProcess.claims(["report", "--format", "html"], environment: env)
        #expect(html.status == 0, "\(html.stderr)")
        #expect(Self.ids(html.stdout, /<article class="card claim" id="claim-(\d+)">/) == [6, 4, 1, 5, 2, 3])
        // One heading per group, each before its first claim.
        let headings = html.stdout.matches(of: /<h2 class="group" id="status-([a-z_]+)">([^<]+)<\/h2>/).map {
            "\($0.1): \($0.2)"
        }
        #expect(
            headings == [
                "verified: Verified · 3 claims", "in_review: In review · 1 claim",
                "pending: Pending · 1 claim", "dismissed: Dismissed · 1 claim",
            ])
        let markdown = try TestProcess.claims(["report", "--format", "markdown"], environment: env)
        #expect(Self.ids(markdown.stdout, /(?m)^### #(\d+)\s/) == [6, 4, 1, 5, 2, 3])
        // The data formats keep id order, which scripts rely on.
        let csv = try TestProcess.claims(["report", "--format", "csv"], environment: env)
        #expect(CSV.parse(csv.stdout).dropFirst().map(\.first) == ["1", "2", "3", "4", "5", "6"])
        let json = try TestProcess.claims(["report", "--format", "json"], environment: env)
        #expect(Self.ids(json.stdout, /\{"id":(\d+),/) == [1, 2, 3, 4, 5, 6])
    }

    @Test func htmlHasAShortContentsListByVerdictLinkingToTheClaims() throws {
        let html = try TestProcess.claims(["report", "--format", "html"], environment: env).stdout
        let start = try #require(html.range(of: "<nav class=\"card contents\""))
        let end = try #require(html[start.upperBound...].range(of: "</nav>"))
        let contents = String(html[start.lowerBound..<end.upperBound])
        #expect(contents.contains("<li><a href=\"#status-verified\">Verified</a> · 3 claims"), "\(contents)")
        #expect(
            contents.contains("<li>False · 2 claims: <a href=\"#claim-6\">#6</a> <a href=\"#claim-1\">#1</a></li>"),
            "\(contents)")
        #expect(contents.contains("<li>True · 1 claim: <a href=\"#claim-4\">#4</a></li>"), "\(contents)")
        #expect(!contents.contains("Mixed"), "verdicts without claims are left out")
        let groups = contents.matches(of: /<li><a href="#status-([a-z_]+)">/).map { String($0.1) }
        #expect(groups == ["verified", "in_review", "pending", "dismissed"])
        // Every link in the contents lands on something in the page.
        for link in contents.matches(of: /href="#([^"]+)"/) {
            #expect(html.contains("id=\"\(link.1)\""), "#\(link.1)")
        }
    }

    @Test func eachClaimsTextIsShownOnce() throws {
        let html = try TestProcess.claims(["report", "--format", "html"], environment: env).stdout
        let markdown = try TestProcess.claims(["report", "--format", "markdown"], environment: env).stdout
        // `add` stores the claim's own sentence as its appearance's context.
        for text in ["Unemployment fell to 3.4% in January.", "Rents rose 12% in a year."] {
            #expect(html.components(separatedBy: text).count - 1 == 1, "\(text) in HTML")
            #expect(markdown.components(separatedBy: text).count - 1 == 1, "\(text) in Markdown")
        }
    }

    @Test func oneClaimIsOneClaimInEveryFormatAndMessage() throws {
        let folder = NSTemporaryDirectory() + "claims-rorder-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let html = try TestProcess.claims(["report", "--format", "html", "--status", "pending"], environment: env)
            .stdout
        #expect(html.contains(" · 1 claim · generated"), "\(html)")
        #expect(!html.contains("1 claims"))
        let markdown = try TestProcess.claims(
            ["report", "--format", "markdown", "--status", "pending"], environment: env
        ).stdout
        #expect(markdown.contains(" · 1 claim · generated"), "\(markdown)")
        #expect(!markdown.contains("1 claims"))
        let all = try TestProcess.claims(["report", "--format", "markdown"], environment: env).stdout
        #expect(all.contains(" · 6 claims · generated"))
        for format in ["markdown", "html", "csv", "json"] {
            let written = try TestProcess.claims(
                ["report", "--format", format, "--status", "in_review", "--output", folder + "/r." + format],
                environment: env)
            #expect(written.stderr == "Wrote 1 claim to \(folder)/r.\(format).\n", "\(format)")
        }
        let review = try TestProcess.claims(
            [
                "report", "--format", "claimreview", "--status", "verified", "--verdict", "true", "--review-url",
                "https://checks.example/{id}",
                "--output", folder + "/r.jsonld",
            ], environment: env)
        #expect(review.stderr == "Wrote 1 claim review to \(folder)/r.jsonld.\n", "\(review.stderr)")
    }

    @Test func aLongReportShowsProgressOnATerminalAndNowhereElse() throws {
        let big = try TestDatabase.migrated("clirprogress")
        let bigEnv = ["DATABASE_URL": big.conninfo, "CLAIMS_REVIEWER": "ana"]
        try big.connect().executeScript(
            """
            INSERT INTO claims (text, normalized, created_by)
            SELECT 'Claim number ' || g || ' rose 5%.', 'claim number ' || g || ' rose 5%', 'loader' FROM generate_series(1, 1200) g
            """)
        let file = NSTemporaryDirectory() + "claims-progress-\(UUID().uuidString.prefix(8)).csv"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let atTerminal = try TestProcess.claimsWithTerminalStandardError(
            ["report", "--format", "csv", "--output", file], environment: bigEnv)
        #expect(atTerminal.status == 0, "\(atTerminal.stderr)")
        // Redrawn in place on one line, ending at the total, then cleared before the summary.
        #expect(
            atTerminal.stderr.contains("\rWriting the report: 1,200 of 1,200 claims (100%)\u{1B}[K\r\u{1B}[K"),
            "\(atTerminal.stderr.debugDescription)")
        #expect(
            atTerminal.stderr.hasSuffix("\r\u{1B}[KWrote 1200 claims to \(file).\n"),
            "\(atTerminal.stderr.debugDescription)")
        #expect(CSV.parse(try String(contentsOfFile: file, encoding: .utf8)).count == 1201)
        // Piped, or with the report itself on standard output: no progress.
        let piped = try TestProcess.claims(["report", "--format", "csv", "--output", file], environment: bigEnv)
        #expect(piped.stderr == "Wrote 1200 claims to \(file).\n")
        let smaller = try TestProcess.claimsWithTerminalStandardError(
            ["report", "--format", "csv", "--output", file], environment: env)
        #expect(!smaller.stderr.contains("Writing the report"), "six claims need no progress")
    }
}
