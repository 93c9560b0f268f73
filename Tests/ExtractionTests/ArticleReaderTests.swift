import Foundation
import Testing

@testable import Extraction

/// Reads an example article from `examples/articles` at the top of the package.
private func fixture(_ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/articles/\(name)")
    return Array(try Data(contentsOf: url))
}

private func read(_ text: String, name: String = "article.txt") throws(ArticleError) -> Article {
    try ArticleReader.read(Array(text.utf8), name: name)
}

private func blocks(_ body: String) -> [String] {
    body.components(separatedBy: "\n\n")
}

private func error(reading bytes: [UInt8], name: String) -> ArticleError? {
    do {
        _ = try ArticleReader.read(bytes, name: name)
        return nil
    } catch {
        return error
    }
}

@Suite("ArticleReader: plain text")
struct ArticleReaderPlainTextTests {
    @Test func bomAndCRLFAreNormalisedAndParagraphsSeparatedByBlankLines() throws {
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF]
            + Array("Headline here\r\n\r\nFirst line\r\nwraps on.\r\n\r\n\r\nSecond\tparagraph.\r\n".utf8)
        let article = try ArticleReader.read(bytes, name: "crlf.txt")
        #expect(article.body == "Headline here\n\nFirst line wraps on.\n\nSecond paragraph.")
        #expect(article.format == .text)
        #expect(article.title == nil)
    }

    @Test func loneCarriageReturnsAreLineBreaks() throws {
        let article = try read("One\rtwo\r\rThree")
        #expect(article.body == "One two\n\nThree")
    }

    @Test func whitespaceOnlyLinesSeparateParagraphsAndRunsCollapse() throws {
        let article = try read("\n\n  Lead   paragraph\u{00A0}here. \n \t \nNext\u{00AD}door.\n\n\n")
        #expect(article.body == "Lead paragraph here.\n\nNextdoor.")
    }

    @Test func headlineAndBylineLinesStayTheirOwnBlocks() throws {
        let article = try ArticleReader.read(try fixture("hospital-wait-times.txt"), name: "hospital-wait-times.txt")
        let parts = blocks(article.body)
        #expect(parts.count == 7)
        #expect(parts.first == "Hospital wait times fall for the first time in five years")
        #expect(
            parts[1].hasPrefix(
                "Average emergency-room wait times in the Northvale region fell to 3 hours and 12 minutes in 2025,"))
        #expect(!article.body.contains("\n\n\n"))
        #expect(!article.body.hasSuffix("\n"))
    }

    @Test func aFiveMegabyteSingleLineIsReadWhole() throws {
        let sentence = Array("The budget grew by 14% in 2025, the mayor said. ".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(5_000_000 + sentence.count)
        while bytes.count < 5_000_000 { bytes.append(contentsOf: sentence) }
        let article = try ArticleReader.read(bytes, name: "long.txt")
        #expect(article.body.utf8.count == bytes.count - 1)  // the trailing space goes
        #expect(!article.body.contains("\n"))
    }
}

