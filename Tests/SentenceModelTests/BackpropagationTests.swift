import Foundation
import Testing

@testable import SentenceModel

/// The backward pass of the fine-tuned layers against finite differences of the loss,
/// on a tiny encoder with random weights (no model files needed).
@Suite("Backpropagation")
struct BackpropagationTests {
    static func tinyConfiguration() -> BertConfiguration {
        var c = BertConfiguration()
        c.hiddenSize = 8
        c.headCount = 2
        c.intermediateSize = 12
        c.layerCount = 2
        c.layerNormEpsilon = 1e-12
        return c
    }

    /// A classifier over both layers of the tiny encoder with random weights, and a batch.
    static func fixture(seed: UInt64) -> (FineTunedClassifier, [TokenStates], [Bool], [Float]) {
        let c = tinyConfiguration()
        let classifier = FineTunedClassifier(configuration: c, firstTunedLayer: 0)
        var random = SplitMix64(seed: seed)
        let p = classifier.parameters
        for index in p.indices { p[index] = Float(random.nextGaussian() * 0.4) }
        // LayerNorm scales near 1, as in a trained model.
        for k in 0..<classifier.tunedLayerCount {
            let base = k * classifier.layout.count
            for j in 0..<c.hiddenSize {
                p[base + classifier.layout.attentionNormWeight + j] += 1
                p[base + classifier.layout.outputNormWeight + j] += 1
            }
        }
        let states = [1, 3, 5].map { length in
            TokenStates(
                tokenCount: length, hiddenSize: c.hiddenSize,
                values: (0..<length * c.hiddenSize).map { _ in Float(random.nextGaussian()) })
        }
        return (classifier, states, [true, false, true], [0.5, 0.3, 0.2])
    }

    static func loss(_ classifier: FineTunedClassifier, _ states: [TokenStates], _ labels: [Bool], _ weights: [Float])
        -> Double
    {
        let pass = Backpropagation(configuration: classifier.configuration, layerCount: classifier.tunedLayerCount)
        let logits = pass.forward(states, parameters: classifier.parameters.baseAddress!)
        return zip(zip(logits, labels), weights).reduce(0.0) { total, item in
            let ((z, label), weight) = item
            let zd = Double(z)
            return total + Double(weight) * (max(zd, 0) + log1p(exp(-abs(zd))) - (label ? zd : 0))
        }
    }

    @Test func gradientsMatchFiniteDifferencesInEveryTensor() {
        let (classifier, states, labels, weights) = Self.fixture(seed: 7)
        let pass = Backpropagation(configuration: classifier.configuration, layerCount: classifier.tunedLayerCount)
        let p = classifier.parameters
        var gradients = [Float](repeating: 0, count: p.count)
        pass.forward(states, parameters: p.baseAddress!)
        gradients.withUnsafeMutableBufferPointer { g in
            _ = pass.backward(labels: labels, weights: weights, parameters: p.baseAddress!, gradients: g.baseAddress!)
        }
        // Every tensor of every layer, and the head: a few entries each.
        let layout = classifier.layout
        var checked: [(String, Int)] = []
        for k in 0..<classifier.tunedLayerCount {
            for tensor in layout.tensors {
                let size = tensor.shape.reduce(1, *)
                for pick in [0, size / 3, size - 1] {
                    checked.append(("layer \(k) \(tensor.name)[\(pick)]", k * layout.count + tensor.offset + pick))
                }
            }
        }
        let headStart = classifier.tunedLayerCount * layout.count
        checked += [("head weight[0]", headStart), ("head weight[5]", headStart + 5), ("head bias", headStart + 8)]

        var worst = 0.0
        var failures: [String] = []
        for (name, index) in checked {
            let saved = p[index]
            let step: Float = 1e-2
            p[index] = saved + step
            let up = Self.loss(classifier, states, labels, weights)
            p[index] = saved - step
            let down = Self.loss(classifier, states, labels, weights)
            p[index] = saved
            let numeric = (up - down) / Double(2 * step)
            let analytic = Double(gradients[index])
            let error = abs(numeric - analytic)
            worst = max(worst, error / max(abs(numeric), 1e-2))
            if error > 1e-3 + 0.02 * abs(numeric) {
                failures.append("\(name): analytic \(analytic), numeric \(numeric)")
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "; ")) (worst relative error \(worst))")
        // The check can fail: a gradient that is zero everywhere would not pass it.
        #expect(checked.filter { abs(gradients[$0.1]) > 1e-3 }.count > checked.count / 2)
    }

    @Test func trainingLowersTheLossAndIsDeterministic() {
        func trained() -> (FineTunedClassifier, Double, Double) {
            let (classifier, states, labels, weights) = Self.fixture(seed: 11)
            let before = Self.loss(classifier, states, labels, weights)
            var settings = FineTuningSettings()
            settings.epochs = 30
            settings.batchSize = 2
            settings.learningRate = 3e-3
            settings.headLearningRate = 3e-2
            settings.threads = 2
            EncoderFineTuning.train(classifier, states: states, labels: labels, settings: settings)
            return (classifier, before, Self.loss(classifier, states, labels, weights))
        }
        let (first, before, after) = trained()
        #expect(after < before * 0.5, "loss \(before) -> \(after)")
        let (second, _, _) = trained()
        #expect(Array(first.parameters) == Array(second.parameters))
    }

    @Test func float16FileKeepsTheWeightsAndRefusesAnotherShape() throws {
        let (classifier, states, _, _) = Self.fixture(seed: 3)
        classifier.metadata["article_threshold"] = "0.5"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-\(UUID()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try classifier.fileData().write(to: URL(fileURLWithPath: path))
        let loaded = try FineTunedClassifier(contentsOf: path, configuration: classifier.configuration)
        #expect(loaded.firstTunedLayer == 0)
        #expect(loaded.metadata == ["article_threshold": "0.5"])
        for (a, b) in zip(classifier.parameters, loaded.parameters) {
            #expect(abs(a - b) <= abs(a) * 1e-3 + 1e-4)
        }
        let original = Backpropagation(configuration: classifier.configuration, layerCount: 2)
            .forward(states, parameters: classifier.parameters.baseAddress!)
        let reread = Backpropagation(configuration: loaded.configuration, layerCount: 2)
            .forward(states, parameters: loaded.parameters.baseAddress!)
        for (a, b) in zip(original, reread) { #expect(abs(a - b) < 0.02) }

        var other = classifier.configuration
        other.hiddenSize = 16
        #expect(throws: SentenceModelError.self) { _ = try FineTunedClassifier(contentsOf: path, configuration: other) }
    }
}
