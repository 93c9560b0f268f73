import CLibPQ
import Foundation

extension Connection {
    /// Runs a query and hands its rows to `body` one at a time, as the server sends
    /// them (libpq's single-row mode), so memory stays flat however many rows there are.
    ///
    /// ```swift
    /// try db.stream("SELECT id, text FROM claims ORDER BY id") { row in
    ///     try writer.write(row.decode("text", as: String.self))
    /// }
    /// ```
    ///
    /// When `body` throws, the query is cancelled, the rest of its rows are
    /// discarded, and the error is rethrown; the connection stays usable. Returns the
    /// number of rows handed over.
    @discardableResult
    public func stream(_ query: SQLQuery, _ body: (Row) throws -> Void) throws -> Int {
        let cStrings: [UnsafeMutablePointer<CChar>?] = query.binds.map { $0.flatMap { strdup($0) } }
        defer { for pointer in cStrings { free(pointer) } }
        let values: [UnsafePointer<CChar>?] = cStrings.map { $0.map { UnsafePointer($0) } }
        let oids: [Oid] = query.bindTypes.map { $0.rawValue }
        let sent = values.withUnsafeBufferPointer { values in
            oids.withUnsafeBufferPointer { oids in
                PQsendQueryParams(
                    rawPointer, query.sql, Int32(query.binds.count), oids.baseAddress, values.baseAddress, nil, nil, 1)
            }
        }
        guard sent == 1 else {
            throw PostgresError(
                kind: .client, message: PostgresError.oneLine(String(cString: PQerrorMessage(rawPointer))),
                statement: query.sql)
        }
        guard PQsetSingleRowMode(rawPointer) == 1 else {
            drainResults()
            throw PostgresError(kind: .client, message: "libpq refused single-row mode for this query")
        }
        var count = 0
        var failure: (any Error)?
        // Every row of the query has the same columns: their names are read from the first.
        var layout: ColumnLayout?
        while let result = PQgetResult(rawPointer) {
            if failure != nil {
                PQclear(result)
                continue
            }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                let rows = QueryResult(pointer: result, layout: layout)
                layout = rows.layout
                do {
                    try body(rows[0])
                    count += 1
                } catch {
                    failure = error
                    cancelRunningQuery()
                }
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                PQclear(result)
            default:
                failure = Connection.error(from: result, connection: rawPointer, statement: query.sql)
                PQclear(result)
            }
        }
        if let failure {
            // A cancel we asked for surfaces as query_canceled after the caller's own error; keep the caller's.
            throw failure
        }
        return count
    }

    private func cancelRunningQuery() {
        guard let cancel = PQgetCancel(rawPointer) else { return }
        defer { PQfreeCancel(cancel) }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &buffer, Int32(buffer.count))
    }

    private func drainResults() {
        while let result = PQgetResult(rawPointer) { PQclear(result) }
    }
}
