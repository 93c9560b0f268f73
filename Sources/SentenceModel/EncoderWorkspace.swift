import CBLAS
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One worker's scratch memory and the forward pass over a batch of sentences.
///
/// The sentences of a batch are packed one after another with no padding: the
/// projections and the feed-forward layer are single matrix products over every
/// token of the batch, and attention is computed sentence by sentence, so no
/// sentence sees another and none pays for another's length. Not thread-safe: each
/// worker has its own.
final class EncoderWorkspace {
    let weights: BertWeights
    private var capacity = 0
    private var longestCapacity = 0
    /// Hidden states, [tokens, hidden].
    private(set) var hidden = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var qkv = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var context = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var attention = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var intermediate = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var scores = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    /// Token count of each sentence in the batch, in order.
    private(set) var lengths: [Int] = []
    var tokenCount: Int { lengths.reduce(0, +) }

    init(weights: BertWeights) {
        self.weights = weights
    }

    deinit {
        for buffer in [hidden, qkv, context, attention, intermediate, scores] { buffer.deallocate() }
    }

    private func reserve(tokens: Int, longest: Int) {
        let c = weights.configuration
        if tokens > capacity {
            for buffer in [hidden, qkv, context, attention, intermediate] { buffer.deallocate() }
            capacity = max(tokens, capacity * 2)
            hidden = .allocate(capacity: capacity * c.hiddenSize)
            qkv = .allocate(capacity: capacity * 3 * c.hiddenSize)
            context = .allocate(capacity: capacity * c.hiddenSize)
            attention = .allocate(capacity: capacity * c.hiddenSize)
            intermediate = .allocate(capacity: capacity * c.intermediateSize)
        }
        if longest > longestCapacity {
            scores.deallocate()
            longestCapacity = longest
            scores = .allocate(capacity: longest * longest)
        }
    }

    /// Embeddings of each sentence's tokens (word + position + segment 0, then LayerNorm).
    func embed(_ sentences: ArraySlice<[Int32]>) {
        let c = weights.configuration
        let h = c.hiddenSize
        lengths = sentences.map(\.count)
        reserve(tokens: tokenCount, longest: lengths.max() ?? 0)
        var row = 0
        for tokens in sentences {
            for (position, token) in tokens.enumerated() {
                let out = hidden + row * h
                let word = weights.wordEmbeddings + Int(token) * h
                let place = weights.positionEmbeddings + position * h
                let segment = weights.tokenTypeEmbeddings
                for j in 0..<h { out[j] = word[j] + place[j] + segment[j] }
                row += 1
            }
        }
        Kernels.layerNorm(
            hidden, rows: row, width: h, weight: weights.embeddingNormWeight, bias: weights.embeddingNormBias,
            epsilon: c.layerNormEpsilon)
    }

    /// Hidden states saved from an earlier run, to go on from the layer after them.
    func load(_ states: ArraySlice<TokenStates>) {
        let h = weights.configuration.hiddenSize
        lengths = states.map(\.tokenCount)
        reserve(tokens: tokenCount, longest: lengths.max() ?? 0)
        var row = 0
        for state in states {
            state.values.withUnsafeBufferPointer { (hidden + row * h).update(from: $0.baseAddress!, count: $0.count) }
            row += state.tokenCount
        }
    }

    /// Runs encoder layer `index` over the batch in place.
    func runLayer(_ index: Int) {
        runLayer(weights.layers[index])
    }

    /// Runs a layer with the given weights (the base model's, or fine-tuned ones) in place.
    func runLayer(_ layer: BertWeights.Layer) {
        let c = weights.configuration
        let h = c.hiddenSize
        let d = c.headSize
        let tokens = tokenCount
        guard tokens > 0 else { return }

        // Query, key and value of every token: one product with the stacked weights.
        Kernels.fillRows(qkv, rows: tokens, width: 3 * h, with: layer.qkvBias)
        Kernels.linear(hidden, rows: tokens, inputs: h, weight: layer.qkv, outputs: 3 * h, into: qkv)

        // Scaled dot-product attention within each sentence, head by head.
        let scale = 1 / Float(d).squareRoot()
        var start = 0
        for length in lengths {
            let base = qkv + start * 3 * h
            for head in 0..<c.headCount {
                let q = base + head * d
                let k = q + h
                let v = q + 2 * h
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, Int32(length), Int32(length), Int32(d),
                    scale, q, Int32(3 * h), k, Int32(3 * h), 0, scores, Int32(length))
                Kernels.softmaxRows(scores, rows: length, width: length)
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(length), Int32(d), Int32(length),
                    1, scores, Int32(length), v, Int32(3 * h), 0, context + start * h + head * d, Int32(h))
            }
            start += length
        }

        // Output projection, residual, LayerNorm.
        Kernels.addRows(hidden, rows: tokens, width: h, bias: layer.attentionOutputBias, into: attention)
        Kernels.linear(context, rows: tokens, inputs: h, weight: layer.attentionOutput, outputs: h, into: attention)
        Kernels.layerNorm(
            attention, rows: tokens, width: h, weight: layer.attentionNormWeight, bias: layer.attentionNormBias,
            epsilon: c.layerNormEpsilon)

        // Feed-forward with exact GELU, residual, LayerNorm.
        Kernels.fillRows(intermediate, rows: tokens, width: c.intermediateSize, with: layer.intermediateBias)
        Kernels.linear(
            attention, rows: tokens, inputs: h, weight: layer.intermediate, outputs: c.intermediateSize,
            into: intermediate)
        Kernels.gelu(intermediate, count: tokens * c.intermediateSize)
        Kernels.addRows(attention, rows: tokens, width: h, bias: layer.outputBias, into: hidden)
        Kernels.linear(
            intermediate, rows: tokens, inputs: c.intermediateSize, weight: layer.output, outputs: h, into: hidden)
        Kernels.layerNorm(
            hidden, rows: tokens, width: h, weight: layer.outputNormWeight, bias: layer.outputNormBias,
            epsilon: c.layerNormEpsilon)
    }

    /// The mean of each sentence's token states (every real token, [CLS] and [SEP] included).
    func meanPooled() -> [[Float]] {
        let h = weights.configuration.hiddenSize
        var out: [[Float]] = []
        out.reserveCapacity(lengths.count)
        var start = 0
        for length in lengths {
            var sum = [Float](repeating: 0, count: h)
            sum.withUnsafeMutableBufferPointer { sum in
                for row in start..<start + length {
                    let values = hidden + row * h
                    for j in 0..<h { sum[j] += values[j] }
                }
                let scale = 1 / Float(max(length, 1))
                for j in 0..<h { sum[j] *= scale }
            }
            out.append(sum)
            start += length
        }
        return out
    }

    /// Each sentence's token states, copied out.
    func states() -> [TokenStates] {
        let h = weights.configuration.hiddenSize
        var out: [TokenStates] = []
        var start = 0
        for length in lengths {
            out.append(
                TokenStates(
                    tokenCount: length, hiddenSize: h,
                    values: Array(UnsafeBufferPointer(start: hidden + start * h, count: length * h))))
            start += length
        }
        return out
    }
}

