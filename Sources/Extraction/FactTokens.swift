/// A sentence cut into words, numbers and single symbols for the fact extractors.
///
/// Words keep inner apostrophes and hyphens ("Russia's", "two-thirds"); numbers keep
/// thousands separators and one decimal point ("1,000,000", "3.4"); letters glued to a
/// number become their own word with `spaceBefore == false` ("2bn", "1st", "1990s").
struct FactTokens {
    enum Kind { case word, number, symbol }

    /// Plain data, so copies cost no reference counting: the lowercased text is in
    /// `FactTokens.lowerBytes`, read through `FactTokens.lower(_:)` and friends. Offsets are
    /// kept as `Int32` (see `maxSentenceLength`): 40 bytes a token instead of 56.
    struct Token {
        var kind: Kind
        private var start32: Int32
        private var end32: Int32
        private var lowerStart32: Int32
        private var lowerEnd32: Int32
        /// What the word is to the extractors, looked up once.
        var classes: WordClass
        /// The word's id in `FactVocabulary` (its keyword, if it is one); 0 for other words,
        /// numbers and symbols.
        var word: UInt16
        var spaceBefore: Bool
        var isCapitalized: Bool
        /// Whether a number token is plain digits: no separator, no decimal point.
        var isPlainDigits: Bool
        /// Whether a word has an inner hyphen ("two-thirds"); lowercasing keeps it.
        var hasHyphen: Bool
        /// The first scalar, for symbol tests.
        var first: Unicode.Scalar
        /// Whether a date or a quantity may start at the token: a number, a currency symbol, a
        /// word with an inner hyphen or one that starts a date or spells a number. Set here
        /// so that the extractors' walks pass over the other tokens with one test.
        let mayStartFact: Bool

        init(
            kind: Kind, start: Int, end: Int, lowerStart: Int, lowerEnd: Int, classes: WordClass, word: UInt16,
            spaceBefore: Bool, isCapitalized: Bool, isPlainDigits: Bool, hasHyphen: Bool, first: Unicode.Scalar
        ) {
            self.kind = kind
            // Exact: `tokenize` turns away sentences whose offsets could pass Int32.max.
            start32 = Int32(truncatingIfNeeded: start)
            end32 = Int32(truncatingIfNeeded: end)
            lowerStart32 = Int32(truncatingIfNeeded: lowerStart)
            lowerEnd32 = Int32(truncatingIfNeeded: lowerEnd)
            self.classes = classes
            self.word = word
            self.spaceBefore = spaceBefore
            self.isCapitalized = isCapitalized
            self.isPlainDigits = isPlainDigits
            self.hasHyphen = hasHyphen
            self.first = first
            switch kind {
            case .word: mayStartFact = hasHyphen || !classes.isDisjoint(with: [.dateStart, .spelledNumber])
            case .number: mayStartFact = true
            case .symbol: mayStartFact = QuantityExtractor.currency(first) != nil
            }
        }

        /// UTF-8 offsets in the sentence, [start, end).
        var start: Int { Int(start32) }
        var end: Int { Int(end32) }
        /// UTF-8 offsets in `lowerBytes` of the word lowercased without a possessive "'s",
        /// or of the number or symbol as written.
        var lowerStart: Int { Int(lowerStart32) }
        var lowerEnd: Int { Int(lowerEnd32) }

        /// The length in UTF-8 bytes of the lowercased word, or of the number or symbol.
        var lowerCount: Int { Int(lowerEnd32 &- lowerStart32) }

        func `is`(_ symbol: Unicode.Scalar) -> Bool { kind == .symbol && first == symbol }
        /// Whether the token's lowercased text is `keyword` (`lower == "according"`).
        func isWord(_ keyword: Keyword) -> Bool { word == keyword.rawValue }
        var isOpeningQuote: Bool { kind == .symbol && (first == "“" || first == "\"" || first == "«") }
        var isClosingQuote: Bool { kind == .symbol && (first == "”" || first == "\"" || first == "»") }
    }

