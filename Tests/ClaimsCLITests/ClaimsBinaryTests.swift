import ClaimStore
import Foundation
import Postgres
import TestSupport
import Testing

/// End to end: the built `claims` binary, its output and exit codes.
@Suite("claims binary against a configured database", .dropsTestDatabases)
struct ClaimsBinaryTests {
    let database: TestDatabase
    var env: [String: String] { ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "ana"] }

    init() throws {
        database = try TestDatabase.migrated("cli")
    }

    @Test func addListShowRoundTrip() throws {
        let text = "The U.S. and Russia agreed to extend New START through Feb. 4, 2026."
        let add = try TestProcess.claims(
            [
                "add", text, "--source-url", "https://example.com/new-start", "--speaker", "State Department",
                "--format", "json",
            ],
            environment: env)
        #expect(add.status == 0, "\(add.stderr)")
        let added = try #require(try JSONSerialization.jsonObject(with: Data(add.stdout.utf8)) as? [String: Any])
        let claim = try #require(added["claim"] as? [String: Any])
        let id = try #require(claim["id"] as? Int)
        #expect(claim["status"] as? String == "pending")
        #expect(claim["created_by"] as? String == "ana")
        #expect(claim.keys.contains("verdict"), "absent values are null, not missing")

        let list = try TestProcess.claims(["list", "--status", "pending", "--format", "json"], environment: env)
        #expect(list.status == 0)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(listed.contains { $0["id"] as? Int == id && $0["text"] as? String == text })

        let show = try TestProcess.claims(["show", "#\(id)"], environment: env)
        #expect(show.status == 0)
        #expect(show.stdout.contains("Claim #\(id)"))
        #expect(show.stdout.contains(text))
        #expect(show.stdout.contains("https://example.com/new-start"))
        #expect(show.stdout.contains("created  by ana"))
        #expect(!show.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func aClaimCheckedBeforeIsFlaggedInAddListShowAndSimilarUntilUnlinked() throws {
        func run(_ arguments: [String]) throws -> ProcessResult {
            let result = try TestProcess.claims(arguments, environment: env)
            #expect(result.status == 0, "claims \(arguments.joined(separator: " ")): \(result.stderr)")
            return result
        }
        func addedID(_ text: String, _ url: String) throws -> Int {
            let add = try run(["add", text, "--source-url", url, "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(add.stdout.utf8)) as? [String: Any])
            return try #require((object["claim"] as? [String: Any])?["id"] as? Int)
        }
        let original = try addedID("The Treasury sanctioned 32 Russian entities on Friday.", "https://news.example/a")
        _ = try run(["verify", String(original), "--verdict", "false", "--evidence", "https://treasury.example/list"])
        let otherNumber = try addedID(
            "The Treasury sanctioned 23 Russian entities on Friday.", "https://news.example/c")

        let add = try run([
            "add", "Treasury has sanctioned 32 Russian entities on Friday", "--source-url", "https://news.example/b",
        ])
        #expect(add.stdout.contains("checked before: #\(original), false, "), "\(add.stdout)")
        let repeated = Int(add.stdout.split(separator: "#")[1].prefix { $0.isNumber })!

        let table = try run(["list", "--status", "pending"]).stdout
        #expect(table.contains("CHECKED BEFORE"))
        let repeatedLine = table.split(separator: "\n").first { $0.hasPrefix("#\(repeated) ") }
        #expect(repeatedLine?.contains("#\(original), false, ") == true, "\(table)")
        let otherLine = table.split(separator: "\n").first { $0.hasPrefix("#\(otherNumber) ") }
        #expect(otherLine?.contains("#\(original), false, ") == false, "23 entities is not the claim checked before")
        #expect(
            otherLine?.contains("variant of #\(original) (false, ") == true, "but the same claim with another figure")

        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try run(["list", "--format", "json"]).stdout.utf8))
                as? [[String: Any]])
        let listed = try #require(json.first { $0["id"] as? Int == repeated })
        let prior = try #require(listed["checked_before"] as? [[String: Any]]).first
        #expect(prior?["id"] as? Int == original && prior?["verdict"] as? String == "false")
        let unrelated = try #require(json.first { $0["id"] as? Int == otherNumber }?["checked_before"] as? [Any])
        #expect(unrelated.isEmpty)

        #expect(try run(["show", String(repeated)]).stdout.contains("checked before: #\(original), false"))
        let similar = try run(["similar", String(repeated), "--format", "csv"]).stdout
        #expect(similar.contains("\n\(original),"), "\(similar)")

        _ = try run(["unlink", String(repeated), String(original)])
        #expect(!(try run(["similar", String(repeated), "--format", "csv"]).stdout.contains("\n\(original),")))
        #expect(!(try run(["show", String(repeated)]).stdout.contains("checked before")))
        #expect(try run(["history", String(repeated)]).stdout.contains("unlinked"))
    }

    @Test func csvOutputIsRFC4180() throws {
        let awkward = "He said \"no\", then left,\nand \u{1F5F3}\u{FE0F} voted."
        let add = try TestProcess.claims(["add", awkward, "--source-url", "https://example.com/csv"], environment: env)
        #expect(add.status == 0, "\(add.stderr)")
        let list = try TestProcess.claims(["list", "--format", "csv"], environment: env)
        #expect(list.status == 0)
        let records = CSV.parse(list.stdout)
        #expect(records.first?.first == "id")
        let textColumn = records[0].firstIndex(of: "text")!
        // A claim is stored on one line, as ingest stores it: the line break became a space.
        let stored = awkward.replacingOccurrences(of: "\n", with: " ")
        #expect(records.dropFirst().contains { $0[textColumn] == stored })
        #expect(records.allSatisfy { $0.count == records[0].count })
    }

    @Test func anUnknownClaimExitsOneWithOneSentence() throws {
        let show = try TestProcess.claims(["show", "999999"], environment: env)
        #expect(show.status == 1)
        #expect(show.stdout.isEmpty)
        #expect(show.stderr.split(separator: "\n").count == 1)
        #expect(show.stderr.contains("No claim #999999"))
    }

    @Test func badUsageExitsTwoAndStoresNothing() throws {
        let before = try claimCount()
        let badURL = try TestProcess.claims(["add", "A claim.", "--source-url", "not a url"], environment: env)
        #expect(badURL.status == 2)
        #expect(badURL.stderr.contains("not a full http or https address"))
        let badStatus = try TestProcess.claims(["list", "--status", "done"], environment: env)
        #expect(badStatus.status == 2)
        let badID = try TestProcess.claims(["show", "twelve"], environment: env)
        #expect(badID.status == 2)
        let emptyText = try TestProcess.claims(["add", "  ", "--source-url", "https://example.com"], environment: env)
        #expect(emptyText.status == 2)
        #expect(try claimCount() == before)
    }

    @Test func aWrongPasswordExitsOneWithoutPrintingIt() throws {
        let admin = try database.connect()
        try admin.executeScript(
            "DO $$ BEGIN CREATE ROLE cli_login LOGIN PASSWORD 'correct-pony'; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
        let secret = "hunter2-wrong-Zq9"
        let url = try database.tcpURL(user: "cli_login", password: secret)
        let result = try TestProcess.claims(["list", "--database", url], environment: [:])
        #expect(result.status == 1)
        #expect(!result.stderr.contains(secret))
        #expect(!result.stdout.contains(secret))
        #expect(result.stderr.contains("refused the user name or password"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func anUnreachableDatabaseExitsOne() throws {
        let result = try TestProcess.claims(
            ["list"], environment: ["DATABASE_URL": "postgresql://nobody:pw-xyz@127.0.0.1:1/claims?connect_timeout=3"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Could not connect"))
        #expect(result.stderr.contains("127.0.0.1:1") || result.stderr.contains("127.0.0.1"))
        #expect(!result.stderr.contains("pw-xyz"))
    }

    @Test func anUnmigratedDatabaseSaysToMigrate() throws {
        let empty = try TestDatabase.create("cliempty")
        let result = try TestProcess.claims(["list"], environment: ["DATABASE_URL": empty.conninfo])
        #expect(result.status == 1)
        #expect(result.stderr.contains("claims db migrate"))
    }

    @Test func libpqEnvironmentVariablesAreHonoured() throws {
        // The conninfo's parts as PG* variables, with no DATABASE_URL.
        var pg: [String: String] = [:]
        for part in database.conninfo.split(separator: " ") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            switch pair[0] {
            case "host": pg["PGHOST"] = pair[1]
            case "port": pg["PGPORT"] = pair[1]
            case "user": pg["PGUSER"] = pair[1]
            case "dbname": pg["PGDATABASE"] = pair[1]
            default: break
            }
        }
        pg["CLAIMS_HOME"] = "/nonexistent/must-not-be-used"
        let result = try TestProcess.claims(["list", "--format", "json"], environment: pg)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("["))
    }

    @Test func migrateTwiceAndConcurrentlyIsSafe() throws {
        let fresh = try TestDatabase.create("climigrate")
        let env = ["DATABASE_URL": fresh.conninfo]
        let results = try TestProcess.claimsConcurrently(4, ["db", "migrate"], environment: env)
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
        #expect(results.filter { $0.stdout.contains("Applied") }.count == 1)
        let again = try TestProcess.claims(["db", "migrate"], environment: env)
        #expect(again.status == 0)
        #expect(again.stdout.contains("up to date"))
    }

    private func claimCount() throws -> Int {
        try #require(try database.connect().query("SELECT count(*) AS n FROM claims").first).decode("n")
    }
}

/// An RFC 4180 reader, for checking what `--format csv` wrote.
enum CSV {
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending {
                pending = nil
                return p
            }
            return iterator.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = n
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\r\n" || c == "\n" {
                record.append(field)
                field = ""
                records.append(record)
                record = []
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
