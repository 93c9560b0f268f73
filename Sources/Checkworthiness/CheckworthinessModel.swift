import Foundation

/// A logistic-regression model over hashed features that scores how check-worthy
/// a sentence is, from 0 to 1, with the threshold at which it calls a sentence `Yes`.
///
/// ```swift
/// let model = try CheckworthinessModel.shipped()
/// let scorer = model.makeScorer()
/// scorer.score("Unemployment fell to 3.4% in January.")  // 0.97
/// ```
public struct CheckworthinessModel: Sendable {
    public var weights: [Float]
    public var bias: Double
    /// Sentences scoring at least this are check-worthy (`Yes`): the threshold for
    /// transcripts and lists of sentences (`claims score`), chosen on the training data.
    public var threshold: Double
    /// The threshold for articles (`claims extract`, `ingest`), chosen on labelled news
    /// articles; news prose is far richer in claims than debate transcripts.
    public var articleThreshold: Double
    /// How a model fine-tuned on a desk's decisions was made; nil for other models.
    public var provenance: Provenance?

    public init(
        weights: [Float], bias: Double, threshold: Double, articleThreshold: Double? = nil,
        provenance: Provenance? = nil
    ) {
        precondition(weights.count == FeatureHasher.bucketCount, "a model has one weight per feature bucket")
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.articleThreshold = articleThreshold ?? threshold
        self.provenance = provenance
    }

    /// How a model was fine-tuned on a desk's decisions (`claims model train
    /// --from-database`), carried in its file so that `claims model use` can record and
    /// show it: when, by whom, on how many decisions, and how it compared with its base.
    public struct Provenance: Sendable, Equatable, Codable {
        public var trainedAt: Date
        /// The reviewer who trained it.
        public var trainedBy: String
        /// The desk's decisions it was trained on, and how many of them were check-worthy.
        public var decisions: Int
        public var checkworthy: Int
        /// Labelled sentences added with `--plus`.
        public var extraSentences: Int
        /// The model it started from: "built-in", or the SHA-256 of the base file.
        public var base: String
        /// Cross-validated F1 of `Yes` on the decisions: the base model's, then this recipe's.
        public var folds: Int
        public var f1Before: Double
        public var f1After: Double
        public var description: String?

        public init(
            trainedAt: Date, trainedBy: String, decisions: Int, checkworthy: Int, extraSentences: Int, base: String,
            folds: Int, f1Before: Double, f1After: Double, description: String? = nil
        ) {
            self.trainedAt = trainedAt
            self.trainedBy = trainedBy
            self.decisions = decisions
            self.checkworthy = checkworthy
            self.extraSentences = extraSentences
            self.base = base
            self.folds = folds
            self.f1Before = f1Before
            self.f1After = f1After
            self.description = description
        }

        func encoded() -> [UInt8] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            // Encoding plain strings, numbers and a date cannot fail.
            return [UInt8]((try? encoder.encode(self)) ?? Data("{}".utf8))
        }

