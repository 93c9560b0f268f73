import Foundation

/// BERT's uncased WordPiece tokenizer, as Hugging Face's `tokenizer.json` for
/// all-MiniLM-L6-v2 describes it: added tokens matched in the raw text, then
/// BertNormalizer (clean text, space around CJK ideographs, NFD with non-spacing marks
/// dropped, lowercase), BertPreTokenizer (split at whitespace, each punctuation
/// character a word of its own), greedy longest-match WordPiece with `##`
/// continuations, and `[CLS] … [SEP]` around at most `maxLength` tokens.
///
/// ```swift
/// let tokenizer = try WordPieceTokenizer(vocab: lines)   // vocab.txt, one token a line
/// tokenizer.tokenize("Café prices rose 3.4%!")
/// // [CLS] cafe prices rose 3 . 4 % ! [SEP]
/// ```
///
/// Characters are Unicode scalars throughout, as in the Rust tokenizers library, not
/// Swift's grapheme clusters.
public struct WordPieceTokenizer: Sendable {
    public let settings: TokenizerSettings
    /// Tokens by id: line N of vocab.txt is token id N.
    public let vocab: [String]
    private let ids: [String: Int32]
    public let unknownID: Int32
    public let classifierID: Int32
    public let separatorID: Int32
    private let addedTokens: [(scalars: [Unicode.Scalar], id: Int32)]

    public enum VocabularyError: Error, CustomStringConvertible {
        case missingToken(String)
        public var description: String {
            switch self {
            case .missingToken(let token): "the vocabulary has no \(token) token"
            }
        }
    }

    public init(vocab: [String], settings: TokenizerSettings = TokenizerSettings()) throws {
        self.vocab = vocab
        self.settings = settings
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(vocab.count)
        for (index, token) in vocab.enumerated() where ids[token] == nil { ids[token] = Int32(index) }
        self.ids = ids
        func id(_ token: String) throws -> Int32 {
            guard let id = ids[token] else { throw VocabularyError.missingToken(token) }
            return id
        }
        unknownID = try id(settings.unknownToken)
        classifierID = try id(settings.classifierToken)
        separatorID = try id(settings.separatorToken)
        // Longest first, so that of two added tokens at one place the longer wins.
        addedTokens = try settings.addedTokens.map { (Array($0.unicodeScalars), try id($0)) }
            .sorted { $0.scalars.count > $1.scalars.count }
    }

