@testable import Extraction
import Foundation
import Testing

/// A claim's context: its paragraph, cut to 200 characters each side of the sentence when
/// the paragraph is long. The byte-level cut must agree with the character-level one.
@Suite("Claim context")
struct ClaimContextTests {
    /// The cut as first written, with Foundation and Swift characters: the reference.
    static func reference(_ paragraph: Substring, around sentence: String) -> String {
        guard paragraph.utf8.count > 600 else { return String(paragraph) }
        let text = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count > 600, let range = text.range(of: sentence) else { return text }
        let before = text[..<range.lowerBound].suffix(200)
        let after = text[range.upperBound...].prefix(200)
        return (before.count == 200 ? "…" : "") + before + sentence + after + (after.count == 200 ? "…" : "")
    }

    static let pieces = [
        "The deficit fell to $1.2 billion in 2023.", "Officials said so on Monday.", "“It is a record,” she said.",
        "Café owners in Zürich paid 5 % more — a rise of ½ point.", "Then… nothing happened.",
        "The 1990s were different.", "No.", "e\u{301}lite schools", "Ohms: \u{2126} and \u{3A9}.", "K\u{212A}K",
        "A line\r\nbreak.", "Tabs\tand\u{A0}spaces.", "😀 emoji 👍🏽 here.", "Ünïcödé everywhere, ça va.",
    ]

    @Test func theByteCutAgreesWithTheCharacterCut() {
        var generator = SystemRandomNumberGenerator()
        var checked = 0, cut = 0
        for round in 0..<3_000 {
            var parts: [String] = []
            for _ in 0..<Int.random(in: 1...40, using: &generator) {
                parts.append(Self.pieces.randomElement(using: &generator)!)
            }
            if round % 7 == 0 { parts.insert(" ", at: 0) }
            if round % 11 == 0 { parts.append("\n") }
            let paragraph = parts.joined(separator: " ")
            // The sentence: one of the pieces (repeated ones match first where they first occur),
            // or sometimes a piece the paragraph lacks.
            let sentence = round % 13 == 0 ? "Not in the paragraph." : parts.filter { $0 != " " && $0 != "\n" }.randomElement(using: &generator) ?? "No."
            let expected = Self.reference(Substring(paragraph), around: sentence)
            let actual = ClaimExtractor.context(Substring(paragraph), around: sentence)
            #expect(actual == expected, "\(paragraph.debugDescription) around \(sentence.debugDescription)")
            checked += 1
            if expected.hasPrefix("…") || expected.hasSuffix("…") { cut += 1 }
        }
        #expect(checked == 3_000)
        #expect(cut > 500, "long paragraphs were cut")
    }

    @Test func simpleTextIsCutOverBytesAndOtherTextIsLeftToCharacters() throws {
        let long = String(repeating: "Prices rose 3% in “June” — or so they said. ", count: 20)
        #expect(PlainContext.cut(long, around: "Prices rose 3% in “June” — or so they said.") != nil)
        #expect(PlainContext.cut(long + "e\u{301}", around: "Prices") == nil, "a combining mark")
        #expect(PlainContext.cut(long + "\r\n", around: "Prices") == nil, "CR LF is one character")
        #expect(PlainContext.cut(long + "\u{2126}", around: "Prices") == nil, "the ohm sign equals omega")
        let cut = try #require(PlainContext.cut(long, around: "Prices rose 3% in “June” — or so they said."))
        #expect(cut == Self.reference(Substring(long), around: "Prices rose 3% in “June” — or so they said."))
        #expect(cut.hasSuffix("…") && !cut.hasPrefix("…"), "the first occurrence, at the start")
    }
}