@Suite("ArticleReader: front matter")
struct ArticleReaderFrontMatterTests {
    @Test func frontMatterFieldsBecomeMetadataAndLeaveTheBody() throws {
        let article = try ArticleReader.read(try fixture("transit-budget.txt"), name: "transit-budget.txt")
        #expect(article.title == "Council approves $2.4 billion transit budget after eight-hour meeting")
        #expect(article.url == "https://riversidecourier.example/news/2026/02/04/transit-budget")
        #expect(article.outlet == "The Riverside Courier")
        #expect(article.author == "Maria Lopez")
        #expect(article.publishedAt == Date(timeIntervalSince1970: 1_770_197_400))  // 09:30 UTC
        let parts = blocks(article.body)
        #expect(parts[0] == "Council approves $2.4 billion transit budget after eight-hour meeting")
        #expect(parts[1] == "By Maria Lopez")
        #expect(
            parts[2].hasPrefix(
                "The Riverside City Council voted 7-2 on Tuesday night to approve a $2.4 billion transit budget for the 2026 fiscal year,"
            ))
        #expect(!article.body.contains("published:"))
        #expect(!article.body.contains("---"))
    }

    @Test func aDateWithoutTimeMeansMidnightUTC() throws {
        let article = try read("---\npublished: \"2026-02-04\"\n---\nBody.")
        #expect(article.publishedAt == Date(timeIntervalSince1970: 1_770_163_200))
        #expect(article.body == "Body.")
    }

    @Test func keysAreCaseInsensitiveAndUnknownKeysIgnored() throws {
        let article = try read(
            "---  \r\nTITLE: 'Quoted: with colon'\r\nTags: [a, b]\r\n# comment\r\n\r\nAuthor:\r\n---\r\nBody text.\r\n")
        #expect(article.title == "Quoted: with colon")
        #expect(article.author == nil)
        #expect(article.body == "Body text.")
    }

    @Test func aMalformedPublishedValueNamesTheFileAndTheKey() {
        let failure = error(reading: Array("---\ntitle: T\npublished: Feb 4, 2026\n---\nBody.".utf8), name: "memo.txt")
        #expect(failure?.name == "memo.txt")
        #expect(failure?.description.hasPrefix("memo.txt has a malformed published value \"Feb 4, 2026\"") == true)
        let impossible = error(reading: Array("---\npublished: 2026-02-30\n---\nBody.".utf8), name: "memo.txt")
        #expect(impossible?.reason.contains("published") == true)
    }

    @Test func frontMatterThatNeverClosesIsAnError() {
        let failure = error(reading: Array("---\ntitle: T\nBody without a closing line.".utf8), name: "open.txt")
        #expect(failure?.description.hasPrefix("open.txt starts front matter") == true)
    }

    @Test func iso8601FormsAndRangesAreChecked() {
        func seconds(_ text: String) -> TimeInterval? { ISO8601Timestamp.date(from: text)?.timeIntervalSince1970 }
        #expect(seconds("2024-02-29T12:00:00Z") == 1_709_208_000)
        #expect(seconds("2024-02-29T13:00:00+01:00") == 1_709_208_000)
        #expect(seconds("2024-02-29T07:00:00-0500") == 1_709_208_000)
        #expect(seconds("2024-02-29 12:00") == 1_709_208_000)
        #expect(seconds("2024-02-29T12:00:00.500Z") == 1_709_208_000.5)
        #expect(seconds("1969-12-31") == -86_400)
        for bad in [
            "2023-02-29", "2026-13-01", "2026-02-04T24:00:00Z", "2026-2-4", "2026-02-04T10:30:00+1", "2026-02-04Tnoon",
            "yesterday", "",
        ] {
            #expect(seconds(bad) == nil, "\(bad)")
        }
    }
}

@Suite("ArticleReader: HTML")
struct ArticleReaderHTMLTests {
    private func newsArticle() throws -> Article {
        try ArticleReader.read(try fixture("treaty-extension.html"), name: "treaty-extension.html")
    }

    @Test func newsArticleMetadataComesFromMetaTagsBylineAndTime() throws {
        let article = try newsArticle()
        #expect(article.format == .html)
        #expect(article.title == "U.S. and Russia agree to extend New START through 2026")
        #expect(article.url == "https://dailyledger.example/world/2021/01/27/new-start-extension")
        #expect(article.outlet == "The Daily Ledger")
        // article:author is a profile URL, so the byline supplies the name.
        #expect(article.author == "Jane Doe")
        #expect(article.publishedAt == Date(timeIntervalSince1970: 1_611_788_700))
    }

