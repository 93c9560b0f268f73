import Checkworthiness
import Foundation
import Testing

@testable import Extraction

/// Each byte-level fast path of the extractor against a plain reference written the
/// obvious way, on seeded random inputs (a failure names the seed): the SWAR helpers,
/// the phrase matcher's search, the word counter and the lowering behind `isCandidate`.
@Suite struct FastPathReferenceTests {
    static let seed: UInt64 = 20_261_202

    /// Bytes that exercise every branch: ASCII letters, digits and punctuation, the three
    /// spaces the word counter knows, a question mark, NBSP, curly quotes and dashes
    /// (E2 80 xx), two- to four-byte letters.
    static let pieces: [String] = [
        "a", "b", "Z", "q", "7", "0", ".", ",", "-", "'", "\"", " ", " ", " ", "\n", "\t", "?", "\u{00A0}",
        "\u{201C}", "\u{201D}", "\u{2014}", "é", "ß", "ж", "中", "😀", "said", "claims to", "aims to", "will",
    ]

    static func randomText(_ generator: inout ClaimContextTests.Seeded, maximum: Int) -> String {
        let length = Int.random(in: 0...maximum, using: &generator)
        var text = ""
        for _ in 0..<length { text += pieces.randomElement(using: &generator)! }
        return text
    }

    @Test func swarByteTestsAgreeWithOneByteAtATime() {
        var generator = ClaimContextTests.Seeded(seed: Self.seed)
        for _ in 0..<20_000 {
            var x = UInt64.random(in: .min ... .max, using: &generator)
            // Plant the byte under test in some lanes, as real text has it.
            let byte = UInt8.random(in: 0...255, using: &generator)
            for lane in 0..<8 where Bool.random(using: &generator) {
                x = x & ~(UInt64(0xFF) << (8 * lane)) | UInt64(byte) << (8 * lane)
            }
            var equal: UInt64 = 0
            var highBits = 0
            for lane in 0..<8 {
                let b = UInt8(truncatingIfNeeded: x >> (8 * lane))
                if b == byte { equal |= 0x80 << (8 * lane) }
                if b & 0x80 != 0 { highBits += 1 }
            }
            #expect(SWAR.bytes(of: x, equalTo: byte) == equal, "x \(x), byte \(byte), seed \(Self.seed)")
            #expect(SWAR.count(ofHighBits: x & SWAR.high) == highBits, "x \(x), seed \(Self.seed)")

            let ascii = x & SWAR.low
            let first = UInt8.random(in: 0...0x7F, using: &generator)
            let last = UInt8.random(in: first...0x7F, using: &generator)
            var inRange: UInt64 = 0
            for lane in 0..<8 {
                let b = UInt8(truncatingIfNeeded: ascii >> (8 * lane))
                if b >= first && b <= last { inRange |= 0x80 << (8 * lane) }
            }
            #expect(
                SWAR.bytes(of: ascii, from: first, through: last) == inRange,
                "x \(ascii), \(first)...\(last), seed \(Self.seed)")
        }
    }

    @Test func scalarCountAgreesWithSwift() {
        var generator = ClaimContextTests.Seeded(seed: Self.seed &+ 1)
        for _ in 0..<5_000 {
            let text = Self.randomText(&generator, maximum: 60)
            let expected = text.unicodeScalars.count
            let bytes = Array(text.utf8)
            let counted = bytes.withUnsafeBufferPointer { SWAR.scalarCount($0) }
            #expect(counted == expected, "\(text.debugDescription), seed \(Self.seed &+ 1)")
        }
    }

    @Test func phraseSearchAgreesWithANaiveScan() {
        var generator = ClaimContextTests.Seeded(seed: Self.seed &+ 2)
        for _ in 0..<5_000 {
            let haystack = Array(Self.randomText(&generator, maximum: 40).utf8)
            // A needle cut from the haystack half the time, so matches are common.
            var needle = Array(Self.randomText(&generator, maximum: 3).utf8)
            if Bool.random(using: &generator), !haystack.isEmpty {
                let start = Int.random(in: 0..<haystack.count, using: &generator)
                let end = Int.random(in: start...min(haystack.count, start + 6), using: &generator)
                needle = Array(haystack[start..<end])
            }
            var expected: Int? = nil
            if !needle.isEmpty, needle.count <= haystack.count {
                expected = (0...(haystack.count - needle.count)).first {
                    Array(haystack[$0..<($0 + needle.count)]) == needle
                }
            }
            let found = haystack.withUnsafeBufferPointer { h in
                needle.withUnsafeBufferPointer { n in Marker.firstMatch(of: n, in: h) }
            }
            let contains = haystack.withUnsafeBufferPointer { Marker.contains($0, needle) }
            #expect(found == expected, "\(needle) in \(haystack), seed \(Self.seed &+ 2)")
            #expect(contains == (needle.isEmpty || expected != nil), "\(needle) in \(haystack)")
        }
    }

    /// The word counter's reference: words split at space, newline and tab; too long by
    /// scalars; too short; a question.
    static func plainWordCount(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count <= ClaimExtractor.maximumSentenceLength * 4,
            text.unicodeScalars.count <= ClaimExtractor.maximumSentenceLength
        else { return nil }
        let words = text.split(omittingEmptySubsequences: true) { $0 == " " || $0 == "\n" || $0 == "\t" }.count
        guard words >= ClaimExtractor.minimumWords, bytes.last != UInt8(ascii: "?") else { return nil }
        return words
    }

    @Test func wordCountAgreesWithSplittingAtSpaces() {
        var generator = ClaimContextTests.Seeded(seed: Self.seed &+ 3)
        let longest = ClaimExtractor.maximumSentenceLength
        for round in 0..<5_000 {
            // Some texts near the length limits, where the fast path takes other branches.
            let maximum = round % 10 == 0 ? longest + 40 : 40
            let text = Self.randomText(&generator, maximum: maximum)
            #expect(
                ClaimExtractor.wordCountIfPlausible(text) == Self.plainWordCount(text),
                "\(text.debugDescription), seed \(Self.seed &+ 3)")
        }
    }

    /// `isCandidate` lowers the sentence's bytes by hand; the reference lowers with Swift's
    /// `lowercased()`. Real sentences (the news set's), each also in random case.
    @Test func candidateTestAgreesWithTheStringPath() throws {
        let extractor = ClaimExtractor(model: try CheckworthinessModel.shipped())
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/news-checkworthiness/articles")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        var sentences: [String] = []
        for file in files where file.hasSuffix(".txt") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            sentences += text.split(whereSeparator: { $0 == "\n" || $0 == "." }).map(String.init)
        }
        try #require(sentences.count > 200, "the fixtures hold the sentences to compare")
        var generator = ClaimContextTests.Seeded(seed: Self.seed &+ 4)
        for sentence in sentences {
            let mixed = String(
                sentence.map { Bool.random(using: &generator) ? Character($0.uppercased()) : $0 })
            for text in [sentence, mixed] {
                let expected =
                    ClaimExtractor.wordCountIfPlausible(text).map {
                        !ClaimExtractor.isFurnitureOpinionOrPlan(text, words: $0)
                    } ?? false
                #expect(extractor.isCandidate(text) == expected, "\(text.debugDescription)")
            }
        }
    }
}

