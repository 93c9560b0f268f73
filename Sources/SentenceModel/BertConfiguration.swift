import Foundation

/// The shape of a BERT encoder, from the model folder's `config.json`; the
/// defaults are all-MiniLM-L6-v2's (6 layers, 384 wide, 12 heads).
public struct BertConfiguration: Sendable, Equatable {
    public var hiddenSize = 384
    public var layerCount = 6
    public var headCount = 12
    public var intermediateSize = 1536
    public var maxPositions = 512
    public var typeVocabularySize = 2
    public var vocabularySize = 30522
    public var layerNormEpsilon: Float = 1e-12

    public init() {}

    public var headSize: Int { hiddenSize / headCount }

    /// Reads `config.json`; refuses what this encoder does not compute (another activation,
    /// relative positions, a width the heads do not divide).
    public static func load(path: String) throws -> BertConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw SentenceModelError.corruptFile(path: path, reason: "cannot be read")
            }
            throw SentenceModelError.missingFile(path: path)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let json = object as? [String: Any] else {
            throw SentenceModelError.corruptFile(path: path, reason: "not a JSON object")
        }
        func unsupported(_ reason: String) -> SentenceModelError { .unsupported(path: path, reason: reason) }
        if let type = json["model_type"] as? String, type != "bert" {
            throw unsupported("model_type is \(type), not bert")
        }
        if let activation = json["hidden_act"] as? String, activation != "gelu" {
            throw unsupported("hidden_act is \(activation), not gelu")
        }
        if let positions = json["position_embedding_type"] as? String, positions != "absolute" {
            throw unsupported("position_embedding_type is \(positions), not absolute")
        }
        var configuration = BertConfiguration()
        func integer(_ key: String, _ value: inout Int) throws {
            guard let raw = json[key] else { return }
            guard let number = raw as? Int, number > 0 else {
                throw SentenceModelError.corruptFile(path: path, reason: "\(key) is not a positive whole number")
            }
            value = number
        }
        try integer("hidden_size", &configuration.hiddenSize)
        try integer("num_hidden_layers", &configuration.layerCount)
        try integer("num_attention_heads", &configuration.headCount)
        try integer("intermediate_size", &configuration.intermediateSize)
        try integer("max_position_embeddings", &configuration.maxPositions)
        try integer("type_vocab_size", &configuration.typeVocabularySize)
        try integer("vocab_size", &configuration.vocabularySize)
        if let epsilon = json["layer_norm_eps"] as? Double { configuration.layerNormEpsilon = Float(epsilon) }
        guard configuration.hiddenSize % configuration.headCount == 0 else {
            throw unsupported(
                "hidden_size \(configuration.hiddenSize) is not a multiple of num_attention_heads \(configuration.headCount)"
            )
        }
        return configuration
    }
}
