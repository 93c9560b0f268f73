import Foundation
import TestSupport
import Testing

/// `claims model status`: which models are in use, exit 0 whether or not the sentence model is there.
@Suite("claims model status")
struct ModelStatusBinaryTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "claims-model-status-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func saysTheSentenceModelIsMissingAndHowToInstallIt() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("nowhere").path
        let table = try TestProcess.claims(["model", "status"], environment: ["CLAIMS_SENTENCE_MODEL": missing])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Check-worthiness model: built in, threshold 0."))
        #expect(table.stdout.contains("not installed"))
        #expect(table.stdout.contains("scripts/fetch-sentence-model.sh"))
        #expect(table.stdout.contains("\(missing) (from CLAIMS_SENTENCE_MODEL)"))

        let result = try TestProcess.claims(
            ["model", "status", "--format", "json"], environment: ["CLAIMS_SENTENCE_MODEL": missing])
        #expect(result.status == 0)
        let object = try json(result)
        let sentence = try #require(object["sentence_model"] as? [String: Any])
        #expect(sentence["installed"] as? Bool == false)
        #expect(sentence["missing_files"] as? [String] == ["model.safetensors", "vocab.txt", "tokenizer.json"])
        #expect(sentence["sha256_verified"] is NSNull, "absent values are null, not missing")
        let scorer = try #require(object["checkworthiness_model"] as? [String: Any])
        #expect(scorer["source"] as? String == "built-in")
        // The shipped model's two thresholds (transcripts 0.30, articles 0.27), each as chosen.
        let threshold = try #require(scorer["threshold"] as? Double)
        let article = try #require(scorer["article_threshold"] as? Double)
        #expect(
            table.stdout.contains(String(format: "threshold %.2f for sentences, %.2f for articles", threshold, article))
        )
        #expect(threshold != article)
        let tuned = try #require(object["checkworthiness_encoder"] as? [String: Any])
        #expect(tuned["installed"] as? Bool == false && tuned["in_use"] as? Bool == false)
        #expect(tuned["threshold"] is NSNull && tuned["article_threshold"] is NSNull)
        #expect(table.stdout.contains("Fine-tuned encoder:     not installed"))
    }

    @Test func saysWhetherTheFineTunedEncoderDecides() throws {
        let model = try EncoderScorerBinaryTests.modelFolder()
        let auto = try json(
            try TestProcess.claims(
                ["model", "status", "--format", "json"],
                environment: ["CLAIMS_SENTENCE_MODEL": model, "CLAIMS_SCORER": "auto"]))
        let tuned = try #require(auto["checkworthiness_encoder"] as? [String: Any])
        #expect(tuned["installed"] as? Bool == true && tuned["in_use"] as? Bool == true)
        #expect(tuned["article_threshold"] as? Double == 0.63)
        let ngram = try json(
            try TestProcess.claims(
                ["model", "status", "--format", "json", "--scorer", "ngram"],
                environment: ["CLAIMS_SENTENCE_MODEL": model]))
        #expect(try #require(ngram["checkworthiness_encoder"] as? [String: Any])["in_use"] as? Bool == false)
    }

    @Test func looksInTheClaimsHomeWhenNoFolderIsNamed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try TestProcess.claims(
            ["model", "status", "--format", "json"],
            environment: ["CLAIMS_SENTENCE_MODEL": "", "CLAIMS_HOME": folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        let sentence = try #require(try json(result)["sentence_model"] as? [String: Any])
        #expect(sentence["path"] as? String == folder.appendingPathComponent("sentence-model").path)
        #expect(sentence["origin"] as? String == "CLAIMS_HOME")
    }

    @Test func flagsWeightsThatAreNotThePinnedOnes() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["model.safetensors", "vocab.txt", "tokenizer.json"] {
            try Data("not the model".utf8).write(to: folder.appendingPathComponent(name))
        }
        let result = try TestProcess.claims(
            ["model", "status", "--format", "json"], environment: ["CLAIMS_SENTENCE_MODEL": folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        let sentence = try #require(try json(result)["sentence_model"] as? [String: Any])
        #expect(sentence["installed"] as? Bool == true)
        #expect(sentence["model_bytes"] as? Int == 13)
        #expect(sentence["sha256_verified"] as? Bool == false)
        let table = try TestProcess.claims(["model", "status"], environment: ["CLAIMS_SENTENCE_MODEL": folder.path])
        #expect(table.stdout.contains("is not the pinned all-MiniLM-L6-v2 digest"), "\(table.stdout)")
    }

    @Test func refusesCSV() throws {
        let result = try TestProcess.claims(["model", "status", "--format", "csv"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("table or json"))
    }
}
