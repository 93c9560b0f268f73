import Foundation

extension ClaimExtractor {
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
