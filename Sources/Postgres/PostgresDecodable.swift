import Foundation

/// A Swift type that can be read from a column of a query result.
///
/// Results arrive in PostgreSQL's binary format, so reading does not depend on
/// session settings such as DateStyle, TimeZone or extra_float_digits.
public protocol PostgresDecodable {
    /// Reads a non-NULL value; throws `PostgresDecodingFailure` when the column's
    /// type cannot become `Self`.
    init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure)
}

/// Why a value could not be decoded; `Row` turns it into a `PostgresError` naming the column.
public struct PostgresDecodingFailure: Error, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// The PostgreSQL type OIDs this layer understands.
public struct PostgresType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// No type sent with a parameter: the server infers it from the statement.
    public static let unspecified = PostgresType(rawValue: 0)

    public static let bool = PostgresType(rawValue: 16)
    public static let bytea = PostgresType(rawValue: 17)
    public static let name = PostgresType(rawValue: 19)
    public static let int8 = PostgresType(rawValue: 20)
    public static let int2 = PostgresType(rawValue: 21)
    public static let int4 = PostgresType(rawValue: 23)
    public static let text = PostgresType(rawValue: 25)
    public static let oid = PostgresType(rawValue: 26)
    public static let json = PostgresType(rawValue: 114)
    public static let float4 = PostgresType(rawValue: 700)
    public static let float8 = PostgresType(rawValue: 701)
    public static let unknown = PostgresType(rawValue: 705)
    public static let boolArray = PostgresType(rawValue: 1000)
    public static let byteaArray = PostgresType(rawValue: 1001)
    public static let int2Array = PostgresType(rawValue: 1005)
    public static let int4Array = PostgresType(rawValue: 1007)
    public static let textArray = PostgresType(rawValue: 1009)
    public static let varcharArray = PostgresType(rawValue: 1015)
    public static let int8Array = PostgresType(rawValue: 1016)
    public static let float4Array = PostgresType(rawValue: 1021)
    public static let float8Array = PostgresType(rawValue: 1022)
    public static let bpchar = PostgresType(rawValue: 1042)
    public static let varchar = PostgresType(rawValue: 1043)
    public static let date = PostgresType(rawValue: 1082)
    public static let timestamp = PostgresType(rawValue: 1114)
    public static let timestamptz = PostgresType(rawValue: 1184)
    public static let timestamptzArray = PostgresType(rawValue: 1185)
    public static let numeric = PostgresType(rawValue: 1700)
    public static let jsonb = PostgresType(rawValue: 3802)

    public var description: String {
        switch self {
        case .bool: "boolean"
        case .int2: "smallint"
        case .int4: "integer"
        case .int8: "bigint"
        case .text: "text"
        case .varchar: "varchar"
        case .float4: "real"
        case .float8: "double precision"
        case .numeric: "numeric"
        case .timestamptz: "timestamptz"
        case .timestamp: "timestamp"
        case .date: "date"
        case .textArray: "text[]"
        case .json: "json"
        case .jsonb: "jsonb"
        default: "type oid \(rawValue)"
        }
    }

    /// The type of a one-dimensional array of this type, for the element types parameters use.
    public var arrayType: PostgresType? {
        switch self {
        case .bool: .boolArray
        case .bytea: .byteaArray
        case .int2: .int2Array
        case .int4: .int4Array
        case .int8: .int8Array
        case .text: .textArray
        case .varchar: .varcharArray
        case .float4: .float4Array
        case .float8: .float8Array
        case .timestamptz: .timestamptzArray
        default: nil
        }
    }

    var isTextLike: Bool {
        self == .text || self == .varchar || self == .bpchar || self == .name || self == .unknown
            || self == .json
    }
}

@inline(__always)
private func readBigEndian<T: FixedWidthInteger>(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0, as: T.Type) -> T {
    var value: T = 0
    withUnsafeMutableBytes(of: &value) { target in
        target.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + MemoryLayout<T>.size]))
    }
    return T(bigEndian: value)
}

private func expectSize(_ bytes: UnsafeRawBufferPointer, _ size: Int, _ type: PostgresType)
    throws(PostgresDecodingFailure)
{
    guard bytes.count == size else {
        throw PostgresDecodingFailure("a \(type) value of \(bytes.count) bytes is malformed")
    }
}

extension Int64: PostgresDecodable {
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        switch type {
        case .int8:
            try expectSize(bytes, 8, type)
            self = readBigEndian(bytes, as: Int64.self)
        case .int4:
            try expectSize(bytes, 4, type)
            self = Int64(readBigEndian(bytes, as: Int32.self))
        case .int2:
            try expectSize(bytes, 2, type)
            self = Int64(readBigEndian(bytes, as: Int16.self))
        case .oid:
            try expectSize(bytes, 4, type)
            self = Int64(readBigEndian(bytes, as: UInt32.self))
        default:
            throw PostgresDecodingFailure("its type \(type) is not an integer")
        }
    }
}

extension Int: PostgresDecodable {
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        let wide = try Int64(postgresBytes: bytes, type: type)
        guard let narrow = Int(exactly: wide) else {
            throw PostgresDecodingFailure("\(wide) does not fit in Int")
        }
        self = narrow
    }
}

extension Int32: PostgresDecodable {
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        let wide = try Int64(postgresBytes: bytes, type: type)
        guard let narrow = Int32(exactly: wide) else {
            throw PostgresDecodingFailure("\(wide) does not fit in Int32")
        }
        self = narrow
    }
}

