import Foundation

/// What `tokenizer.json` says about turning text into BERT token ids: the
/// BertNormalizer's switches, the WordPiece model's settings, the special tokens
/// and the truncation length. The defaults are BERT uncased's, as all-MiniLM-L6-v2 ships.
public struct TokenizerSettings: Sendable, Equatable {
    /// Drop control characters, U+0000 and U+FFFD; turn every kind of whitespace into a space.
    public var cleanText = true
    /// Put spaces around CJK ideographs, so each becomes a word of its own.
    public var handleChineseChars = true
    /// Decompose (NFD) and drop non-spacing marks: "café" -> "cafe".
    public var stripAccents = true
    public var lowercase = true
    public var unknownToken = "[UNK]"
    public var continuingSubwordPrefix = "##"
    /// A word longer than this many characters (Unicode scalars) becomes one unknown token.
    public var maxInputCharsPerWord = 100
    /// Most tokens in one sentence, the first and last special tokens included.
    public var maxLength = 128
    public var classifierToken = "[CLS]"
    public var separatorToken = "[SEP]"
    /// Tokens matched in the raw text before normalisation (tokenizer.json's added tokens).
    public var addedTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    public init() {}

    /// Reads the settings from a Hugging Face `tokenizer.json`; refuses a tokenizer that
    /// is not BERT's WordPiece (another normalizer, pre-tokenizer or model).
    public static func load(path: String) throws -> TokenizerSettings {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw SentenceModelError.corruptFile(path: path, reason: "cannot be read")
            }
            throw SentenceModelError.missingFile(path: path)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let json = object as? [String: Any] else {
            throw SentenceModelError.corruptFile(path: path, reason: "not a JSON object")
        }
        return try parse(json, path: path)
    }

    static func parse(_ json: [String: Any], path: String) throws -> TokenizerSettings {
        func unsupported(_ reason: String) -> SentenceModelError { .unsupported(path: path, reason: reason) }
        var settings = TokenizerSettings()

        guard let normalizer = json["normalizer"] as? [String: Any], normalizer["type"] as? String == "BertNormalizer"
        else {
            throw unsupported("its normalizer is not BertNormalizer")
        }
        settings.cleanText = normalizer["clean_text"] as? Bool ?? true
        settings.handleChineseChars = normalizer["handle_chinese_chars"] as? Bool ?? true
        settings.lowercase = normalizer["lowercase"] as? Bool ?? true
        // null means "as lowercase says", as in BERT's original tokenizer.
        settings.stripAccents = normalizer["strip_accents"] as? Bool ?? settings.lowercase

        guard let preTokenizer = json["pre_tokenizer"] as? [String: Any],
            preTokenizer["type"] as? String == "BertPreTokenizer"
        else {
            throw unsupported("its pre-tokenizer is not BertPreTokenizer")
        }
        guard let model = json["model"] as? [String: Any], model["type"] as? String == "WordPiece" else {
            throw unsupported("its model is not WordPiece")
        }
        settings.unknownToken = model["unk_token"] as? String ?? settings.unknownToken
        settings.continuingSubwordPrefix =
            model["continuing_subword_prefix"] as? String ?? settings.continuingSubwordPrefix
        settings.maxInputCharsPerWord = model["max_input_chars_per_word"] as? Int ?? settings.maxInputCharsPerWord

        if let truncation = json["truncation"] as? [String: Any], let maxLength = truncation["max_length"] as? Int {
            guard maxLength >= 2 else {
                throw unsupported("its truncation length \(maxLength) leaves no room for words")
            }
            settings.maxLength = maxLength
        } else {
            settings.maxLength = 512
        }

        if let processor = json["post_processor"] as? [String: Any] {
            switch processor["type"] as? String {
            case "TemplateProcessing":
                // single: [SpecialToken CLS, Sequence A, SpecialToken SEP]
                let single = processor["single"] as? [[String: Any]] ?? []
                let ids = single.map { ($0["SpecialToken"] as? [String: Any])?["id"] as? String }
                guard single.count == 3, let first = ids[0], ids[1] == nil,
                    (single[1]["Sequence"] as? [String: Any])?["id"] as? String == "A",
                    let last = ids[2]
                else { throw unsupported("its post-processor is not [CLS] sentence [SEP]") }
                settings.classifierToken = first
                settings.separatorToken = last
            case "BertProcessing":
                if let cls = (processor["cls"] as? [Any])?.first as? String { settings.classifierToken = cls }
                if let sep = (processor["sep"] as? [Any])?.first as? String { settings.separatorToken = sep }
            default:
                throw unsupported("its post-processor is \(processor["type"] as? String ?? "unknown")")
            }
        }

        if let added = json["added_tokens"] as? [[String: Any]] {
            var tokens: [String] = []
            for token in added {
                guard let content = token["content"] as? String, !content.isEmpty else { continue }
                let flags = ["single_word", "lstrip", "rstrip", "normalized"].filter { token[$0] as? Bool == true }
                guard flags.isEmpty else {
                    throw unsupported("the added token \(content) sets \(flags.joined(separator: ", "))")
                }
                tokens.append(content)
            }
            settings.addedTokens = tokens
        }
        return settings
    }
}
