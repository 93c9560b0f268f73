/// What extraction decided about one sentence of an article, and why: what
/// `claims extract --explain` prints, so no filter drops a sentence silently.
public struct SentenceDecision: Sendable, Encodable {
    public enum Outcome: String, Sendable, Encodable {
        /// Kept: it is a claim.
        case claim
        /// Page furniture: a headline, caption, byline, prompt or repeated line.
        case furniture
        /// Not a claim by its shape or phrases: too short or long, a question, a plan, an opinion.
        case filtered
        /// Scored below the threshold.
        case belowThreshold = "below_threshold"
    }

    public var text: String
    /// Unicode-scalar offsets into the article's body.
    public var start: Int
    public var end: Int
    public var outcome: Outcome
    public var reason: String
    /// The model's score; nil when a filter decided before the model was asked.
    public var score: Double?
}

extension ClaimExtractor {
    /// Every sentence of the article with the decision `extract(from:)` takes on it and
    /// the reason, in body order. Slower than `extract`; for people asking why.
    ///
    /// ```swift
    /// for decision in extractor.explain(article) where decision.outcome != .claim {
    ///     print(decision.reason, decision.text)
    /// }
    /// ```
    public func explain(_ article: Article) -> [SentenceDecision] {
        var decisions: [SentenceDecision] = []
        // With a rescorer: the decisions it settles, once the article's sentences are known.
        var rescored: [Int] = []
        var body = article.body
        let furniture = PageFurniture(body: body)
        body.withUTF8 { body in
            for span in SentenceSplitter.spans(body) {
                let bytes = UnsafeBufferPointer(rebasing: body[span.bytes])
                let text = String(decoding: bytes, as: UTF8.self)
                func decide(_ outcome: SentenceDecision.Outcome, _ reason: String, _ score: Double? = nil) {
                    decisions.append(
                        SentenceDecision(
                            text: text, start: span.start, end: span.end, outcome: outcome, reason: reason, score: score
                        ))
                }
                if let reason = furniture.reason(forSentenceAt: span.start) {
                    decide(.furniture, reason)
                    continue
                }
                guard let words = Self.wordCountIfPlausible(bytes) else {
                    decide(.filtered, Self.implausibility(text))
                    continue
                }
                if let reason = Self.phraseReason(text, words: words) {
                    decide(.filtered, reason)
                    continue
                }
                let score = scorer.score(utf8: bytes)
                if let rescorer {
                    if score < rescorer.screenFloor {
                        decide(
                            .belowThreshold,
                            "ruled out by the n-gram screen (\(Self.format(score)) below \(Self.format(rescorer.screenFloor)))",
                            score)
                    } else {
                        rescored.append(decisions.count)
                        decide(.claim, "", score)
                    }
                } else if score >= minimumScore {
                    decide(.claim, "scored at or above \(Self.format(minimumScore))", score)
                } else {
                    decide(.belowThreshold, "scored below \(Self.format(minimumScore))", score)
                }
            }
        }
        if let rescorer, !rescored.isEmpty {
            let probabilities = rescorer.probabilities(rescored.map { decisions[$0].text })
            for (index, probability) in zip(rescored, probabilities) {
                decisions[index].score = probability
                if probability >= minimumScore {
                    decisions[index].reason = "the encoder scored it at or above \(Self.format(minimumScore))"
                } else {
                    decisions[index].outcome = .belowThreshold
                    decisions[index].reason = "the encoder scored it below \(Self.format(minimumScore))"
                }
            }
        }
        return decisions
    }

    static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    /// Why `wordCountIfPlausible` turned a sentence away.
    static func implausibility(_ text: String) -> String {
        if text.unicodeScalars.count > maximumSentenceLength {
            return "longer than \(maximumSentenceLength) characters: a runaway line or a table, not one sentence"
        }
        if text.last == "?" { return "a question" }
        return "fewer than \(minimumWords) words: a fragment or dateline"
    }

    /// Which phrase list turned a sentence away, if one did.
    static func phraseReason(_ text: String, words: Int) -> String? {
        let lower = Array(text.lowercased().utf8)
        return lower.withUnsafeBufferPointer { lower -> String? in
            if Boilerplate.matchesStart(lower, words: words) { return "a byline or copyright line" }
            let found = Marker.furniture.matches(lower, stoppingAt: 0)
            if found & Marker.boilerplate != 0 { return "page furniture (a share, follow, credit or notice phrase)" }
            if found & Marker.intent != 0 { return "a plan or intention, not a fact (\"plans to\", \"will\")" }
            if found & Marker.opinion != 0, !lower.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                return "an opinion with no figure in it (\"I think\", \"ought to\")"
            }
            return nil
        }
    }
}
