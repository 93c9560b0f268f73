/// A sentence cut into words, numbers and single symbols for the fact extractors.
///
/// Words keep inner apostrophes and hyphens ("Russia's", "two-thirds"); numbers keep
/// thousands separators and one decimal point ("1,000,000", "3.4"); letters glued to a
/// number become their own word with `spaceBefore == false` ("2bn", "1st", "1990s").
struct FactTokens {
    enum Kind { case word, number, symbol }

    struct Token {
        var kind: Kind
        /// UTF-8 offsets in the sentence, [start, end).
        var start: Int
        var end: Int
        /// Words lowercased without a possessive "'s"; numbers and symbols as written.
        var lower: String
        /// What the word is to the extractors, looked up once.
        var classes: WordClass
        var spaceBefore: Bool
        var isCapitalized: Bool
        /// The first scalar, for symbol tests.
        var first: Unicode.Scalar

        /// A number or symbol as written.
        var text: String { lower }

        func `is`(_ symbol: Unicode.Scalar) -> Bool { kind == .symbol && first == symbol }
        var isOpeningQuote: Bool { kind == .symbol && (first == "“" || first == "\"" || first == "«") }
        var isClosingQuote: Bool { kind == .symbol && (first == "”" || first == "\"" || first == "»") }
        /// Whether a number token is plain digits: no separator, no decimal point.
        var isPlainDigits: Bool { kind == .number && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        var value: Double? {
            guard kind == .number else { return nil }
            return Double(String(text.unicodeScalars.filter { $0 != "," }))
        }
    }

    /// Word lists a token belongs to, found with one hash lookup per word.
    struct WordClass: OptionSet {
        let rawValue: UInt16
        static let speechVerb = WordClass(rawValue: 1 << 0)
        static let actionVerb = WordClass(rawValue: 1 << 1)
        static let comparative = WordClass(rawValue: 1 << 2)
        static let spelledNumber = WordClass(rawValue: 1 << 3)
        static let stopWord = WordClass(rawValue: 1 << 4)

        static let lexicon: [String: WordClass] = {
            var lexicon: [String: WordClass] = [:]
            func add(_ words: some Sequence<String>, _ member: WordClass) {
                for word in words { lexicon[word, default: []].insert(member) }
            }
            add(Attribution.speechVerbs, .speechVerb)
            add(FactExtractor.actionVerbs, .actionVerb)
            add(FactExtractor.comparatives, .comparative)
            add(QuantityExtractor.smallNumbers.keys, .spelledNumber)
            add(QuantityExtractor.spellingStarts, .spelledNumber)
            add(QuantityExtractor.stopWords, .stopWord)
            return lexicon
        }()
    }

    /// The sentence's UTF-8 bytes; token offsets index into them.
    let bytes: [UInt8]
    let tokens: [Token]

    var count: Int { tokens.count }
    subscript(index: Int) -> Token { tokens[index] }

    /// The token at `index`, or nil past either end.
    func at(_ index: Int) -> Token? {
        index >= 0 && index < tokens.count ? tokens[index] : nil
    }

