import Checkworthiness
import ClaimSchema
import Foundation

/// A check-worthy claim found in an article, with its facts and where it sits.
public struct ExtractedClaim: Sendable, Equatable, Codable {
    public var text: String
    /// Offsets in Unicode scalars into the article body, [start, end).
    public var start: Int
    public var end: Int
    /// The check-worthiness score, 0 to 1.
    public var score: Double
    public var kind: ClaimKind
    public var speaker: String?
    public var quantities: [Quantity]
    public var dates: [DateMention]
    /// The paragraph the sentence came from.
    public var context: String

    public init(
        text: String, start: Int, end: Int, score: Double, kind: ClaimKind, speaker: String?, quantities: [Quantity],
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

/// A slower, better model that scores the sentences the n-gram model cannot rule out
/// (the fine-tuned sentence encoder), an article's sentences in one call.
public protocol SentenceRescorer: AnyObject {
    /// The probability that each sentence is check-worthy, in order.
    func probabilities(_ sentences: [String]) -> [Double]
    /// Sentences the n-gram model scores below this never reach the rescorer.
    var screenFloor: Double { get }
    /// The rescorer's threshold for articles: the default minimum score with it.
    var articleThreshold: Double { get }
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
    /// Sentences scoring below this are not claims; the model's article threshold by default
    /// (the rescorer's, with one).
    public let minimumScore: Double
    /// A second model that decides on the sentences the n-gram model does not rule out.
    public let rescorer: (any SentenceRescorer)?

    /// Sentences longer than this are not claims (a runaway line with no full stops, a table).
    public static let maximumSentenceLength = 600
    /// Nor are sentences shorter than this many words (datelines, fragments).
    public static let minimumWords = 4

    /// Reused by the fact extractor from sentence to sentence.
    private let factScratch = FactExtractor.Scratch()

    public init(model: CheckworthinessModel, minimumScore: Double? = nil, rescorer: (any SentenceRescorer)? = nil) {
        scorer = model.makeScorer()
        self.rescorer = rescorer
        self.minimumScore = minimumScore ?? rescorer?.articleThreshold ?? model.articleThreshold
    }

    public func extract(from article: Article) -> [ExtractedClaim] {
        extraction(of: article).claims
    }

    /// The claims of `article`, with the date their relative dates were read against and the
    /// relative dates left unresolved for want of one.
    public func extraction(of article: Article) -> ArticleExtraction {
        let reference = ReferenceDate(for: article)
        factScratch.relativeDates = .init()
        var claims: [ExtractedClaim] = []
        var body = article.body
        let paragraphs = Self.paragraphBounds(body)
        var paragraphIndex = 0
        var contexts = ParagraphContexts()
        // Headlines, captions, bylines, prompts and repeated lines are never claims.
        let furniture = PageFurniture(body: body).blocks
        var furnitureIndex = 0
        // Sentences that pass the filters and the n-gram model (or, with a rescorer, its
        // screen), in body order; a rescorer then decides on all of an article's at once.
        var pending: [(span: SentenceSplitter.Span, text: String, score: Double)] = []
        let floor = rescorer?.screenFloor ?? minimumScore
        body.withUTF8 { body in
            for span in SentenceSplitter.spans(body) {
                while furnitureIndex < furniture.count && furniture[furnitureIndex].end <= span.start {
                    furnitureIndex += 1
                }
                if furnitureIndex < furniture.count && furniture[furnitureIndex].start <= span.start { continue }
                let bytes = UnsafeBufferPointer(rebasing: body[span.bytes])
                // Cheapest test first: shape, then the phrase lists, then the model (a third or
                // more of the time of extraction); only a claim becomes a String.
                guard let words = Self.wordCountIfPlausible(bytes), !isFurnitureOpinionOrPlan(bytes, words: words)
                else { continue }
                let score = scorer.score(utf8: bytes)
                guard score >= floor else { continue }
                pending.append((span, String(decoding: bytes, as: UTF8.self), score))
            }
        }
        if let rescorer, !pending.isEmpty {
            let probabilities = rescorer.probabilities(pending.map(\.text))
            for index in pending.indices { pending[index].score = probabilities[index] }
            pending.removeAll { $0.score < minimumScore }
        }
        for (span, text, score) in pending {
            let facts = FactExtractor.facts(in: text, reference: reference?.days, scratch: factScratch)
            while paragraphIndex + 1 < paragraphs.count && paragraphs[paragraphIndex].end <= span.start {
                paragraphIndex += 1
            }
            let context =
                paragraphs.isEmpty
                ? text : contexts.context(of: paragraphs[paragraphIndex].text, paragraphIndex, around: span.bytes)
            claims.append(
                ExtractedClaim(
                    text: text, start: span.start, end: span.end, score: score, kind: facts.kind,
                    speaker: facts.speaker, quantities: facts.quantities, dates: facts.dates,
                    context: context))
        }
        return ArticleExtraction(
            claims: claims, referenceDate: reference, resolvedRelativeDates: factScratch.relativeDates.resolved,
            unresolvedDates: factScratch.relativeDates.unresolved)
    }

    /// Whether a sentence can be a claim at all, before the model sees it: not a byline,
    /// not page furniture, not a question, not an opinion or a plan with no fact in it.
    public func isCandidate(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let words = Self.wordCountIfPlausible(bytes) else { return false }
            return !isFurnitureOpinionOrPlan(bytes, words: words)
        }
    }

    /// The number of words, or nil when the sentence is too long, too short or a question.
    static func wordCountIfPlausible(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { wordCountIfPlausible($0) }
    }

    /// The same over the sentence's UTF-8 bytes.
    static func wordCountIfPlausible(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        guard count <= maximumSentenceLength * 4 else { return nil }
        if count > maximumSentenceLength {
            // Scalars are the bytes that do not continue one.
            var scalars = 0
            for byte in bytes where byte & 0xC0 != 0x80 { scalars += 1 }
            guard scalars <= maximumSentenceLength else { return nil }
        }
        // Words start where a byte that is not a space, newline or tab follows one that is (or
        // the start): counted eight bytes at a time, without a branch per byte.
        var words = 0
        var previousIsSpace: UInt64 = 1
        var i = 0
        if let base = bytes.baseAddress, count >= 8 {
            let high: UInt64 = 0x8080_8080_8080_8080
            @inline(__always) func spaces(at offset: Int) -> UInt64 {
                let x = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
                // The low seven bits of each byte, plus 0x60, reach 0x80 from " " on and plus 0x5F past it;
                // plus 0x77 from tab on, plus 0x75 past newline. No carries; bytes >= 0x80 are never spaces.
                let y = x & 0x7F7F_7F7F_7F7F_7F7F
                let space = (y &+ 0x6060_6060_6060_6060) & ~(y &+ 0x5F5F_5F5F_5F5F_5F5F)
                let tabOrNewline = (y &+ 0x7777_7777_7777_7777) & ~(y &+ 0x7575_7575_7575_7575)
                return (space | tabOrNewline) & ~x & high
            }
            @inline(__always) func wordStarts(_ starts: UInt64) -> Int {
                // The marked bytes summed into the top byte: no popcnt in baseline x86-64.
                Int(truncatingIfNeeded: ((starts &>> 7) &* 0x0101_0101_0101_0101) &>> 56)
            }
            while i &+ 8 <= count {
                let spaces = spaces(at: i)
                words &+= wordStarts((spaces &<< 8 | previousIsSpace &<< 7) & ~spaces & high)
                previousIsSpace = spaces &>> 63
                i &+= 8
            }
            // The last bytes as the end of the last eight, the lanes already counted masked off
            // (the byte before the first new one is in the load, so its space bit carries over).
            if i < count {
                let spaces = spaces(at: count &- 8)
                let lanes = high &<< (8 &* (8 &- (count &- i)))
                words &+= wordStarts(spaces &<< 8 & ~spaces & lanes)
            }
        } else {
            var inWord = false
            for byte in bytes {
                if byte == 0x20 || byte == 0x0A || byte == 0x09 {
                    inWord = false
                } else if !inWord {
                    inWord = true
                    words += 1
                }
            }
        }
        guard words >= minimumWords, bytes.last != UInt8(ascii: "?") else { return nil }
        return words
    }

    static func isFurnitureOpinionOrPlan(_ text: String, words: Int) -> Bool {
        let lower = Array(text.lowercased().utf8)
        return lower.withUnsafeBufferPointer { Marker.isFurnitureOpinionOrPlan($0, words: words) }
    }

    private func isFurnitureOpinionOrPlan(_ bytes: UnsafeBufferPointer<UInt8>, words: Int) -> Bool {
        let count = bytes.count
        let lowered = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { lower -> Bool? in
            guard let source = bytes.baseAddress, let target = lower.baseAddress else {
                return Marker.isFurnitureOpinionOrPlan(UnsafeBufferPointer(lower), words: words)
            }
            // A-Z lower-cased eight bytes at a time: each gains 0x20, the high bit of its lane shifted
            // down. The last bytes are the end of the last eight, those before them written again.
            let high: UInt64 = 0x8080_8080_8080_8080
            @inline(__always) func lowerEight(at i: Int) -> Bool {
                let x = UnsafeRawPointer(source + i).loadUnaligned(as: UInt64.self)
                guard x & high == 0 else { return false }
                // ASCII lanes: plus 0x3F reaches 0x80 from "A" on, plus 0x25 from past "Z" on; no carries.
                let upper = (x &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(x &+ 0x2525_2525_2525_2525) & high
                UnsafeMutableRawPointer(target + i).storeBytes(of: x | upper &>> 2, as: UInt64.self)
                return true
            }
            var i = 0
            while i &+ 8 <= count {
                guard lowerEight(at: i) else { return nil }
                i &+= 8
            }
            if i < count && count >= 8 {
                guard lowerEight(at: count &- 8) else { return nil }
                i = count
            }
            while i < count {
                let byte = source[i]
                guard byte < 0x80 else { return nil }
                target[i] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                i &+= 1
            }
            return Marker.isFurnitureOpinionOrPlan(UnsafeBufferPointer(lower), words: words)
        }
        if let lowered { return lowered }
        // Unicode case mapping can turn non-ASCII into ASCII ("İ" -> "i̇", "K" -> "k"): leave it to String.
        return Self.isFurnitureOpinionOrPlan(String(decoding: bytes, as: UTF8.self), words: words)
    }

    /// Each block of the body ("\n\n"-separated) with its scalar offsets.
    static func paragraphBounds(_ body: String) -> [(start: Int, end: Int, text: Substring)] {
        var body = body
        // Blocks as byte ranges and scalar offsets, in one pass over the bytes.
        var blocks: [(start: Int, end: Int, startByte: Int, endByte: Int)] = []
        body.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            // Scalar offsets are byte offsets less the continuation bytes before them, counted as we go.
            var continuations = 0
            var counted = 0
            func scalarOffset(_ position: Int) -> Int {
                var found = 0
                var k = counted
                // Eight bytes at a time: a continuation byte has its top bit set and the next one clear.
                while k + 8 <= position {
                    let x = UInt64(littleEndian: UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self))
                    found &+= SWAR.count(ofHighBits: x & ~(x &<< 1) & SWAR.high)
                    k += 8
                }
                for k in k..<position where base[k] & 0xC0 == 0x80 { found &+= 1 }
                continuations += found
                counted = position
                return position - continuations
            }
            var blockStart = 0
            var blockOffset = 0
            var position = 0
            // A block ends at a "\n" right after another one.
            while position < count, let found = memchr(base + position, 0x0A, count - position) {
                let newline = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
                if newline > 0 && base[newline - 1] == 0x0A {
                    let offset = scalarOffset(newline)
                    let blockEnd = newline - 1
                    if blockStart < blockEnd { blocks.append((blockOffset, offset - 1, blockStart, blockEnd)) }
                    blockStart = newline + 1
                    blockOffset = offset + 1
                }
                position = newline + 1
            }
            if blockStart < count { blocks.append((blockOffset, scalarOffset(count), blockStart, count)) }
        }
        let utf8 = body.utf8
        var out: [(start: Int, end: Int, text: Substring)] = []
        out.reserveCapacity(blocks.count)
        for block in blocks {
            let lower = utf8.index(utf8.startIndex, offsetBy: block.startByte)
            let upper = utf8.index(utf8.startIndex, offsetBy: block.endByte)
            out.append((block.start, block.end, body[lower..<upper]))
        }
        return out
    }

