import Foundation
import SentenceModel
import Testing

/// The tokenizer against Hugging Face tokenizers on the model's own tokenizer.json and
/// vocab.txt: accents, punctuation, numbers, long words, unknown pieces, scripts other than Latin.
@Suite("WordPiece tokenizer against the reference")
struct TokenizerReferenceTests {
    @Test func givesTheReferenceIDsForEveryTrickyCase() throws {
        let tokenizer = try ReferenceModel.encoder().tokenizer
        let fixture = try ReferenceFixture.load()
        #expect(fixture.tokenizer.count >= 10)
        for reference in fixture.tokenizer {
            let ids = tokenizer.tokenize(reference.text)
            #expect(
                ids == reference.ids,
                "\(reference.text.debugDescription.prefix(60)): \(ids.map { tokenizer.vocab[Int($0)] }) vs \(reference.tokens)"
            )
        }
    }

    @Test func readsBERTUncasedSettingsFromTheModelsTokenizerJSON() throws {
        let settings = try ReferenceModel.encoder().tokenizer.settings
        #expect(settings.maxLength == 128)
        #expect(settings.lowercase && settings.stripAccents && settings.cleanText && settings.handleChineseChars)
        #expect(settings.maxInputCharsPerWord == 100 && settings.continuingSubwordPrefix == "##")
        #expect(settings.addedTokens.sorted() == ["[CLS]", "[MASK]", "[PAD]", "[SEP]", "[UNK]"])
    }
}
