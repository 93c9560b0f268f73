import TestSupport
import Testing

@testable import Postgres

@Suite("Postgres: a streamed query reads its column names once", .dropsTestDatabases)
struct ColumnLayoutTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.create("pglayout")
    }

    @Test func everyStreamedRowSharesTheFirstRowsColumnLayout() throws {
        let db = try database.connect()
        var layouts: [ObjectIdentifier] = []
        var values: [String] = []
        try db.stream("SELECT g AS n, 'v' || g AS label, g * 2 AS n FROM generate_series(1, \(5)) g ORDER BY g") {
            row in
            layouts.append(ObjectIdentifier(row.result.layout))
            // A repeated name still reads the first column of that name.
            values.append("\(try row.decode("n", as: Int.self)):\(try row.decode("label", as: String.self))")
        }
        #expect(values == ["1:v1", "2:v2", "3:v3", "4:v4", "5:v5"])
        #expect(layouts.count == 5)
        #expect(Set(layouts).count == 1, "one column layout for the whole stream, not one per row")
    }

    @Test func separateQueriesHaveTheirOwnLayout() throws {
        let db = try database.connect()
        let first = try db.query("SELECT 1 AS a")
        let second = try db.query("SELECT 2 AS b, 3 AS c")
        #expect(first.layout !== second.layout)
        #expect(second.columnNames == ["b", "c"])
        #expect(try second.first?.decode("c", as: Int.self) == 3)
    }
}
