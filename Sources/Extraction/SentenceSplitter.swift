/// Splits news prose into sentences in one linear pass over its UTF-8 bytes.
///
/// ```swift
/// SentenceSplitter.split("The U.S. agreed. Russia did too.")
/// // ["The U.S. agreed." (0..<16), "Russia did too." (17..<32)]
/// ```
///
/// Rules, in the order they are applied:
/// - A line break (`\n`, `\r`, U+2028, U+2029) always ends a sentence, so headlines,
///   bylines and list items without a final stop stand alone.
/// - `.`, `?`, `!` and ellipses end a sentence only when followed by whitespace and
///   then something other than a lowercase letter; closing quotes and brackets right
///   after the mark belong to the sentence they end. A mark inside a token (`3.4`,
///   `example.com`, `a@b.org`, `?q=1`) never splits.
/// - After a single `.`: titles and prefixes (`Mr.`, `Dr.`, `Gen.`, `e.g.`, `vs.`)
///   never end a sentence; abbreviations that may (`U.S.`, `Inc.`, `Feb.`, `No.`,
///   `p.m.`, single initials such as `W.`) end one only when the next word is a
///   common sentence opener (`The`, `He`, `But`, …), so `U.S. officials` and
///   `George W. Bush` stay whole; a number opening its line (`1. The first point`)
///   is a list marker.
/// - Sentence marks inside an open quotation do not split it: a quotation stays
///   with its attribution (`“We will win. We always do,” he said.`). When the
///   quotation never closes in its block, the marks inside it split after all.
public enum SentenceSplitter {
    /// The sentences of `text`, in order, trimmed, without empty ones.
    public static func split(_ text: String) -> [Sentence] {
        var text = text
        return text.withUTF8 { bytes in
            spans(bytes).map { span in
                Sentence(
                    text: String(decoding: UnsafeBufferPointer(rebasing: bytes[span.bytes]), as: UTF8.self),
                    start: span.start, end: span.end)
            }
        }
    }

    /// Where a sentence is: its UTF-8 byte range and its scalar offsets [start, end).
    struct Span {
        var bytes: Range<Int>
        var start: Int
        var end: Int
    }

    /// The sentences of the UTF-8 `text` as spans, so a caller makes Strings only of those it keeps.
    static func spans(_ text: UnsafeBufferPointer<UInt8>) -> [Span] {
        var scanner = Scanner(bytes: text, expected: text.count / 120 + 1)
        _ = scanner.run()
        return scanner.sentences
    }

    /// The same spans handed to `body` in order, a batch at a time as they are found, so a long
    /// text's spans are never all held (a 20 MB transcript has about 330,000, 10 MB of them).
    static func forEachSpan(_ text: UnsafeBufferPointer<UInt8>, _ body: (Span) -> Void) {
        let batch = 256
        var scanner = Scanner(bytes: text, expected: batch + 16)
        while true {
            let done = scanner.run(batch: batch)
            for span in scanner.sentences { body(span) }
            scanner.sentences.removeAll(keepingCapacity: true)
            if done { return }
        }
    }
}

extension SentenceSplitter {
    /// How an abbreviation before a full stop bears on ending the sentence.
    enum Abbreviation {
        /// Always followed by more of the sentence (`Mr.`, `Gen.`, `e.g.`).
        case prefix
        /// May end a sentence (`U.S.`, `Inc.`, `etc.`, an initial).
        case ambiguous
    }

    static let prefixes: Set<String> = [
        "mr", "mrs", "ms", "messrs", "dr", "gen", "gens", "sen", "sens", "rep", "reps", "gov",
        "lt", "col", "st", "prof", "capt", "sgt", "maj", "adm", "cmdr", "cpl", "pvt", "brig",
        "rev", "hon", "pres", "supt", "insp", "det", "atty", "fr", "mt", "vs", "v", "e.g", "i.e",
        "cf", "viz",
    ]

