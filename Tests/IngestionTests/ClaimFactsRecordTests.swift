import Foundation
import Reports
import TestSupport
import Testing

@testable import ClaimSchema

@Suite("The facts column's JSON")
struct ClaimFactsRecordTests {
    /// Text with everything JSON escapes: quotes, backslashes, controls, the HTML-sensitive
    /// characters, U+2028/U+2029, and multi-byte letters around them.
    static func randomText(_ generator: inout SeededGenerator) -> String {
        let pieces = [
            "a", "Z", "7", " ", "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "<", ">", "&",
            "\u{2028}", "\u{2029}", "é", "€", "—", "’", "🙂", "/",
        ]
        let count = Int.random(in: 0...12, using: &generator)
        return (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    static func randomFacts(_ generator: inout SeededGenerator) -> ClaimFactsRecord {
        let values: [Double] = [0, 3.7, -0.5, 1_200_000_000, 1e-7, 25, 0.1 + 0.2]
        return ClaimFactsRecord(
            quantities: (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                Quantity(
                    text: randomText(&generator), value: values.randomElement(using: &generator)!,
                    unit: Bool.random(using: &generator) ? randomText(&generator) : nil)
            },
            dates: (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                DateMention(text: randomText(&generator), iso: randomText(&generator))
            })
    }

    @Test func stringsAreWrittenAsTheReportsWriteThemAndReadBackUnchanged() throws {
        var generator = SeededGenerator(seed: 17)
        for _ in 0..<2000 {
            let text = Self.randomText(&generator)
            let written = ClaimFactsRecord.string(text)
            #expect(written == ReportText.json(text), "\(Array(text.unicodeScalars))")
            let read = try JSONDecoder().decode([String].self, from: Data("[\(written)]".utf8))
            #expect(read == [text])
        }
    }

    /// The hand-written JSON reads back as the record it came from, and holds the same
    /// keys and values as JSONEncoder writes for it: one schema, whichever side writes.
    @Test func theWriterAndTheCodableKeysAgree() throws {
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<500 {
            let facts = Self.randomFacts(&generator)
            let written = Data(facts.json.utf8)
            #expect(try JSONDecoder().decode(ClaimFactsRecord.self, from: written) == facts)
            // JSONEncoder leaves out a unit that is nil; the writer says null.
            let byWriter = Self.withoutNulls(try JSONSerialization.jsonObject(with: written)) as? NSDictionary
            let byEncoder = try JSONSerialization.jsonObject(with: JSONEncoder().encode(facts)) as? NSDictionary
            #expect(byWriter != nil)
            #expect(byWriter == byEncoder, "\(facts.json)")
        }
    }

    static func withoutNulls(_ value: Any) -> Any {
        if let dictionary = value as? [String: Any] {
            return dictionary.filter { !($0.value is NSNull) }.mapValues(withoutNulls)
        }
        if let array = value as? [Any] { return array.map(withoutNulls) }
        return value
    }

    @Test func aValueThatIsNotFiniteIsWrittenAsNull() throws {
        let facts = ClaimFactsRecord(quantities: [Quantity(text: "x", value: .infinity, unit: nil)])
        #expect(facts.json == #"{"dates":[],"quantities":[{"text":"x","unit":null,"value":null}]}"#)
        #expect(ClaimFactsRecord().json == #"{"dates":[],"quantities":[]}"#)
    }
}
