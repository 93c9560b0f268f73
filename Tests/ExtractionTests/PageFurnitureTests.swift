import Checkworthiness
import Extraction
import Testing

/// Page furniture is recognised from the article's shape and never becomes a claim;
/// the story around it still does.
@Suite("Page furniture")
struct PageFurnitureTests {
    static let page = """
        Breaking News

        Council approves $2.4 billion transit budget after long meeting

        The council approved a $2.4 billion transit budget for the 2026 fiscal year on Tuesday night, a 14% increase over last year.
        U.S. President Donald Trump [File photo: VCG]
        Photo: Kris Grogan, CBP Office of Public Affairs
        By Maria Lopez     1 hour ago in Local
        Maria Lopez is a politics reporter for The Riverside Courier.
        Maria Lopez covers transport.
        DOWNLOAD THE COURIER MOBILE APP
        Follow her on Twitter for more on the 2026 budget.
        Updated 10:42 a.m. ET, March 3, 2026

        The Riverside City Council voted 7-2 on Tuesday night to approve a $2.4 billion transit budget for the 2026 fiscal year, a 14% increase over last year.

        Ridership reached 41 million trips in 2025, still below the 52 million recorded in 2019, the transit authority said.

        Ridership reached 41 million trips in 2025, still below the 52 million recorded in 2019, the transit authority said.
        """

    @Test func furnitureLinesAreFoundWithTheirReasons() throws {
        let article = try ArticleReader.read(Array(Self.page.utf8), name: "page.txt")
        let furniture = PageFurniture(body: article.body)
        func reason(_ prefix: String) -> String? {
            let scalars = Array(article.body.unicodeScalars)
            return furniture.blocks.first { block in
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars[block.start..<block.end])
                return String(text).hasPrefix(prefix)
            }?.reason
        }
        #expect(reason("Breaking News")?.contains("no sentence-final punctuation") == true)
        #expect(reason("Council approves")?.contains("no sentence-final punctuation") == true)
        #expect(reason("The council approved a $2.4 billion")?.contains("standfirst") == true)
        #expect(reason("U.S. President Donald Trump [File photo")?.contains("caption") == true)
        #expect(reason("Photo: Kris Grogan")?.contains("caption") == true)
        #expect(
            reason("By Maria Lopez")?.contains("byline") == true
                || reason("By Maria Lopez")?.contains("timestamp") == true)
        #expect(reason("Maria Lopez is a politics reporter")?.contains("byline or staff bio") == true)
        #expect(reason("Maria Lopez covers transport.")?.contains("byline or staff bio") == true)
        #expect(reason("DOWNLOAD THE COURIER")?.contains("prompt") == true)
        #expect(reason("Follow her on Twitter")?.contains("prompt") == true)
        #expect(reason("Updated 10:42")?.contains("timestamp") == true)
        #expect(reason("The Riverside City Council voted") == nil)

        // The headline becomes the title ("Breaking News" is too short to be one).
        #expect(article.title == "Council approves $2.4 billion transit budget after long meeting")
    }

    @Test func theStoryComesOutOnceAndTheFurnitureNever() throws {
        let article = try ArticleReader.read(Array(Self.page.utf8), name: "page.txt")
        let claims = ClaimExtractor(model: try CheckworthinessModel.shipped(), minimumScore: 0).extract(from: article)
        let texts = claims.map(\.text)
        #expect(texts.contains { $0.hasPrefix("The Riverside City Council voted 7-2") })
        #expect(
            texts.filter { $0.hasPrefix("Ridership reached 41 million") }.count == 1, "a repeated line is kept once")
        let last = try #require(claims.last)
        #expect(last.text.hasPrefix("Ridership reached 41 million"))
        #expect(last.end == article.body.unicodeScalars.count, "the later copy is the one kept")
        for furniture in [
            "Breaking", "Council approves", "The council approved", "U.S. President", "Photo:", "By Maria",
            "Maria Lopez", "DOWNLOAD", "Follow her", "Updated",
        ] {
            #expect(!texts.contains { $0.hasPrefix(furniture) }, "\(furniture)")
        }
    }

    @Test func hardWrappedParagraphsStayWholeAndShortLinesStandAlone() throws {
        let text = """
            The Riverside City Council voted 7-2 on Tuesday night to approve a $2.4 billion
            transit budget for the 2026 fiscal year, the largest in the city's history and
            a 14% increase over last year, according to figures released by the mayor's office.
            By Maria Lopez
            """
        let article = try ArticleReader.read(Array(text.utf8), name: "wrapped.txt")
        let blocks = article.body.components(separatedBy: "\n\n")
        #expect(blocks.count == 2, "\(blocks)")
        #expect(blocks.first?.hasSuffix("figures released by the mayor's office.") == true)
        #expect(blocks.first?.contains("$2.4 billion transit budget") == true)
        #expect(blocks.last == "By Maria Lopez")
    }

    @Test func explainGivesEverySentenceAReason() throws {
        let article = try ArticleReader.read(Array(Self.page.utf8), name: "page.txt")
        let extractor = ClaimExtractor(model: try CheckworthinessModel.shipped())
        let decisions = extractor.explain(article)
        let claims = extractor.extract(from: article)
        #expect(
            decisions.filter { $0.outcome == .claim }.map(\.text) == claims.map(\.text), "explain agrees with extract")
        #expect(decisions.allSatisfy { !$0.reason.isEmpty })
        #expect(decisions.contains { $0.outcome == .furniture && $0.text.hasPrefix("Photo:") })
        let plan = extractor.explain(
            try ArticleReader.read(
                Array("She plans to ask the state for another $300 million next year.".utf8), name: "p.txt"))
        #expect(plan.first?.outcome == .filtered)
        #expect(plan.first?.reason.contains("plan") == true)
    }
}
