import Foundation
import TestSupport
import Testing

@testable import ClaimsCLI

@Suite("TableWriter's fast paths against their plain versions")
struct TableWriterTests {
    @Test func twoDecimalsIsPrintfsTextForScoresTiesAndOddValues() {
        var random = SeededGenerator(seed: 20_261_201)
        var values: [Double] = [
            0, 1, 0.005, 0.015, 0.125, 0.135, 0.285, 0.575, 0.995, 0.9999, 2.675, 1.005, 1e-12, 99.995, -0.5, .nan,
            .infinity,
        ]
        values += (0..<20_000).map { _ in Double.random(in: 0...1, using: &random) }
        // Values exactly a hundredth and a half apart, where rounding decides.
        values += (0..<2_000).map { Double($0) / 100 + 0.005 }
        for x in values {
            #expect(TableWriter.twoDecimals(x) == String(format: "%.2f", x), "\(x)")
        }
    }

    /// The printable-ASCII path of `Terminal.wrap` gives the lines the per-Character one
    /// gives: runs of spaces, leading and trailing spaces, words longer than a line,
    /// a first line of another width; and text it must leave to the other path.
    @Test func wrapsASCIIAsThePlainWrapDoes() {
        var random = SeededGenerator(seed: 1201)
        let pieces = [
            "a", "word", "longerword", "https://example.org/a/very/long/path?x=1", " ", "  ", "-", "\"", "é", "\t",
            "\r\n", "😀",
        ]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...30, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            let width = Int.random(in: 1...40, using: &random)
            let first: Int? = Bool.random(using: &random) ? Int.random(in: 1...40, using: &random) : nil
            #expect(
                Terminal.wrap(text, width: width, firstWidth: first)
                    == Terminal.wrapReference(text, width: width, firstWidth: first),
                "\(text.debugDescription) at \(width), first \(String(describing: first))")
        }
        var ascii = "plain words only"
        #expect(
            ascii.withUTF8 { Terminal.wrapPrintableASCII($0, width: 5, firstWidth: nil) } == ["plain", "words", "only"])
        var other = "caf\u{E9} au lait"
        #expect(other.withUTF8 { Terminal.wrapPrintableASCII($0, width: 5, firstWidth: nil) } == nil)
    }

    @Test func characterCountIsCountForASCIIAndEverythingElse() {
        for text in ["", "abc", "Unemployment fell to 3.4%.", "café", "e\u{301}", "👩‍👩‍👧", "日本語", "a\u{7F}b"] {
            #expect(TableWriter.characterCount(text) == text.count, "\(text)")
        }
    }

    @Test func widthsComeFromTheCountsOfWhatWasAppended() {
        var table = TableWriter(headers: ["ID", "CLAIM"], textColumn: 1, width: 24)
        table.append(["#1", "Prices in Zürich rose 3% in the year."])
        table.append(["#123456", "Short."])
        #expect(table.counts == [[2, 37], [7, 6]])
        // Too wide for 24 columns: the text goes under each row, wrapped at 20.
        #expect(table.render() == "ID\n#1\n    Prices in Zürich\n    rose 3% in the year.\n#123456\n    Short.\n")
        var wide = TableWriter(headers: ["ID", "CLAIM"], textColumn: 1, width: 60)
        wide.append(["#1", "Prices in Zürich rose 3% in the year."])
        #expect(wide.render() == "ID  CLAIM\n#1  Prices in Zürich rose 3% in the year.\n")
    }
}
