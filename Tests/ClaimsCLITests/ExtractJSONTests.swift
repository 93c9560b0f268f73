import Checkworthiness
import ClaimSchema
import Extraction
import Foundation
import TestSupport
import Testing

@testable import ClaimsCLI

/// `claims extract --format json` is written by hand for speed; it must stay the text the
/// JSON encoder gives for the same array, which scripts and earlier releases rely on.
@Suite("extract JSON writer")
struct ExtractJSONTests {
    static let awkward =
        "Quotes \" and \\ back, a/slash, tab\tnew\nline\r, \u{08}\u{0C}\u{01}\u{1F}\u{7F}, é “curly” — 😀 \u{2028}"

    static func claim(_ text: String, quantities: [Quantity] = [], dates: [DateMention] = [], speaker: String? = nil)
        -> ExtractedClaim
    {
        ExtractedClaim(
            text: text, start: 3, end: 3 + text.unicodeScalars.count, score: 0.3250913375583786, kind: .quantity,
            speaker: speaker, quantities: quantities, dates: dates, context: "Before. " + text)
    }

    static let articles = [
        ExtractOutput(
            file: "a/b.txt",
            article: Article(
                body: "", title: "Title", url: "https://news.example/a?b=1&c=2", outlet: nil, author: "Ana",
                publishedAt: Date(timeIntervalSince1970: 1_700_000_000.75)),
            claims: [
                claim(
                    awkward,
                    quantities: [
                        Quantity(text: "$6.3 billion", value: 6_300_000_000, unit: "USD"),
                        Quantity(text: "3.4%", value: 3.4, unit: "percent"),
                        Quantity(text: "7", value: 7, unit: nil),
                        Quantity(text: "tiny", value: 2.5e-10, unit: "x"),
                        Quantity(text: "huge", value: 1e22, unit: "y"),
                    ], dates: [DateMention(text: "Feb. 4, 2026", iso: "2026-02-04")], speaker: "Psaki"),
                claim("No facts at all."),
            ]),
        ExtractOutput(file: "empty.txt", article: Article(body: ""), claims: []),
        ExtractOutput(
            file: "c.html", article: Article(body: "", publishedAt: Date(timeIntervalSince1970: -86_400.5)),
            claims: [claim("Only a date.", dates: [DateMention(text: "2019", iso: "2019")])]),
    ]

