import CBLAS
import Foundation

/// How `EncoderFineTuning.train` fits a `FineTunedClassifier`.
public struct FineTuningSettings: Sendable, Equatable {
    /// Passes over the training sentences.
    public var epochs = 2
    /// Sentences per step.
    public var batchSize = 32
    /// AdamW's peak step for the tuned layers, reached after a linear warm-up and
    /// decayed linearly to zero by the end.
    public var learningRate: Float = 5e-5
    /// The same for the new head, which starts from nothing.
    public var headLearningRate: Float = 1e-3
    /// The share of the steps spent warming up.
    public var warmupFraction = 0.1
    /// Decoupled weight decay on the tuned layers (not the head).
    public var weightDecay: Float = 0.01
    /// Gradients are scaled down to this global norm when longer.
    public var clipNorm: Float = 1
    /// Seed of the head's first weights' shuffles.
    public var seed: UInt64 = 42
    /// Worker threads (default: every usable core).
    public var threads: Int?

    public init() {}
}

/// Fine-tunes the top layers of the encoder and the head by backpropagation (AdamW,
/// binary cross-entropy), on hidden states saved from the layers below them, so the
/// frozen layers run once per sentence, not once per epoch.
///
/// ```swift
/// let classifier = FineTunedClassifier(base: encoder, tunedLayers: 2)
/// let states = encoder.hiddenStates(tokens: encoder.tokenize(texts), throughLayer: classifier.firstTunedLayer)
/// EncoderFineTuning.train(classifier, states: states, labels: labels, settings: FineTuningSettings())
/// ```
public enum EncoderFineTuning {
    /// Trains `classifier` in place; `progress` hears each epoch's mean loss.
    public static func train(
        _ classifier: FineTunedClassifier, states: [TokenStates], labels: [Bool],
        settings: FineTuningSettings, progress: ((_ epoch: Int, _ meanLoss: Double) -> Void)? = nil
    ) {
        precondition(states.count == labels.count, "one label per sentence")
        guard !states.isEmpty else { return }
        nonisolated(unsafe) let parameters = classifier.parameters.baseAddress!
        let count = classifier.parameterCount
        let layerFloats = classifier.tunedLayerCount * classifier.layout.count
        let workers = max(1, min(settings.threads ?? SentenceEncoder.usableCores(), settings.batchSize))
        openblas_set_num_threads(1)
        nonisolated(unsafe) let passes = (0..<workers).map { _ in
            Backpropagation(configuration: classifier.configuration, layerCount: classifier.tunedLayerCount)
        }
        nonisolated(unsafe) let gradients = (0..<workers).map { _ in
            UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        }
        let moments = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        let squares = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        moments.initialize(repeating: 0)
        squares.initialize(repeating: 0)
        defer {
            for buffer in gradients { buffer.deallocate() }
            moments.deallocate()
            squares.deallocate()
        }

        let batch = max(1, settings.batchSize)
        let stepsPerEpoch = (states.count + batch - 1) / batch
        let totalSteps = stepsPerEpoch * max(1, settings.epochs)
        let warmup = max(1, Int(Double(totalSteps) * settings.warmupFraction))
        var random = SplitMix64(seed: settings.seed)
        var order = Array(states.indices)
        var step = 0
        let beta1: Float = 0.9
        let beta2: Float = 0.999
        let epsilon: Float = 1e-8
        for epoch in 0..<max(1, settings.epochs) {
            order.shuffle(using: &random)
            var epochLoss = 0.0
            for first in stride(from: 0, to: order.count, by: batch) {
                let members = Array(order[first..<min(first + batch, order.count)])
                let share = Float(1) / Float(members.count)
                // Each worker takes a contiguous part of the batch into its own gradients.
                let parts = min(workers, members.count)
                nonisolated(unsafe) var losses = [Double](repeating: 0, count: parts)
                let work: @Sendable (Int) -> Void = { part in
                    let range = (members.count * part / parts)..<(members.count * (part + 1) / parts)
                    let mine = range.map { members[$0] }
                    let g = gradients[part]
                    g.update(repeating: 0)
                    passes[part].forward(mine.map { states[$0] }, parameters: parameters)
                    losses[part] = passes[part].backward(
                        labels: mine.map { labels[$0] }, weights: [Float](repeating: share, count: mine.count),
                        parameters: parameters, gradients: g.baseAddress!)
                }
                if parts == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: work) }
                epochLoss += losses.reduce(0, +) * Double(members.count)
                let g = gradients[0]
                for part in 1..<max(parts, 1) {
                    let other = gradients[part]
                    for index in 0..<count { g[index] += other[index] }
                }
                var norm: Float = 0
                for value in g { norm += value * value }
                norm = norm.squareRoot()
                let clip = norm > settings.clipNorm ? settings.clipNorm / norm : 1

                step += 1
                let schedule =
                    step <= warmup
                    ? Float(step) / Float(warmup)
                    : max(0, Float(totalSteps - step) / Float(max(1, totalSteps - warmup)))
                let correction1 = 1 - Foundation.pow(beta1, Float(step))
                let correction2 = 1 - Foundation.pow(beta2, Float(step))
                for index in 0..<count {
                    let gradient = g[index] * clip
                    moments[index] = beta1 * moments[index] + (1 - beta1) * gradient
                    squares[index] = beta2 * squares[index] + (1 - beta2) * gradient * gradient
                    let isLayer = index < layerFloats
                    let rate = (isLayer ? settings.learningRate : settings.headLearningRate) * schedule
                    if isLayer { parameters[index] -= rate * settings.weightDecay * parameters[index] }
                    let update =
                        (moments[index] / correction1) / ((squares[index] / correction2).squareRoot() + epsilon)
                    parameters[index] -= rate * update
                }
            }
            progress?(epoch + 1, epochLoss / Double(states.count))
        }
    }
}
