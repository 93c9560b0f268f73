import Checkworthiness
import Foundation

/// A check-worthy claim found in an article, with its facts and where it sits.
public struct ExtractedClaim: Sendable, Equatable, Codable {
    public var text: String
    /// Offsets in Unicode scalars into the article body, [start, end).
    public var start: Int
    public var end: Int
    /// The check-worthiness score, 0 to 1.
    public var score: Double
    public var kind: FactKind
    public var speaker: String?
    public var quantities: [Quantity]
    public var dates: [DateMention]
    /// The paragraph the sentence came from.
    public var context: String

    public init(
        text: String, start: Int, end: Int, score: Double, kind: FactKind, speaker: String?, quantities: [Quantity],
        dates: [DateMention], context: String
    ) {
        self.text = text
        self.start = start
        self.end = end
        self.score = score
        self.kind = kind
        self.speaker = speaker
        self.quantities = quantities
        self.dates = dates
        self.context = context
    }

    enum CodingKeys: String, CodingKey { case text, start, end, score, kind, speaker, quantities, dates, context }

    /// Every key is written, an absent speaker as null, so scripts see one shape.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(text, forKey: .text)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(score, forKey: .score)
        try c.encode(kind, forKey: .kind)
        try c.encode(speaker, forKey: .speaker)
        try c.encode(quantities, forKey: .quantities)
        try c.encode(dates, forKey: .dates)
        try c.encode(context, forKey: .context)
    }
}

/// Finds the check-worthy claims in an article: sentences, scores, facts.
///
/// ```swift
/// let extractor = ClaimExtractor(model: try .shipped())
/// for claim in extractor.extract(from: article) { print(claim.score, claim.text) }
/// ```
///
/// Not thread-safe (the scorer keeps scratch space); use one per thread.
public final class ClaimExtractor {
    public let scorer: CheckworthinessModel.Scorer
    /// Sentences scoring below this are not claims; the model's threshold by default.
    public let minimumScore: Double

    /// Sentences longer than this are not claims (a runaway line with no full stops, a table).
    public static let maximumSentenceLength = 600
    /// Nor are sentences shorter than this many words (datelines, fragments).
    public static let minimumWords = 4

    public init(model: CheckworthinessModel, minimumScore: Double? = nil) {
        scorer = model.makeScorer()
        self.minimumScore = minimumScore ?? model.threshold
    }

    public func extract(from article: Article) -> [ExtractedClaim] {
        var claims: [ExtractedClaim] = []
        let body = article.body
        let paragraphs = Self.paragraphBounds(body)
        var paragraphIndex = 0
        for sentence in SentenceSplitter.split(body) {
            // Cheapest test first: shape, then the model, then the phrase lists.
            guard let words = Self.wordCountIfPlausible(sentence.text) else { continue }
            let score = scorer.score(sentence.text)
            guard score >= minimumScore, !Self.isFurnitureOpinionOrPlan(sentence.text, words: words) else { continue }
            let facts = FactExtractor.facts(in: sentence.text, published: article.publishedAt)
            while paragraphIndex + 1 < paragraphs.count && paragraphs[paragraphIndex].end <= sentence.start {
                paragraphIndex += 1
            }
            let paragraph = paragraphs.isEmpty ? nil : paragraphs[paragraphIndex]
            claims.append(
                ExtractedClaim(
                    text: sentence.text, start: sentence.start, end: sentence.end, score: score, kind: facts.kind,
                    speaker: facts.speaker, quantities: facts.quantities, dates: facts.dates,
                    context: paragraph.map { Self.context($0.text, around: sentence.text) } ?? sentence.text))
        }
        return claims
    }

    /// Whether a sentence can be a claim at all, before the model sees it: not a byline,
    /// not page furniture, not a question, not an opinion or a plan with no fact in it.
    public func isCandidate(_ text: String) -> Bool {
        guard let words = Self.wordCountIfPlausible(text) else { return false }
        return !Self.isFurnitureOpinionOrPlan(text, words: words)
    }

