import Foundation
import TestSupport
import Testing

/// `claims add` and `claims similar` with the real sentence model: a rewording that shares
/// the figures but few trigrams is a look-alike with the model, and is not without it.
@Suite("Look-alikes by stored embeddings, as built binaries", .dropsTestDatabases)
struct EmbeddingMatchBinaryTests {
    let database: TestDatabase
    /// A second database, for the same claims stored without the model.
    let plainDatabase: TestDatabase

    static let layoffs = "Acme Corp will eliminate 4,200 positions by March 2027, the company said."
    static let reworded = "Acme is to shed 4,200 staff by March 2027."

    init() throws {
        database = try TestDatabase.migrated("embedding_binary")
        plainDatabase = try TestDatabase.migrated("embedding_binary_plain")
    }

    static func env(_ db: TestDatabase) -> [String: String] {
        ["DATABASE_URL": db.conninfo, "CLAIMS_REVIEWER": "ana", "NO_COLOR": "1"]
    }

    func addBoth(model: String, into db: TestDatabase) throws -> (Int, Int) {
        var environment = Self.env(db)
        environment["CLAIMS_SENTENCE_MODEL"] = model
        var ids: [Int] = []
        for (index, text) in [Self.layoffs, Self.reworded].enumerated() {
            let add = try TestProcess.claims(
                ["add", text, "--source-url", "https://news.example/\(index)", "--format", "json"],
                environment: environment)
            #expect(add.status == 0, "\(add.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(add.stdout.utf8)) as? [String: Any]
            ids.append((object?["claim"] as? [String: Any])?["id"] as? Int ?? -1)
        }
        return (ids[0], ids[1])
    }

    func similar(_ id: Int, in db: TestDatabase) throws -> [[String: Any]] {
        let result = try TestProcess.claims(["similar", String(id), "--format", "json"], environment: Self.env(db))
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    @Test func aRewordingWithTheSameFiguresIsFoundWithTheModelOnly() throws {
        let model = try SearchRankingBinaryTests.modelFolder()
        let (a, b) = try addBoth(model: model, into: database)
        let found = try similar(a, in: database)
        #expect(found.compactMap { ($0["claim"] as? [String: Any])?["id"] as? Int } == [b], "\(found)")
        let score = found.first?["score"] as? Double ?? 0
        #expect(score >= 0.6 && score < 1, "the cosine of the two: \(score)")

        // The same two claims stored without the model: the words alone do not link them.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-model-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let (c, d) = try addBoth(model: empty, into: plainDatabase)
        let plain = try similar(c, in: plainDatabase).compactMap { ($0["claim"] as? [String: Any])?["id"] as? Int }
        #expect(!plain.contains(d), "\(plain)")
    }
}

extension EmbeddingMatchBinaryTests {
    @Test func modelEmbedGivesClaimsStoredWithoutTheModelTheirEmbeddingsAndLinks() throws {
        let model = try SearchRankingBinaryTests.modelFolder()
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-model-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let (a, b) = try addBoth(model: empty, into: database)
        #expect(!(try similar(a, in: database).contains { ($0["claim"] as? [String: Any])?["id"] as? Int == b }))

        var withoutModel = Self.env(database)
        withoutModel["CLAIMS_SENTENCE_MODEL"] = empty
        let refused = try TestProcess.claims(["model", "embed"], environment: withoutModel)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("The sentence model is not installed"), "\(refused.stderr)")

        var withModel = Self.env(database)
        withModel["CLAIMS_SENTENCE_MODEL"] = model
        let embedded = try TestProcess.claims(["model", "embed", "--batch-size", "1"], environment: withModel)
        #expect(embedded.status == 0, "\(embedded.stderr)")
        #expect(
            embedded.stdout == "Embedded 2 claims; 2 look-alike links added (one each way).\n", "\(embedded.stdout)")
        let found = try similar(a, in: database)
        #expect(found.compactMap { ($0["claim"] as? [String: Any])?["id"] as? Int } == [b], "\(found)")

        let again = try TestProcess.claims(["model", "embed"], environment: withModel)
        #expect(
            again.status == 0 && again.stdout == "Every claim has its embedding; nothing to do.\n", "\(again.stdout)")
    }
}