    /// Paragraphs longer than this many UTF-8 bytes are cut around the sentence for its context.
    static let longestContext = 600
}

/// The contexts of the claims of one article, paragraph after paragraph: a paragraph of up
/// to 600 bytes is one String shared by its claims; a longer one is measured once for all of them.
struct ParagraphContexts {
    private var shared: (paragraph: Int, context: String)?
    private var long: (paragraph: Int, measured: LongParagraph)?

    /// The context of the sentence at the UTF-8 offsets `sentence` into the body, in the paragraph
    /// `paragraph` (numbered `index`: claims come in order, so only the last one is kept).
    mutating func context(of paragraph: Substring, _ index: Int, around sentence: Range<Int>) -> String {
        if paragraph.utf8.count > ClaimExtractor.longestContext {
            if long?.paragraph != index { long = (index, LongParagraph(paragraph)) }
            let offset = paragraph.base.utf8.distance(from: paragraph.base.startIndex, to: paragraph.startIndex)
            return long!.measured.context(around: (sentence.lowerBound - offset)..<(sentence.upperBound - offset))
        }
        if let shared, shared.paragraph == index { return shared.context }
        let context = String(paragraph)
        shared = (index, context)
        return context
    }
}

/// A paragraph longer than `ClaimExtractor.longestContext` bytes, measured once for the
/// contexts of all its claims: the paragraph itself when it has at most 600 characters,
/// else 200 characters each side of the sentence, with "…" where 200 were taken.
///
/// Each context is cut around the sentence where it stands, so the work per claim is the
/// 400 characters around it, whatever the length of the paragraph (a transcript with
/// single line breaks is one paragraph of megabytes).
struct LongParagraph {
    /// The paragraph without white space at either end (body blocks rarely have any).
    let text: Substring
    /// UTF-8 bytes trimmed from the paragraph's start.
    private let leading: Int
    /// Whether every scalar is one of `PlainContext`'s simple ones, so scalars are characters
    /// and the cut can walk bytes.
    private let isPlain: Bool
    /// More than 600 characters: each claim gets a cut, not the whole text.
    private let isCut: Bool

