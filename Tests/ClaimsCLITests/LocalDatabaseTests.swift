import ClaimStore
import Foundation
import TestSupport
import Testing

/// The local database: `claims` runs a cluster of its own under CLAIMS_HOME.
@Suite("Local database lifecycle", .serialized)
struct LocalDatabaseTests {
    @Test func firstUseCreatesStartsAndMigratesThenStopKeepsTheData() throws {
        guard let scratch = ProcessInfo.processInfo.environment["CLAIMS_TEST_SCRATCH"] else {
            throw TestDatabase.NotConfigured()
        }
        let home = scratch + "/home-\(UUID().uuidString.prefix(8))"
        let env = ["CLAIMS_HOME": home, "CLAIMS_REVIEWER": "ana"]
        defer { _ = try? TestProcess.claims(["db", "stop"], environment: env) }

        let before = try TestProcess.claims(["db", "status", "--format", "json"], environment: env)
        #expect(before.status == 0)
        #expect(before.stdout.contains("\"initialized\" : false"))

        // Any command starts (and migrates) the local database when nothing else is configured.
        let add = try TestProcess.claims(
            ["add", "Turnout was 66.6% in 2020.", "--source-url", "https://example.com/turnout"], environment: env)
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stderr.contains("Started the local PostgreSQL database"))

        let status = try TestProcess.claims(["db", "status", "--format", "json"], environment: env)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(json["running"] as? Bool == true)
        #expect(json["home"] as? String == home)
        #expect(
            FileManager.default.fileExists(atPath: home + "/run/.s.PGSQL.5432"), "listens on a socket in CLAIMS_HOME")
        let conf = try String(contentsOfFile: home + "/data/postgresql.conf", encoding: .utf8)
        #expect(conf.contains("listen_addresses = ''"), "no TCP")

        // Two commands at once against a running database both succeed.
        let parallel = try TestProcess.claimsConcurrently(3, ["list", "--format", "json"], environment: env)
        #expect(parallel.allSatisfy { $0.status == 0 })

        let stop = try TestProcess.claims(["db", "stop"], environment: env)
        #expect(stop.status == 0)
        #expect(stop.stdout.contains("Stopped"))
        let stopped = try TestProcess.claims(["db", "status", "--format", "json"], environment: env)
        #expect(stopped.stdout.contains("\"running\" : false"))

        // Starting again finds the claim still there.
        let start = try TestProcess.claims(["db", "start"], environment: env)
        #expect(start.status == 0, "\(start.stderr)")
        let list = try TestProcess.claims(["list", "--format", "csv"], environment: env)
        #expect(list.stdout.contains("Turnout was 66.6% in 2020."))
        let again = try TestProcess.claims(["db", "start"], environment: env)
        #expect(again.stdout.contains("already running"))
    }

    @Test func concurrentFirstUseCreatesOneCluster() throws {
        guard let scratch = ProcessInfo.processInfo.environment["CLAIMS_TEST_SCRATCH"] else {
            throw TestDatabase.NotConfigured()
        }
        let home = scratch + "/race-\(UUID().uuidString.prefix(8))"
        let env = ["CLAIMS_HOME": home]
        defer { _ = try? TestProcess.claims(["db", "stop"], environment: env) }
        let results = try TestProcess.claimsConcurrently(3, ["list", "--format", "json"], environment: env)
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
        #expect(results.filter { $0.stderr.contains("Started") }.count == 1)
    }
}