    /// Word lists a token belongs to, found with one lookup per word (`FactVocabulary`).
    struct WordClass: OptionSet {
        let rawValue: UInt32
        static let speechVerb = WordClass(rawValue: 1 << 0)
        static let actionVerb = WordClass(rawValue: 1 << 1)
        static let comparative = WordClass(rawValue: 1 << 2)
        static let spelledNumber = WordClass(rawValue: 1 << 3)
        static let stopWord = WordClass(rawValue: 1 << 4)
        static let pronoun = WordClass(rawValue: 1 << 5)
        static let auxiliary = WordClass(rawValue: 1 << 6)
        static let notName = WordClass(rawValue: 1 << 7)
        static let title = WordClass(rawValue: 1 << 8)
        static let abbreviatedTitle = WordClass(rawValue: 1 << 9)
        static let organisation = WordClass(rawValue: 1 << 10)
        static let nameSuffix = WordClass(rawValue: 1 << 11)
        static let particle = WordClass(rawValue: 1 << 12)
        static let determiner = WordClass(rawValue: 1 << 13)
        static let yearLead = WordClass(rawValue: 1 << 14)
        static let adjective = WordClass(rawValue: 1 << 15)
        static let notSuperlative = WordClass(rawValue: 1 << 16)
        /// A word a date mention may start with: a month, a weekday, "today", "last", …
        static let dateStart = WordClass(rawValue: 1 << 17)
        /// A common noun that names a person or an organisation, who can be a speaker:
        /// "ministry", "board", "officials", "spokeswoman" (`Attribution.speakerNouns`).
        static let speakerNoun = WordClass(rawValue: 1 << 18)
        /// A document or other thing that is said to say something but is no speaker:
        /// "report", "statement", "data", "plan" (`Attribution.documentNouns`).
        static let documentNoun = WordClass(rawValue: 1 << 19)
        /// A speech verb that is also an everyday verb ("added", "continued"): speech only
        /// before a comma, a full stop, a colon, a quotation mark or "that".
        static let weakSpeechVerb = WordClass(rawValue: 1 << 20)
        /// A word that makes "7-2" beside it a tally: "voted", "vote", "margin", "won".
        static let tallyWord = WordClass(rawValue: 1 << 21)
        /// A plural without an "s": "children", "people", "police" (`QuantityExtractor.unmarkedPlurals`).
        static let unmarkedPlural = WordClass(rawValue: 1 << 22)
    }

    /// The sentence; token offsets index into its UTF-8 bytes.
    let sentence: String
    /// The tokens are `tokens[0..<count]`; the array may be longer (see `tokenize`).
    let tokens: [Token]
    let count: Int
    /// Each token's lowercased text (words) or text as written (numbers, symbols), back to back;
    /// the array may be longer (see `tokenize`).
    let lowerBytes: [UInt8]

    /// Words lowercased without a possessive "'s"; numbers and symbols as written.
    func lower(_ token: Token) -> String {
        lowerBytes.withUnsafeBufferPointer {
            Self.string(UnsafeBufferPointer(rebasing: $0[token.lowerStart..<token.lowerEnd]))
        }
    }

    /// `String(decoding: bytes, as: UTF8.self)`. Up to 15 bytes, a small string, are copied by
    /// `String(unsafeUninitializedCapacity:initializingUTF8With:)`, which does not validate
    /// them again when they are ASCII (the bytes are a valid String's anyway).
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count <= 15 else { return String(decoding: bytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: bytes.count) { buffer in
            _ = buffer.initialize(fromContentsOf: bytes)
            return bytes.count
        }
    }

    /// `FactTokens.hasSuffix(lower(token), suffix)`.
    func lower(_ token: Token, hasSuffix suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard token.lowerCount >= count else { return false }
        return lowerBytes.withUnsafeBufferPointer { bytes in
            let tail = token.lowerEnd - count
            for offset in 0..<count where bytes[tail + offset] != suffix.utf8Start[offset] { return false }
            return true
        }
    }