    init(_ paragraph: Substring) {
        let scalars = paragraph.unicodeScalars
        let spaces = CharacterSet.whitespacesAndNewlines
        var lower = scalars.startIndex
        var upper = scalars.endIndex
        while lower < upper, spaces.contains(scalars[lower]) { lower = scalars.index(after: lower) }
        while lower < upper, spaces.contains(scalars[scalars.index(before: upper)]) {
            upper = scalars.index(before: upper)
        }
        text = paragraph[lower..<upper]
        leading = paragraph.utf8.distance(from: paragraph.startIndex, to: lower)
        let characters = text.utf8.withContiguousStorageIfAvailable(PlainContext.simpleCharacters) ?? nil
        isPlain = characters != nil
        if let characters {
            isCut = characters > 600
        } else {
            isCut = text.index(text.startIndex, offsetBy: 601, limitedBy: text.endIndex) != nil
        }
    }

    /// The context of the sentence at these UTF-8 offsets into the paragraph (as given, untrimmed).
    func context(around sentence: Range<Int>) -> String {
        guard isCut else { return String(text) }
        let count = text.utf8.count
        let start = min(max(sentence.lowerBound - leading, 0), count)
        let end = min(max(sentence.upperBound - leading, start), count)
        if isPlain, let cut = text.utf8.withContiguousStorageIfAvailable({ PlainContext.cut($0, around: start..<end) })
        {
            return cut
        }
        let lower = text.utf8.index(text.startIndex, offsetBy: start)
        let upper = text.utf8.index(text.startIndex, offsetBy: end)
        let before = text[..<lower].suffix(200)
        let after = text[upper...].prefix(200)
        return (before.count == 200 ? "…" : "") + before + text[lower..<upper] + after + (after.count == 200 ? "…" : "")
    }
}

