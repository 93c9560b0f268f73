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
    /// SQL text and parameter slots in order; the k-th slot is `binds[k]`. Placeholders are
    /// numbered only when the statement is sent, so joining queries never rewrites text (a
    /// `'$1 off'` literal or a `$$…$$` body stays as written).
    fileprivate enum Fragment: Sendable, Equatable {
        case text(String)
        case parameter
    }

    private var fragments: [Fragment]
    /// The parameters in PostgreSQL's text format, `nil` for NULL.
    public private(set) var binds: [String?]
    /// The type sent with each parameter, as its Swift type declares (``PostgresEncodable/postgresType``).
    public private(set) var bindTypes: [PostgresType]

    /// The statement as sent: its parameters numbered `$1`, `$2`, … in order.
    public var sql: String {
        var out = ""
        var n = 0
        for fragment in fragments {
            switch fragment {
            case .text(let text): out += text
            case .parameter:
                n += 1
                out += "$\(n)"
            }
        }
        return out
    }

    /// A statement from SQL text built in code, sent as it is: nothing in it is a parameter.
    ///
    /// The label says it: never pass user input. Interpolate values in a literal instead, or
    /// add them with `appendBind(_:)`.
    public init(unsafeSQL: String) {
        fragments = unsafeSQL.isEmpty ? [] : [.text(unsafeSQL)]
        binds = []
        bindTypes = []
    }

    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        fragments = stringInterpolation.fragments
        binds = stringInterpolation.binds
        bindTypes = stringInterpolation.bindTypes
    }

    /// Appends trusted SQL text written in code (never user input).
    public mutating func appendSQL(_ text: StaticString) {
        fragments.append(.text("\(text)"))
    }

    /// Appends another query, its parameters after ours.
    public mutating func append(_ other: SQLQuery) {
        fragments += other.fragments
        binds += other.binds
        bindTypes += other.bindTypes
    }

    /// Binds a value and appends its placeholder.
    public mutating func appendBind<Value: PostgresEncodable>(_ value: Value) {
        binds.append(value.postgresText)
        bindTypes.append(Value.postgresType)
        fragments.append(.parameter)
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var fragments: [Fragment] = []
        var binds: [String?] = []
        var bindTypes: [PostgresType] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            fragments.reserveCapacity(2 * interpolationCount + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { fragments.append(.text(literal)) }
        }

        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            binds.append(value.postgresText)
            bindTypes.append(Value.postgresType)
            fragments.append(.parameter)
        }

        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            binds.append(value?.postgresText)
            bindTypes.append(Value.postgresType)
            fragments.append(.parameter)
        }

        /// SQL text built in code (a column list, say), inserted as it is: never user input.
        public mutating func appendInterpolation(unescaped text: String) {
            fragments.append(.text(text))
        }
    }
}