    /// Whether the lowercased text contains `byte`.
    func lower(_ token: Token, contains byte: UInt8) -> Bool {
        lowerBytes.withUnsafeBufferPointer { bytes in
            bytes[token.lowerStart..<token.lowerEnd].contains(byte)
        }
    }

    /// `lower(token).unicodeScalars.count`.
    func lowerScalarCount(_ token: Token) -> Int {
        lowerBytes.withUnsafeBufferPointer { bytes in
            var scalars = 0
            for byte in bytes[token.lowerStart..<token.lowerEnd] where byte & 0xC0 != 0x80 { scalars += 1 }
            return scalars
        }
    }

    /// Past participles and adverbs, which do not name what a number counts.
    func lowerEndsWithEdOrLy(_ token: Token) -> Bool {
        lower(token, hasSuffix: "ed") || lower(token, hasSuffix: "ly")
    }

    /// `Int(lower(token))` of a plain-digits number.
    func int(_ token: Token) -> Int? {
        guard token.isPlainDigits, token.lowerCount <= 18 else { return Int(lower(token)) }
        return lowerBytes.withUnsafeBufferPointer { bytes in
            var value = 0
            for byte in bytes[token.lowerStart..<token.lowerEnd] { value = value * 10 + Int(byte &- 0x30) }
            return value
        }
    }

