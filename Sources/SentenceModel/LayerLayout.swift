/// Where each tensor of one encoder layer sits in a flat parameter buffer, in the order
/// the forward pass uses them. Matrices are [out, in] row-major, as PyTorch stores them.
struct LayerLayout: Sendable {
    let hidden: Int
    let intermediate: Int

    init(_ configuration: BertConfiguration) {
        hidden = configuration.hiddenSize
        intermediate = configuration.intermediateSize
    }

    var qkv: Int { 0 }
    var qkvBias: Int { 3 * hidden * hidden }
    var attentionOutput: Int { qkvBias + 3 * hidden }
    var attentionOutputBias: Int { attentionOutput + hidden * hidden }
    var attentionNormWeight: Int { attentionOutputBias + hidden }
    var attentionNormBias: Int { attentionNormWeight + hidden }
    var intermediateWeight: Int { attentionNormBias + hidden }
    var intermediateBias: Int { intermediateWeight + intermediate * hidden }
    var output: Int { intermediateBias + intermediate }
    var outputBias: Int { output + hidden * intermediate }
    var outputNormWeight: Int { outputBias + hidden }
    var outputNormBias: Int { outputNormWeight + hidden }
    /// Floats in one layer.
    var count: Int { outputNormBias + hidden }

    /// The layer's weights as the forward pass reads them, from a buffer laid out like this.
    func layer(at base: UnsafePointer<Float>) -> BertWeights.Layer {
        BertWeights.Layer(
            qkv: base + qkv, qkvBias: base + qkvBias,
            attentionOutput: base + attentionOutput, attentionOutputBias: base + attentionOutputBias,
            attentionNormWeight: base + attentionNormWeight, attentionNormBias: base + attentionNormBias,
            intermediate: base + intermediateWeight, intermediateBias: base + intermediateBias,
            output: base + output, outputBias: base + outputBias,
            outputNormWeight: base + outputNormWeight, outputNormBias: base + outputNormBias)
    }

    /// Copies a layer's weights into a buffer laid out like this.
    func copy(_ layer: BertWeights.Layer, into base: UnsafeMutablePointer<Float>) {
        let h = hidden
        let i = intermediate
        (base + qkv).update(from: layer.qkv, count: 3 * h * h)
        (base + qkvBias).update(from: layer.qkvBias, count: 3 * h)
        (base + attentionOutput).update(from: layer.attentionOutput, count: h * h)
        (base + attentionOutputBias).update(from: layer.attentionOutputBias, count: h)
        (base + attentionNormWeight).update(from: layer.attentionNormWeight, count: h)
        (base + attentionNormBias).update(from: layer.attentionNormBias, count: h)
        (base + intermediateWeight).update(from: layer.intermediate, count: i * h)
        (base + intermediateBias).update(from: layer.intermediateBias, count: i)
        (base + output).update(from: layer.output, count: h * i)
        (base + outputBias).update(from: layer.outputBias, count: h)
        (base + outputNormWeight).update(from: layer.outputNormWeight, count: h)
        (base + outputNormBias).update(from: layer.outputNormBias, count: h)
    }

    /// Each tensor's name (as in the base model's safetensors, after "encoder.layer.N."),
    /// offset and shape. Query, key and value are one stacked tensor here.
    var tensors: [(name: String, offset: Int, shape: [Int])] {
        let h = hidden
        let i = intermediate
        return [
            ("attention.self.qkv.weight", qkv, [3 * h, h]),
            ("attention.self.qkv.bias", qkvBias, [3 * h]),
            ("attention.output.dense.weight", attentionOutput, [h, h]),
            ("attention.output.dense.bias", attentionOutputBias, [h]),
            ("attention.output.LayerNorm.weight", attentionNormWeight, [h]),
            ("attention.output.LayerNorm.bias", attentionNormBias, [h]),
            ("intermediate.dense.weight", intermediateWeight, [i, h]),
            ("intermediate.dense.bias", intermediateBias, [i]),
            ("output.dense.weight", output, [h, i]),
            ("output.dense.bias", outputBias, [h]),
            ("output.LayerNorm.weight", outputNormWeight, [h]),
            ("output.LayerNorm.bias", outputNormBias, [h]),
        ]
    }
}
