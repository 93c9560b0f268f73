/// Trains the check-worthiness model: plain SGD logistic regression with L2,
/// deterministic for a given seed (SplitMix64 drives the shuffles).
public struct Trainer: Sendable {
    public var epochs = 12
    public var learningRate = 2.0
    public var l2 = 1.5e-5
    public var seed: UInt64 = 42

    public init() {}

    /// A sentence as the trainer sees it: its distinct feature buckets and its label.
    public struct Example: Sendable {
        public var buckets: [UInt32]
        public var label: Bool
    }

    public static func examples(_ sentences: [LabelledSentence]) -> [Example] {
        let hasher = FeatureHasher()
        return sentences.map { sentence in
            hasher.hash(sentence.text)
            return Example(buckets: hasher.buckets, label: sentence.label ?? false)
        }
    }

    /// Weights (one per bucket) and bias fitted to `examples`.
    ///
    /// With a `base` model, training starts from its weights and bias, and the L2 penalty
    /// pulls toward its weights rather than toward zero (a Gaussian prior centred on the
    /// base): a few hundred of a desk's decisions move the features they speak to, and
    /// every other feature keeps what the base learned from its thousands of sentences.
    /// Only the difference from the base is fitted, so the cost is the same.
    public func fit(_ examples: [Example], base: CheckworthinessModel? = nil) -> (weights: [Double], bias: Double) {
        // v is the difference from the base (from zero without one); baseDots[i] the base's sum over example i.
        var v = [Double](repeating: 0, count: FeatureHasher.bucketCount)
        let baseDots: [Double] =
            base.map { base in
                examples.map { example in example.buckets.reduce(0.0) { $0 + Double(base.weights[Int($1)]) } }
            } ?? []
        var scale = 1.0
        var bias = base?.bias ?? 0.0
        var t = 0.0
        var rng = SplitMix64(seed: seed)
        var order = Array(examples.indices)
        v.withUnsafeMutableBufferPointer { v in
            for _ in 0..<epochs {
                for i in stride(from: order.count - 1, to: 0, by: -1) {
                    let j = Int(rng.next() % UInt64(i + 1))
                    order.swapAt(i, j)
                }
                for index in order {
                    let example = examples[index]
                    let value = 1 / Double(example.buckets.count).squareRoot()
                    let eta = learningRate / (1 + learningRate * l2 * t)
                    var dot = 0.0
                    for bucket in example.buckets { dot += v[Int(bucket)] }
                    let p =
                        baseDots.isEmpty
                        ? sigmoid(scale * dot * value + bias) : sigmoid((baseDots[index] + scale * dot) * value + bias)
                    let gradient = p - (example.label ? 1 : 0)
                    scale *= 1 - eta * l2
                    let step = eta * gradient / scale * value
                    for bucket in example.buckets { v[Int(bucket)] -= step }
                    bias -= eta * gradient
                    t += 1
                    if scale < 1e-9 {
                        for k in v.indices { v[k] *= scale }
                        scale = 1
                    }
                }
            }
        }
        guard let base else { return (v.map { $0 * scale }, bias) }
        return (zip(base.weights, v).map { Double($0) + $1 * scale }, bias)
    }

    /// Probabilities of `examples` under fitted weights.
    public static func predict(_ examples: [Example], weights: [Double], bias: Double) -> [Double] {
        examples.map { example in
            let value = 1 / Double(example.buckets.count).squareRoot()
            var dot = 0.0
            for bucket in example.buckets { dot += weights[Int(bucket)] }
            return sigmoid(dot * value + bias)
        }
    }