    /// The first line where two texts differ, for a failure message.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false)
        let y = b.split(separator: "\n", omittingEmptySubsequences: false)
        guard let i = zip(x, y).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset else {
            return "the same lines, \(x.count) and \(y.count) of them"
        }
        return "line \(i + 1): \(x[i]) | \(y[i])"
    }

    @Test func writesWhatTheEncoderWritesForTheWholeArray() throws {
        for count in 0...Self.articles.count {
            let articles = Array(Self.articles.prefix(count))
            let written = try ExtractJSONWriter.render(articles)
            let encoded = try JSONOutput.encode(articles) + "\n"
            #expect(written == encoded, "\(count) articles: \(Self.firstDifference(written, encoded))")
        }
    }

    /// `extract` renders most articles' JSON on its workers and prints the bytes; the text
    /// is the same whether every article, none or some went that way.
    @Test func articlesRenderedApartJoinToTheEncodersText() throws {
        let encoded = try JSONOutput.encode(Self.articles) + "\n"
        let ways: [(String, (Int) -> Bool)] = [
            ("all", { _ in true }), ("the first", { $0 == 0 }), ("all but the first", { $0 > 0 }),
            ("every other", { $0 % 2 == 1 }),
        ]
        for (name, apart) in ways {
            let written = try ExtractJSONWriter.render(Self.articles, renderedApart: apart)
            #expect(written == encoded, "\(name) rendered apart: \(Self.firstDifference(written, encoded))")
        }
        #expect(
            try ExtractJSONWriter.render([], renderedApart: { _ in true }) == (try JSONOutput.encode([ExtractOutput]()))
                + "\n")
    }

    /// `extract` streams a long article's claims as extraction finds them; the text is the
    /// same whichever articles went that way, a long one among them.
    @Test func articlesStreamedClaimByClaimJoinToTheEncodersText() throws {
        let claims = (0..<2_000).map { k in
            Self.claim("Claim \(k) says unemployment fell to \(k % 10).\(k % 7)% in 2023.")
        }
        let articles =
            Self.articles + [ExtractOutput(file: "transcript.txt", article: Article(body: ""), claims: claims)]
        let encoded = try JSONOutput.encode(articles) + "\n"
        let ways: [(String, (Int) -> Bool)] = [
            ("all", { _ in true }), ("the first", { $0 == 0 }), ("the empty one", { $0 == 1 }),
            ("the long one", { $0 == 3 }), ("every other", { $0 % 2 == 1 }),
        ]
        for (name, streamed) in ways {
            let written = try ExtractJSONWriter.render(articles, renderedApart: { $0 % 2 == 0 }, streamed: streamed)
            #expect(written == encoded, "\(name) streamed: \(Self.firstDifference(written, encoded))")
        }
    }

    /// An article over `streamedBodyBytes` is extracted by `extract`'s printing thread and its
    /// claims printed as they are found: the binary prints what the encoder prints for the
    /// library's claims of the same file.
    @Test func aLongArticleStreamedByTheBinaryIsTheEncodersText() throws {
        var text = "Transcript\n\n"
        var k = 0
        while text.utf8.count <= Claims.Extract.streamedBodyBytes {
            text += """
                Speaker \(k): In \(2000 + k % 20), the ministry said exports rose \(k % 9 + 1).\(k % 7)% to \
                $\(k % 50 + 3) billion, and last Tuesday it hired \(k % 400 + 12) inspectors. \
                Nobody here knows what to think about that. Prices fell \(k % 5 + 2)% in March, officials said.


                """
            k += 1
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("long-\(UUID().uuidString).txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }

        let result = try TestProcess.claims(
            ["extract", "--format", "json", "--scorer", "ngram", "--published", "2024-05-01", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        var article = try ArticleFiles.read(file.path, limit: ArticleSizeLimit.defaultLimit)
        article.publishedAt = Date(timeIntervalSince1970: 1_714_521_600)
        let claims = ClaimExtractor(model: try CheckworthinessModel.shipped()).extraction(of: article).claims
        #expect(claims.count > 10_000)
        let expected = try JSONOutput.encode([ExtractOutput(file: file.path, article: article, claims: claims)]) + "\n"
        #expect(result.stdout == expected, "\(Self.firstDifference(result.stdout, expected))")
    }

    /// A file of a megabyte or more is read by the printing thread, not a worker; one whose text
    /// is short (a page of markup) is then extracted whole, and printed as any other article,
    /// between the articles around it.
    @Test func aLargeFileWithShortTextIsPrintedAsTheEncoderPrintsIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("large-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var page = "<html><head><title>Budget</title></head><body><article>"
        page += "<p>The council said on Tuesday that the transit budget rose 4% to $1.2 billion in 2024.</p>"
        while page.utf8.count <= Claims.Extract.streamedBodyBytes {
            page += "<div class=\"x\"><span data-k=\"\(page.utf8.count)\"></span></div>"
        }
        page += "<p>Officials reported 320 new buses last month, the ministry said.</p></article></body></html>"
        let small = "Fares fell 3% in March, the agency said on Monday.\n"
        for (name, text) in [("a.txt", small), ("b.html", page), ("c.txt", small)] {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let result = try TestProcess.claims(
            ["extract", "--format", "json", "--scorer", "ngram", "--published", "2024-05-01", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        let extractor = ClaimExtractor(model: try CheckworthinessModel.shipped())
        let outputs = try ["a.txt", "b.html", "c.txt"].map { name in
            let path = folder.appendingPathComponent(name).path
            var article = try ArticleFiles.read(path, limit: ArticleSizeLimit.defaultLimit)
            article.publishedAt = Date(timeIntervalSince1970: 1_714_521_600)
            #expect(article.body.utf8.count < Claims.Extract.streamedBodyBytes)
            return ExtractOutput(file: path, article: article, claims: extractor.extraction(of: article).claims)
        }
        #expect(outputs[1].claims.count >= 1)
        let expected = try JSONOutput.encode(outputs) + "\n"
        #expect(result.stdout == expected, "\(Self.firstDifference(result.stdout, expected))")
    }

    /// A transcript of megabytes has thousands of claims: their JSON goes out in pieces of
    /// about 64 KB, which join to the encoder's text.
    @Test func aLongArticleWrittenInPiecesIsStillTheEncodersText() throws {
        let claims = (0..<2_000).map { k in
            Self.claim("Claim \(k) says unemployment fell to \(k % 10).\(k % 7)% in 2023.")
        }
        let articles =
            [ExtractOutput(file: "transcript.txt", article: Article(body: ""), claims: claims)] + Self.articles
        let written = try ExtractJSONWriter.render(articles)
        #expect(written.utf8.count > 4 << 16, "several pieces")
        #expect(written == (try JSONOutput.encode(articles)) + "\n")
    }
}
