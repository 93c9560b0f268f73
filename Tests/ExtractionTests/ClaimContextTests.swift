import Checkworthiness
import Foundation
import Testing

@testable import Extraction

/// A claim's context: its paragraph, cut to 200 characters each side of the sentence where it
/// stands when the paragraph is long. The byte-level cut must agree with the character-level one.
@Suite("Claim context")
struct ClaimContextTests {
    /// The cut with Foundation's trimming and Swift characters: the reference. `sentence` is the
    /// sentence's UTF-8 range in `paragraph`.
    static func reference(_ paragraph: String, around sentence: Range<Int>) -> String {
        guard paragraph.utf8.count > 600 else { return paragraph }
        let text = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count > 600 else { return text }
        let leading = paragraph.utf8.firstRange(of: text.utf8)!.lowerBound
        let start = paragraph.utf8.distance(from: paragraph.startIndex, to: leading)
        let lower = text.utf8.index(text.startIndex, offsetBy: sentence.lowerBound - start)
        let upper = text.utf8.index(text.startIndex, offsetBy: sentence.upperBound - start)
        let before = text[..<lower].suffix(200)
        let after = text[upper...].prefix(200)
        return (before.count == 200 ? "…" : "") + before + text[lower..<upper] + after + (after.count == 200 ? "…" : "")
    }

    /// What `ClaimExtractor.extract` does for a sentence at `sentence` in `paragraph`.
    static func context(_ paragraph: String, around sentence: Range<Int>) -> String {
        guard paragraph.utf8.count > ClaimExtractor.longestContext else { return paragraph }
        return LongParagraph(Substring(paragraph)).context(around: sentence)
    }

    static let pieces = [
        "The deficit fell to $1.2 billion in 2023.", "Officials said so on Monday.", "“It is a record,” she said.",
        "Café owners in Zürich paid 5 % more — a rise of ½ point.", "Then… nothing happened.",
        "The 1990s were different.", "No.", "e\u{301}lite schools", "Ohms: \u{2126} and \u{3A9}.", "K\u{212A}K",
        "A line\r\nbreak.", "Tabs\tand\u{A0}spaces.", "😀 emoji 👍🏽 here.", "Ünïcödé everywhere, ça va.",
    ]

    /// Checkworthiness's SplitMix64 as a RandomNumberGenerator, seeded, so a failure names the
    /// same paragraph every run.
    struct Seeded: RandomNumberGenerator {
        var splitMix: SplitMix64
        init(seed: UInt64) { splitMix = SplitMix64(seed: seed) }
        mutating func next() -> UInt64 { splitMix.next() }
    }

    @Test func theByteCutAgreesWithTheCharacterCut() {
        var generator = Seeded(seed: 20_261_201)
        var whole = 0
        var cut = 0
        var cutBothSides = 0
        var plain = 0
        for round in 0..<3_000 {
            var parts: [String] = []
            // Every third paragraph of the first pieces only, which the byte cut takes.
            let pieces = round % 3 == 0 ? Array(Self.pieces.prefix(7)) : Self.pieces
            for _ in 0..<Int.random(in: 1...40, using: &generator) {
                parts.append(pieces.randomElement(using: &generator)!)
            }
            if round % 7 == 0 { parts.insert("\u{A0}", at: 0) }
            if round % 11 == 0 { parts.append("\n") }
            let paragraph = parts.joined(separator: " ")
            // The sentence: one of the pieces where it stands (a repeated one at any of its places).
            let choices = parts.indices.filter { parts[$0] != "\u{A0}" && parts[$0] != "\n" }
            let k = choices.randomElement(using: &generator)!
            let start = parts[..<k].reduce(0) { $0 + $1.utf8.count + 1 }
            let sentence = start..<(start + parts[k].utf8.count)
            let expected = Self.reference(paragraph, around: sentence)
            let actual = Self.context(paragraph, around: sentence)
            #expect(actual == expected, "\(paragraph.debugDescription) around \(parts[k].debugDescription) at \(start)")
            if expected == paragraph { whole += 1 }
            if expected.hasPrefix("…") || expected.hasSuffix("…") { cut += 1 }
            if expected.hasPrefix("…") && expected.hasSuffix("…") { cutBothSides += 1 }
            if round % 3 == 0 && paragraph.utf8.count > 600 { plain += 1 }
        }
        // What the generator covered: without each kind of case, agreement would prove little.
        #expect(whole > 900, "short paragraphs were kept whole")
        #expect(cut > 500, "long paragraphs were cut")
        #expect(cutBothSides > 250, "sentences in the middle of long paragraphs were cut on both sides")
        #expect(plain > 100, "long paragraphs of simple characters were cut over bytes")
    }

    @Test func aRepeatedSentenceGetsTheContextOfItsOwnPlace() throws {
        let filler = String(repeating: "Prices rose 3% in “June” — or so they said. ", count: 20)
        let sentence = "Unemployment fell to 3.4% in 2023."
        let paragraph = sentence + " " + filler + sentence + " " + filler
        let second = paragraph.utf8.count - filler.utf8.count - 1 - sentence.utf8.count
        let cut = Self.context(paragraph, around: second..<(second + sentence.utf8.count))
        #expect(cut == Self.reference(paragraph, around: second..<(second + sentence.utf8.count)))
        #expect(cut.hasPrefix("…") && cut.hasSuffix("…"), "the second occurrence, in the middle")
        let first = Self.context(paragraph, around: 0..<sentence.utf8.count)
        #expect(first.hasPrefix(sentence) && first.hasSuffix("…"), "the first occurrence, at the start")
    }

    /// A transcript with single line breaks is one paragraph of megabytes: every claim's context
    /// is still the 200 characters each side of it, wherever it is.
    @Test func everyClaimOfAVeryLongParagraphIsCutAroundItself() throws {
        // Every fifth sentence is the deficit one, so the same text comes back every 150 sentences.
        let sentences = (0..<4_000).map { k in
            k % 5 == 4
                ? "The deficit fell to $\(k % 50).2 billion in 20\(10 + k % 15), the Treasury said."
                : "Ridership in Northvale reached \(k),\(k % 900 + 100) trips in March, according to the transit authority."
        }
        // Once of simple characters only (cut over bytes), once with an ohm sign (over characters).
        for tail in ["", " Café: \u{2126}."] {
            let body = sentences.joined(separator: " ") + tail
            let claims = ClaimExtractor(model: try CheckworthinessModel.shipped(), minimumScore: 0)
                .extract(from: Article(body: body))
            #expect(claims.count == 4_000)
            let scalars = Array(body.unicodeScalars)
            func text(_ range: Range<Int>) -> String {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[range])
                return String(view)
            }
            var mismatches = 0
            for claim in claims {
                let from = max(0, claim.start - 200)
                let to = min(scalars.count, claim.end + 200)
                let expected =
                    (claim.start - from == 200 ? "…" : "") + text(from..<to) + (to - claim.end == 200 ? "…" : "")
                if claim.context != expected || text(claim.start..<claim.end) != claim.text { mismatches += 1 }
            }
            #expect(mismatches == 0, "with tail \(tail.debugDescription)")
        }
    }
}
