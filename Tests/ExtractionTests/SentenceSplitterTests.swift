import Testing

@testable import Extraction

@Suite("SentenceSplitter")
struct SentenceSplitterTests {
    private func texts(_ input: String) -> [String] {
        SentenceSplitter.split(input).map(\.text)
    }

    @Test func splitsPlainSentencesAndTrims() {
        #expect(texts("  The vote passed. It was close.  ") == ["The vote passed.", "It was close."])
    }

    @Test func splitsOnQuestionAndExclamationMarks() {
        #expect(texts("Was it legal? No! The court said so.") == ["Was it legal?", "No!", "The court said so."])
    }

    @Test func emptyAndWhitespaceOnlyInputGivesNoSentences() {
        #expect(texts("") == [])
        #expect(texts("  \n\n \t \n") == [])
    }

    @Test(arguments: [
        "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.", "Col.", "St.",
    ])
    func titleNeverEndsASentence(title: String) {
        let input = "The letter was signed by \(title) Smith on Monday. It was read aloud."
        #expect(texts(input) == ["The letter was signed by \(title) Smith on Monday.", "It was read aloud."])
    }

    @Test(arguments: ["Jan.", "Feb.", "Sept.", "No."])
    func abbreviationBeforeANumberDoesNotSplit(abbreviation: String) {
        let input = "It was item \(abbreviation) 4 on the list. Nobody objected."
        #expect(texts(input) == ["It was item \(abbreviation) 4 on the list.", "Nobody objected."])
    }

    @Test func monthAbbreviationInADate() {
        #expect(
            texts("The treaty runs through Feb. 4, 2026. Both sides agreed.")
                == ["The treaty runs through Feb. 4, 2026.", "Both sides agreed."])
    }

    @Test(arguments: ["U.S.", "U.K.", "U.N."])
    func countryAbbreviationBeforeANameOrLowercaseDoesNotSplit(abbreviation: String) {
        #expect(texts("The \(abbreviation) Treasury said so.") == ["The \(abbreviation) Treasury said so."])
        #expect(texts("The \(abbreviation) officials left.") == ["The \(abbreviation) officials left."])
    }

    @Test(arguments: ["U.S.", "U.K.", "U.N."])
    func countryAbbreviationEndsASentenceBeforeASentenceOpener(abbreviation: String) {
        #expect(
            texts("The money went to the \(abbreviation) The rest stayed home.")
                == ["The money went to the \(abbreviation)", "The rest stayed home."])
    }

    @Test(arguments: ["Inc.", "Corp.", "Ltd.", "Co.", "Jr.", "Sr."])
    func companyAndNameSuffixes(suffix: String) {
        #expect(texts("He met Acme \(suffix) Smith there.") == ["He met Acme \(suffix) Smith there."])
        #expect(
            texts("He worked for Acme \(suffix) He left in May.")
                == ["He worked for Acme \(suffix)", "He left in May."])
    }

    @Test func latinAbbreviationsDoNotSplit() {
        #expect(
            texts("Some states, e.g. Texas, objected. Others, i.e. Ohio, agreed.")
                == ["Some states, e.g. Texas, objected.", "Others, i.e. Ohio, agreed."])
        #expect(texts("Trump vs. Biden was close.") == ["Trump vs. Biden was close."])
        #expect(texts("Apples, pears, etc. and more.") == ["Apples, pears, etc. and more."])
        #expect(texts("Apples, pears, etc. The rest spoiled.") == ["Apples, pears, etc.", "The rest spoiled."])
    }

    @Test func timesOfDay() {
        #expect(texts("They met at 10 a.m. Tuesday in Geneva.") == ["They met at 10 a.m. Tuesday in Geneva."])
        #expect(texts("They met at 9 p.m. The talks failed.") == ["They met at 9 p.m.", "The talks failed."])
        #expect(texts("It ended at 3 p.m. on Friday.") == ["It ended at 3 p.m. on Friday."])
    }

    @Test func initialsStayInsideNames() {
        #expect(
            texts("J. K. Rowling wrote it. George W. Bush read it.") == [
                "J. K. Rowling wrote it.", "George W. Bush read it.",
            ])
        #expect(texts("Washington, D.C. officials agreed.") == ["Washington, D.C. officials agreed."])
    }

    @Test func decimalsAndMoneyDoNotSplit() {
        #expect(
            texts("Inflation was 3.4% in May. The deficit hit $1.5 billion, up 2.5 million.")
                == ["Inflation was 3.4% in May.", "The deficit hit $1.5 billion, up 2.5 million."])
    }

    @Test func ellipses() {
        #expect(texts("He paused... then went on.") == ["He paused... then went on."])
        #expect(texts("He paused... Then he left.") == ["He paused...", "Then he left."])
        #expect(texts("He paused… Then he left.") == ["He paused…", "Then he left."])
        #expect(texts("It was . . . strange.") == ["It was . . . strange."])
    }

    @Test func quotationWithSeveralSentencesStaysWhole() {
        // A quotation stays with its attribution; the closing quote ends the sentence it closes.
        #expect(
            texts("He said: “We will win. We always do.” Then he left.")
                == ["He said: “We will win. We always do.”", "Then he left."])
        #expect(
            texts("\"We will win. We always do,\" he said. Then he left.")
                == ["\"We will win. We always do,\" he said.", "Then he left."])
    }

    @Test func closingQuoteBelongsToTheSentenceItEnds() {
        #expect(texts("“We will win.” Then he left.") == ["“We will win.”", "Then he left."])
        #expect(texts("He said “no.” Then he left.") == ["He said “no.”", "Then he left."])
        #expect(texts("(It was late.) The vote went on.") == ["(It was late.)", "The vote went on."])
    }

    @Test func questionInsideQuotationFollowedByLowercaseDoesNotSplit() {
        #expect(texts("“Why now?” she asked. Nobody knew.") == ["“Why now?” she asked.", "Nobody knew."])
    }

    @Test func quotationLeftOpenSplitsAtItsBlockEnd() {
        #expect(
            texts("“We will win. We always do.\n\nThen he left.")
                == ["“We will win.", "We always do.", "Then he left."])
    }

    @Test func headlineAndBylineBlocksEndSentences() {
        let article =
            "Russia and U.S. extend New START\n\nBy Jane Doe, Reuters\n\nMOSCOW (Reuters) - The treaty holds. It ends soon."
        #expect(
            texts(article) == [
                "Russia and U.S. extend New START", "By Jane Doe, Reuters", "MOSCOW (Reuters) - The treaty holds.",
                "It ends soon.",
            ])
    }

    @Test func singleLineBreakEndsASentence() {
        #expect(texts("First line\nSecond line") == ["First line", "Second line"])
        #expect(texts("Windows line\r\nNext line") == ["Windows line", "Next line"])
    }

    @Test func numberedListItemsDoNotSplitAfterTheirNumber() {
        #expect(
            texts("1. The first point\n2. The second point. It matters.\n10. Last")
                == ["1. The first point", "2. The second point.", "It matters.", "10. Last"])
    }

    @Test func numberEndingASentenceStillSplits() {
        #expect(texts("The score was 42. The crowd left.") == ["The score was 42.", "The crowd left."])
    }

    @Test func urlsEmailsAndDomainsDoNotSplit() {
        #expect(
            texts(
                "See https://example.com/a.html?q=1&x=2 for more. Write to press@example.org now. Visit example.com. Thanks."
            )
                == [
                    "See https://example.com/a.html?q=1&x=2 for more.", "Write to press@example.org now.",
                    "Visit example.com.", "Thanks.",
                ])
    }

    @Test func offsetsCountUnicodeScalars() {
        let text = "Café 🇺🇦 “quoted.” Second é sentence. 👍🏽 Third."
        let sentences = SentenceSplitter.split(text)
        #expect(sentences.map(\.text) == ["Café 🇺🇦 “quoted.”", "Second é sentence.", "👍🏽 Third."])
        let scalars = Array(text.unicodeScalars)
        for sentence in sentences {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[sentence.start..<sentence.end])
            #expect(String(view) == sentence.text)
        }
        // The flag is two scalars and the thumb two more: Character counts would differ.
        #expect(sentences[0] == Sentence(text: "Café 🇺🇦 “quoted.”", start: 0, end: 17))
        #expect(sentences[1].start == 18)
        #expect(sentences[2].start == 37)
    }

    @Test func offsetsSkipLeadingWhitespaceAndNonBreakingSpaces() {
        let text = "\u{00A0} \n\n  Élan. Next\u{00A0}"
        let sentences = SentenceSplitter.split(text)
        #expect(sentences == [Sentence(text: "Élan.", start: 6, end: 11), Sentence(text: "Next", start: 12, end: 16)])
    }

    @Test func quotedSentenceThenLowercaseAttribution() {
        #expect(texts("“Prices doubled.” he said.") == ["“Prices doubled.” he said."])
    }

    @Test func nonASCIIUppercaseStartsASentence() {
        #expect(texts("It rained. Élodie left.") == ["It rained.", "Élodie left."])
        #expect(texts("It rained. élodie left.") == ["It rained. élodie left."])
    }
}

