import CBLAS
import Foundation

/// Scratch memory that grows to the largest batch it has seen.
final class FloatScratch {
    private(set) var pointer = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var capacity = 1

    /// At least `count` floats; the contents are not kept when it grows.
    func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            pointer.deallocate()
            capacity = max(count, capacity * 2)
            pointer = .allocate(capacity: capacity)
        }
        return pointer
    }

    deinit { pointer.deallocate() }
}

/// The forward pass of the fine-tuned layers and the classification head with every
/// activation kept, and the backward pass that turns the loss into gradients of every
/// parameter. One worker's memory; not thread-safe.
///
/// Per layer (x the input, h its width):
///   qkv = x·Wqkvᵀ + b;  per sentence and head P = softmax(Q·Kᵀ/√d), C = P·V
///   a = LN(x + C·Woᵀ + bo);  u = a·Wiᵀ + bi;  y = LN(a + gelu(u)·W2ᵀ + b2)
/// then the head: p = mean of y's rows per sentence, z = w·p + c, loss = BCE(σ(z), label).
final class Backpropagation {
    struct LayerCache {
        let qkv = FloatScratch(), probabilities = FloatScratch(), context = FloatScratch()
        let attentionHat = FloatScratch(), attentionInverse = FloatScratch(), attention = FloatScratch()
        let preActivation = FloatScratch(), activation = FloatScratch()
        let outputHat = FloatScratch(), outputInverse = FloatScratch()
    }

    let configuration: BertConfiguration
    let layout: LayerLayout
    let layerCount: Int
    /// inputs[k] is the input of tuned layer k; inputs[layerCount] the last layer's output.
    private let inputs: [FloatScratch]
    private let caches: [LayerCache]
    private let pooled = FloatScratch()
    private(set) var logits: [Float] = []
    private(set) var lengths: [Int] = []
    private var tokens = 0
    // Backward scratch.
    private let gradientAbove = FloatScratch(), gradientBelow = FloatScratch()
    private let gradientAttention = FloatScratch(), gradientPre = FloatScratch(), gradientPreNorm = FloatScratch()
    private let gradientQKV = FloatScratch(), gradientContext = FloatScratch(), gradientScores = FloatScratch()

    init(configuration: BertConfiguration, layerCount: Int) {
        self.configuration = configuration
        layout = LayerLayout(configuration)
        self.layerCount = layerCount
        inputs = (0...layerCount).map { _ in FloatScratch() }
        caches = (0..<layerCount).map { _ in LayerCache() }
    }

    /// The head's logit for each sentence, keeping what the backward pass needs.
    /// `parameters` holds the tuned layers one after another, then the head's weights and bias.
    @discardableResult
    func forward(_ states: [TokenStates], parameters: UnsafePointer<Float>) -> [Float] {
        let h = configuration.hiddenSize
        lengths = states.map(\.tokenCount)
        tokens = lengths.reduce(0, +)
        let x = inputs[0].reserve(tokens * h)
        var row = 0
        for state in states {
            state.values.withUnsafeBufferPointer { (x + row * h).update(from: $0.baseAddress!, count: $0.count) }
            row += state.tokenCount
        }
        for k in 0..<layerCount {
            forwardLayer(k, parameters: parameters + k * layout.count)
        }
        let head = parameters + layerCount * layout.count
        let y = inputs[layerCount].pointer
        let p = pooled.reserve(states.count * h)
        logits = []
        logits.reserveCapacity(states.count)
        var start = 0
        for (s, length) in lengths.enumerated() {
            let out = p + s * h
            out.update(repeating: 0, count: h)
            for r in start..<start + length {
                let values = y + r * h
                for j in 0..<h { out[j] += values[j] }
            }
            let scale = 1 / Float(max(length, 1))
            var z = head[h]
            for j in 0..<h {
                out[j] *= scale
                z += head[j] * out[j]
            }
            logits.append(z)
            start += length
        }
        return logits
    }

