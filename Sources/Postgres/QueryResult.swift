import CLibPQ

/// A result's column names and the position of each name (the first, when a name repeats),
/// read once from a `PGresult`. The single-row results of one streamed query share one.
final class ColumnLayout {
    let names: [String]
    let index: [String: Int]

    init(_ result: OpaquePointer) {
        let columns = Int(PQnfields(result))
        var names: [String] = []
        var index: [String: Int] = [:]
        for column in 0..<columns {
            let name = String(cString: PQfname(result, Int32(column)))
            names.append(name)
            if index[name] == nil { index[name] = column }
        }
        self.names = names
        self.index = index
    }
}

/// The rows a statement returned. Owns its `PGresult` and frees it once.
public final class QueryResult: Sequence {
    let pointer: OpaquePointer
    public let rowCount: Int
    let layout: ColumnLayout
    public var columnNames: [String] { layout.names }

    /// Wraps `pointer`; `layout` is reused when given (a further row of the same streamed
    /// query, with the same columns) and read from the result otherwise.
    init(pointer: OpaquePointer, layout: ColumnLayout? = nil) {
        self.pointer = pointer
        rowCount = Int(PQntuples(pointer))
        if let layout, layout.names.count == Int(PQnfields(pointer)) {
            self.layout = layout
        } else {
            self.layout = ColumnLayout(pointer)
        }
    }

    deinit { PQclear(pointer) }

    /// Rows changed by INSERT, UPDATE, DELETE, COPY and the like.
    public var affectedRows: Int {
        Int(String(cString: PQcmdTuples(pointer))) ?? 0
    }

    public subscript(row: Int) -> Row { Row(result: self, index: row) }

    public var first: Row? { rowCount > 0 ? self[0] : nil }

    public func makeIterator() -> AnyIterator<Row> {
        var next = 0
        return AnyIterator { [self] in
            guard next < rowCount else { return nil }
            defer { next += 1 }
            return self[next]
        }
    }

    func column(named name: String) throws(PostgresError) -> Int {
        guard let column = layout.index[name] else {
            throw PostgresError(
                kind: .decoding,
                message: "the query returned no column \"\(name)\" (it has \(columnNames.joined(separator: ", ")))",
                column: name)
        }
        return column
    }
}

@available(*, unavailable)
extension QueryResult: Sendable {}

/// One row of a `QueryResult`; read its values by column name or position.
///
/// ```swift
/// let id = try row.decode("id", as: Int64.self)
/// let speaker = try row.decode("speaker", as: String?.self)
/// ```
public struct Row {
    let result: QueryResult
    public let index: Int

    public func isNull(_ column: Int) -> Bool {
        PQgetisnull(result.pointer, Int32(index), Int32(column)) != 0
    }

    public func decode<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws(PostgresError) -> T {
        try decode(column: try result.column(named: name), as: type)
    }

    public func decode<T: PostgresDecodable>(_ name: String, as type: T?.Type = T?.self) throws(PostgresError) -> T? {
        let column = try result.column(named: name)
        if isNull(column) { return nil }
        return try decode(column: column, as: T.self)
    }

    public func decode<T: PostgresDecodable>(column: Int, as type: T.Type = T.self) throws(PostgresError) -> T {
        let name = result.columnNames[column]
        if isNull(column) {
            throw PostgresError(
                kind: .decoding,
                message: "column \"\(name)\" is NULL, which does not fit \(T.self); read it as an optional",
                column: name)
        }
        let length = Int(PQgetlength(result.pointer, Int32(index), Int32(column)))
        let type = PostgresType(rawValue: PQftype(result.pointer, Int32(column)))
        guard let start = PQgetvalue(result.pointer, Int32(index), Int32(column)) else {
            throw PostgresError(kind: .decoding, message: "column \"\(name)\" has no value", column: name)
        }
        let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(start), count: length)
        do {
            return try T(postgresBytes: bytes, type: type)
        } catch {
            throw PostgresError(
                kind: .decoding,
                message: "column \"\(name)\" does not fit \(T.self): \(error.reason)",
                column: name)
        }
    }
}

@available(*, unavailable)
extension Row: Sendable {}
