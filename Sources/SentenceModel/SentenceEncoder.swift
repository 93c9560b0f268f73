import CBLAS
import Foundation

/// all-MiniLM-L6-v2 run natively: WordPiece, the 6-layer BERT encoder over OpenBLAS,
/// mean pooling over the real tokens, L2 normalisation. 384 numbers a sentence, whose
/// dot product is their cosine similarity.
///
/// ```swift
/// let encoder = try SentenceEncoder(directory: SentenceModelLocation.resolve(…).directory)
/// let vectors = encoder.encode(["Unemployment fell to 3.4%.", "The jobless rate dropped to 3.4%."])
/// let similarity = zip(vectors[0], vectors[1]).reduce(0) { $0 + $1.0 * $1.1 }
/// ```
///
/// The weights are mapped from `model.safetensors` once and shared; `encode` may be
/// called from any thread. A call spreads its sentences over every core the process
/// may use: batches of about `batchTokens` tokens, each worker with one BLAS thread.
public final class SentenceEncoder: @unchecked Sendable {
    public let directory: URL
    public let configuration: BertConfiguration
    public let tokenizer: WordPieceTokenizer
    let weights: BertWeights
    /// Worker threads a call uses: the cores this process may run on, unless set.
    public let threadCount: Int
    /// About how many tokens one worker encodes in one pass of the layers.
    public let batchTokens: Int
    public let parallelism: Parallelism

    /// How a call uses its threads: workers of their own, each with one BLAS thread
    /// (the default, and the faster on 2 cores: see scripts/bench.sh), or one worker
    /// whose matrix products OpenBLAS spreads over the threads.
    public enum Parallelism: String, Sendable, CaseIterable {
        case workers, blas
    }

    /// The width of an embedding (384 for all-MiniLM-L6-v2).
    public var dimension: Int { configuration.hiddenSize }

    /// Loads `model.safetensors`, `vocab.txt`, `tokenizer.json` and, when present,
    /// `config.json` from `directory`. Errors name the file that is missing or damaged.
    public init(directory: URL, threads: Int? = nil, batchTokens: Int = 1024, parallelism: Parallelism = .workers)
        throws
    {
        self.directory = directory
        self.batchTokens = max(1, batchTokens)
        self.parallelism = parallelism
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        configuration =
            FileManager.default.fileExists(atPath: path("config.json"))
            ? try BertConfiguration.load(path: path("config.json")) : BertConfiguration()
        let settings = try TokenizerSettings.load(path: path("tokenizer.json"))
        tokenizer = try WordPieceTokenizer.load(vocabPath: path("vocab.txt"), settings: settings)
        guard tokenizer.vocab.count == configuration.vocabularySize else {
            throw SentenceModelError.corruptFile(
                path: path("vocab.txt"),
                reason: "it has \(tokenizer.vocab.count) tokens but the model has \(configuration.vocabularySize)")
        }
        guard settings.maxLength <= configuration.maxPositions else {
            throw SentenceModelError.unsupported(
                path: path("tokenizer.json"),
                reason:
                    "it keeps \(settings.maxLength) tokens but the model has \(configuration.maxPositions) positions")
        }
        weights = try BertWeights(
            file: try SafeTensorsFile(path: path("model.safetensors")), configuration: configuration)
        threadCount = max(1, threads ?? Self.usableCores())
    }

    // MARK: Sentences to vectors

    /// Unit-length embeddings, one per sentence, in order.
    public func encode(_ sentences: [String]) -> [[Float]] {
        pooled(sentences).map(Self.normalized)
    }

    /// Mean-pooled embeddings before normalisation.
    public func pooled(_ sentences: [String]) -> [[Float]] {
        pooled(tokens: tokenize(sentences))
    }

    public func pooled(tokens: [[Int32]]) -> [[Float]] {
        run(tokens.count, tokenCounts: tokens.map(\.count)) { workspace, range in
            workspace.embed(tokens[range])
            for layer in 0..<configuration.layerCount { workspace.runLayer(layer) }
            return workspace.meanPooled()
        }
    }

    /// Token ids of each sentence, as the encoder sees them.
    public func tokenize(_ sentences: [String]) -> [[Int32]] {
        if sentences.count < 64 { return sentences.map(tokenizer.tokenize) }
        return run(sentences.count, tokenCounts: sentences.map(\.utf8.count)) { _, range in
            sentences[range].map(tokenizer.tokenize)
        }
    }

    // MARK: Layer by layer

