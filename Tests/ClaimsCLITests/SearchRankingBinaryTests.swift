import Foundation
import TestSupport
import Testing

/// `claims search` with and without the sentence model: with it, the candidates the words
/// find are re-ranked by meaning; without it, the word order stands, as before.
@Suite("claims search re-ranked by meaning, as built binaries", .dropsTestDatabases)
struct SearchRankingBinaryTests {
    let database: TestDatabase
    var env: [String: String] { ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "ana", "NO_COLOR": "1"] }

    /// The answer to the question, with only two of its four words (people, outbreak)...
    static let answer = "The WHO said 19 people have died in the outbreak."
    /// ...and claims with more of its words (many, people, outbreak, kill) about something else.
    static let wordier = [
        "Many people feared the outbreak would kill tourism in the region.",
        "Many people said the spray did not kill the mosquitoes before the outbreak.",
        "Many people lost their jobs when the outbreak closed factories.",
    ]
    static let question = "How many people has the outbreak killed?"

    init() throws {
        database = try TestDatabase.migrated("meaning")
        for (index, text) in ([Self.answer] + Self.wordier).enumerated() {
            let add = try TestProcess.claims(
                ["add", text, "--source-url", "https://news.example/\(index)"], environment: env)
            #expect(add.status == 0, "\(add.stderr)")
        }
    }

    /// The installed model scripts/test.sh fetched; the test fails, never skips, without it.
    static func modelFolder() throws -> String {
        let path = ProcessInfo.processInfo.environment["CLAIMS_SENTENCE_MODEL"] ?? ""
        guard !path.isEmpty, FileManager.default.fileExists(atPath: path + "/model.safetensors") else {
            throw ModelNotInstalled()
        }
        return path
    }

    struct ModelNotInstalled: Error, CustomStringConvertible {
        var description: String {
            "CLAIMS_SENTENCE_MODEL names no installed model; run scripts/test.sh, which fetches it, or scripts/fetch-sentence-model.sh DIR and set CLAIMS_SENTENCE_MODEL=DIR."
        }
    }

    func search(_ arguments: [String], model: String) throws -> (
        texts: [String], rows: [[String: Any]], result: ProcessResult
    ) {
        var environment = env
        environment["CLAIMS_SENTENCE_MODEL"] = model
        let result = try TestProcess.claims(["search"] + arguments + ["--format", "json"], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return (rows.map { ($0["claim"] as? [String: Any])?["text"] as? String ?? "" }, rows, result)
    }

    @Test func aQuestionInOtherWordsFindsItsClaimFirstWithTheModel() throws {
        let found = try search([Self.question], model: try Self.modelFolder())
        #expect(found.texts.count == 4, "\(found.texts)")
        #expect(found.texts.first == Self.answer, "\(found.texts)")
        let similarities = found.rows.compactMap { $0["similarity"] as? Double }
        #expect(similarities.count == 4 && similarities == similarities.sorted(by: >), "\(similarities)")
        #expect(similarities[0] > similarities[1] + 0.1, "the answer stands clear of the rest: \(similarities)")
        // --limit cuts after re-ranking: the best by meaning, not the first by words.
        #expect(try search([Self.question, "--limit", "1"], model: try Self.modelFolder()).texts == [Self.answer])
        // The table shows the similarity beside the word rank.
        var environment = env
        environment["CLAIMS_SENTENCE_MODEL"] = try Self.modelFolder()
        let table = try TestProcess.claims(["search", Self.question], environment: environment)
        #expect(table.stdout.split(separator: "\n").first?.contains("SIMILARITY") == true, "\(table.stdout)")
    }

    @Test func withoutTheModelTheWordOrderStandsAndNothingIsSaid() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-model-\(UUID().uuidString)").path
        let found = try search([Self.question], model: empty)
        #expect(found.texts.count == 4)
        #expect(found.texts.last == Self.answer, "the fewest words last: \(found.texts)")
        #expect(
            found.rows.allSatisfy { $0["similarity"] is NSNull },
            "no similarity without the model: null, as every empty key")
        #expect(found.result.stderr.isEmpty, "\(found.result.stderr)")
        var environment = env
        environment["CLAIMS_SENTENCE_MODEL"] = empty
        let csv = try TestProcess.claims(["search", Self.question, "--format", "csv"], environment: environment)
        #expect(csv.stdout.hasPrefix("id,rank,status,verdict,text\r\n"), "\(csv.stdout)")
    }

    @Test func aDamagedModelIsNamedOnceAndSearchGoesOnByWords() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bad-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["model.safetensors", "vocab.txt", "tokenizer.json"] {
            try Data("not the model".utf8).write(to: folder.appendingPathComponent(name))
        }
        let found = try search([Self.question], model: folder.path)
        #expect(found.texts.count == 4 && found.texts.last == Self.answer, "\(found.texts)")
        let lines = found.result.stderr.split(separator: "\n")
        #expect(
            lines.count == 1 && lines[0].hasPrefix("warning:") && lines[0].contains("fetch-sentence-model.sh"),
            "\(found.result.stderr)")
    }
}
