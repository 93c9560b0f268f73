import Foundation

/// A Swift value that can be sent to PostgreSQL as a query parameter.
///
/// Parameters travel in PostgreSQL's text format next to the statement, never
/// spliced into it, each with the type its Swift type declares: a `Date` is a
/// `timestamptz`, an `[Int]` a `bigint[]`, so the statement needs no cast to say so
/// (`WHERE published_at >= \(since)`, `WHERE id = ANY(\(ids))`). Write a cast only
/// where it changes the value's type (a `String` holding JSON as `\(json)::jsonb`).
public protocol PostgresEncodable {
    /// The parameter's type as sent with it; ``PostgresType/unspecified`` lets the server
    /// infer it from the statement.
    static var postgresType: PostgresType { get }

    /// The parameter in PostgreSQL's text format; `nil` is SQL NULL.
    var postgresText: String? { get }
}

extension String: PostgresEncodable {
    public static var postgresType: PostgresType { .text }
    public var postgresText: String? { self }
}

extension Substring: PostgresEncodable {
    public static var postgresType: PostgresType { .text }
    public var postgresText: String? { String(self) }
}

extension Int: PostgresEncodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String? { String(self) }
}

extension Int64: PostgresEncodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String? { String(self) }
}

extension Int32: PostgresEncodable {
    public static var postgresType: PostgresType { .int4 }
    public var postgresText: String? { String(self) }
}

extension Double: PostgresEncodable {
    public static var postgresType: PostgresType { .float8 }
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return String(self)  // shortest text that reads back as the same Double
    }
}

extension Float: PostgresEncodable {
    public static var postgresType: PostgresType { .float4 }
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        // PostgreSQL refuses a subnormal real ("value out of range: underflow"): it goes as 0.
        if isSubnormal { return "0" }
        return String(self)  // shortest text that reads back as the same Float
    }
}

extension Bool: PostgresEncodable {
    public static var postgresType: PostgresType { .bool }
    public var postgresText: String? { self ? "true" : "false" }
}

extension Date: PostgresEncodable {
    public static var postgresType: PostgresType { .timestamptz }

    /// ISO 8601 in UTC with microseconds, which every DateStyle setting accepts.
    public var postgresText: String? {
        let seconds = timeIntervalSince1970
        var whole = seconds.rounded(.down)
        var micros = Int(((seconds - whole) * 1_000_000).rounded())
        if micros == 1_000_000 {
            whole += 1
            micros = 0
        }
        var t = time_t(whole)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d.%06d+00",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), micros)
    }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresType { Wrapped.postgresType }

    public var postgresText: String? {
        switch self {
        case .none: return nil
        case .some(let value): return value.postgresText
        }
    }
}

extension Array: PostgresEncodable where Element: PostgresEncodable {
    /// The array type of the element's type (`text[]` for `[String]`); unspecified for an
    /// element type without one here, such as an array of arrays.
    public static var postgresType: PostgresType { Element.postgresType.arrayType ?? .unspecified }

    /// A one-dimensional array literal, such as `{"a","b \\"c\\"",NULL}`.
    public var postgresText: String? {
        // Built as UTF-8 bytes: arrays carry whole batches of claims and paragraphs.
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, element) in enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            guard let text = element.postgresText else {
                out.append(contentsOf: [0x4E, 0x55, 0x4C, 0x4C])  // NULL
                continue
            }
            out.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}
