import CBLAS
import Foundation

/// A check-worthiness classifier on top of the sentence encoder: the encoder's lower
/// layers as they are, its top `tunedLayerCount` layers fine-tuned, and a logistic head
/// on the mean-pooled output of the last layer.
///
/// Only the tuned layers and the head are the classifier's own; the lower layers come
/// from the base model's files, so a saved classifier is small (float16, about 3.5 MB a
/// layer) and needs the base model beside it.
///
/// ```swift
/// let encoder = try SentenceEncoder(directory: modelFolder)
/// let classifier = try FineTunedClassifier(contentsOf: "models/checkworthiness-encoder.safetensors", base: encoder)
/// let probabilities = classifier.probabilities(["Unemployment fell to 3.4% in May."], encoder: encoder)
/// ```
public final class FineTunedClassifier: @unchecked Sendable {
    public let configuration: BertConfiguration
    /// The first tuned layer; layers below it are the base model's.
    public let firstTunedLayer: Int
    public var tunedLayerCount: Int { configuration.layerCount - firstTunedLayer }
    /// Thresholds and notes kept with the weights (strings, as safetensors metadata is).
    public var metadata: [String: String]
    let layout: LayerLayout
    /// The tuned layers one after another, then the head's weights (hidden) and bias (1).
    let parameters: UnsafeMutableBufferPointer<Float>

    /// Floats in the tuned layers and the head.
    public var parameterCount: Int { parameters.count }

    init(configuration: BertConfiguration, firstTunedLayer: Int, metadata: [String: String] = [:]) {
        precondition((0..<configuration.layerCount).contains(firstTunedLayer), "at least one layer must be tuned")
        self.configuration = configuration
        self.firstTunedLayer = firstTunedLayer
        self.metadata = metadata
        layout = LayerLayout(configuration)
        let count = (configuration.layerCount - firstTunedLayer) * layout.count + configuration.hiddenSize + 1
        parameters = .allocate(capacity: count)
        parameters.initialize(repeating: 0)
    }

    /// A classifier to be trained: the base model's top `tunedLayers` layers copied, and a
    /// head of small random weights (deterministic for a seed).
    public convenience init(base encoder: SentenceEncoder, tunedLayers: Int, seed: UInt64 = 42) {
        let c = encoder.configuration
        precondition((1...c.layerCount).contains(tunedLayers), "tune between 1 and \(c.layerCount) layers")
        self.init(configuration: c, firstTunedLayer: c.layerCount - tunedLayers)
        for k in 0..<tunedLayers {
            layout.copy(encoder.weights.layers[firstTunedLayer + k], into: parameters.baseAddress! + k * layout.count)
        }
        var random = SplitMix64(seed: seed)
        let head = parameters.baseAddress! + tunedLayers * layout.count
        for j in 0..<c.hiddenSize { head[j] = Float(random.nextGaussian() * 0.02) }
    }

    deinit { parameters.deallocate() }

    /// The weights as the forward pass reads them, for tuned layer `k` (0 is `firstTunedLayer`).
    func tunedLayer(_ k: Int) -> BertWeights.Layer {
        layout.layer(at: UnsafePointer(parameters.baseAddress! + k * layout.count))
    }

    var head: UnsafePointer<Float> { UnsafePointer(parameters.baseAddress! + tunedLayerCount * layout.count) }

    // MARK: Scoring

    /// The probability that each sentence is check-worthy, in order, over every core.
    public func probabilities(_ sentences: [String], encoder: SentenceEncoder) -> [Double] {
        logits(tokens: encoder.tokenize(sentences), encoder: encoder).map(Self.sigmoid)
    }

    /// The head's logit for each tokenised sentence.
    public func logits(tokens: [[Int32]], encoder: SentenceEncoder) -> [Float] {
        checkBase(encoder)
        return encoder.run(tokens.count, tokenCounts: tokens.map(\.count)) { workspace, range in
            workspace.embed(tokens[range])
            for layer in 0..<self.firstTunedLayer { workspace.runLayer(layer) }
            return self.finish(workspace)
        }
    }