extension Double: PostgresDecodable {
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        switch type {
        case .float8:
            try expectSize(bytes, 8, type)
            self = Double(bitPattern: readBigEndian(bytes, as: UInt64.self))
        case .float4:
            try expectSize(bytes, 4, type)
            self = Double(Float(bitPattern: readBigEndian(bytes, as: UInt32.self)))
        case .int2, .int4, .int8:
            self = Double(try Int64(postgresBytes: bytes, type: type))
        default:
            throw PostgresDecodingFailure("its type \(type) is not a floating-point number (cast numeric to float8)")
        }
    }
}

extension Bool: PostgresDecodable {
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        guard type == .bool else { throw PostgresDecodingFailure("its type \(type) is not boolean") }
        try expectSize(bytes, 1, type)
        self = bytes[0] != 0
    }
}

extension String: PostgresDecodable {
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        if type.isTextLike {
            self = String(decoding: bytes, as: UTF8.self)
        } else if type == .jsonb, bytes.first == 1 {
            self = String(decoding: UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), as: UTF8.self)
        } else {
            throw PostgresDecodingFailure("its type \(type) is not text (cast it with ::text)")
        }
    }
}

/// Microseconds between 1970-01-01 and PostgreSQL's epoch, 2000-01-01.
private let postgresEpochOffset: Double = 946_684_800

extension Date: PostgresDecodable {
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        switch type {
        case .timestamptz, .timestamp:
            try expectSize(bytes, 8, type)
            let micros = readBigEndian(bytes, as: Int64.self)
            if micros == .max || micros == .min {
                throw PostgresDecodingFailure("an infinite timestamp has no Date")
            }
            self = Date(timeIntervalSince1970: postgresEpochOffset + Double(micros) / 1_000_000)
        case .date:
            try expectSize(bytes, 4, type)
            let days = readBigEndian(bytes, as: Int32.self)
            if days == .max || days == .min {
                throw PostgresDecodingFailure("an infinite date has no Date")
            }
            self = Date(timeIntervalSince1970: postgresEpochOffset + Double(days) * 86_400)
        default:
            throw PostgresDecodingFailure("its type \(type) is not a timestamp or date")
        }
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    /// A one-dimensional array; an empty array decodes as `[]`. NULL elements are refused.
    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        guard bytes.count >= 12 else { throw PostgresDecodingFailure("its type \(type) is not an array") }
        let dimensions = readBigEndian(bytes, at: 0, as: Int32.self)
        let elementType = PostgresType(rawValue: readBigEndian(bytes, at: 8, as: UInt32.self))
        if dimensions == 0 {
            self = []
            return
        }
        guard dimensions == 1, bytes.count >= 20 else {
            throw PostgresDecodingFailure("only one-dimensional arrays can be read")
        }
        let count = Int(readBigEndian(bytes, at: 12, as: Int32.self))
        var offset = 20
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count {
            guard offset + 4 <= bytes.count else { throw PostgresDecodingFailure("the array is truncated") }
            let length = Int(readBigEndian(bytes, at: offset, as: Int32.self))
            offset += 4
            guard length >= 0 else { throw PostgresDecodingFailure("the array holds NULL") }
            guard offset + length <= bytes.count else { throw PostgresDecodingFailure("the array is truncated") }
            let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])
            elements.append(try Element(postgresBytes: slice, type: elementType))
            offset += length
        }
        self = elements
    }
}

/// The elements of an array of any number of dimensions, in the order PostgreSQL
/// stores them (the last index varying fastest), NULL elements as `nil`.
///
/// For rows of fields read in one column without JSON: `array_agg(ARRAY[a, b, c] ORDER BY …)`
/// is a two-dimensional array, three elements a row, read back as one flat list.
public struct PostgresFlatArray<Element: PostgresDecodable>: PostgresDecodable {
    public var elements: [Element?]

    public init(elements: [Element?]) { self.elements = elements }

    public init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        guard bytes.count >= 12 else { throw PostgresDecodingFailure("its type \(type) is not an array") }
        let dimensions = Int(readBigEndian(bytes, at: 0, as: Int32.self))
        let elementType = PostgresType(rawValue: readBigEndian(bytes, at: 8, as: UInt32.self))
        guard dimensions > 0 else {
            elements = []
            return
        }
        guard dimensions <= 6, bytes.count >= 12 + 8 * dimensions else {
            throw PostgresDecodingFailure("the array header is malformed")
        }
        var count = 1
        for dimension in 0..<dimensions {
            let length = Int(readBigEndian(bytes, at: 12 + 8 * dimension, as: Int32.self))
            guard length >= 0 else { throw PostgresDecodingFailure("the array header is malformed") }
            count *= length
        }
        var offset = 12 + 8 * dimensions
        var elements: [Element?] = []
        elements.reserveCapacity(count)
        for _ in 0..<count {
            guard offset + 4 <= bytes.count else { throw PostgresDecodingFailure("the array is truncated") }
            let length = Int(readBigEndian(bytes, at: offset, as: Int32.self))
            offset += 4
            if length < 0 {
                elements.append(nil)
                continue
            }
            guard offset + length <= bytes.count else { throw PostgresDecodingFailure("the array is truncated") }
            let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])
            elements.append(try Element(postgresBytes: slice, type: elementType))
            offset += length
        }
        self.elements = elements
    }
}