/// The context cut over UTF-8 bytes, for text where that gives the same answer as Swift's
/// character counts at a small part of their cost (they took 40% of extraction on debate
/// transcripts, whose paragraphs are long).
///
/// That holds when every scalar of the text is one of: U+0000-00FF but carriage return,
/// U+2010-2027 (dashes, curly quotes, bullet, ellipsis) or U+2030-205E. Each is then a
/// character of its own (no combining marks, no CR LF pair).
enum PlainContext {
    /// 200 scalars each side of the sentence at `sentence` in `text`, with "…" where 200 were taken.
    static func cut(_ text: UnsafeBufferPointer<UInt8>, around sentence: Range<Int>) -> String {
        // A scalar starts at every byte that does not continue one.
        var from = sentence.lowerBound
        var before = 0
        while from > 0 && before < 200 {
            from -= 1
            if text[from] & 0xC0 != 0x80 { before += 1 }
        }
        var to = sentence.upperBound
        var after = 0
        while to < text.count && after < 200 {
            to += 1
            while to < text.count && text[to] & 0xC0 == 0x80 { to += 1 }
            after += 1
        }
        var out = before == 200 ? "…" : ""
        out += String(decoding: UnsafeBufferPointer(rebasing: text[from..<to]), as: UTF8.self)
        if after == 200 { out += "…" }
        return out
    }