extension FastPathReferenceTests {
    /// Paragraph bounds the plain way: over an array of scalars, a block ends at a newline
    /// that follows another; empty blocks are dropped.
    static func plainParagraphBounds(_ body: String) -> [(start: Int, end: Int, text: String)] {
        let scalars = Array(body.unicodeScalars)
        var out: [(start: Int, end: Int, text: String)] = []
        func block(_ start: Int, _ end: Int) {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[start..<end])
            out.append((start, end, String(text)))
        }
        var start = 0
        for k in scalars.indices where k > 0 && scalars[k] == "\n" && scalars[k - 1] == "\n" {
            if start < k - 1 { block(start, k - 1) }
            start = k + 1
        }
        if start < scalars.count { block(start, scalars.count) }
        return out
    }

    @Test func paragraphBoundsAgreeWithAScalarScan() {
        var generator = ClaimContextTests.Seeded(seed: Self.seed &+ 5)
        for _ in 0..<3_000 {
            var body = ""
            for _ in 0..<Int.random(in: 0...8, using: &generator) {
                body += Self.randomText(&generator, maximum: 30)
                body += ["\n", "\n\n", "\n\n\n", " \n\n", ""].randomElement(using: &generator)!
            }
            let fast = ClaimExtractor.paragraphBounds(body).map { ($0.start, $0.end, String($0.text)) }
            let plain = Self.plainParagraphBounds(body)
            #expect(fast.count == plain.count, "\(body.debugDescription), seed \(Self.seed &+ 5)")
            for (f, p) in zip(fast, plain) {
                #expect(f.0 == p.start && f.1 == p.end && f.2 == p.text, "\(body.debugDescription)")
            }
        }
    }
}