        static func decoded(_ bytes: ArraySlice<UInt8>) -> Provenance? {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try? decoder.decode(Provenance.self, from: Data(bytes))
        }
    }

    /// A scorer with its own scratch space; use one per thread.
    public func makeScorer() -> Scorer { Scorer(model: self) }

    public final class Scorer {
        public let model: CheckworthinessModel
        private let hasher = FeatureHasher()

        init(model: CheckworthinessModel) {
            self.model = model
        }

        /// The probability that `sentence` is check-worthy.
        public func score(_ sentence: String) -> Double {
            var sentence = sentence
            return sentence.withUTF8 { score(utf8: $0) }
        }

        /// The probability that the sentence with these UTF-8 bytes is check-worthy.
        public func score(utf8 sentence: UnsafeBufferPointer<UInt8>) -> Double {
            // The weights are summed as the hasher forgets the sentence's buckets, in the order
            // they were first seen.
            let (count, sum) = model.weights.withUnsafeBufferPointer { weights in
                hasher.hash(utf8: sentence, summing: weights.baseAddress)
            }
            let value = 1 / Double(count).squareRoot()
            return sigmoid(sum * value + model.bias)
        }

        public func isCheckworthy(_ sentence: String) -> Bool { score(sentence) >= model.threshold }
    }

    // MARK: - File format

    public struct FormatError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    private static let magic: [UInt8] = Array("CTCW".utf8)
    /// Version 2 adds the article threshold after the bias; version 1 files are read
    /// with one threshold for both. Version 3 adds the provenance (its length, then
    /// JSON) before the weights, and is written only for a model that has one, so
    /// every other model's bytes stay as they were.
    private static let formatVersion: UInt32 = 2
    private static let provenanceVersion: UInt32 = 3

    /// The model as bytes: "CTCW", version, bucket bits, threshold, bias, article
    /// threshold, [provenance length and JSON,] then one little-endian Float32 per bucket.
    public func serialized() -> [UInt8] {
        var out = Self.magic
        let notes = provenance?.encoded()
        out.reserveCapacity(40 + (notes?.count ?? 0) + weights.count * 4)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
        }
        append(notes == nil ? Self.formatVersion : Self.provenanceVersion)
        append(UInt32(FeatureHasher.bits))
        append(threshold.bitPattern)
        append(bias.bitPattern)
        append(articleThreshold.bitPattern)
        if let notes {
            append(UInt32(notes.count))
            out.append(contentsOf: notes)
        }
        for weight in weights { append(weight.bitPattern) }
        return out
    }

    public init(serialized bytes: [UInt8]) throws(FormatError) {
        func read<T: FixedWidthInteger>(_ offset: Int, as: T.Type) -> T {
            var value: T = 0
            withUnsafeMutableBytes(of: &value) { target in
                for k in 0..<MemoryLayout<T>.size { target[k] = bytes[offset + k] }
            }
            return T(littleEndian: value)
        }
        guard bytes.count >= 4, Array(bytes[0..<4]) == Self.magic else {
            throw FormatError(description: "it is not a ClaimTracker check-worthiness model (no CTCW header)")
        }
        guard bytes.count >= 28 else {
            throw FormatError(description: "it is \(bytes.count) bytes long; the file is truncated")
        }
        let version = read(4, as: UInt32.self)
        guard (1...Self.provenanceVersion).contains(version) else {
            throw FormatError(description: "its format version \(version) is not one this claims reads")
        }
        guard read(8, as: UInt32.self) == UInt32(FeatureHasher.bits) else {
            throw FormatError(
                description: "it hashes into 2^\(read(8, as: UInt32.self)) buckets, not 2^\(FeatureHasher.bits)")
        }
        let count = FeatureHasher.bucketCount
        var header = version == 1 ? 28 : 36
        provenance = nil
        if version == Self.provenanceVersion {
            guard bytes.count >= 40 else {
                throw FormatError(description: "it is \(bytes.count) bytes long; the file is truncated")
            }
            let length = Int(read(36, as: UInt32.self))
            guard length <= bytes.count - 40, let notes = Provenance.decoded(bytes[40..<40 + length]) else {
                throw FormatError(description: "its description of how it was trained is damaged; train it again")
            }
            provenance = notes
            header = 40 + length
        }
        guard bytes.count == header + count * 4 else {
            throw FormatError(
                description: "it is \(bytes.count) bytes long, not \(header + count * 4); the file is truncated")
        }
        threshold = Double(bitPattern: read(12, as: UInt64.self))
        bias = Double(bitPattern: read(20, as: UInt64.self))
        articleThreshold = version == 1 ? threshold : Double(bitPattern: read(28, as: UInt64.self))
        guard (0...1).contains(threshold), (0...1).contains(articleThreshold), bias.isFinite else {
            throw FormatError(
                description: "its thresholds or bias are damaged (not numbers between 0 and 1); train it again")
        }
        var weights = [Float](repeating: 0, count: count)
        var finite = true
        for i in 0..<count {
            weights[i] = Float(bitPattern: read(header + i * 4, as: UInt32.self))
            finite = finite && weights[i].isFinite
        }
        guard finite else {
            throw FormatError(description: "its weights are damaged (not all finite numbers); train it again")
        }
        self.weights = weights
    }

    public static func load(path: String) throws -> CheckworthinessModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormatError(description: "cannot read \(path)")
        }
        do {
            return try CheckworthinessModel(serialized: [UInt8](data))
        } catch {
            throw FormatError(description: "\(path): \(error.description)")
        }
    }

    /// The model shipped inside the binary, trained from the CT24 data by
    /// `claims model train` (see the README).
    public static func shipped() throws -> CheckworthinessModel {
        guard let data = Data(base64Encoded: embeddedModelBase64) else {
            throw FormatError(description: "the built-in model is damaged; rebuild claims")
        }
        return try CheckworthinessModel(serialized: [UInt8](data))
    }
}

@inline(__always)
func sigmoid(_ z: Double) -> Double {
    if z >= 0 { return 1 / (1 + exp(-z)) }
    let e = exp(z)
    return e / (1 + e)
}
