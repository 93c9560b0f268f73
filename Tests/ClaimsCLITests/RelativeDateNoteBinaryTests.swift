import Foundation
import TestSupport
import Testing

/// `claims extract` and `claims ingest` say, once per article, which relative dates they
/// could not resolve and how to give the date, or which date they read them against.
@Suite("Relative dates left unresolved, as built binaries", .dropsTestDatabases)
struct RelativeDateNoteBinaryTests {
    static func folder(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "claims-dates-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name)) }
        return path
    }

    static let undated = """
        The council voted 7-2 on June 16 to approve 40 new buses, officials said.

        Ridership fell 5 percent last month, the transit authority said.

        The transit authority hired 12 drivers on Tuesday, officials said.
        """

    static func notes(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.hasPrefix("note: ") }
    }

    @Test func extractSaysOncePerArticleHowManyWereLeftAndHowToGiveTheDate() throws {
        let folder = try Self.folder([
            "undated.txt": Self.undated, "dated.txt": "---\npublished: 2026-03-10\n---\n" + Self.undated,
        ])
        let result = try TestProcess.claims(["extract", "--format", "json", folder])
        #expect(result.status == 0, "\(result.stderr)")
        let notes = Self.notes(result.stderr)
        #expect(notes.count == 1, "\(result.stderr)")
        let note = try #require(notes.first)
        #expect(
            note.contains(
                "undated.txt: 3 relative dates (\"June 16\", \"last month\", \"Tuesday\") were left unresolved"))
        #expect(note.contains("--published YYYY-MM-DD"))
        #expect(note.contains("published: line"))
        // Every claim is still printed, without the dates it could not resolve.
        let articles = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(articles.count == 2)
        for article in articles {
            #expect(try #require(article["claims"] as? [Any]).count == 3)
        }

        let given = try TestProcess.claims(["extract", "--published", "2026-03-10", folder + "/undated.txt"])
        #expect(given.status == 0)
        #expect(Self.notes(given.stderr).isEmpty, "\(given.stderr)")
    }

    @Test func extractSaysWhichDateItReadThemAgainst() throws {
        let folder = try Self.folder([
            "story.txt": "---\nurl: https://news.example/2019/08/02/council-vote\n---\n" + Self.undated
        ])
        let result = try TestProcess.claims(["extract", folder + "/story.txt"])
        #expect(result.status == 0, "\(result.stderr)")
        let notes = Self.notes(result.stderr)
        #expect(notes.count == 1)
        #expect(notes.first?.contains("3 relative dates were read against 2019-08-02, the date in its URL") == true)
        #expect(result.stdout.contains("2019-07"), "last month, from the URL's date")
    }

    @Test func ingestSaysItToo() throws {
        let database = try TestDatabase.migrated("clidatenote")
        let env = ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "feed"]
        let folder = try Self.folder(["undated.txt": Self.undated])
        let result = try TestProcess.claims(["ingest", folder], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let notes = Self.notes(result.stderr)
        #expect(notes.count == 1, "\(result.stderr)")
        #expect(notes.first?.contains("3 relative dates") == true)
        #expect(result.stdout.contains("Ingested 1 article"))
        let stored = try #require(try database.connect().query("SELECT count(*) AS n FROM claims").first).decode(
            "n", as: Int.self)
        #expect(stored == 3, "no claim is dropped for its date")
    }
}
