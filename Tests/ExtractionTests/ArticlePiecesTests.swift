import Checkworthiness
import Extraction
import Foundation
import Testing

/// A long article extracted in pieces cut at line breaks (`ArticlePieces`), one piece after
/// another, gives what extracting it whole gives: the same claims with the same offsets,
/// contexts and facts, and the same relative dates.
@Suite("Extraction in pieces")
struct ArticlePiecesTests {
    static func whole(_ extractor: ClaimExtractor, _ article: Article) -> ArticleExtraction {
        extractor.extraction(of: article)
    }

    static func inPieces(_ extractor: ClaimExtractor, _ article: Article, pieceBytes: Int) -> ArticleExtraction {
        let pieces = ArticlePieces(article, pieceBytes: pieceBytes)
        var result = ArticleExtraction(claims: [], referenceDate: nil, resolvedRelativeDates: 0, unresolvedDates: [])
        for piece in 0..<pieces.count {
            let part = extractor.extraction(of: pieces, piece: piece) { result.claims.append($0) }
            result.referenceDate = part.referenceDate
            result.resolvedRelativeDates += part.resolvedRelativeDates
            result.unresolvedDates += part.unresolvedDates
        }
        return result
    }

    /// The ten labelled news pages one after another, as one article: headlines, bylines,
    /// captions and lines repeated across pages (furniture), quotations, relative dates.
    static func newsPagesAsOne(published: Date?) throws -> Article {
        let articles = try NewsSetTests.labelledArticles().map(\.article)
        var article = Article(body: articles.map(\.body).joined(separator: "\n\n"), format: .text)
        article.publishedAt = published
        return article
    }

    @Test(arguments: [1, 200, 2_000])
    func newsPagesInPiecesAreTheWholeExtraction(pieceBytes: Int) throws {
        let extractor = ClaimExtractor(model: try CheckworthinessModel.shipped())
        for published in [nil, Date(timeIntervalSince1970: 1_714_521_600)] {
            let article = try Self.newsPagesAsOne(published: published)
            let pieces = ArticlePieces(article, pieceBytes: pieceBytes)
            #expect(pieces.count > 5, "\(pieces.count) pieces of \(pieceBytes)")
            let whole = Self.whole(extractor, article)
            let parts = Self.inPieces(extractor, article, pieceBytes: pieceBytes)
            #expect(whole.claims.count > 100)
            #expect(parts == whole, "pieces of \(pieceBytes) bytes, published \(String(describing: published))")
        }
    }

    /// A body that no reader made: single line breaks inside paragraphs, letters beyond ASCII
    /// before the cuts (scalar offsets), a quotation left open across a line break, no final
    /// line break.
    @Test func anyBodyInPiecesIsTheWholeExtraction() throws {
        let extractor = ClaimExtractor(model: try CheckworthinessModel.shipped())
        var body = ""
        for k in 0..<300 {
            body += "Zürich’s council said on Tuesday that rents rose \(k % 9 + 1).\(k % 7)% in 2023, "
            body += "\u{201C}the fastest since \(1990 + k % 30).\n"
            body += "Officials in Québec reported \(k * 13) new homes last month, the ministry said."
            body += k % 3 == 0 ? "\n\n" : " "
        }
        let article = Article(body: body, format: .text)
        let whole = Self.whole(extractor, article)
        #expect(whole.claims.count > 300)
        for pieceBytes in [1, 100, 1_000] {
            #expect(Self.inPieces(extractor, article, pieceBytes: pieceBytes) == whole, "pieces of \(pieceBytes)")
        }
    }
}