@Suite("SentenceSplitter: spans handed over in batches")
struct SentenceSplitterBatchTests {
    /// A text of thousands of sentences: quotations left open across sentence ends, line
    /// breaks, abbreviations and ellipses, so batches end in every state the scanner has.
    static func longText(seed: UInt64) -> String {
        var generator = ClaimContextTests.Seeded(seed: seed)
        let pieces = [
            "The budget rose 4% in 2024.", "\"We will not stop. Ever,\" she said.", "Mr. Smith left at 5 p.m.",
            "Is it true?", "Wait… what!", "“It fell. It rose again", "and then”", "U.S. officials said so.",
            "\n", "\n\n", " ", "(See above.)", "Prices — in €1.2bn — held.", "Zürich grew 3.5 per cent.",
        ]
        var text = ""
        for _ in 0..<6_000 { text += pieces.randomElement(using: &generator)! + " " }
        return text
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func forEachSpanHandsOverWhatSpansReturns(seed: UInt64) {
        var text = Self.longText(seed: seed)
        text.withUTF8 { bytes in
            let whole = SentenceSplitter.spans(bytes)
            var batched: [SentenceSplitter.Span] = []
            SentenceSplitter.forEachSpan(bytes) { batched.append($0) }
            #expect(whole.count > 1_000, "seed \(seed)")
            #expect(batched.map(\.bytes) == whole.map(\.bytes), "seed \(seed)")
            #expect(batched.map(\.start) == whole.map(\.start), "seed \(seed)")
            #expect(batched.map(\.end) == whole.map(\.end), "seed \(seed)")
        }
    }
}
