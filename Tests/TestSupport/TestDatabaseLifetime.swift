import ClaimStore
import Foundation
import Postgres
import Testing

/// The database `TestDatabase.migrated(_:)` copies: made and migrated once per test process,
/// the first time a test asks for it (a `static let` runs its initialiser once, the other
/// threads waiting), then closed to connections, since PostgreSQL copies a database only
/// while nobody is connected to it. Its name is this process's own, so a test run on a
/// server another run is using, or an earlier run left a template on, never copies a
/// template of other migrations. It is dropped when the process exits.
enum MigratedTemplate {
    static let name: Result<String, any Error> = Result {
        let base = try TestDatabase.serverConninfo()
        let name = "claims_test_template_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try Connection(conninfo: base)
        try admin.executeScript("CREATE DATABASE \(name)")
        do {
            // In a scope of its own, so the connection is closed before the database is sealed.
            let db = try Connection(conninfo: base + " dbname=\(name)")
            try Migrator().migrate(db)
        }
        try admin.executeScript("ALTER DATABASE \(name) WITH IS_TEMPLATE true ALLOW_CONNECTIONS false")
        atexit {
            if case .success(let name) = MigratedTemplate.name,
                let base = try? TestDatabase.serverConninfo(),
                let admin = try? Connection(conninfo: base)
            {
                try? admin.executeScript("ALTER DATABASE \(name) WITH IS_TEMPLATE false")
                try? admin.executeScript("DROP DATABASE IF EXISTS \(name)")
            }
        }
        return name
    }
}

/// The databases one test made, dropped when it ends (see `DropsTestDatabases`).
final class TestDatabaseCleanup: @unchecked Sendable {
    @TaskLocal static var current: TestDatabaseCleanup?

    private let lock = NSLock()
    private var names: [String] = []

    func add(_ name: String) { lock.withLock { names.append(name) } }

    func dropAll() throws {
        for name in lock.withLock({ names }) {
            try TestDatabase.drop(name)
        }
    }
}

/// Drops every database a test made with `TestDatabase` when the test ends, the suite's
/// instance (and so its connections) already gone; a session still open is closed.
/// On a suite it applies to each of its tests.
public struct DropsTestDatabases: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        // One cleanup per test function, made by the outermost scope that is not the suite's.
        if test.isSuite || TestDatabaseCleanup.current != nil {
            try await function()
            return
        }
        let cleanup = TestDatabaseCleanup()
        do {
            try await TestDatabaseCleanup.$current.withValue(cleanup) {
                try await function()
            }
        } catch {
            try? cleanup.dropAll()
            throw error
        }
        try cleanup.dropAll()
    }
}

extension Trait where Self == DropsTestDatabases {
    /// Drops the databases each test makes when it ends.
    public static var dropsTestDatabases: Self { DropsTestDatabases() }
}