    static let ambiguous: Set<String> = [
        "inc", "corp", "ltd", "co", "jr", "sr", "etc", "no", "nos", "al", "approx", "dept",
        "univ", "est", "fig", "figs", "vol", "ed", "eds", "ft", "oz", "lb", "lbs", "bros",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    /// Capitalised words that usually open a sentence rather than continue a name.
    static let openers: Set<String> = [
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these",
        "those", "there", "here", "his", "her", "its", "their", "our", "my", "your", "in", "on",
        "at", "for", "but", "and", "or", "so", "yet", "if", "when", "while", "after", "before",
        "as", "since", "although", "though", "however", "meanwhile", "still", "also", "then",
        "now", "earlier", "later", "what", "why", "how", "who", "where", "some", "many", "most",
        "both", "each", "such", "under", "with", "without", "according", "during", "by", "from",
        "despite", "instead", "another", "other", "officials", "critics", "analysts", "no",
        "not", "all", "one", "two", "three", "last", "next", "until", "because", "over",
    ]

    /// The lists as byte tables, for the scanner's lowercased ASCII tokens.
    static let prefixTable = ASCIIWordTable(set: prefixes)
    static let ambiguousTable = ASCIIWordTable(set: ambiguous)
    static let openerTable = ASCIIWordTable(set: openers)

    static func classify(_ token: String) -> Abbreviation? {
        var utf8 = token
        return utf8.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return classifyByLists(token) ?? classifyDotted(bytes) }
            return classify(bytes)
        }
    }

    private static func classifyByLists(_ token: String) -> Abbreviation? {
        if prefixes.contains(token) { return .prefix }
        if ambiguous.contains(token) { return .ambiguous }
        return nil
    }

    /// `classify` of an ASCII token by its bytes.
    static func classify(_ token: UnsafeBufferPointer<UInt8>) -> Abbreviation? {
        if prefixTable.contains(token) { return .prefix }
        if ambiguousTable.contains(token) { return .ambiguous }
        return classifyDotted(token)
    }

    /// Dotted abbreviations of short letter groups: U.S, U.K, D.C, a.m, Ph.D.
    private static func classifyDotted(_ token: UnsafeBufferPointer<UInt8>) -> Abbreviation? {
        var group = 0
        var sawDot = false
        for byte in token {
            if byte == UInt8(ascii: ".") {
                if group == 0 { return nil }
                sawDot = true
                group = 0
            } else if SentenceSplitter.isASCIILetter(byte) {
                group += 1
                if group > 2 { return nil }
            } else {
                return nil
            }
        }
        return sawDot && group > 0 ? .ambiguous : nil
    }

    @inline(__always)
    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
}

/// The single pass: one cursor over the bytes, counting scalars as it goes.
private struct Scanner {
    /// What a scalar means to the splitter.
    enum Role {
        case content, space, lineBreak, ellipsis, openQuote, closeQuote, closer, opener
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var sentences: [SentenceSplitter.Span] = []

    private var index = 0
    private var scalar = 0
    /// Byte and scalar offset of the current sentence's first character; -1 when none yet.
    private var startByte = -1
    private var startScalar = 0
    /// Byte and scalar offset just past the last non-space character seen.
    private var endByte = 0
    private var endScalar = 0
    private var tokenStart = 0
    private var curlyDepth = 0
    private var straightOpen = false
    /// Sentence ends found inside an open quotation: used only if it never closes.
    private var pending: [(byte: Int, scalar: Int)] = []

    init(bytes: UnsafeBufferPointer<UInt8>, expected: Int) {
        self.bytes = bytes
        sentences.reserveCapacity(expected)
    }

    /// ASCII bytes below 0x40 that mean more than content: line breaks, spaces, `!`, `"`, `.`, `?`.
    static let specialASCII: UInt64 =
        1 << 0x09 | 1 << 0x0A | 1 << 0x0B | 1 << 0x0C | 1 << 0x0D | 1 << 0x20
        | 1 << 0x21 | 1 << 0x22 | 1 << 0x2E | 1 << 0x3F

    /// The high bit of each byte of the ASCII word `x` (no byte >= 0x80) that is special
    /// other than a space: 0x09-0x0D, `!`, `"`, `.`, `?`.
    @inline(__always)
    static func specialBytes(_ x: UInt64) -> UInt64 {
        SWAR.bytes(of: x, from: 0x09, through: 0x0D) | SWAR.bytes(of: x, from: 0x21, through: 0x22)
            | SWAR.bytes(of: x, equalTo: 0x2E) | SWAR.bytes(of: x, equalTo: 0x3F)
    }

