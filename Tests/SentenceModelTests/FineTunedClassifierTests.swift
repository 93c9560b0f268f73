import Foundation
import Testing

@testable import SentenceModel

/// The fine-tuned layers over the real all-MiniLM-L6-v2 weights.
@Suite("Fine-tuned classifier on the real encoder")
struct FineTunedClassifierTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models/checkworthiness-encoder.safetensors").path

    static let sentences = [
        "The unemployment rate fell to 3.5 percent in September, the lowest since 1969.",
        "Thank you.",
        "Crédit Agricole said the Board met 12 times in 2023 and approved a €1.2bn buyback, according to its annual report.",
    ]

    @Test func theTrainingForwardPassIsTheForwardPassThatScores() throws {
        let encoder = try ReferenceModel.encoder()
        let classifier = FineTunedClassifier(base: encoder, tunedLayers: 2, seed: 5)
        let tokens = encoder.tokenize(Self.sentences)
        let states = encoder.hiddenStates(tokens: tokens, throughLayer: classifier.firstTunedLayer)
        let training = Backpropagation(configuration: encoder.configuration, layerCount: 2)
            .forward(states, parameters: classifier.parameters.baseAddress!)
        let scoring = classifier.logits(tokens: tokens, encoder: encoder)
        let continuing = classifier.logits(continuing: states, encoder: encoder)
        for (a, (b, c)) in zip(training, zip(scoring, continuing)) {
            #expect(abs(a - b) < 1e-4 && abs(a - c) < 1e-4, "\(a) \(b) \(c)")
        }
        #expect(training.count == 3)
    }

    @Test func theShippedLayersLoadAndTellAClaimFromSmallTalk() throws {
        let encoder = try ReferenceModel.encoder()
        let classifier = try FineTunedClassifier(contentsOf: Self.shipped, configuration: encoder.configuration)
        #expect(classifier.tunedLayerCount == 3)
        #expect(classifier.metadata["article_threshold"] != nil && classifier.metadata["transcript_threshold"] != nil)
        let p = classifier.probabilities(Self.sentences, encoder: encoder)
        #expect(p[0] > 0.8 && p[1] < 0.2, "\(p)")
        // Small enough to live in the repository.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: Self.shipped)[.size] as? Int)
        #expect(size < 16_000_000)
    }
}
