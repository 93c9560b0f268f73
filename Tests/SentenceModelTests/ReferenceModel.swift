import Foundation
import SentenceModel

/// The real all-MiniLM-L6-v2 files, which scripts/test.sh fetches and names in
/// CLAIMS_SENTENCE_MODEL. Tests that need them fail, never skip, without them.
enum ReferenceModel {
    struct NotInstalled: Error, CustomStringConvertible {
        let detail: String
        var description: String {
            "\(detail), so the tests that need the all-MiniLM-L6-v2 files cannot run; run scripts/test.sh, which fetches them, or run scripts/fetch-sentence-model.sh DIR and set CLAIMS_SENTENCE_MODEL=DIR."
        }
    }

    static func directory() throws -> URL {
        guard let path = ProcessInfo.processInfo.environment["CLAIMS_SENTENCE_MODEL"], !path.isEmpty else {
            throw NotInstalled(detail: "CLAIMS_SENTENCE_MODEL is not set")
        }
        guard FileManager.default.fileExists(atPath: path + "/model.safetensors") else {
            throw NotInstalled(detail: "CLAIMS_SENTENCE_MODEL=\(path) has no model.safetensors")
        }
        return URL(fileURLWithPath: path)
    }

    /// One encoder for every test in the process: the weights are mapped once.
    private static let loaded: Result<SentenceEncoder, any Error> = Result {
        try SentenceEncoder(directory: try directory())
    }

    static func encoder() throws -> SentenceEncoder { try loaded.get() }
}

/// Tests/SentenceModelTests/Fixtures/reference.json: embeddings and token ids computed
/// once by sentence-transformers (PyTorch) and Hugging Face tokenizers from the same files.
/// `python3 scripts/encoder_reference.py MODEL_DIR --fixture Tests/SentenceModelTests/Fixtures/reference.json`
/// checks it again with code that shares nothing with this package: a numpy forward pass
/// (every number within 2e-7) and, when installed, Hugging Face tokenizers (every id).
struct ReferenceFixture: Decodable {
    struct Embedding: Decodable {
        let text: String
        let tokens: [Int32]
        let embedding: [Float]
    }
    struct Tokenization: Decodable {
        let text: String
        let ids: [Int32]
        let tokens: [String]
    }
    let source: String
    let embeddings: [Embedding]
    let tokenizer: [Tokenization]

    static func load() throws -> ReferenceFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/reference.json")
        return try JSONDecoder().decode(ReferenceFixture.self, from: Data(contentsOf: url))
    }
}

func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var dot = 0.0
    var aa = 0.0
    var bb = 0.0
    for (x, y) in zip(a, b) {
        dot += Double(x) * Double(y)
        aa += Double(x) * Double(x)
        bb += Double(y) * Double(y)
    }
    return dot / (aa.squareRoot() * bb.squareRoot())
}