    @inline(__always)
    static func isPlainContent(_ byte: UInt8) -> Bool {
        byte < 0x80 && (byte >= 0x40 || (specialASCII >> UInt64(byte)) & 1 == 0)
    }

    /// Scans on until `batch` sentences or more are waiting in `sentences` (false: call again
    /// to go on) or the text has ended (true).
    mutating func run(batch: Int = .max) -> Bool {
        let count = bytes.count
        while index < count {
            if sentences.count >= batch { return false }
            let byte = bytes[index]
            if startByte >= 0 && (byte == 0x20 || Scanner.isPlainContent(byte)) {
                // Inside a sentence, a run of plain ASCII content and spaces, as `content(1)` and
                // the space case byte by byte: the sentence ends after its last content byte and
                // the token starts after its last space.
                var end = index
                var lastContentEnd = 0
                var lastSpaceEnd = 0
                // Eight bytes at a time while none of them is special.
                if let base = bytes.baseAddress {
                    while end + 8 <= count {
                        let x = UInt64(littleEndian: UnsafeRawPointer(base + end).loadUnaligned(as: UInt64.self))
                        guard x & SWAR.high == 0, Scanner.specialBytes(x) == 0 else { break }
                        let spaces = SWAR.bytes(of: x, equalTo: 0x20)
                        let content = ~spaces & SWAR.high
                        // The high bit of byte k is bit 8k + 7: the last one set is byte (63 - lz) / 8.
                        if spaces != 0 { lastSpaceEnd = end + (63 - spaces.leadingZeroBitCount) / 8 + 1 }
                        if content != 0 { lastContentEnd = end + (63 - content.leadingZeroBitCount) / 8 + 1 }
                        end += 8
                    }
                }
                while end < count {
                    let b = bytes[end]
                    let isSpace = b == 0x20
                    guard isSpace || Scanner.isPlainContent(b) else { break }
                    end += 1
                    lastSpaceEnd = isSpace ? end : lastSpaceEnd
                    lastContentEnd = isSpace ? lastContentEnd : end
                }
                scalar += end - index
                index = end
                if lastContentEnd > 0 {
                    endByte = lastContentEnd
                    endScalar = scalar - (end - lastContentEnd)
                }
                if lastSpaceEnd > 0 { tokenStart = lastSpaceEnd }
                continue
            }
            if byte < 0x80 {
                switch byte {
                case 0x0A, 0x0B, 0x0C, 0x0D:
                    endBlock()
                    step(1)
                    tokenStart = index
                case 0x20, 0x09:
                    step(1)
                    tokenStart = index
                case UInt8(ascii: "."), UInt8(ascii: "?"), UInt8(ascii: "!"):
                    terminate()
                case UInt8(ascii: "\""):
                    let opens = index == tokenStart || isOpeningContext(before: index)
                    if opens {
                        straightOpen = true
                    } else if straightOpen {
                        straightOpen = false
                        quotationClosed()
                    }
                    content(1)
                default:
                    content(1)
                }
                continue
            }
            let length = Scanner.length(of: byte)
            switch role(at: index) {
            case .space:
                step(length)
                tokenStart = index
            case .lineBreak:
                endBlock()
                step(length)
                tokenStart = index
            case .ellipsis:
                terminate()
            case .openQuote:
                curlyDepth = min(curlyDepth + 1, 8)
                content(length)
            case .closeQuote:
                closeCurly()
                content(length)
            case .content, .closer, .opener:
                content(length)
            }
        }
        endBlock()
        return true
    }

    // MARK: Cursor

    @inline(__always)
    private mutating func step(_ length: Int) {
        index += length
        scalar += 1
    }

    @inline(__always)
    private mutating func content(_ length: Int) {
        if startByte < 0 {
            startByte = index
            startScalar = scalar
        }
        step(length)
        endByte = index
        endScalar = scalar
    }

    @inline(__always)
    static func length(of lead: UInt8) -> Int {
        if lead < 0xE0 { return 2 }
        if lead < 0xF0 { return 3 }
        return 4
    }