    /// The number of characters of `bytes` when every scalar is one of the simple ones, else nil.
    static func simpleCharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        var characters = 0
        let count = bytes.count
        while i < count {
            let byte = bytes[i]
            if byte < 0x80 {
                guard byte != 0x0D else { return nil }
                i += 1
            } else if byte == 0xC2 || byte == 0xC3 {
                i += 2  // U+0080-00FF (the text is valid UTF-8)
            } else if byte == 0xE2 && i + 2 < count {
                let second = bytes[i + 1]
                let third = bytes[i + 2]
                let simple =
                    (second == 0x80 && (0x90...0xA7).contains(third)) || (second == 0x80 && third >= 0xB0)
                    || (second == 0x81 && third <= 0x9E)
                guard simple else { return nil }
                i += 3
            } else {
                return nil
            }
            characters += 1
        }
        return characters
    }
}

/// Page furniture that is never a claim: bylines, credits, share and follow prompts.
enum Boilerplate {
    static let phrases = [
        "leave a reply", "leave a comment", "follow him on", "follow her on", "follow them on", "follow us on",
        "sign up for", "subscribe to", "all rights reserved", "click here", "read more", "share this",
        "contributed reporting", "contributed to this report", "reporting by", "editing by", "photo by",
        "image credit", "copyright", "cookie", "newsletter", "advertisement", "terms of service", "privacy policy",
        "comments are closed", "you must be logged in", "this article was", "updated at", "published at",
        "send your tips", "we would love to hear",
    ]
    static let by = Array("by ".utf8)
    static let said = Array(" said".utf8)
    static let copyright = Array("©".utf8)

    /// The byline and copyright tests; the phrases are searched with the stance markers.
    static func matchesStart(_ lower: UnsafeBufferPointer<UInt8>, words: Int) -> Bool {
        if lower.starts(with: by), words <= 8, !Marker.contains(lower, said) { return true }
        if lower.starts(with: copyright) { return true }
        return false
    }
}

/// Opinions and statements of intent: no checkable fact, even when a number rides along
/// ("She plans to ask the state for another $300 million next year").
enum Stance {
    static let opinionMarkers = [
        "i think", "i believe", "i feel", "we believe", "we think", "in my opinion", "in my view", "in our view",
        "in our opinion", "i hope", "we hope", "i want", "we want", "it is time to", "it's time to", "ought to",
        "should have", "must be", "deserves better",
    ]
    static let intentMarkers = [
        "i will", "we will", "i'll", "we'll", "i am going to", "i'm going to", "we are going to", "we're going to",
        "plans to", "plan to", "planning to", "intends to", "intend to", "expects to", "expect to", "vowed to",
        "promised to", "will keep", "will continue to", "hopes to", "aims to",
    ]
}

extension Marker {
    static let boilerplate: UInt8 = 1, intent: UInt8 = 2, opinion: UInt8 = 4

    /// Boilerplate phrases, intent markers and opinion markers, searched in one pass.
    static let furniture = Marker.Set([
        (Boilerplate.phrases, boilerplate), (Stance.intentMarkers, intent), (Stance.opinionMarkers, opinion),
    ])