    /// The threshold with the best out-of-fold F1 of `Yes` in blocked cross-validation.
    ///
    /// `order` gives each example's rank by sentence id; rank r falls in fold
    /// r * folds / count, so each fold is a contiguous run of ids (whole debates), and
    /// the threshold is chosen on debates the model has not seen, as it will be used.
    /// A threshold picked on a random split (CT24 dev is drawn from the training
    /// debates) comes out too high. Ties go to the lowest threshold of 0.05...0.90.
    ///
    /// With `base`, each fold's model is fitted from the base (see `fit`); `extra` examples
    /// join every fold's training and are never held out.
    public func crossValidatedThreshold(
        _ examples: [Example], rank: [Int], folds: Int = 5, base: CheckworthinessModel? = nil, extra: [Example] = [],
        ties: ThresholdTies = .lowest
    ) -> (threshold: Double, f1: Double) {
        let outOfFold = outOfFoldScores(examples, rank: rank, folds: folds, base: base, extra: extra)
        return Self.bestThreshold(scores: outOfFold, labels: examples.map(\.label), ties: ties)
    }

    /// Each example's score from a model fitted without its fold (folds as in
    /// `crossValidatedThreshold`), plus `extra` in every fold's training.
    public func outOfFoldScores(
        _ examples: [Example], rank: [Int], folds: Int = 5, base: CheckworthinessModel? = nil, extra: [Example] = []
    ) -> [Double] {
        precondition(rank.count == examples.count)
        var outOfFold = [Double](repeating: 0, count: examples.count)
        let fold = rank.map { $0 * folds / max(examples.count, 1) }
        for k in 0..<folds {
            let training = examples.indices.filter { fold[$0] != k }.map { examples[$0] } + extra
            let heldIndices = examples.indices.filter { fold[$0] == k }
            guard !heldIndices.isEmpty else { continue }
            let (weights, bias) = fit(training, base: base)
            let predicted = Self.predict(heldIndices.map { examples[$0] }, weights: weights, bias: bias)
            for (index, p) in zip(heldIndices, predicted) { outOfFold[index] = p }
        }
        return outOfFold
    }

    /// Which of several thresholds with the same best F1 to take.
    public enum ThresholdTies: Sendable {
        /// The lowest: the CT24 recipe's rule, which the built-in model's 0.30 comes from.
        case lowest
        /// The middle one: a desk's few hundred decisions are often separated equally well
        /// over a wide range, and its lowest end would store nearly every sentence.
        case middle
    }

    /// The threshold of 0.05...0.90 with the best F1 of `Yes`; ties go to the lowest
    /// (or the middle one of those with the best F1).
    public static func bestThreshold(scores: [Double], labels: [Bool], ties: ThresholdTies = .lowest) -> (
        threshold: Double, f1: Double
    ) {
        var best = (threshold: 0.5, f1: -1.0)
        var tied: [Double] = []
        for step in 5...90 {
            let threshold = Double(step) / 100
            let f1 = Evaluation(scores: scores, labels: labels, threshold: threshold).f1
            if f1 > best.f1 {
                best = (threshold, f1)
                tied = [threshold]
            } else if f1 == best.f1 {
                tied.append(threshold)
            }
        }
        if ties == .middle { best.threshold = tied[(tied.count - 1) / 2] }
        return best
    }
}

/// SplitMix64: a small, fast, well-mixed generator; the recipe's shuffles depend on its exact output.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Precision, recall and F1 of the `Yes` class.
public struct Evaluation: Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    public var trueNegatives = 0

    public init(predictions: [Bool], labels: [Bool]) {
        for (predicted, actual) in zip(predictions, labels) {
            switch (predicted, actual) {
            case (true, true): truePositives += 1
            case (true, false): falsePositives += 1
            case (false, true): falseNegatives += 1
            case (false, false): trueNegatives += 1
            }
        }
    }

    public init(scores: [Double], labels: [Bool], threshold: Double) {
        self.init(predictions: scores.map { $0 >= threshold }, labels: labels)
    }

    public var precision: Double {
        let predicted = truePositives + falsePositives
        return predicted == 0 ? 0 : Double(truePositives) / Double(predicted)
    }

    public var recall: Double {
        let actual = truePositives + falseNegatives
        return actual == 0 ? 0 : Double(truePositives) / Double(actual)
    }

    public var f1: Double {
        let p = precision
        let r = recall
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    public var count: Int { truePositives + falsePositives + falseNegatives + trueNegatives }
}
