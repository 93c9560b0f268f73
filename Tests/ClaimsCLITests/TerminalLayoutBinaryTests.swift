import ArgumentParser
import Foundation
import Postgres
import TestSupport
import Testing

@testable import ClaimsCLI

/// A reviewer's 80-column terminal (issue #15): tables that fit with the claim text whole,
/// the speaker in a column of its own, a page of `claims list`, help that reads and copies,
/// mistakes that say what was meant, and `claims next` that does not pile up claims.
/// Output is checked as the built binary prints it on a pseudo-terminal 80 columns wide.
@Suite("the reviewer's terminal, as built binaries on an 80-column pty", .dropsTestDatabases)
struct TerminalLayoutBinaryTests {
    let database: TestDatabase
    var env: [String: String] { ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "ana"] }

    static let longText =
        "The Riverside City Council voted 7-2 on Tuesday night to approve a $2.4 billion transit budget for the 2026 fiscal year, the largest in the city's history and a 14% increase over last year."
    static let speaker = "the Riverside mayor's office of budget and planning"
    static let note =
        "The council minutes give 7-2 but the budget office's own figures put the increase at 11 percent, not 14, once the one-off grant is left out; see table 3 of the adopted budget."

    init() throws {
        database = try TestDatabase.migrated("tty")
    }

    /// Words of `text` in order, so wrapped lines compare with the text they came from.
    static func words(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private func addLongClaim() throws -> Int {
        let add = try TestProcess.claims(
            [
                "add", Self.longText, "--source-url", "https://example.com/budget", "--source-title",
                "Council approves $2.4 billion transit budget after an eight-hour meeting", "--speaker", Self.speaker,
                "--format", "json",
            ],
            environment: env)
        #expect(add.status == 0, "\(add.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(add.stdout.utf8)) as? [String: Any])
        return try #require((object["claim"] as? [String: Any])?["id"] as? Int)
    }

    private func article() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("budget.txt").path
        try """
        title: Council approves the largest transit budget in the history of the city of Riverside
        published: 2026-02-04

        \(Self.longText) Average emergency-room wait times in the Northvale region fell to 3 hours and 12 minutes in 2025, down from 3 hours and 47 minutes a year earlier, according to an annual report published by the regional health board.
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func everyTableAndShowFitsEightyColumnsWithTheTextWhole() throws {
        let id = try addLongClaim()
        let take = try TestProcess.claims(["next"], environment: env)
        #expect(take.status == 0, "\(take.stderr)")
        let verify = try TestProcess.claims(
            [
                "verify", String(id), "--verdict", "mostly-false", "--evidence", "https://evidence.example/b", "--note",
                Self.note,
            ],
            environment: env)
        #expect(verify.status == 0, "\(verify.stderr)")
        _ = try TestProcess.claims(
            [
                "add", "Bus ridership rose 9 percent in 2025 to 41 million trips.", "--source-url",
                "https://example.com/bus",
            ], environment: env)
        let file = try article()

        let commands: [[String]] = [
            ["list"], ["show", String(id)], ["history", String(id)], ["stats"], ["search", "transit budget"],
            ["similar", String(id)], ["verdicts"], ["extract", file], ["extract", "--explain", file],
        ]
        for arguments in commands {
            let result = try TestProcess.claimsInTerminal(arguments, environment: env)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(
                TestProcess.linesWider(than: 80, in: result.stdout).isEmpty,
                "\(arguments) printed lines over 80 columns:\n\(TestProcess.linesWider(than: 80, in: result.stdout).joined(separator: "\n"))"
            )
        }
        // The claim text and the note are never cut: their words are all there, in order.
        for arguments in [["list"], ["show", String(id)], ["search", "transit budget"]] {
            let out = try TestProcess.claimsInTerminal(arguments, environment: env).stdout
            #expect(Self.words(out).contains(Self.words(Self.longText)), "\(arguments):\n\(out)")
            // Only a fixed column (a long speaker in `list`) may be cut.
            if arguments != ["list"] { #expect(!out.contains("…"), "\(arguments) cut something:\n\(out)") }
        }
        for arguments in [["history", String(id)], ["show", String(id)]] {
            let out = try TestProcess.claimsInTerminal(arguments, environment: env).stdout
            #expect(Self.words(out).contains(Self.words(Self.note)), "\(arguments) cut the note:\n\(out)")
        }
        let extracted = try TestProcess.claimsInTerminal(["extract", file], environment: env).stdout
        #expect(Self.words(extracted).contains(Self.words(Self.longText)), "\(extracted)")
    }

    @Test func wideAndPipedTablesKeepEachRowOnOneLine() throws {
        let id = try addLongClaim()
        let wide = try TestProcess.claimsInTerminal(["list", "--wide"], environment: env)
        #expect(wide.status == 0, "\(wide.stderr)")
        let row = try #require(wide.stdout.split(separator: "\n").first { $0.hasPrefix("#\(id) ") })
        #expect(row.contains(Self.longText) && row.contains(Self.speaker), "\(wide.stdout)")
        let noTrunc = try TestProcess.claimsInTerminal(["list", "--no-trunc"], environment: env)
        #expect(noTrunc.stdout == wide.stdout)

        // A pipe gets whole rows too, for grep; COLUMNS still fits them to a width.
        let piped = try TestProcess.claims(["list"], environment: env)
        #expect(
            piped.stdout.split(separator: "\n").contains { $0.hasPrefix("#\(id) ") && $0.contains(Self.longText) },
            "\(piped.stdout)")
        let columns = try TestProcess.claims(["list"], environment: env.merging(["COLUMNS": "80"]) { $1 })
        #expect(TestProcess.linesWider(than: 80, in: columns.stdout).isEmpty, "\(columns.stdout)")
    }

    @Test func theSpeakerHasAColumnOfItsOwn() throws {
        let id = try addLongClaim()
        let plain = env.merging(["NO_COLOR": "1"]) { $1 }
        for result in [
            try TestProcess.claimsInTerminal(["list"], environment: plain),
            try TestProcess.claims(["list"], environment: plain),
        ] {
            let lines = result.stdout.split(separator: "\n").map(String.init)
            let header = try #require(lines.first)
            #expect(header.contains("SPEAKER"), "\(header)")
            #expect(!result.stdout.contains("\(Self.speaker): "), "the speaker reads as a quote:\n\(result.stdout)")
            let row = try #require(lines.first { $0.hasPrefix("#\(id) ") })
            // In the SPEAKER column: it starts where the header's SPEAKER starts.
            let column = header.range(of: "SPEAKER")!.lowerBound.utf16Offset(in: header)
            let cell = String(row.dropFirst(column))
            #expect(cell.hasPrefix(String(Self.speaker.prefix(10))), "\(row)")
        }
    }

    @Test func listShowsAPageOnATerminalAndEverythingElsewhere() throws {
        let db = try database.connect()
        try db.execute(
            """
            INSERT INTO claims (text, normalized, kind, score, created_by)
            SELECT 'Claim number ' || n || ' says 3 percent.', 'claim number ' || n || ' says 3 percent.', 'quantity', n / 100.0, 'seed'
            FROM generate_series(1, 63) AS n
            """)
        func rows(_ out: String) -> Int { out.split(separator: "\n").filter { $0.hasPrefix("#") }.count }

        let page = try TestProcess.claimsInTerminal(["list"], environment: env)
        #expect(page.status == 0, "\(page.stderr)")
        #expect(rows(page.stdout) == 50)
        #expect(page.stderr.contains("13 more"), "\(page.stderr)")
        #expect(page.stderr.contains("--limit N") && page.stderr.contains("--all"), "\(page.stderr)")

        let all = try TestProcess.claimsInTerminal(["list", "--all"], environment: env)
        #expect(rows(all.stdout) == 63)
        #expect(!all.stderr.contains("more"))
        let limited = try TestProcess.claimsInTerminal(["list", "--limit", "55"], environment: env)
        #expect(rows(limited.stdout) == 55)
        #expect(!limited.stderr.contains("more"))
        let few = try TestProcess.claimsInTerminal(["list", "--status", "verified"], environment: env)
        #expect(!few.stderr.contains("more"), "no page note when everything is shown")

        // Scripts get everything: a pipe, and json or csv even on a terminal.
        #expect(rows(try TestProcess.claims(["list"], environment: env).stdout) == 63)
        let csv = try TestProcess.claimsInTerminal(["list", "--format", "csv"], environment: env)
        #expect(csv.stdout.split(whereSeparator: \.isNewline).count == 64)
        let json = try TestProcess.claimsInTerminal(["list", "--format", "json"], environment: env)
        #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any])?.count == 63)

        let both = try TestProcess.claims(["list", "--all", "--limit", "5"], environment: env)
        #expect(both.status == 2)
    }

    @Test func everyHelpFitsEightyColumnsAndItsExamplesParse() throws {
        var paths: [[String]] = [[]]
        func walk(_ command: ParsableCommand.Type, _ path: [String]) {
            for sub in command.configuration.subcommands {
                paths.append(path + [sub._commandName])
                walk(sub, path + [sub._commandName])
            }
        }
        walk(Claims.self, [])
        #expect(paths.count > 25)
        var examples = 0
        for path in paths {
            let help = try TestProcess.claimsInTerminal(path + ["--help"])
            #expect(help.status == 0, "\(path): \(help.stderr)")
            #expect(
                TestProcess.linesWider(than: 80, in: help.stdout).isEmpty,
                "claims \(path.joined(separator: " ")) --help:\n\(TestProcess.linesWider(than: 80, in: help.stdout).joined(separator: "\n"))"
            )
            #expect(!help.stdout.contains("<options>"), "\(path): the usage names its options:\n\(help.stdout)")
            for example in Self.exampleCommands(help.stdout) {
                examples += 1
                do {
                    _ = try Claims.parseAsRoot(example)
                } catch {
                    let message = Claims.message(for: error)
                    for parseFailure in [
                        "Unknown option", "Unexpected argument", "Missing value", "Missing expected argument",
                        "is invalid for",
                    ] {
                        #expect(
                            !message.contains(parseFailure),
                            "example `claims \(example.joined(separator: " "))` in \(path): \(message)")
                    }
                }
            }
        }
        #expect(examples > 30, "examples found: \(examples)")

        let report = try TestProcess.claimsInTerminal(["report", "--help"]).stdout
        let usage = report.components(separatedBy: "\n\n").first { $0.hasPrefix("USAGE:") } ?? ""
        for option in ["--format", "--status", "--since", "--output", "--organization-url"] {
            #expect(usage.contains(option), "report usage lacks \(option):\n\(usage)")
        }
        // extract lists only the formats it prints, and refuses the others by name.
        let extract = try TestProcess.claimsInTerminal(["extract", "--help"]).stdout
        let formatHelp =
            extract.components(separatedBy: "--format <format>").last?.components(separatedBy: "\n  --").first ?? ""
        #expect(formatHelp.contains("json") && !formatHelp.contains("csv"), "\(formatHelp)")
        let csv = try TestProcess.claims(["extract", "--format", "csv", "x.txt"])
        #expect(csv.status == 2)
        #expect(csv.stderr.hasPrefix("error: ") && csv.stderr.contains("'table' and 'json'"), "\(csv.stderr)")
    }

    /// The `claims ...` commands in a help's discussion, continuation lines joined,
    /// each split as a shell would (quotes kept together; pipes and redirections cut).
    static func exampleCommands(_ help: String) -> [[String]] {
        let discussion = help.components(separatedBy: "\nUSAGE:").first ?? ""
        var logical: [String] = []
        var pending = ""
        for line in discussion.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix(" \\") {
                pending += trimmed.dropLast(2) + " "
                continue
            }
            logical.append(pending + trimmed)
            pending = ""
        }
        var commands: [[String]] = []
        for line in logical {
            for segment in line.components(separatedBy: " | ") {
                var words = shellWords(segment)
                while let first = words.first, first.contains("="), !first.hasPrefix("-") { words.removeFirst() }
                guard words.first == "claims" else { continue }
                if let redirect = words.firstIndex(of: ">") { words.removeSubrange(redirect...) }
                commands.append(Array(words.dropFirst()))
            }
        }
        return commands
    }

    static func shellWords(_ text: String) -> [String] {
        var words: [String] = []
        var word = ""
        var quote: Character?
        var inWord = false
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    @Test func mistakesSayWhatWasMeantWithOneErrorPrefix() throws {
        let cases: [(arguments: [String], says: String)] = [
            (["lst"], "did you mean `claims list`?"),
            (["lsit", "--status", "pending"], "did you mean `claims list`?"),
            (["shwo", "12"], "did you mean `claims show`?"),
            (["db", "strat"], "did you mean `claims db start`?"),
            (["frobnicate"], "`claims --help` lists them"),
            (["list", "--limit", "-1"], "--limit must be 1 or more"),
            (["list", "--min-score", "-0.5"], "'--min-score <x>': a score is between 0 and 1"),
            // One check, where the option is parsed, for every command that takes it.
            (["search", "budget", "--min-score", "1.5"], "'--min-score <x>': a score is between 0 and 1"),
            (["next", "--min-score", "2"], "'--min-score <x>': a score is between 0 and 1"),
            (["extract", "none.txt", "--min-score", "x"], "'--min-score <x>': a score is between 0 and 1"),
            (["ingest", "none.txt", "--min-score", "1.01"], "'--min-score <x>': a score is between 0 and 1"),
            (["list", "--bogus"], "Unknown option '--bogus'"),
            (["show", "abc"], "abc"),
        ]
        for (arguments, says) in cases {
            let result = try TestProcess.claims(arguments, environment: env)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(says), "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: "), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Error:"), "\(arguments): \(result.stderr)")
        }
        #expect(
            try TestProcess.claims(["list", "--limit=-1"], environment: env).stderr
                == (try TestProcess.claims(["list", "--limit", "-1"], environment: env).stderr))
        let runtime = try TestProcess.claims(["show", "999999"], environment: env)
        #expect(runtime.status == 1)
        #expect(runtime.stderr.hasPrefix("error: "), "\(runtime.stderr)")
    }

    @Test func verdictNamesMatchWithoutRegardToCase() throws {
        let id = try addLongClaim()
        let verify = try TestProcess.claims(
            ["verify", String(id), "--verdict", "Mostly-FALSE", "--evidence", "https://evidence.example/c"],
            environment: env)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("verified: mostly-false"), "\(verify.stdout)")
        let db = try database.connect()
        #expect(
            try #require(try db.query("SELECT verdict FROM claims WHERE id = \(Int64(id))").first).decode(
                "verdict", as: String.self) == "mostly-false")
        let report = try TestProcess.claims(
            ["report", "--verdict", "MOSTLY-false", "--format", "json"], environment: env)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains(Self.longText), "\(report.stdout)")
        let unknown = try TestProcess.claims(["verify", String(id), "--verdict", "Pants-On-Fire"], environment: env)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("not on the verdict scale"), "\(unknown.stderr)")
    }

    @Test func nextWhileHoldingAClaimShowsItUnlessAnotherIsAskedFor() throws {
        let db = try database.connect()
        for (text, score) in [
            ("Fares rose 3 percent in March.", 0.9), ("The port handled 2 million containers.", 0.8),
            ("Rents rose 9 percent in 2024.", 0.7),
        ] {
            try db.execute(
                "INSERT INTO claims (text, normalized, kind, score, created_by) VALUES (\(text), \(text.lowercased()), 'quantity', \(score), 'seed')"
            )
        }
        func held() throws -> [Int64] {
            try db.query("SELECT id FROM claims WHERE assignee = 'ana' AND status = 'in_review' ORDER BY id").map {
                try $0.decode("id")
            }
        }
        let first = try TestProcess.claimsInTerminal(["next"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let taken = try held()
        #expect(taken.count == 1)

        let again = try TestProcess.claimsInTerminal(["next"], environment: env)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try held() == taken, "no second claim was taken")
        #expect(again.stdout.contains("Claim #\(taken[0])"), "the held claim is shown:\n\(again.stdout)")
        #expect(again.stderr.contains("You already hold #\(taken[0])"), "\(again.stderr)")
        #expect(
            again.stderr.contains("claims next --another") && again.stderr.contains("claims release \(taken[0])"),
            "\(again.stderr)")

        let another = try TestProcess.claimsInTerminal(["next", "--another"], environment: env)
        #expect(another.status == 0, "\(another.stderr)")
        #expect(try held().count == 2)
        #expect(another.stderr.contains("You also hold #\(taken[0])"), "\(another.stderr)")

        // Scripts keep taking claims as before.
        let json = try TestProcess.claims(["next", "--format", "json"], environment: env)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(try held().count == 3)
    }
}