    /// Reads vocab.txt (one token a line, the line number is the id).
    public static func load(vocabPath: String, settings: TokenizerSettings = TokenizerSettings()) throws
        -> WordPieceTokenizer
    {
        guard let data = FileManager.default.contents(atPath: vocabPath) else {
            if FileManager.default.fileExists(atPath: vocabPath) {
                throw SentenceModelError.corruptFile(path: vocabPath, reason: "cannot be read")
            }
            throw SentenceModelError.missingFile(path: vocabPath)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SentenceModelError.corruptFile(path: vocabPath, reason: "not UTF-8 text")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if lines.last == "" { lines.removeLast() }
        do {
            return try WordPieceTokenizer(vocab: lines, settings: settings)
        } catch let error as VocabularyError {
            throw SentenceModelError.corruptFile(path: vocabPath, reason: error.description)
        }
    }

    /// Token ids of one sentence: `[CLS]`, its word pieces (cut to fit), `[SEP]`.
    public func tokenize(_ text: String) -> [Int32] {
        var pieces = wordPieceIDs(text)
        let room = settings.maxLength - 2
        if pieces.count > room { pieces.removeLast(pieces.count - room) }
        return [classifierID] + pieces + [separatorID]
    }

    /// The word pieces of `text` as strings, without special tokens or truncation.
    public func wordPieces(_ text: String) -> [String] {
        wordPieceIDs(text).map { vocab[Int($0)] }
    }

    /// The word-piece ids of `text`, without special tokens or truncation.
    public func wordPieceIDs(_ text: String) -> [Int32] {
        var out: [Int32] = []
        let scalars = Array(text.unicodeScalars)
        var start = 0
        var index = 0
        // Added tokens ([CLS], [MASK], …) are found in the raw text, leftmost first.
        while index < scalars.count {
            if let match = addedToken(in: scalars, at: index) {
                if start < index { appendWords(of: scalars[start..<index], to: &out) }
                out.append(match.id)
                index += match.length
                start = index
            } else {
                index += 1
            }
        }
        if start < scalars.count { appendWords(of: scalars[start..<scalars.count], to: &out) }
        return out
    }

    private func addedToken(in scalars: [Unicode.Scalar], at index: Int) -> (id: Int32, length: Int)? {
        for token in addedTokens where index + token.scalars.count <= scalars.count {
            if scalars[index] == token.scalars[0], Array(scalars[index..<index + token.scalars.count]) == token.scalars
            {
                return (token.id, token.scalars.count)
            }
        }
        return nil
    }

    private func appendWords(of text: ArraySlice<Unicode.Scalar>, to out: inout [Int32]) {
        let normalized = normalize(text)
        var word: [Unicode.Scalar] = []
        for scalar in normalized {
            if scalar.properties.isWhitespace {
                if !word.isEmpty {
                    appendPieces(of: word, to: &out)
                    word.removeAll(keepingCapacity: true)
                }
            } else if Self.isPunctuation(scalar) {
                if !word.isEmpty {
                    appendPieces(of: word, to: &out)
                    word.removeAll(keepingCapacity: true)
                }
                appendPieces(of: [scalar], to: &out)
            } else {
                word.append(scalar)
            }
        }
        if !word.isEmpty { appendPieces(of: word, to: &out) }
    }

    /// BertNormalizer, in its order: clean text, CJK spacing, strip accents, lowercase.
    func normalize(_ text: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.count)
        for scalar in text {
            if settings.cleanText {
                if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
                if Self.isWhitespace(scalar) {
                    scalars.append(" ")
                    continue
                }
            }
            if settings.handleChineseChars && Self.isChineseCharacter(scalar) {
                scalars.append(" ")
                scalars.append(scalar)
                scalars.append(" ")
            } else {
                scalars.append(scalar)
            }
        }
        if settings.stripAccents && scalars.contains(where: { $0.value >= 0xC0 }) {
            var string = String.UnicodeScalarView()
            string.append(contentsOf: scalars)
            scalars = String(string).decomposedStringWithCanonicalMapping.unicodeScalars.filter {
                $0.properties.generalCategory != .nonspacingMark
            }
        }
        if settings.lowercase {
            var lowered: [Unicode.Scalar] = []
            lowered.reserveCapacity(scalars.count)
            for scalar in scalars {
                if scalar.isASCII {
                    lowered.append(
                        scalar.value >= 65 && scalar.value <= 90 ? Unicode.Scalar(scalar.value + 32)! : scalar)
                } else {
                    // Character by character, as the Rust library does (no final-sigma rule).
                    lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            }
            scalars = lowered
        }
        return scalars
    }

    /// Greedy longest-match-first WordPiece; a word with any piece not in the vocabulary,
    /// or longer than `maxInputCharsPerWord`, is one unknown token.
    private func appendPieces(of word: [Unicode.Scalar], to out: inout [Int32]) {
        if word.count > settings.maxInputCharsPerWord {
            out.append(unknownID)
            return
        }
        let mark = out.count
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                var candidate = start > 0 ? settings.continuingSubwordPrefix : ""
                candidate.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = ids[candidate] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                out.removeLast(out.count - mark)
                out.append(unknownID)
                return
            }
            out.append(id)
            start = end
        }
    }

    /// Whitespace as BERT counts it: tab, line feed, carriage return and Unicode White_Space.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.isWhitespace
    }

    /// Control, format and private-use characters (Cc, Cf, Co), except tab and line breaks.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .privateUse: return true
        default: return false
        }
    }

    /// ASCII punctuation (which includes $, +, <, =, >, ^, `, |, ~) and Unicode's P* categories.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 128 {
            return (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value)
                || (123...126).contains(value)
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK Unified Ideographs blocks and their extensions and compatibility forms.
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
            0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