    private func role(at position: Int) -> Role {
        let lead = bytes[position]
        if lead < 0x80 {
            switch lead {
            case 0x20, 0x09: return .space
            case 0x0A, 0x0B, 0x0C, 0x0D: return .lineBreak
            case UInt8(ascii: "\""): return .closer
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "'"): return .closer
            case UInt8(ascii: "("), UInt8(ascii: "["): return .opener
            default: return .content
            }
        }
        let count = bytes.count
        let second = position + 1 < count ? bytes[position + 1] : 0
        let third = position + 2 < count ? bytes[position + 2] : 0
        switch lead {
        case 0xC2:
            switch second {
            case 0xA0: return .space
            case 0x85: return .lineBreak
            case 0xAB: return .openQuote  // «
            case 0xBB: return .closeQuote  // »
            default: return .content
            }
        case 0xE2 where second == 0x80:
            switch third {
            case 0x80...0x8B, 0xAF: return .space
            case 0xA8, 0xA9: return .lineBreak
            case 0xA6: return .ellipsis
            case 0x9C: return .openQuote  // “
            case 0x9D: return .closeQuote  // ”
            case 0x98: return .opener  // ‘
            case 0x99: return .closer  // ’
            default: return .content
            }
        case 0xE2 where second == 0x81 && third == 0x9F: return .space
        case 0xE3 where second == 0x80 && third == 0x80: return .space
        case 0xEF where second == 0xBB && third == 0xBF: return .space
        default: return .content
        }
    }

    private func isOpeningContext(before position: Int) -> Bool {
        guard position > 0 else { return true }
        let previous = bytes[position - 1]
        return previous == UInt8(ascii: "(") || previous == UInt8(ascii: "[")
            || previous == UInt8(ascii: ":")
    }

    // MARK: Quotations

    private mutating func closeCurly() {
        guard curlyDepth > 0 else { return }
        curlyDepth -= 1
        quotationClosed()
    }

    private mutating func quotationClosed() {
        if curlyDepth == 0 && !straightOpen {
            pending.removeAll(keepingCapacity: true)
        }
    }

    // MARK: Sentence ends