    /// The hidden states after layers `0..<end` (0 gives the embeddings' output), for
    /// saving the lower layers' output once and running the upper ones many times.
    public func hiddenStates(tokens: [[Int32]], throughLayer end: Int) -> [TokenStates] {
        precondition(
            (0...configuration.layerCount).contains(end), "layer \(end) is outside 0...\(configuration.layerCount)")
        return run(tokens.count, tokenCounts: tokens.map(\.count)) { workspace, range in
            workspace.embed(tokens[range])
            for layer in 0..<end { workspace.runLayer(layer) }
            return workspace.states()
        }
    }

    /// Runs layers `layers` (within 0..<layerCount) on saved hidden states.
    public func hiddenStates(continuing states: [TokenStates], layers: Range<Int>) -> [TokenStates] {
        precondition(
            layers.lowerBound >= 0 && layers.upperBound <= configuration.layerCount,
            "layers \(layers) are outside 0..<\(configuration.layerCount)")
        return run(states.count, tokenCounts: states.map(\.tokenCount)) { workspace, range in
            workspace.load(states[range])
            for layer in layers { workspace.runLayer(layer) }
            return workspace.states()
        }
    }

    /// The cosine similarity of `query` with each of `texts`, in order, from one call
    /// (so the query shares the workers with the texts).
    ///
    /// ```swift
    /// encoder.similarities(of: "How many people has the outbreak killed?",
    ///                      to: ["The WHO said 19 people have died in the outbreak.", "Crime rose."])
    /// // [0.81, 0.05]
    /// ```
    public func similarities(of query: String, to texts: [String]) -> [Double] {
        let vectors = encode([query] + texts)
        return vectors.dropFirst().map { vector in
            zip(vectors[0], vector).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
    }

    /// `vector` scaled to unit length (a zero vector stays zero).
    public static func normalized(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return vector }
        return vector.map { $0 / norm }
    }

    // MARK: Spreading work over the cores

    /// Splits `count` items into batches of about `batchTokens` tokens, at least one
    /// per worker when there is enough to share, and runs `body` on each batch on a
    /// worker with a workspace of its own; results come back in input order.
    func run<Result>(
        _ count: Int, tokenCounts: [Int],
        _ body: @Sendable (EncoderWorkspace, Range<Int>) -> [Result]
    ) -> [Result] {
        guard count > 0 else { return [] }
        let total = tokenCounts.reduce(0, +)
        let workers = parallelism == .blas ? 1 : min(threadCount, count)
        let batches = Self.batches(tokenCounts, total: total, target: batchTokens, minimum: workers)
        // Workers keep OpenBLAS to one thread each (it would otherwise start its own on
        // every core, under every worker). The setting is process-wide, so it depends on
        // the mode alone, never on the size of a call.
        openblas_set_num_threads(Int32(parallelism == .blas ? threadCount : 1))
        if workers == 1 {
            let workspace = EncoderWorkspace(weights: weights)
            return batches.flatMap { body(workspace, $0) }
        }
        let results = UnsafeMutableBufferPointer<[Result]>.allocate(capacity: batches.count)
        results.initialize(repeating: [])
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let next = NSLock()
        nonisolated(unsafe) var nextBatch = 0
        nonisolated(unsafe) let shared = results
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let workspace = EncoderWorkspace(weights: weights)
            while true {
                let index: Int = next.withLock {
                    defer { nextBatch += 1 }
                    return nextBatch
                }
                guard index < batches.count else { return }
                shared[index] = body(workspace, batches[index])
            }
        }
        return results.flatMap { $0 }
    }

    /// Consecutive ranges of about `target` tokens each, and at least `minimum` ranges
    /// when there are that many items.
    static func batches(_ tokenCounts: [Int], total: Int, target: Int, minimum: Int) -> [Range<Int>] {
        let wanted = max(minimum, (total + target - 1) / max(target, 1))
        let perBatch = max(1, (total + wanted - 1) / wanted)
        var ranges: [Range<Int>] = []
        var start = 0
        var tokens = 0
        for (index, count) in tokenCounts.enumerated() {
            tokens += count
            if tokens >= perBatch {
                ranges.append(start..<index + 1)
                start = index + 1
                tokens = 0
            }
        }
        if start < tokenCounts.count { ranges.append(start..<tokenCounts.count) }
        return ranges
    }

    /// The cores this process may run on (its CPU affinity, from /proc/self/status on
    /// Linux), so `taskset -c 0` means one; else the cores online.
    public static func usableCores() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
        {
            let mask = line.dropFirst("Cpus_allowed:".count).filter { $0.isHexDigit }
            let count = mask.reduce(0) { $0 + ($1.hexDigitValue ?? 0).nonzeroBitCount }
            if count > 0 { return count }
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}
