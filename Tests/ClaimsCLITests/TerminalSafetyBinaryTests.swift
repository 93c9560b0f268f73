import Foundation
import Postgres
import TestSupport
import Testing

/// Text typed into or stored in the database never drives the reviewer's terminal:
/// control characters are removed when stored and shown, not obeyed, when printed.
@Suite("terminal escapes in stored text, as built binaries", .dropsTestDatabases)
struct TerminalSafetyBinaryTests {
    let database: TestDatabase
    var env: [String: String] { ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "ana", "NO_COLOR": "1"] }

    /// Retitles the window, rings the bell and clears the screen when printed raw.
    static let payload = "\u{1B}]0;PWNED\u{07}\u{1B}[2J\r"

    init() throws {
        database = try TestDatabase.migrated("esc")
    }

    /// Control characters other than line feed, which lays out lines.
    static func controls(_ text: String) -> [UInt32] {
        text.unicodeScalars.map(\.value).filter { ($0 < 0x20 && $0 != 0x0A) || (0x7F...0x9F).contains($0) }
    }

    @Test func typedTextIsStoredWithoutControlCharacters() throws {
        let db = try database.connect()
        let add = try TestProcess.claims(
            [
                "add", "Fares rose 3 percent\(Self.payload) in March.", "--source-url", "https://example.com/fares",
                "--speaker", "Mayor\(Self.payload)", "--source-title", "Fares\(Self.payload)", "--reviewer",
                "ana\(Self.payload)",
            ],
            environment: env)
        #expect(add.status == 0, "\(add.stderr)")
        let row = try #require(
            try db.query(
                "SELECT c.id, c.text, c.speaker, c.created_by, s.title FROM claims c JOIN claim_appearances a ON a.claim_id = c.id JOIN sources s ON s.id = a.source_id"
            ).first)
        let id: Int64 = try row.decode("id")
        for column in ["text", "speaker", "created_by", "title"] {
            let value = try row.decode(column, as: String.self)
            #expect(Self.controls(value).isEmpty, "\(column): \(value.debugDescription)")
            #expect(value.contains("]0;PWNED"), "the printable rest is kept: \(value.debugDescription)")
        }
        let verify = try TestProcess.claims(
            [
                "verify", String(id), "--verdict", "false", "--evidence", "https://evidence.example/f",
                "--note", "It was 2%\(Self.payload)\nsee the table",
            ],
            environment: env)
        #expect(verify.status == 0, "\(verify.stderr)")
        let note = try #require(
            try db.query("SELECT verdict_note FROM claims WHERE id = \(id)").first?.decode(
                "verdict_note", as: String?.self))
        #expect(Self.controls(note).isEmpty, "\(note.debugDescription)")
        #expect(note.contains("\nsee the table"), "a note keeps its line breaks")
        let events = try db.query(
            "SELECT reviewer, coalesce(note, '') AS note FROM claim_events WHERE claim_id = \(id)")
        for event in events {
            #expect(Self.controls(try event.decode("reviewer", as: String.self)).isEmpty)
            #expect(Self.controls(try event.decode("note", as: String.self)).isEmpty)
        }
        let badURL = try TestProcess.claims(
            ["evidence", "add", String(id), "https://evidence.example/\u{1B}[2J"], environment: env)
        #expect(badURL.status == 2, "a URL with a control character is not a web address")
    }

    @Test func controlCharactersStoredByOtherClientsAreShownNotObeyed() throws {
        let db = try database.connect()
        // psql, or an older build, can store anything.
        let id: Int64 = try #require(
            try db.query(
                """
                INSERT INTO claims (text, normalized, speaker, kind, score, created_by)
                VALUES (\("Crime fell 12 percent\(Self.payload)."), 'crime fell 12 percent', \("Chief\(Self.payload)"), 'quantity', 0.9, 'seed')
                RETURNING id
                """
            ).first
        ).decode("id")
        try db.execute(
            "INSERT INTO claim_events (claim_id, action, reviewer, to_status, note, claim_version) VALUES (\(id), 'created', \("seed\(Self.payload)"), 'pending', \("imported\(Self.payload)"), 1)"
        )
        try db.execute(
            "INSERT INTO evidence (claim_id, url, stance, note, added_by) VALUES (\(id), 'https://evidence.example/c', 'refutes', \("see\(Self.payload)"), 'ana')"
        )

        for arguments in [
            ["show", String(id)], ["list"], ["history", String(id)], ["search", "crime"],
            ["report", "--format", "markdown"],
        ] {
            let result = try TestProcess.claims(arguments, environment: env)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(Self.controls(result.stdout).isEmpty, "\(arguments) printed \(Self.controls(result.stdout))")
            #expect(result.stdout.contains("\u{241B}"), "\(arguments) shows ESC as ␛: \(result.stdout)")
        }
    }

    @Test func addReadsStandardInputAndRefusesAnEssay() throws {
        let db = try database.connect()
        let piped = try TestProcess.claims(
            ["add", "-", "--source-url", "https://example.com/stdin"], environment: env,
            input: "Unemployment fell to 3.4% in January.\n")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(
            try db.query("SELECT text FROM claims").first?.decode("text", as: String.self)
                == "Unemployment fell to 3.4% in January.")

        // Hundreds of numbers: once PostgreSQL's raw "index row size" error; now one sentence.
        let long = (1...600).map { "\($0) people" }.joined(separator: ", ") + " were counted."
        let refused = try TestProcess.claims(
            ["add", long, "--source-url", "https://example.com/long"], environment: env)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("at most 2000 bytes"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("index row"))
        #expect(try #require(try db.query("SELECT count(*) AS n FROM claims").first).decode("n", as: Int.self) == 1)
    }
}
