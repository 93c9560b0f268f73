import Extraction
import Foundation
import Reports
import TestSupport
import Testing

@testable import Ingestion

@Suite("The facts column's JSON")
struct FactsJSONTests {
    /// Text with everything JSON escapes: quotes, backslashes, controls, the HTML-sensitive
    /// characters, U+2028/U+2029, and multi-byte letters around them.
    static func randomText(_ generator: inout SeededGenerator) -> String {
        let pieces = [
            "a", "Z", "7", " ", "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "<", ">", "&",
            "\u{2028}", "\u{2029}", "é", "€", "—", "’", "🙂", "\u{E2}", "/",
        ]
        let count = Int.random(in: 0...12, using: &generator)
        return (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    @Test func stringsAreWrittenAsTheReportsWriteThemAndReadBackUnchanged() throws {
        var generator = SeededGenerator(seed: 17)
        for _ in 0..<2000 {
            let text = Self.randomText(&generator)
            let written = FactsJSON.string(text)
            #expect(written == ReportText.json(text), "\(Array(text.unicodeScalars))")
            let read = try JSONDecoder().decode([String].self, from: Data("[\(written)]".utf8))
            #expect(read == [text])
        }
    }
}
