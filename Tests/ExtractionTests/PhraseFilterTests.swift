import Checkworthiness
import Testing

@testable import Extraction

/// The opinion, plan and furniture phrases match whole words only: a phrase inside a
/// longer word ("aims to" in "claims to") must not drop a real claim.
@Suite("Phrase filters match whole words")
struct PhraseFilterTests {
    let extractor = ClaimExtractor(model: try! CheckworthinessModel.shipped())

    @Test(arguments: [
        "The company claims to have 40% of the smartphone market.",
        "The administration has sought to pressure Moscow through sanctions on 12 shipping firms.",
        "The ministry brought together 300 delegates from 40 countries in March.",
        "Hawaii will receive $2.1 billion in federal aid under the law signed Friday.",
        "Dubai will host 25 million visitors this year, up from 17 million in 2019, officials said.",
        "Turnout at the mayoral election reached 62 percent, the plan toward full counting finished Monday.",
    ])
    func aPhraseInsideAWordKeepsTheSentence(sentence: String) {
        #expect(extractor.isCandidate(sentence), "\(sentence)")
    }

    @Test(arguments: [
        "The company aims to have 40% of the smartphone market by 2030.",
        "I will cut the deficit by $500 billion in my first term.",
        "\u{201C}We will build 200,000 homes,\u{201D} the minister said.",
        "Officials ought to publish the figures for every state.",
        "She plans to ask the state for another $300 million next year.",
        "Follow her on Twitter for updates on the 2026 race.",
    ])
    func aWholePhraseStillFilters(sentence: String) {
        #expect(!extractor.isCandidate(sentence), "\(sentence)")
    }

    @Test func theIssuesTwoSentencesComeOutOfAnArticle() throws {
        let text = """
            The company claims to have 40% of the smartphone market. The administration has sought to pressure Moscow through sanctions on 12 shipping firms.
            """
        let article = try ArticleReader.read(Array(text.utf8), name: "phrases.txt")
        let claims = ClaimExtractor(model: try CheckworthinessModel.shipped(), minimumScore: 0).extract(from: article)
            .map(\.text)
        #expect(claims.contains("The company claims to have 40% of the smartphone market."))
        #expect(
            claims.contains("The administration has sought to pressure Moscow through sanctions on 12 shipping firms."))
    }
}
