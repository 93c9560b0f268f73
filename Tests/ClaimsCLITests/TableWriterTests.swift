@testable import ClaimsCLI
import Foundation
import Testing

@Suite("TableWriter's fast paths against their plain versions")
struct TableWriterTests {
    /// A seeded generator (SplitMix64), so a failure names the same numbers every run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func twoDecimalsIsPrintfsTextForScoresTiesAndOddValues() {
        var random = Seeded(state: 20261201)
        var values: [Double] = [0, 1, 0.005, 0.015, 0.125, 0.135, 0.285, 0.575, 0.995, 0.9999, 2.675, 1.005, 1e-12, 99.995, -0.5, .nan, .infinity]
        values += (0..<20_000).map { _ in Double.random(in: 0...1, using: &random) }
        // Values exactly a hundredth and a half apart, where rounding decides.
        values += (0..<2_000).map { Double($0) / 100 + 0.005 }
        for x in values {
            #expect(TableWriter.twoDecimals(x) == String(format: "%.2f", x), "\(x)")
        }
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