    /// Consumes a run of sentence marks and the closers after it, then decides.
    private mutating func terminate() {
        if startByte < 0 {
            startByte = index
            startScalar = scalar
        }
        let markStart = index
        var dots = 0
        var strongMark = false
        let count = bytes.count
        marks: while index < count {
            switch bytes[index] {
            case UInt8(ascii: "."):
                dots += 1
                step(1)
            case UInt8(ascii: "?"), UInt8(ascii: "!"):
                strongMark = true
                step(1)
            case 0xE2 where role(at: index) == .ellipsis:
                dots += 3
                step(3)
            default: break marks
            }
        }
        closers: while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if straightOpen {
                    straightOpen = false
                    quotationClosed()
                }
                step(1)
                continue
            }
            switch role(at: index) {
            case .closer: step(byte < 0x80 ? 1 : Scanner.length(of: byte))
            case .closeQuote:
                closeCurly()
                step(Scanner.length(of: byte))
            default: break closers
            }
        }
        endByte = index
        endScalar = scalar
        guard index < count else { return }
        let following = role(at: index)
        guard following == .space || following == .lineBreak else { return }
        guard endsSentence(markStart: markStart, dots: dots, strongMark: strongMark) else { return }
        if curlyDepth > 0 || straightOpen {
            pending.append((endByte, endScalar))
        } else {
            emit()
        }
    }

    private func endsSentence(markStart: Int, dots: Int, strongMark: Bool) -> Bool {
        let count = bytes.count
        var next = index
        while next < count, role(at: next) == .space {
            next += bytes[next] < 0x80 ? 1 : Scanner.length(of: bytes[next])
        }
        guard next < count, role(at: next) != .lineBreak else { return true }
        var sawOpener = false
        while next < count {
            let role = role(at: next)
            guard role == .openQuote || role == .opener || bytes[next] == UInt8(ascii: "\"") else { break }
            sawOpener = true
            next += bytes[next] < 0x80 ? 1 : Scanner.length(of: bytes[next])
        }
        guard next < count else { return true }
        if continuesSentence(at: next) { return false }
        if strongMark || dots > 1 { return true }

        var tokenFrom = tokenStart
        while tokenFrom < markStart {
            let role = role(at: tokenFrom)
            guard role == .openQuote || role == .opener || bytes[tokenFrom] == UInt8(ascii: "\"") else { break }
            tokenFrom += bytes[tokenFrom] < 0x80 ? 1 : Scanner.length(of: bytes[tokenFrom])
        }
        let tokenLength = markStart - tokenFrom
        guard tokenLength > 0 else { return true }
        if tokenLength == 1, SentenceSplitter.isASCIILetter(bytes[tokenFrom]) {
            // A lone letter: an initial (George W. Bush) unless a sentence clearly follows.
            return sawOpener || startsWithOpener(at: next)
        }
        if tokenLength <= 8 {
            // The token lowercased, in place of a String (ASCII only).
            var token: UInt64 = 0
            let abbreviation = withUnsafeMutableBytes(of: &token) { raw -> SentenceSplitter.Abbreviation?? in
                for offset in 0..<tokenLength {
                    let byte = bytes[tokenFrom + offset]
                    guard byte < 0x80 else { return nil }
                    raw[offset] = byte | (SentenceSplitter.isASCIILetter(byte) ? 0x20 : 0)
                }
                let lower = UnsafeBufferPointer(
                    start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: tokenLength)
                return .some(SentenceSplitter.classify(lower))
            }
            guard let abbreviation = abbreviation else { return true }
            switch abbreviation {
            case .prefix?: return false
            case .ambiguous?: return sawOpener || startsWithOpener(at: next)
            case nil: break
            }
        }
        if tokenFrom == startByte, tokenLength <= 3,
            (tokenFrom..<markStart).allSatisfy({ bytes[$0] >= 0x30 && bytes[$0] <= 0x39 })
        {
            return false  // "1. The first point": a list marker, not a sentence
        }
        return true
    }

    /// Whether the character at `position` shows the text running on: a lowercase
    /// letter, or punctuation that cannot open a sentence.
    private func continuesSentence(at position: Int) -> Bool {
        let byte = bytes[position]
        if byte < 0x80 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return true
            case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"),
                UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: ")"):
                return true
            default: return false
            }
        }
        if role(at: position) == .ellipsis { return true }
        let decoded = String(
            decoding: UnsafeBufferPointer(
                rebasing: bytes[position..<min(position + Scanner.length(of: byte), bytes.count)]), as: UTF8.self)
        guard let scalar = decoded.unicodeScalars.first else { return false }
        return scalar.properties.isLowercase
    }

    private func startsWithOpener(at position: Int) -> Bool {
        let count = bytes.count
        guard position < count, bytes[position] >= UInt8(ascii: "A"), bytes[position] <= UInt8(ascii: "Z") else {
            return false
        }
        var end = position
        while end < count, end - position <= 10, SentenceSplitter.isASCIILetter(bytes[end]) { end += 1 }
        guard end - position <= 10 else { return false }
        // "A." or "I." right after an initial is another initial, not an opener.
        if end < count, bytes[end] == UInt8(ascii: ".") { return false }
        // At most 10 ASCII letters, lowercased in place of a String.
        var word: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &word) { raw in
            for offset in 0..<(end - position) { raw[offset] = bytes[position + offset] | 0x20 }
            let lower = UnsafeBufferPointer(
                start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: end - position)
            return SentenceSplitter.openerTable.contains(lower)
        }
    }

    // MARK: Output

    private mutating func emit() {
        if startByte >= 0, endByte > startByte {
            append(from: startByte, startScalar, to: endByte, endScalar)
        }
        startByte = -1
    }

    private mutating func append(from byte: Int, _ scalarStart: Int, to endByte: Int, _ scalarEnd: Int) {
        sentences.append(SentenceSplitter.Span(bytes: byte..<endByte, start: scalarStart, end: scalarEnd))
    }

    /// Ends the block: a quotation left open splits at the marks found inside it.
    private mutating func endBlock() {
        if startByte >= 0 {
            for end in pending where end.byte > startByte {
                append(from: startByte, startScalar, to: end.byte, end.scalar)
                var next = end.byte
                var nextScalar = end.scalar
                while next < bytes.count, role(at: next) == .space {
                    next += bytes[next] < 0x80 ? 1 : Scanner.length(of: bytes[next])
                    nextScalar += 1
                }
                startByte = next
                startScalar = nextScalar
            }
        }
        pending.removeAll(keepingCapacity: true)
        if startByte >= endByte { startByte = -1 }
        emit()
        curlyDepth = 0
        straightOpen = false
    }
}