    @Test func newsArticleBodyKeepsTheStoryBlocksWithEntitiesDecoded() throws {
        let parts = blocks(try newsArticle().body)
        #expect(
            parts == [
                "WASHINGTON \u{2014} The United States and Russia have agreed to extend the New START nuclear arms treaty for five years, keeping in place limits on deployed warheads through Feb. 4, 2026, according to the State Department.",
                "The treaty caps each side at 1,550 deployed strategic warheads and 700 deployed missiles and bombers. Without the extension, it would have expired on Feb. 5, 2021, leaving the two largest nuclear arsenals without any binding limits for the first time since 1972.",
                "\u{201C}This extension makes the world safer,\u{201D} White House press secretary Jen Psaki said at a briefing on Wednesday. \u{201C}It is the beginning of a conversation, not the end of one.\u{201D}",
                "What the treaty covers",
                "A limit of 1,550 deployed strategic warheads for each country.",
                "Up to 18 on-site inspections a year, suspended since March 2020 because of the pandemic.",
                "Data exchanges twice a year on weapons & their locations.",
                "Russia\u{2019}s foreign ministry said in a statement that the Duma had ratified the extension by a vote of 400 to 0 on Jan. 27, two days after Presidents Biden and Putin discussed it in their first phone call.",
                "\u{201C}We believe the treaty serves the security interests of both our peoples,\u{201D} the ministry said.",
                "Critics in Congress argued the deal gives Moscow too much. \u{201C}I think this is a mistake, plain and simple,\u{201D} said Sen. Tom Ridley, a Republican from Ohio, who added that he intends to introduce a resolution next month calling for China to be brought into future talks.",
                "Arms control experts said the extension was overdue. Dr. Lena Okafor of the Arms Control Institute estimated that verification costs will rise by 12% this year.",
                "She said the next round of talks would probably be harder.",
            ])
    }

    @Test func newsArticleBodyLeavesOutPageFurniture() throws {
        let body = try newsArticle().body
        for boilerplate in [
            "Leave a reply", "Great reporting", "Follow her on Twitter", "Share on Facebook",
            "Sign up for", "Subscribe", "Related", "Iran talks", "Advertisement", "cookies",
            "Politics", "By Jane Doe", "Photo:", "dataLayer", "display", "All rights reserved",
            "Congress returns", "&amp;", "&#8220;", "&nbsp;", "\u{00A0}",
        ] {
            #expect(!body.contains(boilerplate), "\(boilerplate)")
        }
    }

    @Test func metaTagsTakePrecedenceOverPageElements() throws {
        let html = """
            <html><head><title>Page title</title>
            <meta name="author" content="By Ana Ruiz">
            <meta property="og:url" content="https://example.com/og">
            <meta property="article:published_time" content="2026-02-04T10:30:00+01:00">
            </head><body><h1>Heading</h1><span class="byline">By Someone Else</span>
            <time datetime="2020-01-01">then</time><p>Text.</p></body></html>
            """
        let article = try read(html, name: "page.html")
        #expect(article.title == "Page title")
        #expect(article.author == "Ana Ruiz")
        #expect(article.url == "https://example.com/og")
        #expect(article.publishedAt == Date(timeIntervalSince1970: 1_770_197_400))
        #expect(article.outlet == nil)
    }

    @Test func titleFallsBackToFirstHeadingAndDateToMetaDate() throws {
        let html = """
            <!doctype html><meta name="dc.date" content="2021-01-26T10:00:00Z">
            <body><h1> The   heading </h1><p>Text.</p></body>
            """
        let article = try read(html, name: "fragment.htm")
        #expect(article.title == "The heading")
        #expect(article.publishedAt == Date(timeIntervalSince1970: 1_611_655_200))
        #expect(article.body == "The heading\n\nText.")
    }

    @Test func htmlIsDetectedFromContentWhateverTheName() throws {
        let article = try read("\u{FEFF}  <!DOCTYPE HTML><title>T</title><p>One &amp; two</p>", name: "download")
        #expect(article.format == .html)
        #expect(article.body == "One & two")
        #expect(try read("Prices rose 3% <b>not html</b>.", name: "notes.txt").format == .text)
    }

    @Test func withoutArticleTheMainElementIsTheBody() throws {
        let html = "<body><div class=menu-share>Share</div><main><p>Inside main.</p></main><p>Outside.</p></body>"
        #expect(try read(html, name: "a.html").body == "Inside main.")
    }

    @Test func doubleLineBreaksTableRowsAndListItemsEndBlocks() throws {
        let html = """
            <p>Line one<br>same block<br><br>  <br>next block</p>
            <table><tr><td>Year</td><td>Deaths</td></tr><tr><th>2025</th><td>1,204</td></tr></table>
            <ol><li>First</li><li>Second <em>item</em>s</li></ol>
            """
        let body = try read(html, name: "b.html").body
        #expect(
            blocks(body) == ["Line one same block", "next block", "Year Deaths", "2025 1,204", "First", "Second items"])
    }

    @Test func aDeclaredLegacyCharsetIsDecoded() throws {
        let bytes =
            Array("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf".utf8) + [0xE9]
            + Array(" reopened.</p></body></html>".utf8)
        let article = try ArticleReader.read(bytes, name: "latin1.html")
        #expect(article.body == "Caf\u{E9} reopened.")
    }

    @Test func deeplyNestedMarkupIsReadWithoutRecursion() throws {
        let depth = 20_000  // far beyond libxml2's default cap of 256 levels
        let html =
            "<html><body>" + String(repeating: "<div>", count: depth) + "Deep text."
            + String(repeating: "</div>", count: depth) + "<p>After.</p></body></html>"
        #expect(try read(html, name: "deep.html").body == "Deep text.\n\nAfter.")
    }

    @Test func aParagraphLongerThanLibxml2sDefaultTextCapIsKeptWhole() throws {
        let sentence = Array("Numbers rose by 14% in 2025, officials said. ".utf8)
        var bytes = Array("<html><body><p>".utf8)
        while bytes.count < 10_500_000 { bytes.append(contentsOf: sentence) }
        bytes.append(contentsOf: Array("</p></body></html>".utf8))
        let body = try ArticleReader.read(bytes, name: "long.html").body
        #expect(body.utf8.count > 10_400_000)
        #expect(body.hasSuffix("officials said."))
    }
}

