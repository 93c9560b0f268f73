import Foundation
import SentenceModel
import Testing

/// The encoder against embeddings computed once by sentence-transformers (PyTorch) on
/// the same weights, and its own promises: unit length, the same vector alone or in a
/// batch, layers run in two parts give the same result.
@Suite("Sentence encoder (all-MiniLM-L6-v2)")
struct SentenceEncoderTests {
    @Test func embeddingsMatchTheReferenceImplementation() throws {
        let encoder = try ReferenceModel.encoder()
        let fixture = try ReferenceFixture.load()
        #expect(fixture.embeddings.count >= 5)
        let vectors = encoder.encode(fixture.embeddings.map(\.text))
        for (reference, vector) in zip(fixture.embeddings, vectors) {
            let label = reference.text.prefix(40)
            #expect(encoder.tokenizer.tokenize(reference.text) == reference.tokens, "token ids of \(label)")
            #expect(vector.count == 384)
            let similarity = cosine(vector, reference.embedding)
            #expect(similarity >= 0.9999, "cosine \(similarity) with the reference for \(label)")
            // Every number too: the cosine alone would pass the usual slips, which move it by
            // less than 1e-6 (tanh-approximated GELU, LayerNorm's eps at PyTorch's default 1e-5)
            // but move some dimension by 3e-5 to 2.5e-4. This encoder is within 3e-7 of it.
            let worst = zip(vector, reference.embedding).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst < 1e-5, "largest difference \(worst) from the reference for \(label)")
        }
    }

    @Test func vectorsHaveUnitLengthAndArePooledBeforeNormalising() throws {
        let encoder = try ReferenceModel.encoder()
        let sentences = ["Unemployment fell to 3.4% in January.", "Crime rose."]
        let pooled = encoder.pooled(sentences)
        let encoded = encoder.encode(sentences)
        for (raw, unit) in zip(pooled, encoded) {
            let rawNorm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let unitNorm = unit.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(unitNorm - 1) < 1e-5)
            #expect(abs(rawNorm - 1) > 0.01, "the pooled vector is the mean of the token states, not yet unit length")
            #expect(zip(SentenceEncoder.normalized(raw), unit).allSatisfy { abs($0 - $1) < 1e-6 })
        }
    }

    @Test func aSentenceGetsTheSameVectorAloneOrInABatchOnEveryCore() throws {
        // Small batches over two workers, so sentences share batches with others.
        let encoder = try SentenceEncoder(directory: try ReferenceModel.directory(), threads: 2, batchTokens: 40)
        let fixture = try ReferenceFixture.load()
        let short = fixture.embeddings.filter { $0.tokens.count < 40 }
        let sentences = short.map(\.text) + short.map { "Again: " + $0.text }
        let together = encoder.encode(sentences)
        for index in sentences.indices {
            let alone = encoder.encode([sentences[index]])[0]
            #expect(cosine(alone, together[index]) >= 0.99999, "sentence \(index)")
        }
        for (reference, vector) in zip(short, together) {
            #expect(cosine(vector, reference.embedding) >= 0.9999)
        }
    }

    @Test func similarSentencesAreCloserThanUnrelatedOnes() throws {
        let encoder = try ReferenceModel.encoder()
        let v = encoder.encode([
            "Unemployment fell to 3.4% in January.",
            "The jobless rate dropped to 3.4 percent in January.",
            "The museum reopened after a fire destroyed its roof.",
        ])
        #expect(cosine(v[0], v[1]) > 0.6, "\(cosine(v[0], v[1]))")
        #expect(cosine(v[0], v[1]) > cosine(v[0], v[2]) + 0.4, "\(cosine(v[0], v[1])) vs \(cosine(v[0], v[2]))")
    }

    @Test func runningTheLowerAndUpperLayersApartGivesTheSameEmbedding() throws {
        let encoder = try ReferenceModel.encoder()
        let sentences = ["Inflation in the euro area eased to 2.4% in November.", "Prices rose."]
        let tokens = encoder.tokenize(sentences)
        let lower = encoder.hiddenStates(tokens: tokens, throughLayer: 4)
        #expect(lower.map(\.tokenCount) == tokens.map(\.count))
        let upper = encoder.hiddenStates(continuing: lower, layers: 4..<6)
        let whole = encoder.hiddenStates(tokens: tokens, throughLayer: 6)
        let direct = encoder.encode(sentences)
        for index in sentences.indices {
            #expect(zip(upper[index].values, whole[index].values).allSatisfy { abs($0 - $1) < 1e-5 })
            #expect(cosine(SentenceEncoder.normalized(upper[index].meanPooled), direct[index]) >= 0.99999)
        }
        let embeddings = encoder.hiddenStates(tokens: tokens, throughLayer: 0)
        #expect(embeddings[1].values != whole[1].values, "layer 0 is the embeddings, before any encoder layer")
    }

    @Test func aLongSentenceIsCutTo128Tokens() throws {
        let encoder = try ReferenceModel.encoder()
        let long = String(repeating: "The committee reviewed spending on roads and schools. ", count: 40)
        let tokens = encoder.tokenizer.tokenize(long)
        #expect(tokens.count == 128)
        #expect(tokens.first == 101 && tokens.last == 102)
        #expect(encoder.encode([long])[0].count == 384)
    }

    @Test func anEmptyListGivesNoVectorsAndAnEmptySentenceGivesOne() throws {
        let encoder = try ReferenceModel.encoder()
        #expect(encoder.encode([]).isEmpty)
        #expect(encoder.encode([""])[0].count == 384)
    }
}
