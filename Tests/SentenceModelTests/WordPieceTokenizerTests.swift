import Foundation
import SentenceModel
import Testing

/// The tokenizer's rules on a small vocabulary of its own, so each rule is seen alone.
@Suite("WordPiece tokenizer rules")
struct WordPieceTokenizerTests {
    static let vocab = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cafe", "naive", "prices", "rose", "u", "s", ".", "-",
        "led",
        "un", "##aff", "##able", "3", "4", "%", "!", "北", "京", "abc", "'", "t", "don", "$", "+", "a", "##a", "##aa",
        "zero",
        "##width", "word", "##s", "σ", "##ο", "##φ", "##σ", "e", "≥", "istanbul", "hello", "world",
    ]

    func tokenizer(maxLength: Int = 128) throws -> WordPieceTokenizer {
        var settings = TokenizerSettings()
        settings.maxLength = maxLength
        return try WordPieceTokenizer(vocab: Self.vocab, settings: settings)
    }

    @Test func lowercasesAndStripsAccents() throws {
        #expect(try tokenizer().wordPieces("Café NAÏVE prices") == ["cafe", "naive", "prices"])
        // A combining accent typed separately goes too; a final capital sigma stays σ, as in the reference.
        #expect(
            try tokenizer().wordPieces("e\u{0301} ΣΟΦΟΣ İstanbul") == [
                "e", "σ", "##ο", "##φ", "##ο", "##σ", "istanbul",
            ])
    }

    @Test func splitsEveryPunctuationCharacterIntoAWordOfItsOwn() throws {
        #expect(try tokenizer().wordPieces("U.S.-led") == ["u", ".", "s", ".", "-", "led"])
        #expect(try tokenizer().wordPieces("don't!") == ["don", "'", "t", "!"])
        // ASCII symbols count as punctuation ($, +), as in BERT; ≥ does not, so "4≥3" is one
        // word, and with no "##≥" piece an unknown one.
        #expect(try tokenizer().wordPieces("$3+4≥3") == ["$", "3", "+", "[UNK]"])
    }

    @Test func splitsNumbersAtTheirPunctuation() throws {
        #expect(try tokenizer().wordPieces("rose 3.4%") == ["rose", "3", ".", "4", "%"])
    }

    @Test func takesTheLongestPieceFirstAndMarksContinuations() throws {
        #expect(try tokenizer().wordPieces("unaffable") == ["un", "##aff", "##able"])
        #expect(try tokenizer().wordPieces("aaaaa") == ["a", "##aa", "##aa"])
    }

    @Test func aWordWithAnUnknownPieceIsOneUnknownToken() throws {
        #expect(try tokenizer().wordPieces("the unaffablez world") == ["the", "[UNK]", "world"])
        #expect(try tokenizer().wordPieces("☃") == ["[UNK]"])
    }

    @Test func aWordOverAHundredCharactersIsOneUnknownToken() throws {
        let hundred = try tokenizer().wordPieces(String(repeating: "a", count: 100))
        #expect(hundred.count == 51 && hundred.first == "a" && !hundred.contains("[UNK]"))
        #expect(try tokenizer().wordPieces(String(repeating: "a", count: 101)) == ["[UNK]"])
        // Counted in Unicode scalars: 100 accented letters are 100, not 200, after NFD strips the accents.
        #expect(try tokenizer().wordPieces(String(repeating: "á", count: 100)).count == 51)
    }

    @Test func putsEachChineseCharacterInAWordOfItsOwn() throws {
        #expect(try tokenizer().wordPieces("北京abc") == ["北", "京", "abc"])
    }

    @Test func dropsControlAndFormatCharactersAndTreatsAllWhitespaceAsSpace() throws {
        #expect(
            try tokenizer().wordPieces("zero\u{200B}width\u{00A0}the\tword\u{0007}s\nhello\u{FFFD}\u{0000}") == [
                "zero", "##width", "the", "word", "##s", "hello",
            ])
    }

    @Test func findsSpecialTokensInTheRawText() throws {
        let tokenizer = try tokenizer()
        #expect(tokenizer.wordPieces("hello [MASK] world[SEP]the") == ["hello", "[MASK]", "world", "[SEP]", "the"])
        // Lowercase is not the special token: it is split at its brackets.
        #expect(tokenizer.wordPieces("[mask]").count == 3)
    }

    @Test func wrapsInClsAndSepAndCutsToTheMaximumLength() throws {
        let tokenizer = try tokenizer(maxLength: 6)
        #expect(tokenizer.tokenize("the cafe") == [2, 5, 6, 3])
        #expect(tokenizer.tokenize("") == [2, 3])
        let long = tokenizer.tokenize("the cafe prices rose 3 4 % !")
        #expect(long == [2, 5, 6, 8, 9, 3], "[CLS], the first four pieces, [SEP]")
    }

    @Test func readsItsSettingsFromTokenizerJSON() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wordpiece-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tokenizer.json").path
        let json = """
            {"normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": false,
                            "strip_accents": null, "lowercase": false},
             "pre_tokenizer": {"type": "BertPreTokenizer"},
             "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                       "max_input_chars_per_word": 7, "vocab": {}},
             "truncation": {"max_length": 64},
             "added_tokens": [{"content": "[MASK]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false}]}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        let settings = try TokenizerSettings.load(path: path)
        #expect(settings.maxLength == 64 && settings.maxInputCharsPerWord == 7)
        #expect(!settings.lowercase && !settings.stripAccents, "strip_accents null follows lowercase")
        #expect(!settings.handleChineseChars)
        #expect(settings.addedTokens == ["[MASK]"])

        try Data(json.replacingOccurrences(of: "BertPreTokenizer", with: "ByteLevel").utf8).write(
            to: URL(fileURLWithPath: path))
        #expect {
            try TokenizerSettings.load(path: path)
        } throws: { error in
            "\(error)".contains("tokenizer.json") && "\(error)".contains("not BertPreTokenizer")
        }
    }
}
