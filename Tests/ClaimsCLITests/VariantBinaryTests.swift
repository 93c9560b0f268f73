import Foundation
import TestSupport
import Testing

/// An edited copy of an article with one figure changed: the reviewer is told the
/// same claim with the other figure was already checked.
@Suite("claims binary: variants of verified claims", .dropsTestDatabases)
struct VariantBinaryTests {
    let database: TestDatabase
    var env: [String: String] { ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "ana"] }

    init() throws {
        database = try TestDatabase.migrated("clivariants")
    }

    func run(_ arguments: [String]) throws -> ProcessResult {
        let result = try TestProcess.claims(arguments, environment: env)
        #expect(result.status == 0, "claims \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    func json(_ arguments: [String]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try run(arguments).stdout.utf8))
    }

    @Test func anEditedFigureIsReportedByIngestListShowNextAndSimilar() throws {
        let folder = NSTemporaryDirectory() + "claims-variants-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let article = """
            Treasury widens sanctions

            The Treasury Department sanctioned 32 Russian entities on Friday, officials said. The measures target \
            companies that supply military equipment, according to the department.
            """
        try article.write(toFile: folder + "/original.txt", atomically: true, encoding: .utf8)
        try article.replacingOccurrences(of: " 32 ", with: " 23 ").write(
            toFile: folder + "/edited.txt", atomically: true, encoding: .utf8)

        let first = try run(["ingest", folder + "/original.txt", "--published", "2026-03-01"])
        #expect(!first.stdout.contains("variant"), "nothing verified yet: \(first.stdout)")
        let claims = try #require(try json(["list", "--format", "json"]) as? [[String: Any]])
        let original = try #require(
            claims.first { ($0["text"] as? String)?.contains("32 Russian") == true }?["id"] as? Int)
        _ = try run(["verify", String(original), "--verdict", "false", "--evidence", "https://treasury.example/list"])

        let second = try run(["ingest", folder + "/edited.txt", "--published", "2026-03-02"])
        let notice = "variant of #\(original) (false, "
        #expect(
            second.stdout.contains(notice) && second.stdout.contains("): 32 → 23 Russian entities"), "\(second.stdout)")
        let listed = try #require(try json(["list", "--status", "pending", "--format", "json"]) as? [[String: Any]])
        let edited = try #require(listed.first { ($0["text"] as? String)?.contains("23 Russian") == true })
        let editedID = try #require(edited["id"] as? Int)
        #expect(second.stdout.contains("#\(editedID): \(notice)"))
        let variantOf = try #require(edited["variant_of"] as? [[String: Any]])
        #expect(
            variantOf.first?["id"] as? Int == original
                && variantOf.first?["change"] as? String == "32 → 23 Russian entities")
        #expect(try #require(edited["checked_before"] as? [Any]).isEmpty, "a variant is not the claim checked before")
        #expect(listed.allSatisfy { $0.keys.contains("variant_of") }, "every listed claim has the key")

        let table = try run(["list", "--status", "pending"]).stdout
        #expect(
            table.split(separator: "\n").first { $0.hasPrefix("#\(editedID) ") }?.contains(notice) == true, "\(table)")
        #expect(try run(["show", String(editedID)]).stdout.contains(notice + "2026-"))
        let source = try #require(
            (try json(["show", String(editedID), "--format", "json"]) as? [String: Any])?["appearances"]
                as? [[String: Any]])
        let next = try run(["next", "--source", String(try #require(source.first?["source_id"] as? Int))]).stdout
        #expect(next.contains(notice) || !next.contains("Claim #\(editedID)"), "\(next)")

        let similar = try #require(try json(["similar", String(editedID), "--format", "json"]) as? [[String: Any]])
        let variant = similar.first { $0["relation"] as? String == "variant" }
        #expect((variant?["claim"] as? [String: Any])?["id"] as? Int == original)
        #expect(
            similar.allSatisfy {
                $0["relation"] as? String != "duplicate" || ($0["claim"] as? [String: Any])?["id"] as? Int != original
            })
        let similarTable = try run(["similar", String(editedID)]).stdout
        #expect(
            similarTable.contains("Variants:") && similarTable.contains("32 → 23 Russian entities"), "\(similarTable)")

        _ = try run(["unlink", String(editedID), String(original)])
        #expect(!(try run(["show", String(editedID)]).stdout.contains(notice)))
        #expect(try #require(try json(["similar", String(editedID), "--format", "json"]) as? [Any]).isEmpty)
        #expect(try run(["history", String(editedID)]).stdout.contains("not a variant of #\(original)"))
    }
}