    /// The text as written from token `first` through token `last`.
    func text(_ first: Int, _ last: Int) -> String {
        bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[tokens[first].start..<tokens[last].end]), as: UTF8.self)
        }
    }

    init(_ sentence: String) {
        let bytes = Array(sentence.utf8)
        self.bytes = bytes
        self.tokens = bytes.withUnsafeBufferPointer { FactTokens.tokenize($0) }
    }

    private static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 5)
        var index = 0
        var spaceBefore = true
        let count = bytes.count

        func scalar(at position: Int) -> (Unicode.Scalar, Int) {
            let lead = bytes[position]
            if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
            let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for offset in 1..<length where position + offset < count {
                value = value << 6 | UInt32(bytes[position + offset] & 0x3F)
            }
            return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
        }

        func make(_ kind: Kind, _ start: Int, _ end: Int, first: Unicode.Scalar) -> Token {
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
            let text = String(decoding: slice, as: UTF8.self)
            var lower = text
            var classes: WordClass = []
            if kind == .word {
                if slice.allSatisfy({ $0 < 0x80 }) {
                    lower = String(unsafeUninitializedCapacity: slice.count) { buffer in
                        for (offset, byte) in slice.enumerated() {
                            buffer[offset] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                        }
                        return slice.count
                    }
                } else {
                    lower = text.lowercased()
                }
                if hasSuffix(lower, "'s") || hasSuffix(lower, "’s") { lower.removeLast(2) }
                classes = WordClass.lexicon[lower] ?? []
            }
            let capitalized = kind == .word && (first.isASCII ? first.value >= 0x41 && first.value <= 0x5A : first.properties.isUppercase)
            return Token(
                kind: kind, start: start, end: end, lower: lower, classes: classes, spaceBefore: spaceBefore,
                isCapitalized: capitalized, first: first)
        }

        while index < count {
            let (first, length) = scalar(at: index)
            if first.isASCII ? (first == " " || first == "\t" || first == "\n" || first == "\r") : first.properties.isWhitespace {
                spaceBefore = true
                index += length
                continue
            }
            let start = index
            if isLetter(first) {
                var allCapitals = first.isASCII ? first.value >= 0x41 && first.value <= 0x5A : first.properties.isUppercase
                index += length
                while index < count {
                    let (next, nextLength) = scalar(at: index)
                    let after: Unicode.Scalar? = index + nextLength < count ? scalar(at: index + nextLength).0 : nil
                    if isLetter(next) || isDigit(next) {
                        allCapitals = allCapitals && !(next.value >= 0x61 && next.value <= 0x7A)
                        index += nextLength
                    } else if next == "'" || next == "’", let after, isLetter(after) {
                        index += nextLength
                    } else if next == "-", let after, isLetter(after) || (allCapitals && isDigit(after)) {
                        // COVID-19 and F-16 are names; "mid-2019" keeps its year apart.
                        index += nextLength
                    } else {
                        break
                    }
                }
                tokens.append(make(.word, start, index, first: first))
            } else if isDigit(first) {
                var sawPoint = false
                index += 1
                while index < count {
                    let byte = bytes[index]
                    if byte >= 0x30 && byte <= 0x39 {
                        index += 1
                    } else if byte == UInt8(ascii: ","), digits(in: bytes, from: index + 1) == 3 {
                        index += 4
                    } else if byte == UInt8(ascii: "."), !sawPoint, index + 1 < count, bytes[index + 1] >= 0x30,
                        bytes[index + 1] <= 0x39
                    {
                        sawPoint = true
                        index += 2
                    } else {
                        break
                    }
                }
                tokens.append(make(.number, start, index, first: first))
            } else {
                index += length
                tokens.append(make(.symbol, start, index, first: first))
            }
            spaceBefore = false
        }
        return tokens
    }

    /// Whether `word` ends in `suffix`, comparing bytes (cheaper than `hasSuffix`).
    static func hasSuffix(_ word: String, _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        var word = word
        return word.withUTF8 { bytes in
            guard bytes.count >= count else { return false }
            let tail = bytes.count - count
            for offset in 0..<count where bytes[tail + offset] != suffix.utf8Start[offset] { return false }
            return true
        }
    }

    /// Past participles and adverbs, which do not name what a number counts.
    static func endsWithEdOrLy(_ word: String) -> Bool {
        hasSuffix(word, "ed") || hasSuffix(word, "ly")
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value | 0x20
            return value >= 0x61 && value <= 0x7A
        }
        return scalar.properties.isAlphabetic
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x30 && scalar.value <= 0x39
    }

    /// How many ASCII digits run from `start`.
    private static func digits(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        while end < bytes.count, bytes[end] >= 0x30 && bytes[end] <= 0x39 { end += 1 }
        return end - start
    }
}
