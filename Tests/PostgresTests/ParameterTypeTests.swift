import Foundation
import Postgres
import TestSupport
import Testing

/// Each parameter travels with the type its Swift type declares, so a statement needs no
/// cast to say what a value is (`WHERE published_at >= \(since)`, `WHERE id = ANY(\(ids))`).
@Suite("Postgres: parameters carry their types", .dropsTestDatabases)
struct ParameterTypeTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.create("pgtypes")
    }

    /// pg_typeof of an untyped parameter is an error ("could not determine data type"), so
    /// each line here fails unless the type went with the value.
    @Test func eachSwiftTypeArrivesAsItsPostgresType() throws {
        let db = try database.connect()
        let none: Int? = nil
        let cases: [(SQLQuery, String)] = [
            ("SELECT pg_typeof(\(Int(7)))::text AS t", "bigint"),
            ("SELECT pg_typeof(\(Int64(7)))::text AS t", "bigint"),
            ("SELECT pg_typeof(\(Int32(7)))::text AS t", "integer"),
            ("SELECT pg_typeof(\(0.5))::text AS t", "double precision"),
            ("SELECT pg_typeof(\(Float(0.5)))::text AS t", "real"),
            ("SELECT pg_typeof(\(true))::text AS t", "boolean"),
            ("SELECT pg_typeof(\("words"))::text AS t", "text"),
            ("SELECT pg_typeof(\(Date()))::text AS t", "timestamp with time zone"),
            ("SELECT pg_typeof(\(none))::text AS t", "bigint"),
            ("SELECT pg_typeof(\(["a", "b"]))::text AS t", "text[]"),
            ("SELECT pg_typeof(\(["a", nil] as [String?]))::text AS t", "text[]"),
            ("SELECT pg_typeof(\([Int64(1), 2]))::text AS t", "bigint[]"),
            ("SELECT pg_typeof(\([Float(0.5), 0.25]))::text AS t", "real[]"),
            ("SELECT pg_typeof(\([0.5, 0.25]))::text AS t", "double precision[]"),
            ("SELECT pg_typeof(\([true, false]))::text AS t", "boolean[]"),
        ]
        for (query, expected) in cases {
            let type: String = try #require(try db.query(query).first).decode("t")
            #expect(type == expected, "\(query.sql)")
        }
    }

    /// A bound Date is a timestamptz: it compares with one, and does arithmetic, without a
    /// cast, whatever the session's time zone.
    @Test func aBoundDateComparesAsTimestamptzWithoutACast() throws {
        let db = try database.connect()
        try db.executeScript("SET TimeZone = 'Asia/Kathmandu'")
        try db.executeScript("CREATE TABLE events (at timestamptz)")
        let noon = Date(timeIntervalSince1970: 1_770_206_400)  // 2026-02-04 12:00 UTC
        for hours in [-2.0, 0, 3] {
            try db.execute("INSERT INTO events (at) VALUES (\(noon.addingTimeInterval(hours * 3600)))")
        }
        let row = try #require(
            try db.query(
                """
                SELECT count(*) FILTER (WHERE at >= \(noon)) AS later,
                       \(noon) = TIMESTAMPTZ '2026-02-04 12:00:00+00' AS same,
                       extract(epoch FROM \(noon) - TIMESTAMPTZ '2026-02-04 00:00:00+00')::float8 AS seconds,
                       \(noon) AS back
                FROM events
                """
            ).first)
        #expect(try row.decode("later", as: Int64.self) == 2)
        #expect(try row.decode("same", as: Bool.self))
        #expect(try row.decode("seconds", as: Double.self) == 12 * 3600)
        #expect(try row.decode("back", as: Date.self) == noon)
    }

    /// An array binds without a cast: `ANY`, `unnest` and `cardinality` (polymorphic, so an
    /// untyped parameter is refused) all take it as it is.
    @Test func anArrayBindsWithoutACast() throws {
        let db = try database.connect()
        let ids: [Int64] = [3, 1, 4, 1, 5]
        let words = ["plain", "with \"quotes\"", "back\\slash", "comma, brace}", "", "émoji 🗳️"]
        let row = try #require(
            try db.query(
                """
                SELECT 4 = ANY(\(ids)) AS found, 9 = ANY(\(ids)) AS missing, cardinality(\(ids)) AS n,
                       (SELECT array_agg(w ORDER BY k) FROM unnest(\(words)) WITH ORDINALITY AS u(w, k)) AS back,
                       (SELECT sum(e)::float8 FROM unnest(\([Float(0.5), 0.25])) AS e) AS total
                """
            ).first)
        #expect(try row.decode("found", as: Bool.self))
        #expect(!(try row.decode("missing", as: Bool.self)))
        #expect(try row.decode("n", as: Int.self) == ids.count)
        #expect(try row.decode("back", as: [String].self) == words)
        #expect(try row.decode("total", as: Double.self) == 0.75)
    }

    @Test func aQueryKeepsOneTypePerParameterWhenJoined() {
        var query: SQLQuery = "SELECT \("a"), \(1)"
        query.append(" WHERE x = \(Date(timeIntervalSince1970: 0)) AND y = ANY(\([Int64(1)]))")
        query.appendBind(true)
        #expect(query.bindTypes == [.text, .int8, .timestamptz, .int8Array, .bool])
        #expect(query.bindTypes.count == query.binds.count)
    }
}
