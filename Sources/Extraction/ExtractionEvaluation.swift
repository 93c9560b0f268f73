import Checkworthiness

/// Measures extraction against a desk's own sentence labels: which sentences of an
/// article are check-worthy claims (`Yes`) and which are not (`No`, page furniture
/// included), as `claims extract --evaluate LABELS_DIR` reports it.
///
/// Labels are a TSV per article, `sentence<TAB>label` with a header row, read with no
/// quoting (sentences start with raw quotation marks). Each labelled sentence is found
/// in the article's body in order (white space, case and typographic quotes aside);
/// it counts as extracted when a claim covers most of it. Claims that cover no
/// labelled sentence count as false positives: the labels say what is worth checking.
///
/// ```swift
/// var tally = ExtractionEvaluation.Tally()
/// let labels = try ExtractionEvaluation.labels(tsv: text, name: "01.tsv")
/// tally.add(ExtractionEvaluation.compare(body: article.body, claims: claims, labels: labels))
/// print(tally.f1)
/// ```
public enum ExtractionEvaluation {
    public struct Label: Sendable, Equatable {
        public var sentence: String
        public var isCheckworthy: Bool
    }

    public enum Outcome: String, Sendable {
        case truePositive = "TP"
        case falsePositive = "FP"
        case falseNegative = "FN"
        case trueNegative = "TN"
        /// A labelled sentence that is not in the article's body as read.
        case notFound = "not found"
    }

    /// One labelled sentence or one unlabelled claim, with what extraction did.
    public struct Row: Sendable {
        public var text: String
        public var outcome: Outcome
    }

    public struct Tally: Sendable {
        public var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0, notFound = 0

        public init() {}

        public mutating func add(_ rows: [Row]) {
            for row in rows {
                switch row.outcome {
                case .truePositive: truePositives += 1
                case .falsePositive: falsePositives += 1
                case .falseNegative: falseNegatives += 1
                case .trueNegative: trueNegatives += 1
                case .notFound: notFound += 1
                }
            }
        }