@Suite("ArticleReader: bad input")
struct ArticleReaderBadInputTests {
    @Test func anEmptyFileIsRefused() {
        let failure = error(reading: [], name: "empty.txt")
        #expect(failure == .empty("empty.txt"))
        #expect(failure?.description == "empty.txt is empty; give an article with some text.")
    }

    @Test func aFileOfOnlyBOMAndWhitespaceIsEmpty() {
        let failure = error(reading: [0xEF, 0xBB, 0xBF] + Array(" \r\n\t\n".utf8), name: "blank.html")
        #expect(failure?.reason == "empty file")
    }

    @Test func nulBytesMeanBinary() {
        let failure = error(reading: Array("Some text".utf8) + [0x00] + Array("more".utf8), name: "data.txt")
        #expect(
            failure?.description
                == "data.txt is a binary file (it contains NUL bytes), not text or HTML; give a plain-text or HTML article."
        )
    }

    @Test(
        arguments: [
            (Array("%PDF-1.7\n%\u{E2}\u{E3}".utf8), "PDF"),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00], "PNG image"),
            ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "ZIP archive"),
        ] as [([UInt8], String)])
    func knownBinarySignaturesAreNamed(bytes: [UInt8], kind: String) {
        let failure = error(reading: bytes, name: "report.bin")
        #expect(
            failure?.description
                == "report.bin is a binary file (\(kind)), not text or HTML; give a plain-text or HTML article.")
    }

    @Test func manyControlCharactersMeanBinary() {
        let bytes = Array(repeating: Array("text".utf8) + [0x1B, 0x07], count: 50).flatMap { $0 }
        #expect(error(reading: bytes, name: "term.log")?.reason.hasPrefix("binary file (") == true)
        // A stray escape in a long article is tolerated.
        let article = Array(repeating: UInt8(ascii: "a"), count: 200) + [0x1B]
        #expect(error(reading: article, name: "ok.txt") == nil)
    }

    @Test func invalidUTF8ReportsTheByteOffset() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Caf".utf8) + [0xE9] + Array(" au lait".utf8)
        let failure = error(reading: bytes, name: "menu.txt")
        #expect(failure?.reason == "invalid UTF-8 at byte offset 6")
        #expect(
            failure?.description
                == "menu.txt is not valid UTF-8 (byte 0xE9 at byte offset 6); save it as UTF-8 and read it again.")
    }

    @Test func invalidUTF8InHTMLWithoutACharsetIsRefused() {
        let bytes = Array("<p>Caf".utf8) + [0xE9, 0x3C]
        let failure = error(reading: bytes, name: "page.html")
        #expect(failure?.reason == "invalid UTF-8 at byte offset 6")
        #expect(failure?.description.hasSuffix("declare its charset in a <meta charset> tag.") == true)
    }

    @Test func overlongsAndSurrogatesAreInvalidUTF8() {
        let overlong: [UInt8] = [0x41, 0xC0, 0x80]
        #expect(overlong.withUnsafeBufferPointer { ArticleBytes.firstInvalidUTF8($0) } == 1)
        let texts: [[UInt8]] = [[0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]]
        for bytes in texts {
            #expect(bytes.withUnsafeBufferPointer { ArticleBytes.firstInvalidUTF8($0) } == 0)
        }
        let valid = Array("aaaaaaaaaaé€𝄞 long ascii run".utf8)
        #expect(valid.withUnsafeBufferPointer { ArticleBytes.firstInvalidUTF8($0) } == nil)
    }

    @Test func utf16IsRefusedWithAdvice() {
        let failure = error(reading: [0xFF, 0xFE, 0x48, 0x00, 0x69, 0x00], name: "word.txt")
        #expect(failure?.description == "word.txt is UTF-16 text, not UTF-8; save it as UTF-8 and read it again.")
    }

    @Test func htmlWithNoTextIsRefused() {
        let failure = error(
            reading: Array("<html><body><nav>Home</nav><script>x()</script></body></html>".utf8), name: "shell.html")
        #expect(failure?.reason == "no article text")
    }
}
