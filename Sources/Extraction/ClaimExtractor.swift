import Checkworthiness
import ClaimSchema
import Foundation

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
        var claims: [ExtractedClaim] = []
        var extraction = extraction(of: article) { claims.append($0) }
        extraction.claims = claims
        return extraction
    }

    /// The same, each claim handed to `each` in body order as it is found instead of
    /// collected, so a long article's claims are never all held at once; the result's
    /// `claims` is empty. Without a rescorer each sentence is decided as it is read; with
    /// one, the article's candidates are still decided together first.
    public func extraction(of article: Article, each: (ExtractedClaim) -> Void) -> ArticleExtraction {
        extraction(of: ArticlePieces(article), piece: 0, each: each)
    }

    /// The claims of one piece of a long article (`ArticlePieces`), handed to `each` in body
    /// order; the pieces' claims, one piece after another, are the article's, and their relative
    /// dates together its. Pieces of one article can be extracted at once on several threads,
    /// each with its own extractor.
    public func extraction(of pieces: ArticlePieces, piece: Int, each: (ExtractedClaim) -> Void) -> ArticleExtraction {
        let reference = pieces.reference
        factScratch.relativeDates = .init()
        var body = pieces.article.body
        let paragraphs = pieces.paragraphs
        let range = pieces.pieces[piece]
        // Where the piece starts: the paragraphs and furniture blocks ending before it are passed.
        var paragraphIndex = min(
            paragraphs.partitioningIndex { $0.end > range.scalarStart }, max(paragraphs.count - 1, 0))
        var contexts = ParagraphContexts()
        // Headlines, captions, bylines, prompts and repeated lines are never claims.
        let furniture = pieces.furniture
        var furnitureIndex = furniture.partitioningIndex { $0.end > range.scalarStart }
        // With a rescorer: the sentences that pass the filters and the n-gram model's screen,
        // in body order; the rescorer then decides on all of an article's at once.
        var pending: [(span: SentenceSplitter.Span, text: String, score: Double)] = []
        let floor = rescorer?.screenFloor ?? minimumScore
        func claim(_ span: SentenceSplitter.Span, _ text: String, _ score: Double) {
            let facts = FactExtractor.facts(in: text, reference: reference?.days, scratch: factScratch)
            while paragraphIndex + 1 < paragraphs.count && paragraphs[paragraphIndex].end <= span.start {
                paragraphIndex += 1
            }
            let context =
                paragraphs.isEmpty
                ? text : contexts.context(of: paragraphs[paragraphIndex].text, paragraphIndex, around: span.bytes)
            each(
                ExtractedClaim(
                    text: text, start: span.start, end: span.end, score: score, kind: facts.kind,
                    speaker: facts.speaker, quantities: facts.quantities, dates: facts.dates,
                    context: context))
        }
        body.withUTF8 { body in
            let base = range.bytes.lowerBound
            SentenceSplitter.forEachSpan(UnsafeBufferPointer(rebasing: body[range.bytes])) { local in
                let span = SentenceSplitter.Span(
                    bytes: (local.bytes.lowerBound + base)..<(local.bytes.upperBound + base),
                    start: local.start + range.scalarStart, end: local.end + range.scalarStart)
                while furnitureIndex < furniture.count && furniture[furnitureIndex].end <= span.start {
                    furnitureIndex += 1
                }
                if furnitureIndex < furniture.count && furniture[furnitureIndex].start <= span.start { return }
                let bytes = UnsafeBufferPointer(rebasing: body[span.bytes])
                // Cheapest test first: shape, then the phrase lists, then the model (a third or
                // more of the time of extraction); only a claim becomes a String.
                guard let words = Self.wordCountIfPlausible(bytes), !isFurnitureOpinionOrPlan(bytes, words: words)
                else { return }
                let score = scorer.score(utf8: bytes)
                guard score >= floor else { return }
                if rescorer == nil {
                    claim(span, String(decoding: bytes, as: UTF8.self), score)
                } else {
                    pending.append((span, String(decoding: bytes, as: UTF8.self), score))
                }
            }
        }
        if let rescorer, !pending.isEmpty {
            let probabilities = rescorer.probabilities(pending.map(\.text))
            for index in pending.indices { pending[index].score = probabilities[index] }
            pending.removeAll { $0.score < minimumScore }
        }
        for (span, text, score) in pending { claim(span, text, score) }
        return ArticleExtraction(
            claims: [], referenceDate: reference, resolvedRelativeDates: factScratch.relativeDates.resolved,
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
}

/// An article prepared for extraction in pieces cut at line breaks, which extraction meets
/// as it would meet them in the whole body (a line break ends every sentence and quotation):
/// the paragraphs, furniture and reference date are the whole article's, found once.
public struct ArticlePieces: Sendable {
    public let article: Article
    let reference: ReferenceDate?
    let paragraphs: [(start: Int, end: Int, text: Substring)]
    let furniture: [PageFurniture.Block]
    /// Each piece's UTF-8 range in the body and its first Unicode scalar's offset.
    let pieces: [(bytes: Range<Int>, scalarStart: Int)]

    public var count: Int { pieces.count }

    /// With `pieceBytes`, pieces of at least that many bytes, each ending just after a line
    /// break (or at the end); else the whole body as one piece.
    public init(_ article: Article, pieceBytes: Int? = nil) {
        self.article = article
        reference = ReferenceDate(for: article)
        paragraphs = ClaimExtractor.paragraphBounds(article.body)
        furniture = PageFurniture(body: article.body).blocks
        var body = article.body
        guard let pieceBytes, body.utf8.count > pieceBytes else {
            pieces = [(0..<body.utf8.count, 0)]
            return
        }
        pieces = body.withUTF8 { bytes in
            var pieces: [(bytes: Range<Int>, scalarStart: Int)] = []
            var start = 0
            var scalars = 0
            while start < bytes.count {
                var end = min(start + pieceBytes, bytes.count)
                while end < bytes.count && bytes[end - 1] != 0x0A { end += 1 }
                pieces.append((start..<end, scalars))
                scalars += SWAR.scalarCount(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                start = end
            }
            return pieces
        }
    }
}