    /// The value of a number token: its text without thousands separators, read as a Double.
    func value(_ token: Token) -> Double? {
        guard token.kind == .number else { return nil }
        return lowerBytes.withUnsafeBufferPointer { bytes in
            // Exact fast path (Clinger): at most 15 significant digits fit a Double exactly, so do
            // the powers of ten up to 10^22, and one correctly rounded division is the value.
            var mantissa: UInt64 = 0
            var digits = 0
            var fraction = -1
            for byte in bytes[token.lowerStart..<token.lowerEnd] {
                if byte >= 0x30 && byte <= 0x39 {
                    mantissa = mantissa &* 10 &+ UInt64(byte &- 0x30)
                    digits += 1
                    if fraction >= 0 { fraction += 1 }
                } else if byte == 0x2E {
                    fraction = 0
                }
            }
            if digits <= 15 {
                return fraction > 0 ? Double(mantissa) / Self.powersOfTen[fraction] : Double(mantissa)
            }
            var text = ""
            for byte in bytes[token.lowerStart..<token.lowerEnd] where byte != 0x2C {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            }
            return Double(text)
        }
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    subscript(index: Int) -> Token { tokens[index] }

    /// The token at `index`, or nil past either end.
    func at(_ index: Int) -> Token? {
        index >= 0 && index < count ? tokens[index] : nil
    }

    /// Whether any token satisfies `predicate`.
    func contains(where predicate: (Token) -> Bool) -> Bool {
        for index in 0..<count where predicate(tokens[index]) { return true }
        return false
    }

    /// The text as written from token `first` through token `last`.
    @inline(__always)
    func text(_ first: Int, _ last: Int) -> String {
        var sentence = sentence
        return sentence.withUTF8 {
            Self.string(UnsafeBufferPointer(rebasing: $0[tokens[first].start..<tokens[last].end]))
        }
    }

    init(_ sentence: String) {
        var tokens: [Token] = []
        var lowerBytes: [UInt8] = []
        self.init(sentence, reusing: &tokens, &lowerBytes)
    }

    /// Cuts `sentence` into tokens in the storage of `tokens` and `lowerBytes`, which it takes
    /// (leaving them empty) to keep their capacity.
    init(_ sentence: String, reusing tokens: inout [Token], _ lowerBytes: inout [UInt8]) {
        var utf8 = sentence
        var tokenArray = tokens
        var lowerArray = lowerBytes
        tokens = []
        lowerBytes = []
        count = utf8.withUTF8 { FactTokens.tokenize($0, into: &tokenArray, &lowerArray) }
        self.tokens = tokenArray
        self.lowerBytes = lowerArray
        self.sentence = utf8
    }

    /// The longest sentence in UTF-8 bytes: lowercasing at most triples a word's bytes, so every
    /// offset in the sentence and its lowercased copy fits a token's `Int32`.
    static let maxSentenceLength = Int(Int32.max) / 4

    /// Writes the tokens to the front of `tokens` and returns how many there are. Each token
    /// takes at least one byte, so `tokens` is first made at least as long as the sentence
    /// (and kept so for the next one): tokens are then stored through a buffer pointer, with
    /// no uniqueness or capacity check per token.
    private static func tokenize(
        _ bytes: UnsafeBufferPointer<UInt8>, into tokens: inout [Token], _ lowerBytes: inout [UInt8]
    ) -> Int {
        precondition(bytes.count <= maxSentenceLength, "sentence too long for fact extraction")
        if tokens.count < bytes.count {
            let filler = Token(.symbol, 0, 0, first: " ", spaceBefore: false)
            tokens.append(contentsOf: repeatElement(filler, count: bytes.count - tokens.count))
        }
        // The lowercased text: a copy of the sentence with its ASCII words lowercased in place
        // (numbers and symbols stay as written), then the words with other letters, lowercased
        // by String, after it. Like `tokens`, the array is kept at least as long as the sentence
        // and copied over, rather than emptied and appended to; 16 bytes more let the word table
        // take its two 8-byte loads even at the sentence's last word.
        if lowerBytes.count < bytes.count + 16 {
            lowerBytes.append(contentsOf: repeatElement(0, count: bytes.count + 16 - lowerBytes.count))
        }
        var extra: [UInt8] = []
        let count = tokens.withUnsafeMutableBufferPointer { tokens in
            lowerBytes.withUnsafeMutableBufferPointer { lowerBytes in
                let lowerCopy = UnsafeMutableBufferPointer(rebasing: lowerBytes[0..<bytes.count])
                _ = lowerCopy.update(fromContentsOf: bytes)
                return wordBytes.withUnsafeBufferPointer { wordBytes in
                    tokenize(
                        bytes, lowerCopy: lowerCopy, readable: lowerBytes.count, wordBytes: wordBytes, into: tokens,
                        extra: &extra)
                }
            }
        }
        if !extra.isEmpty {
            lowerBytes.removeLast(lowerBytes.count - bytes.count)
            lowerBytes.append(contentsOf: extra)
        }
        return count
    }

    /// Bytes are classified as ASCII first; only other bytes are decoded as scalars. An ASCII
    /// word is scanned by a tight byte loop and only a word that goes on past an apostrophe,
    /// a hyphen or a non-ASCII byte takes the general scan (`wordEnd`). `readable` is how many
    /// bytes from `lowerCopy`'s start its storage holds (the sentence's and some more).
    private static func tokenize(
        _ bytes: UnsafeBufferPointer<UInt8>, lowerCopy: UnsafeMutableBufferPointer<UInt8>, readable: Int,
        wordBytes: UnsafeBufferPointer<UInt8>, into tokens: UnsafeMutableBufferPointer<Token>, extra: inout [UInt8]
    ) -> Int {
        let count = bytes.count
        var tokenCount = 0
        let table = FactVocabulary.table
        let classesByID = FactVocabulary.classes
        var index = 0
        var spaceBefore = true

        while index < count {
            let start = index
            let lead = bytes[index]
            if lead >= 0x80 {
                let (first, length) = scalar(at: index, in: bytes)
                if first.properties.isWhitespace {
                    spaceBefore = true
                    index += length
                    continue
                }
                if first.properties.isAlphabetic {
                    let (end, hyphen, _) = wordEnd(from: start + length, start: start, first: first, in: bytes)
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                    tokens[tokenCount] = word(
                        text, start, end, first: first, hyphen: hyphen, spaceBefore: spaceBefore, extra: &extra,
                        sentenceCount: count)
                    tokenCount += 1
                    index = end
                } else {
                    index += length
                    tokens[tokenCount] = Token(.symbol, start, index, first: first, spaceBefore: spaceBefore)
                    tokenCount += 1
                }
            } else if lead == 0x20 || lead == 0x09 || lead == 0x0A || lead == 0x0D {
                spaceBefore = true
                index += 1
                continue
            } else if isASCIILetter(lead) {
                // Lowercase in place as the word is scanned (see `wordBytes`; "'" and "-", should
                // the general scan take them, are lowercase too).
                lowerCopy[start] = lead | 0x20
                var end = index &+ 1
                while end < count {
                    let lower = wordBytes[Int(bytes[end])]
                    guard lower != 0 else { break }
                    lowerCopy[end] = lower
                    end &+= 1
                }
                let scanned = end
                var hyphen = false
                if end < count && (bytes[end] >= 0x80 || bytes[end] == 0x27 || bytes[end] == 0x2D) {
                    let scan = wordEnd(from: end, start: start, first: Unicode.Scalar(lead), in: bytes)
                    end = scan.end
                    hyphen = scan.hyphen
                    if !scan.ascii {
                        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                        tokens[tokenCount] = word(
                            text, start, end, first: Unicode.Scalar(lead), hyphen: hyphen, spaceBefore: spaceBefore,
                            extra: &extra, sentenceCount: count)
                        tokenCount += 1
                        index = end
                        spaceBefore = false
                        continue
                    }
                }
                // Without a possessive "'s" (whose bytes past `lowerEnd` are never read).
                var lowerEnd = end
                if end - start >= 2, bytes[end - 2] == 0x27, bytes[end - 1] | 0x20 == 0x73 { lowerEnd -= 2 }
                if lowerEnd > scanned {
                    for position in scanned..<lowerEnd { lowerCopy[position] |= 0x20 }
                }
                let id = table.id(
                    of: UnsafeBufferPointer(rebasing: lowerCopy[start..<lowerEnd]), readable: readable - start)
                tokens[tokenCount] = Token(
                    kind: .word, start: start, end: end, lowerStart: start, lowerEnd: lowerEnd,
                    classes: classesByID[Int(id)], word: id, spaceBefore: spaceBefore, isCapitalized: lead <= 0x5A,
                    isPlainDigits: false, hasHyphen: hyphen, first: Unicode.Scalar(lead))
                tokenCount += 1
                index = end
            } else if lead >= 0x30 && lead <= 0x39 {
                var sawPoint = false
                var sawComma = false
                index += 1
                while index < count {
                    let byte = bytes[index]
                    if byte >= 0x30 && byte <= 0x39 {
                        index += 1
                    } else if byte == UInt8(ascii: ","), digits(in: bytes, from: index + 1) == 3 {
                        sawComma = true
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
                tokens[tokenCount] = Token(
                    .number, start, index, first: Unicode.Scalar(lead), spaceBefore: spaceBefore,
                    plainDigits: !sawPoint && !sawComma)
                tokenCount += 1
            } else {
                index += 1
                tokens[tokenCount] = Token(.symbol, start, index, first: Unicode.Scalar(lead), spaceBefore: spaceBefore)
                tokenCount += 1
            }
            spaceBefore = false
        }
        return tokenCount
    }

    /// The scalar at `position` and its length in bytes.
    private static func scalar(at position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Unicode.Scalar, Int) {
        let lead = bytes[position]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length where position + offset < bytes.count {
            value = value << 6 | UInt32(bytes[position + offset] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Where the word that starts at `start` with `first` and goes on at `index` ends; whether
    /// it has an inner hyphen and is all ASCII.
    private static func wordEnd(
        from index: Int, start: Int, first: Unicode.Scalar, in bytes: UnsafeBufferPointer<UInt8>
    ) -> (end: Int, hyphen: Bool, ascii: Bool) {
        let count = bytes.count
        var index = index
        var hyphen = false
        var ascii = first.isASCII
        while index < count {
            // The common case, whatever follows: an ASCII letter or digit goes on the word.
            if isASCIILetterOrDigit(bytes[index]) {
                index += 1
                continue
            }
            let (next, nextLength) = scalar(at: index, in: bytes)
            let after: Unicode.Scalar? = index + nextLength < count ? scalar(at: index + nextLength, in: bytes).0 : nil
            if isLetter(next) || isDigit(next) {
                ascii = false  // ASCII letters and digits were taken above
                index += nextLength
            } else if next == "'" || next == "’", let after, isLetter(after) {
                if nextLength > 1 { ascii = false }
                index += nextLength
            } else if next == "-", let after,
                isLetter(after) || (isDigit(after) && isAllCapitals(first, start, index, bytes))
            {
                hyphen = true
                // COVID-19 and F-16 are names; "mid-2019" keeps its year apart.
                index += nextLength
            } else {
                break
            }
        }
        return (index, hyphen, ascii)
    }

    /// Whether the word from `start` to `end` that starts with `first` is capitals so far:
    /// `first` is uppercase and no ASCII lowercase letter follows it (only those count).
    private static func isAllCapitals(
        _ first: Unicode.Scalar, _ start: Int, _ end: Int, _ bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        let upper = first.isASCII ? first.value >= 0x41 && first.value <= 0x5A : first.properties.isUppercase
        guard upper else { return false }
        for position in start..<end where bytes[position] >= 0x61 && bytes[position] <= 0x7A { return false }
        return true
    }

    /// A word with other letters than ASCII, lowercased by String after the sentence's copy.
    private static func word(
        _ text: String, _ start: Int, _ end: Int, first: Unicode.Scalar, hyphen: Bool, spaceBefore: Bool,
        extra: inout [UInt8], sentenceCount count: Int
    ) -> Token {
        var lower = text.lowercased()
        if hasSuffix(lower, "'s") || hasSuffix(lower, "’s") { lower.removeLast(2) }
        let lowerStart = count + extra.count
        extra.append(contentsOf: lower.utf8)
        let word = FactVocabulary.id(of: lower)
        let capitalized = first.isASCII ? first.value >= 0x41 && first.value <= 0x5A : first.properties.isUppercase
        return Token(
            kind: .word, start: start, end: end, lowerStart: lowerStart, lowerEnd: count + extra.count,
            classes: FactVocabulary.classes[Int(word)], word: word, spaceBefore: spaceBefore,
            isCapitalized: capitalized,
            isPlainDigits: false, hasHyphen: hyphen, first: first)
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

    /// Each byte lowercased if it is an ASCII letter or digit (letters and digits are lowercase
    /// with bit 5 set), 0 for other bytes: one load per byte in the word scan.
    private static let wordBytes: [UInt8] = (0..<256).map { byte in
        isASCIILetterOrDigit(UInt8(byte)) ? UInt8(byte) | 0x20 : 0
    }

    @inline(__always)
    static func isASCIILetter(_ byte: UInt8) -> Bool {
        byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A
    }

    @inline(__always)
    static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
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

extension FactTokens.Token {
    /// A number or a symbol, whose lowercased text is its text as written.
    init(
        _ kind: FactTokens.Kind, _ start: Int, _ end: Int, first: Unicode.Scalar, spaceBefore: Bool,
        plainDigits: Bool = false
    ) {
        self.init(
            kind: kind, start: start, end: end, lowerStart: start, lowerEnd: end, classes: [], word: 0,
            spaceBefore: spaceBefore, isCapitalized: false, isPlainDigits: plainDigits, hasHyphen: false, first: first)
    }
}