/// The elementwise parts of the forward pass, over raw row-major buffers.
enum Kernels {
    /// y += x · Wᵀ, with x [rows, inputs] and W [outputs, inputs] as PyTorch stores it.
    @inline(__always)
    static func linear(
        _ x: UnsafePointer<Float>, rows: Int, inputs: Int, weight: UnsafePointer<Float>, outputs: Int,
        into y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(inputs),
            1, x, Int32(inputs), weight, Int32(inputs), 1, y, Int32(outputs))
    }

    static func fillRows(_ y: UnsafeMutablePointer<Float>, rows: Int, width: Int, with bias: UnsafePointer<Float>) {
        for row in 0..<rows { (y + row * width).update(from: bias, count: width) }
    }

    /// y = x + bias, row by row.
    static func addRows(
        _ x: UnsafePointer<Float>, rows: Int, width: Int, bias: UnsafePointer<Float>,
        into y: UnsafeMutablePointer<Float>
    ) {
        for row in 0..<rows {
            let source = x + row * width
            let target = y + row * width
            for j in 0..<width { target[j] = source[j] + bias[j] }
        }
    }

    // The loops below are plain scalar code on purpose: the optimiser vectorises them in
    // release builds, and in debug builds (the tests) scalar arithmetic is inlined where
    // SIMD types' generic operators are not, which would make the tests many times slower.

    static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, epsilon: Float
    ) {
        let n = Float(width)
        for row in 0..<rows {
            let values = x + row * width
            var sum: Float = 0
            for j in 0..<width { sum += values[j] }
            let mean = sum / n
            var squares: Float = 0
            for j in 0..<width {
                let centred = values[j] - mean
                squares += centred * centred
            }
            let inverse = 1 / (squares / n + epsilon).squareRoot()
            for j in 0..<width { values[j] = (values[j] - mean) * inverse * weight[j] + bias[j] }
        }
    }

    /// Softmax of each row in place.
    static func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        for row in 0..<rows {
            let values = x + row * width
            var largest = -Float.infinity
            for j in 0..<width { largest = max(largest, values[j]) }
            for j in 0..<width { values[j] = exp(values[j] - largest) }
            var total: Float = 0
            for j in 0..<width { total += values[j] }
            let inverse = 1 / total
            for j in 0..<width { values[j] *= inverse }
        }
    }

    /// e^x for x ≤ 0 (softmax's shifted scores): x = k·ln 2 + r with |r| ≤ ln 2 / 2,
    /// e^r by its Taylor series to r⁷ (relative error below 3e-9), 2^k from the exponent
    /// bits. Adding 1.5·2²³ rounds k·1 to a whole number held in the low mantissa bits.
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        let clamped = x < -87 ? -87 : x
        let magic: Float = 12_582_912
        let shifted = clamped * 1.4426950408889634 + magic
        let k = shifted - magic
        let r = clamped - k * 0.693145751953125 - k * 1.428606765330187e-06
        var p: Float = 1.0 / 5040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let exponent = (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23
        return p * Float(bitPattern: exponent)
    }

    /// GELU with the error function, x · Φ(x) = x/2 · (1 + erf(x/√2)), as BERT's "gelu"
    /// (not the tanh approximation), in place.
    static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count {
            let value = Double(x[i])
            x[i] = Float(0.5 * value * (1 + erf(value * 0.70710678118654752)))
        }
    }

    /// erf as a rational function fitted to it on [0, 4] (x·P(x²)/Q(x²), degrees 6 and 5),
    /// evaluated in double precision: within 1.3e-8 of erf everywhere (|erf| is 1 to
    /// within 1.6e-8 beyond 4), below float32's resolution.
    @inline(__always)
    static func erf(_ x: Double) -> Double {
        let t = x > 4 ? 4 : (x < -4 ? -4 : x)
        let z = t * t
        var p = -1.3694798170074078e-08
        p = p * z + 4.787274228733949e-06
        p = p * z + 0.0003828970427453204
        p = p * z + 0.0038375545294849758
        p = p * z + 0.054329545168146323
        p = p * z + 0.18464220542477008
        p = p * z + 1.1283791828686376
        var q = 6.4074362268198617e-05
        q = q * z + 0.001309459951380309
        q = q * z + 0.015450241626164688
        q = q * z + 0.11380344296536797
        q = q * z + 0.49696844846353094
        q = q * z + 1
        return t * p / q
    }
}