    /// Page furniture, or an opinion or plan with no fact in it: an opinion marker
    /// counts only when the sentence has no digit ("I think unemployment fell to 3.4%"
    /// still states a number worth checking).
    static func isFurnitureOpinionOrPlan(_ lower: UnsafeBufferPointer<UInt8>, words: Int) -> Bool {
        if Boilerplate.matchesStart(lower, words: words) { return true }
        let found = furniture.matches(lower, stoppingAt: boilerplate | intent)
        if found & (boilerplate | intent) != 0 { return true }
        guard found & opinion != 0 else { return false }
        return !lower.contains { $0 >= 0x30 && $0 <= 0x39 }
    }
}

/// Phrase search over UTF-8 bytes, far cheaper than Foundation's String.contains per sentence.
enum Marker {
    /// Groups of phrases searched in one pass. The bytes two and three ahead of a position
    /// skip about half the positions where no phrase can start; at the rest, the next four
    /// bytes, hashed into a bit set of 8 KB that stays in cache, rule out almost all with one load.
    struct Set: Sendable {
        /// One bit per hash of a phrase's first four bytes.
        private var prefixBits: [UInt64] = Array(repeating: 0, count: 1024)
        /// Open addressing on the first four bytes: (prefix, 1 + run index), run index 0 when empty.
        private var slots: [(prefix: UInt32, run: Int)] = Array(repeating: (0, 0), count: 256)
        /// Runs of phrases sharing their first four bytes: (start, end) in `phrases`.
        private var runs: [(start: Int, end: Int)] = []
        /// Every phrase's bytes back to back.
        private var bytes: [UInt8] = []
        /// Phrases as (start, end, group) in `bytes`, grouped by first four bytes.
        private var phrases: [(start: Int, end: Int, group: UInt8)] = []
        /// How far the search may move on from a position, by the hash of the third and fourth
        /// bytes there (Wu-Manber): 0 when they may end a phrase's first four bytes, 1 or 2 when
        /// they appear one or two bytes earlier in one, else 3. Hashes that collide keep the least.
        private var shifts: [UInt8] = Array(repeating: 3, count: 4096)

        @inline(__always)
        private static func bit(_ prefix: UInt32) -> Int { Int(truncatingIfNeeded: (prefix &* 0x9E37_79B1) >> 16) }

        @inline(__always)
        private static func shiftSlot(_ block: UInt16) -> Int {
            Int(truncatingIfNeeded: (UInt32(block) &* 0x9E37_79B1) >> 20)
        }

        @inline(__always)
        private static func prefix(_ bytes: UnsafePointer<UInt8>) -> UInt32 {
            UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        }

        /// Each phrase is at least four bytes long.
        init(_ groups: [([String], UInt8)]) {
            var byPrefix: [UInt32: [([UInt8], UInt8)]] = [:]
            var order: [UInt32] = []
            for (list, group) in groups {
                for phrase in list {
                    let utf8 = Array(phrase.utf8)
                    precondition(utf8.count >= 4)
                    let prefix = utf8.withUnsafeBufferPointer { Self.prefix($0.baseAddress!) }
                    if byPrefix[prefix] == nil { order.append(prefix) }
                    byPrefix[prefix, default: []].append((utf8, group))
                }
            }
            precondition(order.count < slots.count / 2)
            for prefix in order {
                let start = phrases.count
                for (utf8, group) in byPrefix[prefix]! {
                    phrases.append((bytes.count, bytes.count + utf8.count, group))
                    bytes.append(contentsOf: utf8)
                }
                runs.append((start, phrases.count))
                var i = Int((prefix &* 0x9E37_79B1) >> 24)
                while slots[i].run != 0 { i = (i + 1) & (slots.count - 1) }
                slots[i] = (prefix, runs.count)
                let bit = Self.bit(prefix)
                prefixBits[bit >> 6] |= 1 << UInt64(bit & 63)
                for j in 0..<3 {
                    let block = UInt16(truncatingIfNeeded: prefix >> (8 * j))
                    let slot = Self.shiftSlot(block)
                    shifts[slot] = min(shifts[slot], UInt8(2 - j))
                }
            }
        }

