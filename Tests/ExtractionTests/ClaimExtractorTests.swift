import Checkworthiness
import Extraction
import Foundation
import Testing

/// The whole pipeline on the example news articles (written for this project): facts come out;
/// opinions, plans, bylines and page furniture do not.
@Suite("Claim extraction from news articles")
struct ClaimExtractorTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/articles")

    static func claims(in name: String) throws -> (Article, [ExtractedClaim]) {
        let bytes = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
        let article = try ArticleReader.read(bytes, name: name)
        return (article, ClaimExtractor(model: try CheckworthinessModel.shipped()).extract(from: article))
    }

    @Test func factsComeOutOfAPlainTextArticleWithFrontMatter() throws {
        let (article, claims) = try Self.claims(in: "transit-budget.txt")
        let texts = claims.map(\.text)
        #expect(texts.contains { $0.hasPrefix("The Riverside City Council voted 7-2 on Tuesday night") })
        #expect(texts.contains { $0.hasPrefix("Ridership reached 41 million trips in 2025") })
        #expect(texts.contains { $0.hasPrefix("The budget takes effect on July 1, 2026.") })

        let vote = try #require(claims.first { $0.text.contains("voted 7-2") })
        #expect(vote.quantities.contains { $0.text == "$2.4 billion" && $0.value == 2_400_000_000 })
        #expect(vote.quantities.contains { $0.value == 14 && $0.unit == "percent" })
        // "Tuesday night", resolved against the publication date (Wednesday 2026-02-04).
        #expect(vote.dates.contains { $0.iso == "2026-02-03" })
        let ridership = try #require(claims.first { $0.text.hasPrefix("Ridership") })
        #expect(ridership.speaker == "the transit authority")

        // Offsets point into the body.
        let scalars = Array(article.body.unicodeScalars)
        for claim in claims {
            var located = String.UnicodeScalarView()
            located.append(contentsOf: scalars[claim.start..<claim.end])
            #expect(String(located) == claim.text)
        }
    }

    @Test func opinionsPlansBylinesAndFurnitureStayOut() throws {
        let (_, transit) = try Self.claims(in: "transit-budget.txt")
        let (_, hospital) = try Self.claims(in: "hospital-wait-times.txt")
        let (_, treaty) = try Self.claims(in: "treaty-extension.html")
        let texts = (transit + hospital + treaty).map(\.text)
        #expect(!texts.contains { $0.hasPrefix("By ") }, "bylines")
        #expect(!texts.contains { $0.contains("In my view") }, "opinion")
        #expect(!texts.contains { $0.contains("plans to ask the state") }, "a plan, even with a number in it")
        #expect(!texts.contains { $0.contains("expects to cut waits") }, "an expectation")
        #expect(!texts.contains { $0.localizedCaseInsensitiveContains("leave a reply") })
        #expect(!texts.contains { $0.localizedCaseInsensitiveContains("follow her on") })
        #expect(!texts.contains { $0.contains("Send your tips") })
    }

    /// The phrase search skips ahead by the bytes it sees; a phrase must still be found at every
    /// offset, in any case, as a whole word; glued to the word before it, it is part of that
    /// word and not found ("aims to" in "claims to").
    @Test func furnitureOpinionsAndPlansAreFoundAtEveryOffset() throws {
        let extractor = ClaimExtractor(model: try CheckworthinessModel.shipped())
        let phrases = [
            "leave a reply", "I'll", "We'll", "it's time to", "Plans to", "COOKIE", "will continue to", "I think",
            "in my view", "Subscribe to", "we would love to hear",
        ]
        for phrase in phrases {
            for pad in 0..<10 {
                for glue in ["", " "] {
                    let text =
                        String(repeating: "q", count: pad) + glue + phrase + " the council and the mayor agreed on it."
                    if glue == " " || pad == 0 {
                        #expect(!extractor.isCandidate(text), "\(text)")
                    } else {
                        #expect(extractor.isCandidate(text), "\(text)")
                    }
                }
            }
        }
        #expect(extractor.isCandidate("The council and the mayor agreed on the budget."))
        #expect(extractor.isCandidate("The council voted on the plan for the budget."))
    }

    @Test func anHTMLArticleGivesAttributedDatedClaims() throws {
        let (article, claims) = try Self.claims(in: "treaty-extension.html")
        #expect(article.format == .html)
        let lead = try #require(
            claims.first { $0.text.contains("extend") && $0.dates.contains { $0.iso == "2026-02-04" } })
        #expect(lead.speaker == "State Department")
        #expect(claims.contains { $0.quantities.contains { $0.value == 1_550 } })
    }

    @Test func theSameSentenceWithAnotherNumberGivesAnotherFact() throws {
        let model = try CheckworthinessModel.shipped()
        let extractor = ClaimExtractor(model: model, minimumScore: 0)
        func quantities(_ text: String) -> [Double] {
            extractor.extract(from: Article(body: text)).flatMap { $0.quantities.map(\.value) }
        }
        #expect(quantities("The Treasury sanctioned 32 entities on Friday.") == [32])
        #expect(quantities("The Treasury sanctioned 23 entities on Friday.") == [23])
    }

    @Test func runawayLinesAreNotClaims() throws {
        let line = String(repeating: "word and number 42 ", count: 10_000)
        let claims = ClaimExtractor(model: try CheckworthinessModel.shipped()).extract(from: Article(body: line))
        #expect(claims.isEmpty)
    }
}