    /// The number of words, or nil when the sentence is too long, too short or a question.
    static func wordCountIfPlausible(_ text: String) -> Int? {
        guard text.utf8.count <= maximumSentenceLength * 4, text.unicodeScalars.count <= maximumSentenceLength else {
            return nil
        }
        var words = 0
        var inWord = false
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 {
                inWord = false
            } else if !inWord {
                inWord = true
                words += 1
            }
        }
        guard words >= minimumWords, text.utf8.last != UInt8(ascii: "?") else { return nil }
        return words
    }

    static func isFurnitureOpinionOrPlan(_ text: String, words: Int) -> Bool {
        let lower = Array(text.lowercased().utf8)
        return Boilerplate.matches(lower, words: words) || Stance.isOpinionOrIntent(lower)
    }

    /// Each block of the body ("\n\n"-separated) with its scalar offsets.
    static func paragraphBounds(_ body: String) -> [(start: Int, end: Int, text: Substring)] {
        var out: [(Int, Int, Substring)] = []
        var offset = 0
        var blockStart = body.startIndex
        var blockOffset = 0
        var previousWasNewline = false
        var index = body.unicodeScalars.startIndex
        while index < body.unicodeScalars.endIndex {
            let scalar = body.unicodeScalars[index]
            if scalar == "\n" && previousWasNewline {
                let blockEnd = body.unicodeScalars.index(before: index)
                if blockStart < blockEnd { out.append((blockOffset, offset - 1, body[blockStart..<blockEnd])) }
                blockStart = body.unicodeScalars.index(after: index)
                blockOffset = offset + 1
            }
            previousWasNewline = scalar == "\n"
            offset += 1
            index = body.unicodeScalars.index(after: index)
        }
        if blockStart < body.endIndex { out.append((blockOffset, offset, body[blockStart...])) }
        return out
    }

    /// The paragraph, cut to about 600 characters around the sentence when longer.
    static func context(_ paragraph: Substring, around sentence: String) -> String {
        guard paragraph.utf8.count > 600 else { return String(paragraph) }
        let text = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count > 600, let range = text.range(of: sentence) else { return text }
        let before = text[..<range.lowerBound].suffix(200)
        let after = text[range.upperBound...].prefix(200)
        return (before.count == 200 ? "…" : "") + before + sentence + after + (after.count == 200 ? "…" : "")
    }
}

/// Page furniture that is never a claim: bylines, credits, share and follow prompts.
enum Boilerplate {
    static let phrases = Marker.Set([
        "leave a reply", "leave a comment", "follow him on", "follow her on", "follow them on", "follow us on",
        "sign up for", "subscribe to", "all rights reserved", "click here", "read more", "share this",
        "contributed reporting", "contributed to this report", "reporting by", "editing by", "photo by",
        "image credit", "copyright", "cookie", "newsletter", "advertisement", "terms of service", "privacy policy",
        "comments are closed", "you must be logged in", "this article was", "updated at", "published at",
        "send your tips", "we would love to hear",
    ])
    static let by = Array("by ".utf8)
    static let said = Array(" said".utf8)
    static let copyright = Array("©".utf8)

    static func matches(_ lower: [UInt8], words: Int) -> Bool {
        if lower.starts(with: by), words <= 8, !Marker.contains(lower, said) { return true }
        if lower.starts(with: copyright) { return true }
        return phrases.matches(lower)
    }
}

/// Opinions and statements of intent: no checkable fact, even when a number rides along
/// ("She plans to ask the state for another $300 million next year").
enum Stance {
    static let opinionMarkers = Marker.Set([
        "i think", "i believe", "i feel", "we believe", "we think", "in my opinion", "in my view", "in our view",
        "in our opinion", "i hope", "we hope", "i want", "we want", "it is time to", "it's time to", "ought to",
        "should have", "must be", "deserves better",
    ])
    static let intentMarkers = Marker.Set([
        "i will", "we will", "i'll", "we'll", "i am going to", "i'm going to", "we are going to", "we're going to",
        "plans to", "plan to", "planning to", "intends to", "intend to", "expects to", "expect to", "vowed to",
        "promised to", "will keep", "will continue to", "hopes to", "aims to",
    ])

    static func isOpinionOrIntent(_ lower: [UInt8]) -> Bool {
        if intentMarkers.matches(lower) { return true }
        guard opinionMarkers.matches(lower) else { return false }
        // "I think unemployment fell to 3.4%" still states a number worth checking.
        return !lower.contains { $0 >= 0x30 && $0 <= 0x39 }
    }
}

/// Phrase search over UTF-8 bytes, far cheaper than Foundation's String.contains per sentence.
enum Marker {
    /// Phrases grouped by first byte, so one pass over a sentence tests them all.
    struct Set: Sendable {
        private var byFirstByte: [[[UInt8]]] = Array(repeating: [], count: 256)

        init(_ phrases: [String]) {
            for phrase in phrases {
                let bytes = Array(phrase.utf8)
                byFirstByte[Int(bytes[0])].append(bytes)
            }
        }

        func matches(_ haystack: [UInt8]) -> Bool {
            haystack.withUnsafeBufferPointer { h in
                for i in 0..<h.count {
                    let candidates = byFirstByte[Int(h[i])]
                    if candidates.isEmpty { continue }
                    for needle in candidates where needle.count <= h.count - i {
                        var k = 1
                        while k < needle.count && h[i + k] == needle[k] { k += 1 }
                        if k == needle.count { return true }
                    }
                }
                return false
            }
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var k = 1
                        while k < n.count && h[i + k] == n[k] { k += 1 }
                        if k == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
