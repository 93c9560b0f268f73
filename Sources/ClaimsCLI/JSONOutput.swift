import Foundation

/// JSON for scripts: snake_case keys, ISO 8601 dates in UTC, keys sorted so output is stable.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// A JSON array printed one element at a time, byte for byte what `JSONOutput.encode`
/// prints for the whole array, so a folder of any size needs the memory of one element.
struct JSONArrayPrinter {
    private var count = 0

    mutating func append<T: Encodable>(_ value: T) throws {
        // Strings never hold a raw newline (the encoder escapes it), so lines are
        // safe to indent one level; empty lines (inside empty arrays) stay empty.
        let indented = try JSONOutput.encode(value).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "  " + $0 }
            .joined(separator: "\n")
        print(count == 0 ? "[\n" + indented : ",\n" + indented, terminator: "")
        count += 1
    }

    func finish() {
        print(count == 0 ? "[\n\n]" : "\n]")
    }
}

/// Dates as people read them in a table: UTC, to the minute.
enum DateText {
    static func short(_ date: Date) -> String {
        format(date, "%04d-%02d-%02d %02d:%02d")
    }

    static func long(_ date: Date) -> String {
        format(date, "%04d-%02d-%02d %02d:%02d:%02d") + " UTC"
    }

    private static func format(_ date: Date, _ pattern: String) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(
            format: pattern, Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
