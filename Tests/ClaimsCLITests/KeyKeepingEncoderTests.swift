import Foundation
import Testing

@testable import ClaimsCLI

/// `JSONOutput` writes what Foundation's JSONEncoder wrote (same keys, values and layout),
/// except that an empty optional is `null` instead of a missing key.
@Suite struct KeyKeepingEncoderTests {
    struct Inner: Encodable, Equatable {
        var sourceID: Int64
        var note: String?
    }
    struct Sample: Encodable {
        var id: Int
        var text: String
        var score: Double?
        var ratio: Double
        var whole: Double
        var flag: Bool
        var createdAt: Date
        var myURLValue: URL?
        var fromStatus: String?
        var tags: [String]
        var inner: [Inner]
        var empty: [Int]
        var byName: [String: Int]
    }

    static func foundation(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func parsed(_ text: String) throws -> NSObject {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSObject)
    }

    @Test func aValueWithEveryFieldFilledIsWhatJSONEncoderWrote() throws {
        let sample = Sample(
            id: 7, text: "Line\n\"quoted\" \\ back/slash \u{01} é 🗳️", score: 0.9861194632253778, ratio: 1e-7, whole: 12,
            flag: true, createdAt: Date(timeIntervalSince1970: 1_793_100_000),
            myURLValue: URL(string: "https://a.example/x?y=1"),
            fromStatus: "pending", tags: ["a", "b"], inner: [Inner(sourceID: 3, note: "n")], empty: [],
            byName: ["ana": 2, "li": 0])
        let ours = try JSONOutput.encode(sample)
        #expect(try Self.parsed(ours) == Self.parsed(try Self.foundation(sample)))
        #expect(ours == (try Self.foundation(sample)), "the same layout, byte for byte")
    }

    @Test func anEmptyOptionalIsNullNotMissing() throws {
        let sample = Sample(
            id: 1, text: "", score: nil, ratio: 0.5, whole: 0, flag: false, createdAt: Date(timeIntervalSince1970: 0),
            myURLValue: nil, fromStatus: nil, tags: [], inner: [Inner(sourceID: 1, note: nil)], empty: [], byName: [:])
        let object = try #require(try Self.parsed(try JSONOutput.encode(sample)) as? [String: Any])
        #expect(object["score"] is NSNull)
        #expect(object["from_status"] is NSNull)
        #expect(object["my_url_value"] is NSNull)
        #expect(((object["inner"] as? [[String: Any]])?.first?["note"]) is NSNull)
        let foundation = try #require(try Self.parsed(try Self.foundation(sample)) as? [String: Any])
        #expect(foundation["from_status"] == nil, "JSONEncoder drops it: the reason for KeyKeepingEncoder")
        #expect(Set(object.keys).subtracting(foundation.keys) == ["score", "my_url_value", "from_status"])
    }

    @Test(arguments: [
        ("fromStatus", "from_status"), ("sourceID", "source_id"), ("myURLValue", "my_url_value"), ("id", "id"),
        ("checkedBefore", "checked_before"), ("medianHoursToVerdict", "median_hours_to_verdict"), ("URL", "url"),
    ])
    func keysAreSnakeCaseAsJSONEncoderMakesThem(key: String, expected: String) {
        #expect(KeyKeepingEncoder.snakeCase(key) == expected)
    }
}

/// The README's list of `claims list --format csv` columns is the header the command writes.
@Suite struct ReadmeCSVColumnsTests {
    @Test func theReadmeListsTheListCommandsCSVColumns() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.range(of: "(quoted where needed, CRLF line ends) with the columns"))
        let after = text[section.upperBound...]
        let open = try #require(after.firstIndex(of: "`"))
        let close = try #require(after[after.index(after: open)...].firstIndex(of: "`"))
        let columns = after[after.index(after: open)..<close].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(columns == ClaimRows.csvHeader)
    }
}
