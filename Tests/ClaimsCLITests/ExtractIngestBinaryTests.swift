import Foundation
import TestSupport
import Testing

/// `claims extract`, `ingest`, `score` and `model train` as built binaries.
@Suite("claims extract, ingest, score and model train", .dropsTestDatabases)
struct ExtractIngestBinaryTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/articles").path

    static func scratchFolder(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "claims-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func extractNeedsNoDatabaseAndPrintsEveryField() throws {
        let result = try TestProcess.claims(
            ["extract", "--format", "json", Self.fixtures + "/transit-budget.txt"],
            environment: ["DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "CLAIMS_HOME": "/nonexistent"])
        #expect(result.status == 0, "\(result.stderr)")
        let articles = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let article = articles[0]
        #expect(article["outlet"] as? String == "The Riverside Courier")
        let claims = try #require(article["claims"] as? [[String: Any]])
        #expect(!claims.isEmpty)
        for key in ["text", "start", "end", "score", "kind", "speaker", "quantities", "dates", "context"] {
            #expect(claims[0].keys.contains(key), "claims carry \(key)")
        }
        let texts = try claims.map { try #require($0["text"] as? String) }
        #expect(texts.contains { $0.contains("voted 7-2") })
        #expect(!texts.contains { $0.hasPrefix("By Maria Lopez") })
        #expect(!texts.contains { $0.contains("In my view") })
    }

    @Test func extractJSONOverAFolderIsOneArrayWrittenArticleByArticle() throws {
        let folder = try Self.scratchFolder("extractjson")
        for name in ["transit-budget.txt", "hospital-wait-times.txt", "treaty-extension.html"] {
            try FileManager.default.copyItem(atPath: Self.fixtures + "/" + name, toPath: folder + "/" + name)
        }
        try Data().write(to: URL(fileURLWithPath: folder + "/empty.txt"))
        let all = try TestProcess.claims(["extract", "--format", "json", folder])
        #expect(all.status == 1, "the empty file fails")
        #expect(all.stderr.contains("empty.txt"))
        let articles = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
        #expect(articles.count == 3, "the good articles, in one valid array")
        // Printed piece by piece, the array is the same text the encoder gives for it whole.
        #expect(all.stdout.hasPrefix("[\n  {\n    \"author\" : "))
        #expect(all.stdout.hasSuffix("\n  }\n]\n"))
        #expect(all.stdout.contains("\n  },\n  {\n"))
        let none = try TestProcess.claims(["extract", "--format", "json", folder + "/empty.txt"])
        #expect(none.stdout == "[\n\n]\n")
    }

    @Test func ingestStoresGoodFilesNamesBadOnesAndExitsOne() throws {
        let database = try TestDatabase.migrated("cliingest")
        let env = ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "feed"]
        let folder = try Self.scratchFolder("ingest")
        for name in ["transit-budget.txt", "hospital-wait-times.txt", "treaty-extension.html"] {
            try FileManager.default.copyItem(atPath: Self.fixtures + "/" + name, toPath: folder + "/" + name)
        }
        try Data([0x25, 0x50, 0x44, 0x46, 0x2D, 0x00, 0x01, 0xFF]).write(to: URL(fileURLWithPath: folder + "/scan.txt"))
        try Data().write(to: URL(fileURLWithPath: folder + "/empty.txt"))

        let first = try TestProcess.claims(["ingest", folder], environment: env)
        #expect(first.status == 1, "a failed file makes the exit code 1")
        #expect(first.stderr.contains("scan.txt"))
        #expect(first.stderr.contains("empty.txt"))
        #expect(first.stdout.contains("Ingested 3 articles"))
        #expect(first.stdout.contains("2 failed"))

        let db = try database.connect()
        #expect(try #require(try db.query("SELECT count(*) AS n FROM sources").first).decode("n", as: Int.self) == 3)
        let claims: Int = try #require(try db.query("SELECT count(*) AS n FROM claims").first).decode("n")
        #expect(claims > 5)
        let located = try #require(
            try db.query(
                """
                SELECT count(*) AS n FROM claim_appearances a JOIN sources s ON s.id = a.source_id JOIN claims c ON c.id = a.claim_id
                WHERE substr(s.body, a.start_offset + 1, a.end_offset - a.start_offset) <> c.text
                """
            ).first
        ).decode("n", as: Int.self)
        #expect(located == 0, "every appearance's offsets point at its sentence")
        let budget = try #require(
            try db.query(
                """
                SELECT count(*) AS n FROM claims
                WHERE facts->'quantities' @> '[{"text": "$2.4 billion", "value": 2400000000}]'
                  AND facts->'dates' @> '[{"iso": "2026-02-03"}]'
                """
            ).first
        ).decode("n", as: Int.self)
        #expect(budget >= 1, "facts are stored as JSON the database can query")

        try FileManager.default.removeItem(atPath: folder + "/scan.txt")
        try FileManager.default.removeItem(atPath: folder + "/empty.txt")
        let again = try TestProcess.claims(["ingest", folder], environment: env)
        #expect(again.status == 0)
        #expect(again.stdout.contains("Ingested 0 articles"))
        #expect(again.stdout.contains("3 skipped"))
        #expect(
            try #require(try db.query("SELECT count(*) AS n FROM claims").first).decode("n", as: Int.self) == claims)

        let single = try TestProcess.claims(["ingest", folder + "/transit-budget.txt"], environment: env)
        #expect(single.stderr.contains("already ingested"))
    }

    @Test func ingestOverridesWinOverTheFile() throws {
        let database = try TestDatabase.migrated("clioverride")
        let env = ["DATABASE_URL": database.conninfo]
        let result = try TestProcess.claims(
            [
                "ingest", Self.fixtures + "/transit-budget.txt", "--url", "https://override.example/x", "--outlet",
                "Wire",
                "--published", "2026-03-01",
            ], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let row = try #require(
            try database.connect().query("SELECT url, outlet, published_at::date::text AS day FROM sources").first)
        #expect(try row.decode("url", as: String.self) == "https://override.example/x")
        #expect(try row.decode("outlet", as: String.self) == "Wire")
        #expect(try row.decode("day", as: String.self) == "2026-03-01")
        let bad = try TestProcess.claims(["ingest", Self.fixtures, "--url", "https://x.example"], environment: env)
        #expect(bad.status == 2)
    }

    @Test func scoreWritesOneRowPerSentenceAndEvaluates() throws {
        let folder = try Self.scratchFolder("score")
        let tsv = """
            Sentence_id\tText\tclass_label
            1\tUnemployment fell to 3.4% in January, the lowest since 1969.\tYes
            2\t"I think we will win, ""believe me""."\tNo
            3\tThe Senate passed the bill 52 to 48 on Tuesday.\tYes
            4\tThank you all for coming tonight.\tNo

            """
        try tsv.write(toFile: folder + "/s.tsv", atomically: true, encoding: .utf8)
        let result = try TestProcess.claims(["score", folder + "/s.tsv", "--evaluate"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.map { $0[0] } == ["1", "2", "3", "4"])
        #expect(rows.map { $0[2] } == ["Yes", "No", "Yes", "No"])
        #expect(result.stderr.contains("F1 of Yes 1.000"))
        let unlabelled = try TestProcess.claims(["score", folder + "/s.tsv"])
        #expect(unlabelled.status == 0)
        let broken = try TestProcess.claims(["score", folder + "/missing.tsv"])
        #expect(broken.status == 1)
    }

    @Test func trainingIsReproducibleAndTheModelIsUsable() throws {
        let folder = try Self.scratchFolder("train")
        var tsv = "Sentence_id\tText\tclass_label\n"
        for n in 0..<120 {
            tsv +=
                n % 3 == 0
                ? "\(n)\tSpending rose \(n)% to $\(n) million in \(1990 + n % 30).\tYes\n"
                : "\(n)\tThank you, it is good to be here with friend number \(n).\tNo\n"
        }
        try tsv.write(toFile: folder + "/train.tsv", atomically: true, encoding: .utf8)
        let first = try TestProcess.claims([
            "model", "train", folder + "/train.tsv", "--output", folder + "/a.model", "--epochs", "3",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try TestProcess.claims([
            "model", "train", folder + "/train.tsv", "--output", folder + "/b.model", "--epochs", "3",
        ])
        #expect(second.status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: folder + "/a.model"))
        let b = try Data(contentsOf: URL(fileURLWithPath: folder + "/b.model"))
        #expect(a == b, "same data and seed, same model")
        let scored = try TestProcess.claims([
            "score", folder + "/train.tsv", "--evaluate", "--model", folder + "/a.model",
        ])
        #expect(scored.status == 0)
        #expect(scored.stderr.contains("F1 of Yes 1.000"))
        let notAModel = try TestProcess.claims(["score", folder + "/train.tsv", "--model", folder + "/train.tsv"])
        #expect(notAModel.status == 1)
        #expect(notAModel.stderr.contains("not a ClaimTracker check-worthiness model"))
    }
}