    private func forwardLayer(_ k: Int, parameters p: UnsafePointer<Float>) {
        let c = configuration
        let offsets = layout
        let cache = caches[k]
        let h = c.hiddenSize
        let d = c.headSize
        let n = tokens
        let m = c.intermediateSize
        let x = inputs[k].pointer
        let qkv = cache.qkv.reserve(n * 3 * h)
        Kernels.fillRows(qkv, rows: n, width: 3 * h, with: p + offsets.qkvBias)
        Kernels.linear(x, rows: n, inputs: h, weight: p + offsets.qkv, outputs: 3 * h, into: qkv)

        let probabilitiesCount = lengths.reduce(0) { $0 + $1 * $1 } * c.headCount
        let probabilities = cache.probabilities.reserve(probabilitiesCount)
        let context = cache.context.reserve(n * h)
        let scale = 1 / Float(d).squareRoot()
        var start = 0
        var offset = 0
        for length in lengths {
            let base = qkv + start * 3 * h
            for head in 0..<c.headCount {
                let q = base + head * d
                let key = q + h
                let v = q + 2 * h
                let scores = probabilities + offset
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, Int32(length), Int32(length), Int32(d),
                    scale, q, Int32(3 * h), key, Int32(3 * h), 0, scores, Int32(length))
                Kernels.softmaxRows(scores, rows: length, width: length)
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(length), Int32(d), Int32(length),
                    1, scores, Int32(length), v, Int32(3 * h), 0, context + start * h + head * d, Int32(h))
                offset += length * length
            }
            start += length
        }

        let attention = cache.attention.reserve(n * h)
        Kernels.addRows(x, rows: n, width: h, bias: p + offsets.attentionOutputBias, into: attention)
        Kernels.linear(context, rows: n, inputs: h, weight: p + offsets.attentionOutput, outputs: h, into: attention)
        Self.layerNormForward(
            attention, rows: n, width: h, weight: p + offsets.attentionNormWeight, bias: p + offsets.attentionNormBias,
            epsilon: c.layerNormEpsilon, hat: cache.attentionHat.reserve(n * h),
            inverse: cache.attentionInverse.reserve(n))

        let pre = cache.preActivation.reserve(n * m)
        Kernels.fillRows(pre, rows: n, width: m, with: p + offsets.intermediateBias)
        Kernels.linear(attention, rows: n, inputs: h, weight: p + offsets.intermediateWeight, outputs: m, into: pre)
        let activation = cache.activation.reserve(n * m)
        activation.update(from: pre, count: n * m)
        Kernels.gelu(activation, count: n * m)

        let y = inputs[k + 1].reserve(n * h)
        Kernels.addRows(attention, rows: n, width: h, bias: p + offsets.outputBias, into: y)
        Kernels.linear(activation, rows: n, inputs: m, weight: p + offsets.output, outputs: h, into: y)
        Self.layerNormForward(
            y, rows: n, width: h, weight: p + offsets.outputNormWeight, bias: p + offsets.outputNormBias,
            epsilon: c.layerNormEpsilon, hat: cache.outputHat.reserve(n * h),
            inverse: cache.outputInverse.reserve(n))
    }

    /// Adds to `gradients` (laid out like the parameters) the gradient of
    /// Σ weight[s] · BCE(σ(logit[s]), label[s]) over the batch of the last `forward`,
    /// and returns that weighted loss.
    @discardableResult
    func backward(
        labels: [Bool], weights: [Float], parameters: UnsafePointer<Float>,
        gradients: UnsafeMutablePointer<Float>
    ) -> Double {
        precondition(labels.count == lengths.count && weights.count == lengths.count)
        let h = configuration.hiddenSize
        let n = tokens
        let head = parameters + layerCount * layout.count
        let headGradient = gradients + layerCount * layout.count
        let p = pooled.pointer
        var dy = gradientAbove.reserve(n * h)
        var loss = 0.0
        var start = 0
        for (s, length) in lengths.enumerated() {
            let z = Double(logits[s])
            let label = labels[s] ? 1.0 : 0.0
            // BCE from the logit, without overflow: softplus(z) - label·z.
            loss += Double(weights[s]) * (max(z, 0) + Foundation.log1p(Foundation.exp(-abs(z))) - label * z)
            let dz = Float((1 / (1 + Foundation.exp(-z)) - label)) * weights[s]
            let pooledRow = p + s * h
            for j in 0..<h { headGradient[j] += dz * pooledRow[j] }
            headGradient[h] += dz
            let share = dz / Float(max(length, 1))
            for r in start..<start + length {
                let row = dy + r * h
                for j in 0..<h { row[j] = share * head[j] }
            }
            start += length
        }
        var dx = gradientBelow.reserve(n * h)
        for k in stride(from: layerCount - 1, through: 0, by: -1) {
            backwardLayer(
                k, parameters: parameters + k * layout.count, gradients: gradients + k * layout.count,
                dy: dy, dx: k > 0 ? dx : nil)
            swap(&dy, &dx)
        }
        return loss
    }

    /// Back through tuned layer k: `dy` is the gradient at its output; its parameters'
    /// gradients are added to `g`; the gradient at its input goes to `dx` when asked for.
    private func backwardLayer(
        _ k: Int, parameters p: UnsafePointer<Float>, gradients g: UnsafeMutablePointer<Float>,
        dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>?
    ) {
        let c = configuration
        let offsets = layout
        let cache = caches[k]
        let h = c.hiddenSize
        let d = c.headSize
        let n = tokens
        let m = c.intermediateSize
        let x = inputs[k].pointer
        let attention = cache.attention.pointer
        let activation = cache.activation.pointer
        let qkv = cache.qkv.pointer
        let probabilities = cache.probabilities.pointer

        // Output LayerNorm, then the second feed-forward product (its input is gelu(u)).
        let dOutputPre = gradientPreNorm.reserve(n * h)
        Self.layerNormBackward(
            dy, hat: cache.outputHat.pointer, inverse: cache.outputInverse.pointer,
            weight: p + offsets.outputNormWeight,
            rows: n, width: h, weightGradient: g + offsets.outputNormWeight, biasGradient: g + offsets.outputNormBias,
            into: dOutputPre)
        Self.addColumnSums(dOutputPre, rows: n, width: h, into: g + offsets.outputBias)
        Self.addWeightGradient(dOutputPre, outputs: h, x: activation, inputs: m, rows: n, into: g + offsets.output)
        let dActivation = gradientPre.reserve(n * m)
        Self.inputGradient(
            dOutputPre, outputs: h, weight: p + offsets.output, inputs: m, rows: n, into: dActivation, accumulate: false
        )
        // Through GELU: Φ(u) + u·φ(u).
        let pre = cache.preActivation.pointer
        for index in 0..<n * m {
            let u = Double(pre[index])
            let derivative =
                0.5 * (1 + Kernels.erf(u * 0.70710678118654752)) + u * 0.3989422804014327 * Foundation.exp(-0.5 * u * u)
            dActivation[index] *= Float(derivative)
        }
        Self.addColumnSums(dActivation, rows: n, width: m, into: g + offsets.intermediateBias)
        Self.addWeightGradient(
            dActivation, outputs: m, x: attention, inputs: h, rows: n, into: g + offsets.intermediateWeight)
        // The attention block's output feeds both the residual and the feed-forward layer.
        let dAttention = gradientAttention.reserve(n * h)
        dAttention.update(from: dOutputPre, count: n * h)
        Self.inputGradient(
            dActivation, outputs: m, weight: p + offsets.intermediateWeight, inputs: h, rows: n, into: dAttention,
            accumulate: true)

        // Attention LayerNorm, then the output projection.
        let dAttentionPre = gradientPreNorm.reserve(n * h)
        Self.layerNormBackward(
            dAttention, hat: cache.attentionHat.pointer, inverse: cache.attentionInverse.pointer,
            weight: p + offsets.attentionNormWeight, rows: n, width: h,
            weightGradient: g + offsets.attentionNormWeight, biasGradient: g + offsets.attentionNormBias,
            into: dAttentionPre)
        Self.addColumnSums(dAttentionPre, rows: n, width: h, into: g + offsets.attentionOutputBias)
        let context = cache.context.pointer
        Self.addWeightGradient(
            dAttentionPre, outputs: h, x: context, inputs: h, rows: n, into: g + offsets.attentionOutput)
        let dContext = gradientContext.reserve(n * h)
        Self.inputGradient(
            dAttentionPre, outputs: h, weight: p + offsets.attentionOutput, inputs: h, rows: n, into: dContext,
            accumulate: false)

        // Attention, sentence by sentence and head by head.
        let dQKV = gradientQKV.reserve(n * 3 * h)
        let scale = 1 / Float(d).squareRoot()
        let longest = lengths.max() ?? 0
        let dScores = gradientScores.reserve(longest * longest)
        var start = 0
        var offset = 0
        for length in lengths {
            let t = Int32(length)
            for head in 0..<c.headCount {
                let q = qkv + start * 3 * h + head * d
                let key = q + h
                let v = q + 2 * h
                let dq = dQKV + start * 3 * h + head * d
                let dk = dq + h
                let dv = dq + 2 * h
                let dc = dContext + start * h + head * d
                let probability = probabilities + offset
                // dP = dC·Vᵀ; dV = Pᵀ·dC.
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, t, t, Int32(d),
                    1, dc, Int32(h), v, Int32(3 * h), 0, dScores, t)
                cblas_sgemm(
                    CblasRowMajor, CblasTrans, CblasNoTrans, t, Int32(d), t,
                    1, probability, t, dc, Int32(h), 0, dv, Int32(3 * h))
                // Through softmax: dS = P ∘ (dP − rowsum(dP ∘ P)), times the scale of the scores.
                for row in 0..<length {
                    let pr = probability + row * length
                    let ds = dScores + row * length
                    var dot: Float = 0
                    for j in 0..<length { dot += pr[j] * ds[j] }
                    for j in 0..<length { ds[j] = pr[j] * (ds[j] - dot) * scale }
                }
                // dQ = dS·K; dK = dSᵀ·Q.
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, t, Int32(d), t,
                    1, dScores, t, key, Int32(3 * h), 0, dq, Int32(3 * h))
                cblas_sgemm(
                    CblasRowMajor, CblasTrans, CblasNoTrans, t, Int32(d), t,
                    1, dScores, t, q, Int32(3 * h), 0, dk, Int32(3 * h))
                offset += length * length
            }
            start += length
        }
        Self.addColumnSums(dQKV, rows: n, width: 3 * h, into: g + offsets.qkvBias)
        Self.addWeightGradient(dQKV, outputs: 3 * h, x: x, inputs: h, rows: n, into: g + offsets.qkv)
        if let dx {
            // The residual around attention, then the projections.
            dx.update(from: dAttentionPre, count: n * h)
            Self.inputGradient(
                dQKV, outputs: 3 * h, weight: p + offsets.qkv, inputs: h, rows: n, into: dx, accumulate: true)
        }
    }

    // MARK: Kernels

    /// LayerNorm in place, keeping the normalised values and each row's 1/σ.
    static func layerNormForward(
        _ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, epsilon: Float, hat: UnsafeMutablePointer<Float>,
        inverse: UnsafeMutablePointer<Float>
    ) {
        let n = Float(width)
        for row in 0..<rows {
            let values = x + row * width
            let normalised = hat + row * width
            var sum: Float = 0
            for j in 0..<width { sum += values[j] }
            let mean = sum / n
            var squares: Float = 0
            for j in 0..<width {
                let centred = values[j] - mean
                squares += centred * centred
            }
            let inv = 1 / (squares / n + epsilon).squareRoot()
            inverse[row] = inv
            for j in 0..<width {
                normalised[j] = (values[j] - mean) * inv
                values[j] = normalised[j] * weight[j] + bias[j]
            }
        }
    }

    /// dx = (1/σ)·(ĝ − mean(ĝ) − x̂·mean(ĝ∘x̂)) with ĝ = dy∘γ; γ and β gradients added.
    static func layerNormBackward(
        _ dy: UnsafePointer<Float>, hat: UnsafePointer<Float>, inverse: UnsafePointer<Float>,
        weight: UnsafePointer<Float>, rows: Int, width: Int,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
        into dx: UnsafeMutablePointer<Float>
    ) {
        let n = Float(width)
        for row in 0..<rows {
            let g = dy + row * width
            let xhat = hat + row * width
            let out = dx + row * width
            var sum: Float = 0
            var dot: Float = 0
            for j in 0..<width {
                let scaled = g[j] * weight[j]
                sum += scaled
                dot += scaled * xhat[j]
                weightGradient[j] += g[j] * xhat[j]
                biasGradient[j] += g[j]
            }
            let mean = sum / n
            let meanDot = dot / n
            let inv = inverse[row]
            for j in 0..<width { out[j] = inv * (g[j] * weight[j] - mean - xhat[j] * meanDot) }
        }
    }

    static func addColumnSums(_ x: UnsafePointer<Float>, rows: Int, width: Int, into g: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            let values = x + row * width
            for j in 0..<width { g[j] += values[j] }
        }
    }

    /// G[outputs, inputs] += dYᵀ·X for y = x·Wᵀ.
    static func addWeightGradient(
        _ dy: UnsafePointer<Float>, outputs: Int, x: UnsafePointer<Float>, inputs: Int, rows: Int,
        into g: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasTrans, CblasNoTrans, Int32(outputs), Int32(inputs), Int32(rows),
            1, dy, Int32(outputs), x, Int32(inputs), 1, g, Int32(inputs))
    }

    /// dX (+)= dY·W for y = x·Wᵀ.
    static func inputGradient(
        _ dy: UnsafePointer<Float>, outputs: Int, weight: UnsafePointer<Float>, inputs: Int, rows: Int,
        into dx: UnsafeMutablePointer<Float>, accumulate: Bool
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(inputs), Int32(outputs),
            1, dy, Int32(outputs), weight, Int32(inputs), accumulate ? 1 : 0, dx, Int32(inputs))
    }
}
