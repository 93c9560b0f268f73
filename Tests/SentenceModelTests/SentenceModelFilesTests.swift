import Foundation
import SentenceModel
import Testing

/// Loading a model folder: what is missing or damaged is named, with what to do.
@Suite("Sentence model files")
struct SentenceModelFilesTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sentence-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: folder.appendingPathComponent(name))
    }

    /// A safetensors file: header length, JSON header, data.
    func safetensors(_ header: String, data: [Float]) -> [UInt8] {
        var bytes = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { Array($0) }
        bytes += Array(header.utf8)
        for value in data { bytes += withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
        return bytes
    }

    @Test func readsFloatTensorsFromASafetensorsFile() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let header =
            #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[1],"data_offsets":[16,20]}}"#
        try write("t.safetensors", safetensors(header, data: [1, 2, 3, 4, 5]))
        let file = try SafeTensorsFile(path: folder.appendingPathComponent("t.safetensors").path)
        #expect(Array(try file.floats("a", shape: [2, 2])) == [1, 2, 3, 4])
        #expect(Array(try file.floats("b", shape: [1])) == [5])
        #expect(throws: SentenceModelError.self) { try file.floats("a", shape: [4]) }
        #expect(throws: SentenceModelError.self) { try file.floats("c", shape: [1]) }
    }

    @Test func aCutShortOrGarbledSafetensorsFileIsNamedAsDamaged() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let header = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#
        let path = folder.appendingPathComponent("model.safetensors").path
        try write("model.safetensors", Array(safetensors(header, data: [1, 2, 3, 4]).dropLast(4)))
        #expect {
            try SafeTensorsFile(path: path)
        } throws: { error in
            let text = "\(error)"
            return text.contains(path) && text.contains("damaged") && text.contains("cut short")
                && text.contains("fetch-sentence-model.sh")
        }
        try write("model.safetensors", Array("this is not a model".utf8))
        #expect(throws: SentenceModelError.self) { try SafeTensorsFile(path: path) }
    }

    @Test func aMissingFileIsNamedWithHowToFetchIt() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect {
            try SentenceEncoder(directory: folder)
        } throws: { error in
            error as? SentenceModelError == .missingFile(path: folder.appendingPathComponent("tokenizer.json").path)
                && "\(error)".contains("scripts/fetch-sentence-model.sh")
        }
    }

    @Test func aModelOfAnotherArchitectureIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("config.json", Array(#"{"model_type": "bert", "hidden_act": "gelu_new"}"#.utf8))
        #expect {
            try SentenceEncoder(directory: folder)
        } throws: { error in
            "\(error)".contains("config.json") && "\(error)".contains("gelu_new")
        }
    }

    @Test func weightsOfTheWrongShapeAreRefusedNamingTheTensor() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try ReferenceModel.directory()
        for name in ["vocab.txt", "tokenizer.json"] {
            try FileManager.default.copyItem(
                at: model.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        // A model 8 wide instead of 384, with the real vocabulary.
        let header =
            #"{"embeddings.word_embeddings.weight":{"dtype":"F32","shape":[30522,8],"data_offsets":[0,976704]}}"#
        try write("model.safetensors", safetensors(header, data: [Float](repeating: 0, count: 30522 * 8)))
        #expect {
            try SentenceEncoder(directory: folder)
        } throws: { error in
            "\(error)".contains("model.safetensors")
                && "\(error)".contains("embeddings.word_embeddings.weight has shape [30522, 8]")
        }
    }
}
