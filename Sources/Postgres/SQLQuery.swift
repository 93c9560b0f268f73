/// A statement whose interpolated values become `$n` parameters, never text.
///
/// ```swift
/// let rows = try connection.query("SELECT id FROM claims WHERE status = \(status) LIMIT \(limit)")
/// // sent as: SELECT id FROM claims WHERE status = $1 LIMIT $2, with two parameters
/// ```
///
/// Only string literals become SQL text. Identifiers that must vary belong in
/// code, chosen from a fixed list, and are added with `appendSQL(_:)`.
public struct SQLQuery: ExpressibleByStringInterpolation, Sendable {
    public private(set) var sql: String
    public private(set) var binds: [String?]

    /// A statement from SQL text written in code and its parameter values.
    ///
    /// The label is required: `SQLQuery("...")` would be read as a literal, whose
    /// interpolations become parameters, which is rarely what a caller building
    /// SQL from code constants wants.
    public init(sql: String, binds: [any PostgresEncodable] = []) {
        self.sql = sql
        self.binds = binds.map { $0.postgresText }
    }

    public init(stringLiteral value: String) {
        sql = value
        binds = []
    }

    public init(stringInterpolation: StringInterpolation) {
        sql = stringInterpolation.sql
        binds = stringInterpolation.binds
    }

    /// Appends trusted SQL text written in code (never user input).
    public mutating func appendSQL(_ text: StaticString) {
        sql += "\(text)"
    }

    /// Appends another query, renumbering its parameters.
    public mutating func append(_ other: SQLQuery) {
        var text = ""
        var rest = Substring(other.sql)
        // Renumber $n placeholders of `other` after ours.
        while let dollar = rest.firstIndex(of: "$") {
            text += rest[..<dollar]
            var digitsEnd = rest.index(after: dollar)
            while digitsEnd < rest.endIndex, rest[digitsEnd].isASCII, rest[digitsEnd].isNumber {
                digitsEnd = rest.index(after: digitsEnd)
            }
            if let n = Int(rest[rest.index(after: dollar)..<digitsEnd]) {
                text += "$\(n + binds.count)"
            } else {
                text += "$"
            }
            rest = rest[digitsEnd...]
        }
        text += rest
        sql += text
        binds += other.binds
    }

    /// Binds a value and appends its `$n` placeholder.
    public mutating func appendBind(_ value: some PostgresEncodable) {
        binds.append(value.postgresText)
        sql += "$\(binds.count)"
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [String?] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(value.postgresText)
            sql += "$\(binds.count)"
        }

        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            binds.append(value?.postgresText)
            sql += "$\(binds.count)"
        }
    }
}
