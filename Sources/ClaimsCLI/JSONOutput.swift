import Foundation

/// JSON for scripts: snake_case keys, ISO 8601 dates in UTC, keys sorted so output is stable,
/// and every key present: an empty optional is `null`, never left out (`KeyKeepingEncoder`).
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        try KeyKeepingEncoder.encode(value).text()
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
