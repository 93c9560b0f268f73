import Foundation
import TestSupport
import Testing

/// The README promises scripts that every JSON key is present, null when empty. Each object
/// every JSON output prints is checked here against one declared list of keys, with a claim
/// whose optional fields are empty beside one whose fields are filled.
@Suite("claims JSON output: every key present", .dropsTestDatabases)
struct JSONKeysBinaryTests {
    /// The keys of one kind of object and, for those that hold objects, what they hold.
    indirect enum Shape: Sendable {
        case value
        case object([String: Shape])
        case array(Shape)

        /// An object whose keys are all plain values.
        static func values(_ keys: [String]) -> Shape {
            .object(Dictionary(uniqueKeysWithValues: keys.map { ($0, .value) }))
        }
    }

    static let facts = Shape.object([
        "quantities": .array(.values(["text", "value", "unit"])),
        "dates": .array(.values(["text", "iso"])),
    ])
    static let claimKeys: [String: Shape] = [
        "id": .value, "text": .value, "normalized": .value, "speaker": .value, "kind": .value, "score": .value,
        "status": .value, "verdict": .value, "verdict_note": .value, "dismiss_reason": .value, "assignee": .value,
        "version": .value, "created_by": .value, "created_at": .value, "updated_at": .value, "reviewed_at": .value,
        "origin": .value, "source_count": .value, "facts": facts,
    ]
    static let priorCheck = Shape.values(["id", "verdict", "reviewed_at", "similarity"])
    static let claim = Shape.object(claimKeys)
    static let priorVariant = Shape.values(["id", "verdict", "reviewed_at", "similarity", "change"])
    static let listed = Shape.object(
        claimKeys.merging(["checked_before": .array(priorCheck), "variant_of": .array(priorVariant)]) { a, _ in a })
    static let event = Shape.values([
        "id", "action", "reviewer", "database_user", "occurred_at", "from_status", "to_status", "field", "old_value",
        "new_value", "note", "claim_version",
    ])
    static let detail = Shape.object([
        "claim": claim,
        "appearances": .array(
            .values([
                "source_id", "url", "title", "outlet", "published_at", "start_offset", "end_offset", "context",
                "added_at",
            ])),
        "evidence": .array(.values(["id", "url", "stance", "note", "added_by", "added_at", "database_user"])),
        "history": .array(event),
        "checked_before": .array(priorCheck),
        "variant_of": .array(priorVariant),
    ])
    static let added = Shape.object([
        "claim": claim, "already_tracked": .value, "checked_before": .array(priorCheck),
        "variant_of": .array(priorVariant),
    ])
    static let match = Shape.object([
        "claim": claim, "score": .value, "matched_words": .value, "query_words": .value, "similarity": .value,
        "relation": .value, "change": .value,
    ])
    static let verdict = Shape.values([
        "name", "label", "description", "position", "rating_value", "best_rating", "worst_rating",
    ])

    /// Records every object whose keys differ from its shape; returns how many objects were checked.
    @discardableResult
    static func check(_ json: Any, _ shape: Shape, _ path: String = "$") -> Int {
        switch shape {
        case .value:
            return 0
        case .array(let element):
            guard let items = json as? [Any] else {
                Issue.record("\(path) is not an array: \(json)")
                return 0
            }
            return items.enumerated().reduce(0) { $0 + check($1.element, element, "\(path)[\($1.offset)]") }
        case .object(let keys):
            guard let object = json as? [String: Any] else {
                Issue.record("\(path) is not an object: \(json)")
                return 0
            }
            let have = Set(object.keys)
            let want = Set(keys.keys)
            #expect(
                have == want,
                "\(path): missing \(want.subtracting(have).sorted()), unexpected \(have.subtracting(want).sorted())")
            var checked = 1
            for (key, child) in keys { if let value = object[key] { checked += check(value, child, "\(path).\(key)") } }
            return checked
        }
    }

    let database: TestDatabase
    let folder: String
    var env: [String: String] { ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "ana"] }

    init() throws {
        database = try TestDatabase.migrated("jsonkeys")
        folder = NSTemporaryDirectory() + "claims-jsonkeys-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func json(_ arguments: [String]) throws -> Any {
        let result = try TestProcess.claims(arguments + ["--format", "json"], environment: env)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test func everyObjectOfEveryJSONOutputHasItsDeclaredKeys() throws {
        let article = folder + "/article.txt"
        try """
        ---
        title: Council raises fares
        url: https://news.example/fares
        published: 2026-03-01
        ---
        The council voted 7-2 on Tuesday to raise fares by 15 percent from March 2026, the mayor said.

        Unemployment fell to 3.4 percent in January, according to the statistics office.
        """.write(toFile: article, atomically: true, encoding: .utf8)
        #expect(try TestProcess.claims(["ingest", article], environment: env).status == 0)

        // One claim with every optional field filled: verified, with evidence and a note.
        let taken = try #require(try json(["next"]) as? [String: Any])
        Self.check(taken, Self.listed)
        let id = try #require(taken["id"] as? Int)
        #expect(
            try TestProcess.claims(
                [
                    "evidence", "add", String(id), "https://stats.example/table", "--stance", "refutes", "--note",
                    "Table 4",
                ], environment: env
            ).status == 0)
        let verified = try TestProcess.claims(
            ["verify", String(id), "--verdict", "false", "--note", "The table says 3.9 percent."], environment: env)
        #expect(verified.status == 0, "\(verified.stderr)")

        // A hand-added claim with no speaker, no sources beyond its URL, nothing reviewed.
        let added = try json(["add", "Crime fell 12 percent in 2025.", "--source-url", "https://x.example/crime"])
        Self.check(added, Self.added)
        let addedID = try #require(((added as? [String: Any])?["claim"] as? [String: Any])?["id"] as? Int)

        var checked = 0
        for shown in [id, addedID] {
            let detail = try json(["show", String(shown)])
            checked += Self.check(detail, Self.detail)
            checked += Self.check(try json(["history", String(shown)]), .array(Self.event))
            // Both the empty and the filled forms of the optional fields.
            let history = try #require((detail as? [String: Any])?["history"] as? [[String: Any]])
            #expect(history.contains { $0["from_status"] is NSNull }, "an event with no from_status prints null")
        }
        let filled = try #require(try json(["show", String(id)]) as? [String: Any])
        #expect((filled["evidence"] as? [Any])?.count == 1)
        #expect(((filled["claim"] as? [String: Any])?["verdict_note"] as? String) == "The table says 3.9 percent.")
        #expect((filled["appearances"] as? [Any])?.count == 1)

        checked += Self.check(try json(["list"]), .array(Self.listed))
        checked += Self.check(try json(["list", "--status", "verified"]), .array(Self.listed))
        for query in ["council fares", "unemployment fell percent statistics spending"] {
            let matches = try json(["search", query])
            #expect((matches as? [Any])?.isEmpty == false, "\(query)")
            checked += Self.check(matches, .array(Self.match))
        }
        checked += Self.check(try json(["verdicts"]), .array(Self.verdict))
        checked += Self.check(
            try json(["stats"]),
            .object([
                "total": .value, "by_status": .value, "by_verdict": .value, "verdicts_by_reviewer": .value,
                "median_hours_to_verdict": .value,
                "verdicts_by_reviewer_login": .array(.values(["reviewer", "database_user", "verdicts"])),
                "oldest_pending": .array(.values(["id", "text", "score", "created_at"])),
            ]))
        #expect(checked > 40, "objects checked: \(checked)")
    }
}
