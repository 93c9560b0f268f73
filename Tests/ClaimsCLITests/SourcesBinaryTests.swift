import Foundation
import TestSupport
import Testing

/// `claims sources` and `claims source show ID`: the sources `--source ID` refers to, reachable.
@Suite("claims sources and source show", .dropsTestDatabases)
struct SourcesBinaryTests {
    let database: TestDatabase
    let folder: String
    var env: [String: String] { ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "ana", "COLUMNS": "80"] }

    init() throws {
        database = try TestDatabase.migrated("sources")
        folder = NSTemporaryDirectory() + "claims-sources-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
        ---
        title: Council raises fares
        url: https://news.example/2026/03/fares
        outlet: City Wire
        published: 2026-03-01
        ---
        Unemployment fell to 3.4 percent in January, according to the statistics office.

        The council voted 7-2 on Tuesday to raise fares by 15 percent from March 2026, the mayor said.
        """.write(toFile: folder + "/fares.txt", atomically: true, encoding: .utf8)
        try """
        ---
        title: Port traffic record
        url: https://port.example/record
        published: 2026-02-10
        ---
        The port handled 2.1 million containers in 2025, up 8 percent on the year before.
        """.write(toFile: folder + "/port.txt", atomically: true, encoding: .utf8)
        let ingested = try TestProcess.claims(["ingest", folder], environment: env)
        #expect(ingested.status == 0, "\(ingested.stderr)")
    }

    func sources(_ arguments: [String] = []) throws -> [[String: Any]] {
        let result = try TestProcess.claims(["sources", "--format", "json"] + arguments, environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test func sourcesAreListedNewestFirstWithTheirClaimsAndFilters() throws {
        let all = try sources()
        #expect(all.map { $0["title"] as? String } == ["Council raises fares", "Port traffic record"])
        #expect(all.map { $0["claims"] as? Int } == [2, 1])
        #expect(all.map { $0["open"] as? Int } == [2, 1])
        #expect(all.first?["outlet"] as? String == "City Wire")
        #expect(
            Set(all[1].keys) == [
                "id", "title", "outlet", "author", "published_at", "url", "retrieved_at", "claims", "open",
            ])
        #expect(all[1]["outlet"] is NSNull)

        #expect(try sources(["--search", "PORT"]).map { $0["url"] as? String } == ["https://port.example/record"])
        #expect(try sources(["--outlet", "city wire"]).count == 1)
        #expect(try sources(["--since", "2026-02-20"]).count == 1)
        #expect(try sources(["--limit", "1"]).count == 1)
        #expect(try sources(["--search", "nothing like it"]).isEmpty)

        let table = try TestProcess.claims(["sources"], environment: env)
        #expect(table.stdout.contains("Council raises fares"))
        #expect(table.stdout.contains("2026-03-01"))
        #expect(table.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(table.stdout)")
        let csv = try TestProcess.claims(["sources", "--format", "csv"], environment: env)
        #expect(csv.stdout.hasPrefix("id,published_at,claims,open,outlet,title,url,author,retrieved_at\r\n"))

        let bad = try TestProcess.claims(["sources", "--limit", "0"], environment: env)
        #expect(bad.status == 2)
    }

    @Test func aSourceIsShownWithItsClaimsInTheOrderTheyAppear() throws {
        let id = try #require(try sources(["--search", "fares"]).first?["id"] as? Int)
        let shown = try TestProcess.claims(["source", "show", "#\(id)"], environment: env)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("Source #\(id)  \"Council raises fares\""))
        #expect(shown.stdout.contains("https://news.example/2026/03/fares"))
        #expect(shown.stdout.contains("outlet: City Wire"))
        let unemployment = try #require(shown.stdout.range(of: "Unemployment fell"))
        let council = try #require(shown.stdout.range(of: "The council voted"))
        #expect(unemployment.lowerBound < council.lowerBound, "in the order they appear in the article")

        let json = try TestProcess.claims(["source", "show", String(id), "--format", "json"], environment: env)
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let claims = try #require(detail["claims"] as? [[String: Any]])
        #expect(claims.count == 2)
        #expect(Set(claims[0].keys) == ["id", "status", "verdict", "text", "start_offset", "end_offset"])
        #expect((claims[0]["start_offset"] as? Int) == 0)

        // The id `claims show` prints for an appearance is the one `source show` takes.
        let claimID = try #require(claims[0]["id"] as? Int)
        let claim = try TestProcess.claims(["show", String(claimID)], environment: env)
        #expect(claim.stdout.contains("source #\(id)"))

        let missing = try TestProcess.claims(["source", "show", "999"], environment: env)
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: No source #999; `claims sources` lists them.\n")
    }
}