        public var precision: Double {
            truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives)
        }
        public var recall: Double {
            truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives)
        }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    public struct LabelError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The rows of a label file; `name` is used in errors.
    public static func labels(tsv: String, name: String) throws(LabelError) -> [Label] {
        var labels: [Label] = []
        for (index, line) in tsv.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .enumerated()
        {
            if line.allSatisfy(\.isWhitespace) { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let label = fields.last.map { String($0.filter { !$0.isWhitespace }).lowercased() } ?? ""
            if index == 0 && fields.count == 2 && label == "label" { continue }
            guard fields.count == 2, label == "yes" || label == "no" else {
                throw LabelError(
                    description:
                        "\(name), line \(index + 1): expected \"sentence<TAB>Yes|No\"; fix that line or leave the file out."
                )
            }
            labels.append(Label(sentence: String(fields[0]), isCheckworthy: label == "yes"))
        }
        return labels
    }

    /// Each label's outcome, in order, then the claims no label covers (as false positives).
    public static func compare(body: String, claims: [ExtractedClaim], labels: [Label]) -> [Row] {
        compare(body: body, spans: claims.map { (start: $0.start, end: $0.end, text: $0.text) }, labels: labels)
    }

    /// `compare` over any claim spans (Unicode-scalar offsets into the body).
    public static func compare(body: String, spans claims: [(start: Int, end: Int, text: String)], labels: [Label])
        -> [Row]
    {
        let (text, offsets) = searchable(body)
        var rows: [Row] = []
        var covered = [Bool](repeating: false, count: claims.count)
        var cursor = text.startIndex
        for label in labels {
            let needle = searchable(label.sentence).text
            guard !needle.isEmpty,
                let found = text[cursor...].firstRange(of: needle) ?? text.firstRange(of: needle)
            else {
                rows.append(Row(text: label.sentence, outcome: .notFound))
                continue
            }
            cursor = found.upperBound
            let lower = offsets[found.lowerBound]
            let upper = offsets[found.upperBound - 1] + 1
            var extracted = false
            for (index, claim) in claims.enumerated() {
                let overlap = min(upper, claim.end) - max(lower, claim.start)
                // Most of the sentence, or most of the claim: splitting may differ a little.
                if overlap > 0, overlap * 2 > min(upper - lower, claim.end - claim.start) {
                    extracted = true
                    covered[index] = true
                }
            }
            let outcome: Outcome =
                switch (extracted, label.isCheckworthy) {
                case (true, true): .truePositive
                case (true, false): .falsePositive
                case (false, true): .falseNegative
                case (false, false): .trueNegative
                }
            rows.append(Row(text: label.sentence, outcome: outcome))
        }
        for (index, claim) in claims.enumerated() where !covered[index] {
            rows.append(Row(text: claim.text, outcome: .falsePositive))
        }
        return rows
    }

    /// Lower case with typographic quotes folded and white space runs as one space, as
    /// Unicode scalars, with each scalar's offset in the original.
    static func searchable(_ text: String) -> (text: [Unicode.Scalar], offsets: [Int]) {
        var out: [Unicode.Scalar] = []
        var offsets: [Int] = []
        out.reserveCapacity(text.unicodeScalars.count)
        var pendingSpace = false
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                offsets.append(offset - 1)
                pendingSpace = false
            }
            let folded: Unicode.Scalar =
                switch scalar {
                case "\u{201C}", "\u{201D}", "\u{201E}": "\""
                case "\u{2018}", "\u{2019}": "'"
                default:
                    scalar.properties.lowercaseMapping.unicodeScalars.count == 1
                        ? scalar.properties.lowercaseMapping.unicodeScalars.first! : scalar
                }
            out.append(folded)
            offsets.append(offset)
        }
        return (out, offsets)
    }

    // MARK: - Choosing the article threshold

    /// The threshold chosen on labelled articles, with an honest estimate of how it does
    /// on articles it was not chosen on: each article is held out in turn, a threshold
    /// is chosen on the others (best F1 over 0.05, 0.06 … 0.95) and the held-out article
    /// is scored at it. The returned threshold is the best on all the articles.
    public struct ThresholdChoice: Sendable {
        public var threshold: Double
        /// Precision, recall and F1 of the held-out articles, each at the threshold chosen without it.
        public var heldOut: Tally
        /// Every article at the chosen threshold (the figures it was chosen on).
        public var all: Tally
        /// The threshold each fold chose.
        public var perFold: [Double]
    }

    /// A sentence the filters let through to the model, with its score.
    public struct Candidate: Sendable {
        public var start: Int
        public var end: Int
        public var text: String
        public var score: Double

        public init(start: Int, end: Int, text: String, score: Double) {
            self.start = start
            self.end = end
            self.text = text
            self.score = score
        }
    }

    /// The sentences of `article` that reach the model, with its scores.
    public static func candidates(_ article: Article, extractor: ClaimExtractor) -> [Candidate] {
        extractor.explain(article).compactMap { decision in
            decision.score.map { Candidate(start: decision.start, end: decision.end, text: decision.text, score: $0) }
        }
    }

    public static func chooseThreshold(
        _ articles: [(article: Article, labels: [Label])], model: CheckworthinessModel
    ) -> ThresholdChoice {
        let extractor = ClaimExtractor(model: model, minimumScore: 0)
        return chooseThreshold(articles, candidates: articles.map { candidates($0.article, extractor: extractor) })
    }

    /// The same over candidates scored by any model: `candidates[i]` are article i's.
    public static func chooseThreshold(
        _ articles: [(article: Article, labels: [Label])], candidates scored: [[Candidate]]
    ) -> ThresholdChoice {
        precondition(scored.count == articles.count)
        let grid = (5...95).map { Double($0) / 100 }
        // tallies[article][threshold]
        let tallies: [[Tally]] = articles.indices.map { index in
            grid.map { threshold in
                var tally = Tally()
                let spans = scored[index].filter { $0.score >= threshold }.map {
                    (start: $0.start, end: $0.end, text: $0.text)
                }
                tally.add(compare(body: articles[index].article.body, spans: spans, labels: articles[index].labels))
                return tally
            }
        }
        func best(excluding held: Int?) -> Int {
            var bestIndex = 0
            var bestF1 = -1.0
            for t in grid.indices {
                var sum = Tally()
                for a in articles.indices where a != held { sum.merge(tallies[a][t]) }
                // Ties go to the lower threshold: recall is what a desk cannot get back.
                if sum.f1 > bestF1 + 1e-12 {
                    bestF1 = sum.f1
                    bestIndex = t
                }
            }
            return bestIndex
        }
        var heldOut = Tally()
        var perFold: [Double] = []
        for held in articles.indices {
            let t = best(excluding: held)
            perFold.append(grid[t])
            heldOut.merge(tallies[held][t])
        }
        let chosen = best(excluding: nil)
        var all = Tally()
        for a in articles.indices { all.merge(tallies[a][chosen]) }
        return ThresholdChoice(threshold: grid[chosen], heldOut: heldOut, all: all, perFold: perFold)
    }
}

extension ExtractionEvaluation.Tally {
    public mutating func merge(_ other: Self) {
        truePositives += other.truePositives
        falsePositives += other.falsePositives
        falseNegatives += other.falseNegatives
        trueNegatives += other.trueNegatives
        notFound += other.notFound
    }
}
