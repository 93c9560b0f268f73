import ClaimStore
import Postgres
import TestSupport
import Testing

@Suite("queryOne: one row, or a store error that names the statement", .dropsTestDatabases)
struct QueryOneTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.create("queryone")
    }

    @Test func returnsTheOnlyRow() throws {
        let db = try database.connect()
        let n: Int = try db.queryOne("SELECT \(41)::int + 1 AS n", purpose: "the answer").decode("n")
        #expect(n == 42)
    }

    @Test func noRowIsAStoreErrorNamingThePurpose() throws {
        let db = try database.connect()
        let error = #expect(throws: ClaimStoreError.self) {
            try db.queryOne("SELECT 1 AS n WHERE \(false)", purpose: "the number of widgets")
        }
        #expect(error == .unexpectedRowCount(purpose: "the number of widgets", rows: 0))
        #expect(error?.description.contains("no row for the number of widgets") == true)
    }

    @Test func severalRowsAreAStoreErrorToo() throws {
        let db = try database.connect()
        let error = #expect(throws: ClaimStoreError.self) {
            try db.queryOne("SELECT generate_series(1, 3) AS n", purpose: "one number")
        }
        #expect(error == .unexpectedRowCount(purpose: "one number", rows: 3))
        #expect(error?.description.contains("3 rows for one number") == true)
    }

    @Test func theConnectionStaysUsableAfterwards() throws {
        let db = try database.connect()
        _ = try? db.queryOne("SELECT 1 AS n WHERE false", purpose: "nothing")
        #expect(try db.queryOne("SELECT 7 AS n", purpose: "seven").decode("n", as: Int32.self) == 7)
    }
}