    /// The logits from hidden states saved after the layers below the tuned ones.
    public func logits(continuing states: [TokenStates], encoder: SentenceEncoder) -> [Float] {
        checkBase(encoder)
        return encoder.run(states.count, tokenCounts: states.map(\.tokenCount)) { workspace, range in
            workspace.load(states[range])
            return self.finish(workspace)
        }
    }

    private func finish(_ workspace: EncoderWorkspace) -> [Float] {
        for k in 0..<tunedLayerCount { workspace.runLayer(tunedLayer(k)) }
        let h = configuration.hiddenSize
        return workspace.meanPooled().map { pooled in
            var z = head[h]
            for j in 0..<h { z += head[j] * pooled[j] }
            return z
        }
    }

    private func checkBase(_ encoder: SentenceEncoder) {
        precondition(encoder.configuration == configuration, "the classifier was tuned on another encoder's shape")
    }

    public static func sigmoid(_ z: Float) -> Double { 1 / (1 + Foundation.exp(-Double(z))) }

    // MARK: Files

    static let headWeightName = "classifier.weight"
    static let headBiasName = "classifier.bias"

    /// The tuned layers and the head as a float16 safetensors file, with `metadata`
    /// (and the shape it fits) in the header.
    public func fileData() -> Data {
        var tensors: [(name: String, values: UnsafeBufferPointer<Float>, shape: [Int])] = []
        for k in 0..<tunedLayerCount {
            let base = UnsafePointer(parameters.baseAddress! + k * layout.count)
            for tensor in layout.tensors {
                let count = tensor.shape.reduce(1, *)
                tensors.append(
                    (
                        "encoder.layer.\(firstTunedLayer + k).\(tensor.name)",
                        UnsafeBufferPointer(start: base + tensor.offset, count: count), tensor.shape
                    ))
            }
        }
        let h = configuration.hiddenSize
        tensors.append((Self.headWeightName, UnsafeBufferPointer(start: head, count: h), [1, h]))
        tensors.append((Self.headBiasName, UnsafeBufferPointer(start: head + h, count: 1), [1]))
        var meta = metadata
        meta["first_tuned_layer"] = String(firstTunedLayer)
        meta["hidden_size"] = String(h)
        meta["intermediate_size"] = String(configuration.intermediateSize)
        meta["layers"] = String(configuration.layerCount)
        return SafeTensorsWriter.float16File(tensors, metadata: meta)
    }

    /// Reads a classifier saved from `fileData()`, for the encoder it was tuned on.
    public convenience init(contentsOf path: String, configuration c: BertConfiguration) throws {
        let file = try SafeTensorsFile(path: path)
        let meta = file.metadata
        guard let first = meta["first_tuned_layer"].flatMap(Int.init), (0..<c.layerCount).contains(first),
            meta["hidden_size"] == String(c.hiddenSize), meta["intermediate_size"] == String(c.intermediateSize),
            meta["layers"] == String(c.layerCount)
        else {
            throw SentenceModelError.unsupported(
                path: path, reason: "it was not tuned on this sentence model (its header names another shape)")
        }
        self.init(configuration: c, firstTunedLayer: first, metadata: meta)
        for key in ["first_tuned_layer", "hidden_size", "intermediate_size", "layers"] { metadata[key] = nil }
        for k in 0..<tunedLayerCount {
            let base = parameters.baseAddress! + k * layout.count
            for tensor in layout.tensors {
                let values = try file.float16(
                    "encoder.layer.\(first + k).\(tensor.name)", shape: tensor.shape)
                (base + tensor.offset).update(from: values, count: values.count)
            }
        }
        let h = c.hiddenSize
        let head = parameters.baseAddress! + tunedLayerCount * layout.count
        head.update(from: try file.float16(Self.headWeightName, shape: [1, h]), count: h)
        head[h] = try file.float16(Self.headBiasName, shape: [1])[0]
    }
}

/// A small deterministic generator (SplitMix64) for initial weights and shuffles.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal value (Box–Muller).
    mutating func nextGaussian() -> Double {
        let u = Double(next() >> 11 | 1) / Double(1 << 53)
        let v = Double(next() >> 11) / Double(1 << 53)
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }
}