        /// The groups of the phrases found in `haystack`, or'ed; stops early once one of `stop` is found.
        func matches(_ haystack: UnsafeBufferPointer<UInt8>, stoppingAt stop: UInt8) -> UInt8 {
            guard haystack.count >= 4, let h = haystack.baseAddress else { return 0 }
            let count = haystack.count
            var found: UInt8 = 0
            return prefixBits.withUnsafeBufferPointer { prefixBits in
                slots.withUnsafeBufferPointer { slots in
                    bytes.withUnsafeBufferPointer { bytes in
                        phrases.withUnsafeBufferPointer { phrases in
                            shifts.withUnsafeBufferPointer { shifts in
                                // Skip the positions where no phrase can start by the bytes two and
                                // three ahead (reading at most to the last byte); about half are skipped.
                                let last = count &- 4
                                let shiftTable = shifts.baseAddress!
                                @inline(__always) func shift(at i: Int) -> Int {
                                    let block = UInt16(
                                        littleEndian: UnsafeRawPointer(h + i + 2).loadUnaligned(as: UInt16.self))
                                    return Int(truncatingIfNeeded: shiftTable[Self.shiftSlot(block)])
                                }
                                var next = 0
                                while next <= last {
                                    var skip = shift(at: next)
                                    while skip != 0 {
                                        next &+= skip
                                        guard next <= last else { return found }
                                        skip = shift(at: next)
                                    }
                                    let i = next
                                    next &+= 1
                                    let prefix = UInt32(
                                        littleEndian: UnsafeRawPointer(h + i).loadUnaligned(as: UInt32.self))
                                    let bit = Self.bit(prefix)
                                    guard prefixBits[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { continue }
                                    var slot = Int((prefix &* 0x9E37_79B1) >> 24)
                                    while slots[slot].run != 0 && slots[slot].prefix != prefix {
                                        slot = (slot + 1) & 255
                                    }
                                    guard slots[slot].run != 0 else { continue }
                                    let (start, end) = runs[slots[slot].run - 1]
                                    for p in start..<end {
                                        let phrase = phrases[p]
                                        let length = phrase.end - phrase.start
                                        guard length <= count - i, found & phrase.group == 0 else { continue }
                                        var k = 4
                                        while k < length && h[i + k] == bytes[phrase.start + k] { k += 1 }
                                        // A phrase that starts or ends with a letter or digit must start or end a word there.
                                        if k == length,
                                            !Marker.isASCIIWordByte(bytes[phrase.start]) || Marker.startsWord(h, at: i),
                                            !Marker.isASCIIWordByte(bytes[phrase.end - 1])
                                                || Marker.endsWord(h, at: i + length, count: count)
                                        {
                                            found |= phrase.group
                                            if found & stop != 0 { return found }
                                        }
                                    }
                                }
                                return found
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether a phrase found at `i` starts a word: "aims to" is not found in "claims
    /// to", nor "i will" in "Hawaii will". A letter or digit before it, ASCII or not,
    /// joins it to a longer word; spaces, ASCII punctuation, NBSP and the General
    /// Punctuation block (curly quotes, dashes: E2 80 xx) do not.
    @inline(__always)
    static func startsWord(_ h: UnsafePointer<UInt8>, at i: Int) -> Bool {
        guard i > 0 else { return true }
        let b = h[i - 1]
        if b < 0x80 { return !isASCIIWordByte(b) }
        if i >= 3 && h[i - 3] == 0xE2 && h[i - 2] == 0x80 { return true }
        return i >= 2 && h[i - 2] == 0xC2 && b == 0xA0
    }

    /// Whether a phrase ending before `end` ends a word ("ought to" is not found in
    /// "brought to", nor "plan to" in "plan toward").
    @inline(__always)
    static func endsWord(_ h: UnsafePointer<UInt8>, at end: Int, count: Int) -> Bool {
        guard end < count else { return true }
        let b = h[end]
        if b < 0x80 { return !isASCIIWordByte(b) }
        if end + 1 < count && b == 0xE2 && h[end + 1] == 0x80 { return true }
        return end + 1 < count && b == 0xC2 && h[end + 1] == 0xA0
    }

    @inline(__always)
    static func isASCIIWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A)
    }

    /// The byte offset of the first occurrence of `needle` in `haystack`.
    static func firstMatch(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count, let base = haystack.baseAddress,
            let needleBase = needle.baseAddress
        else { return nil }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last, let found = memchr(base + i, Int32(first), last - i + 1) {
            i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            if memcmp(base + i, needleBase, needle.count) == 0 { return i }
            i += 1
        }
        return nil
    }

    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
        let h = haystack
        return needle.withUnsafeBufferPointer { n in
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
