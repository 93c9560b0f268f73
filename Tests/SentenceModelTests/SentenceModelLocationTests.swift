import Foundation
import SentenceModel
import Testing

@Suite("Sentence model location and status")
struct SentenceModelLocationTests {
    @Test func usesCLAIMS_SENTENCE_MODELElseAFolderInTheClaimsHome() {
        let configured = SentenceModelLocation.resolve(
            environment: ["CLAIMS_SENTENCE_MODEL": "/models/minilm"], claimsHome: "/home/ana/.local/share/claims")
        #expect(configured.path == "/models/minilm" && configured.origin == .environment)
        let home = SentenceModelLocation.resolve(
            environment: ["CLAIMS_SENTENCE_MODEL": ""], claimsHome: "/home/ana/.local/share/claims")
        #expect(home.path == "/home/ana/.local/share/claims/sentence-model" && home.origin == .claimsHome)
        #expect(!home.path.hasPrefix("/home/ana/.local/share/claims/data"), "never inside the database's data folder")
    }

    @Test func statusOfAnEmptyFolderListsTheMissingFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("model-status-\(UUID().uuidString)")
        let location = SentenceModelLocation(directory: folder, origin: .environment)
        let status = location.status()
        #expect(!status.installed)
        #expect(status.missingFiles == ["model.safetensors", "vocab.txt", "tokenizer.json"])
        #expect(status.modelBytes == nil && status.sha256 == nil && status.sha256Verified == nil)
        #expect(
            location.missingNotice.contains(folder.path) && location.missingNotice.contains("fetch-sentence-model.sh"))
    }

    @Test func statusHashesTheWeightsAndComparesThemWithThePinnedDigest() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("model-status-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in SentenceModelLocation.requiredFiles {
            try Data("abc".utf8).write(to: folder.appendingPathComponent(name))
        }
        let status = SentenceModelLocation(directory: folder, origin: .claimsHome).status()
        #expect(status.installed && status.missingFiles.isEmpty)
        #expect(status.modelBytes == 3)
        #expect(status.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(status.sha256Verified == false)
    }

    @Test func theFetchScriptPinsTheSameDigest() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("scripts/fetch-sentence-model.sh")
        let text = try String(contentsOf: script, encoding: .utf8)
        #expect(text.contains("SHA256=\(SentenceModelLocation.pinnedSHA256)"))
    }
}
