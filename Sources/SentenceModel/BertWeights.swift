import Foundation

/// The encoder's weights: pointers into the mapped safetensors file, read only and
/// shared by every worker thread. PyTorch's `Linear` stores a weight as
/// [out, in] row-major, so a layer's output is `x · Wᵀ + b`.
///
/// One copy is made at load time: each layer's query, key and value weights are
/// stacked into one [3·hidden, hidden] matrix so the three projections are one
/// matrix product.
final class BertWeights: @unchecked Sendable {
    struct Layer {
        /// Query, key and value stacked: [3·hidden, hidden] and [3·hidden].
        let qkv: UnsafePointer<Float>
        let qkvBias: UnsafePointer<Float>
        let attentionOutput: UnsafePointer<Float>
        let attentionOutputBias: UnsafePointer<Float>
        let attentionNormWeight: UnsafePointer<Float>
        let attentionNormBias: UnsafePointer<Float>
        let intermediate: UnsafePointer<Float>
        let intermediateBias: UnsafePointer<Float>
        let output: UnsafePointer<Float>
        let outputBias: UnsafePointer<Float>
        let outputNormWeight: UnsafePointer<Float>
        let outputNormBias: UnsafePointer<Float>
    }

    let configuration: BertConfiguration
    let file: SafeTensorsFile
    let wordEmbeddings: UnsafePointer<Float>
    let positionEmbeddings: UnsafePointer<Float>
    let tokenTypeEmbeddings: UnsafePointer<Float>
    let embeddingNormWeight: UnsafePointer<Float>
    let embeddingNormBias: UnsafePointer<Float>
    let layers: [Layer]
    private let stacked: UnsafeMutableBufferPointer<Float>

    init(file: SafeTensorsFile, configuration c: BertConfiguration) throws {
        self.file = file
        self.configuration = c
        let h = c.hiddenSize
        let i = c.intermediateSize
        // Some exports name the tensors "bert.embeddings…", others "embeddings…".
        let prefix =
            file.tensors["embeddings.word_embeddings.weight"] == nil
                && file.tensors["bert.embeddings.word_embeddings.weight"] != nil
            ? "bert." : ""
        func tensor(_ name: String, _ shape: [Int]) throws -> UnsafePointer<Float> {
            try file.floats(prefix + name, shape: shape).baseAddress!
        }
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [c.vocabularySize, h])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [c.maxPositions, h])
        tokenTypeEmbeddings = try tensor("embeddings.token_type_embeddings.weight", [c.typeVocabularySize, h])
        embeddingNormWeight = try tensor("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try tensor("embeddings.LayerNorm.bias", [h])

        let perLayer = 3 * h * h + 3 * h
        let stacked = UnsafeMutableBufferPointer<Float>.allocate(capacity: perLayer * c.layerCount)
        self.stacked = stacked
        var layers: [Layer] = []
        do {
            for index in 0..<c.layerCount {
                let name = "encoder.layer.\(index)."
                let weights = stacked.baseAddress! + index * perLayer
                let biases = weights + 3 * h * h
                for (part, projection) in ["query", "key", "value"].enumerated() {
                    let weight = try tensor(name + "attention.self.\(projection).weight", [h, h])
                    let bias = try tensor(name + "attention.self.\(projection).bias", [h])
                    (weights + part * h * h).update(from: weight, count: h * h)
                    (biases + part * h).update(from: bias, count: h)
                }
                layers.append(
                    Layer(
                        qkv: UnsafePointer(weights),
                        qkvBias: UnsafePointer(biases),
                        attentionOutput: try tensor(name + "attention.output.dense.weight", [h, h]),
                        attentionOutputBias: try tensor(name + "attention.output.dense.bias", [h]),
                        attentionNormWeight: try tensor(name + "attention.output.LayerNorm.weight", [h]),
                        attentionNormBias: try tensor(name + "attention.output.LayerNorm.bias", [h]),
                        intermediate: try tensor(name + "intermediate.dense.weight", [i, h]),
                        intermediateBias: try tensor(name + "intermediate.dense.bias", [i]),
                        output: try tensor(name + "output.dense.weight", [h, i]),
                        outputBias: try tensor(name + "output.dense.bias", [h]),
                        outputNormWeight: try tensor(name + "output.LayerNorm.weight", [h]),
                        outputNormBias: try tensor(name + "output.LayerNorm.bias", [h])))
            }
        } catch {
            stacked.deallocate()
            throw error
        }
        if file.tensors[prefix + "encoder.layer.\(c.layerCount).output.dense.weight"] != nil {
            stacked.deallocate()
            throw SentenceModelError.unsupported(
                path: file.path, reason: "it has more layers than the \(c.layerCount) config.json names")
        }
        self.layers = layers
    }

    deinit { stacked.deallocate() }
}
