import ClaimStore
import Foundation
import Postgres
import TestSupport
import Testing

/// The desk's decisions as labels, and the desk's model in the database: one active
/// at a time, chosen by editors only, never changed once stored, every switch logged.
@Suite("The desk's decisions and the desk's model", .dropsTestDatabases)
struct DeskModelTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.migrated("deskmodel")
    }

    private func addClaim(_ store: ClaimStore, _ text: String) throws -> Int64 {
        try store.add(NewClaim(text: text, sourceURL: "https://news.example/\(UUID().uuidString)"), reviewer: "desk")
            .claim.id
    }

    /// Bytes the database takes for a model: the "CTCW" header, then anything.
    private static func modelBytes(_ tag: String) -> [UInt8] { Array("CTCW".utf8) + Array("model \(tag)".utf8) }

    @Test func decisionsAreVerifiedAndDismissedClaimsLeavingOutDuplicatesAndOpenOnes() throws {
        let store = ClaimStore(connection: try database.connect())
        let verified = try addClaim(store, "The levy raised $4 million last year.")
        _ = try store.verify(
            id: verified, verdict: "true", note: nil, evidence: ["https://evidence.example/levy"], reviewer: "ana")
        let opinion = try addClaim(store, "The canal is the prettiest in the county.")
        _ = try store.dismiss(id: opinion, reason: "opinion, not a fact", reviewer: "ana")
        let merged = try addClaim(store, "The levy brought in four million dollars last year.")
        _ = try store.merge(merged, into: verified, reviewer: "ana")
        var duplicates: [Int64] = []
        for reason in [
            "Duplicate of #\(verified)", "dupe", "same as #\(verified)", "already checked in May",
            "Already fact-checked",
        ] {
            let id = try addClaim(store, "The levy raised four million, \(reason).")
            _ = try store.dismiss(id: id, reason: reason, reviewer: "ana")
            duplicates.append(id)
        }
        // Reasons that only look alike are decisions.
        let schedule = try addClaim(store, "Ferries leave every 20 minutes.")
        _ = try store.dismiss(id: schedule, reason: "a timetable, the same as every week", reviewer: "ana")
        let pending = try addClaim(store, "The sluice was shut for 40 days.")
        let inReview = try addClaim(store, "Silt counts were 3 times the limit.")
        _ = try store.assign(id: inReview, to: "ana", reviewer: "ana")
        let reopened = try addClaim(store, "The weir is unsafe, engineers warned.")
        _ = try store.dismiss(id: reopened, reason: "vague", reviewer: "ana")
        _ = try store.reopen(id: reopened, reason: "it names a report", reviewer: "ana")

        let found = try store.deskDecisions()
        #expect(found.decisions.map(\.claimID) == [verified, opinion, schedule], "oldest first")
        #expect(found.decisions.map(\.checkworthy) == [true, false, false])
        #expect(found.decisions[0].text == "The levy raised $4 million last year.")
        #expect(found.duplicates == 1 + duplicates.count, "the merged claim and the dismissed duplicates")
        #expect(found.undecided == 3, "pending, in review and reopened: \([pending, inReview, reopened])")
        #expect(found.checkworthy == 1)
    }

    @Test func oneModelIsActiveAtATimeAndEverySwitchIsLogged() throws {
        let store = ClaimStore(connection: try database.connect())
        #expect(try store.activeDeskModel() == nil)
        let trainedAt = Date(timeIntervalSince1970: 1_790_000_000)
        let (first, storedFirst) = try store.useDeskModel(
            NewDeskModel(
                bytes: Self.modelBytes("a"), trainedAt: trainedAt, trainedBy: "Ana", labelCount: 200,
                description: "levy beat"),
            reviewer: "Ed")
        #expect(storedFirst && first.active)
        #expect(first.trainedBy == "Ana" && first.labelCount == 200 && first.description == "levy beat")
        #expect(first.trainedAt == trainedAt)
        #expect(first.sha256.count == 64)
        let (second, _) = try store.useDeskModel(
            NewDeskModel(
                bytes: Self.modelBytes("b"), trainedAt: nil, trainedBy: nil, labelCount: nil, description: nil),
            reviewer: "Ed")
        #expect(second.trainedBy == "Ed", "a file that does not say who trained it is credited to who stored it")
        #expect(try store.activeDeskModel()?.model.id == second.id)
        #expect(try store.activeDeskModel()?.bytes == Self.modelBytes("b"))

        // The same bytes again are the model stored before, made active again.
        let (again, storedAgain) = try store.useDeskModel(
            NewDeskModel(
                bytes: Self.modelBytes("a"), trainedAt: nil, trainedBy: "someone", labelCount: 1, description: nil),
            reviewer: "Ed")
        #expect(again.id == first.id && !storedAgain && again.labelCount == 200)
        #expect(try store.deskModels().filter(\.active).map(\.id) == [first.id])

        #expect(try store.useBuiltInModel(reviewer: "Ed")?.id == first.id)
        #expect(try store.activeDeskModel() == nil)
        #expect(try store.useBuiltInModel(reviewer: "Ed") == nil, "already the built-in model")
        let last = try #require(try store.lastDeskModelSwitch())
        #expect(last.action == .deactivated && last.modelID == first.id && last.reviewer == "Ed")

        let db = try database.connect()
        let log = try db.query("SELECT model_id, action, reviewer FROM desk_model_events ORDER BY id").map {
            "\(try $0.decode("model_id", as: Int64.self)) \(try $0.decode("action", as: String.self)) \(try $0.decode("reviewer", as: String.self))"
        }
        #expect(
            log == [
                "\(first.id) stored Ed", "\(first.id) activated Ed", "\(second.id) stored Ed",
                "\(first.id) deactivated Ed",
                "\(second.id) activated Ed", "\(second.id) deactivated Ed", "\(first.id) activated Ed",
                "\(first.id) deactivated Ed",
            ])

        // The database holds the rule for every client: a second active model is refused.
        try db.execute("UPDATE desk_models SET active = true WHERE id = \(first.id)")
        let twice = #expect(throws: PostgresError.self) {
            try db.execute("UPDATE desk_models SET active = true WHERE id = \(second.id)")
        }
        #expect(twice?.code == .uniqueViolation)
    }

    @Test func aStoredModelNeverChangesAndItsLogIsAppendOnly() throws {
        let store = ClaimStore(connection: try database.connect())
        let (model, _) = try store.useDeskModel(
            NewDeskModel(
                bytes: Self.modelBytes("fixed"), trainedAt: nil, trainedBy: "Ana", labelCount: 10, description: nil),
            reviewer: "Ed")
        let db = try database.connect()  // the superuser: the rules hold for the owner too
        for change: SQLQuery in [
            "UPDATE desk_models SET label_count = 5000 WHERE id = \(model.id)",
            "UPDATE desk_models SET model = '\\x4354435700'::bytea WHERE id = \(model.id)",
            "UPDATE desk_models SET db_user = 'someone' WHERE id = \(model.id)",
        ] {
            let error = #expect(throws: PostgresError.self) { try db.execute(change) }
            #expect(error?.code == .checkViolation, "\(change.sql)")
        }
        #expect(throws: PostgresError.self) { try db.execute("DELETE FROM desk_models WHERE id = \(model.id)") }
        #expect(throws: PostgresError.self) { try db.execute("UPDATE desk_model_events SET reviewer = 'x'") }
        #expect(throws: PostgresError.self) { try db.execute("DELETE FROM desk_model_events") }
        let notAModel = #expect(throws: PostgresError.self) {
            try db.execute("INSERT INTO desk_models (model, trained_by) VALUES ('\\x00'::bytea, 'x')")
        }
        #expect(notAModel?.code == .checkViolation)
        #expect(try store.activeDeskModel()?.model.labelCount == 10)
    }

    @Test func onlyAnEditorLoginChoosesTheModelWhileEveryReviewerReadsIt() throws {
        try DeskLogins.with(database) { logins in
            let editor = ClaimStore(connection: try Connection(conninfo: logins.editorURL))
            let (model, _) = try editor.useDeskModel(
                NewDeskModel(
                    bytes: Self.modelBytes("editor's"), trainedAt: nil, trainedBy: "Ana", labelCount: 200,
                    description: nil),
                reviewer: "Ed")
            #expect(model.databaseUser == logins.editor, "the server stamps the login")

            let reviewer = ClaimStore(connection: try Connection(conninfo: logins.reviewerURL))
            #expect(try reviewer.activeDeskModel()?.model.id == model.id, "every reviewer's ingest reads it")
            let refused = #expect(throws: ClaimStoreError.self) { try reviewer.useBuiltInModel(reviewer: "Rita") }
            #expect(refused?.description.contains("takes an editor (role claims_editor)") == true)
            #expect(throws: ClaimStoreError.self) {
                try reviewer.useDeskModel(
                    NewDeskModel(
                        bytes: Self.modelBytes("reviewer's"), trainedAt: nil, trainedBy: nil, labelCount: nil,
                        description: nil),
                    reviewer: "Rita")
            }
            // Straight SQL from the reviewer login (psql) is refused by the database itself:
            // no switching, no rewriting the stored model, no forging or erasing the log.
            let modelBefore = try #require(try reviewer.activeDeskModel()).bytes
            for sql: SQLQuery in [
                "UPDATE desk_models SET active = false WHERE active",
                "UPDATE desk_models SET model = '\\x43544357ff'::bytea WHERE id = \(model.id)",
                "UPDATE desk_models SET label_count = 9999, description = 'rewritten' WHERE id = \(model.id)",
                "INSERT INTO desk_models (model, trained_by) VALUES ('\\x4354435701'::bytea, 'Rita')",
                "DELETE FROM desk_models WHERE id = \(model.id)",
                "TRUNCATE desk_models CASCADE",
                "INSERT INTO desk_model_events (model_id, action, reviewer, db_user, occurred_at) VALUES (\(model.id), 'activated', 'Rita', 'x', now())",
                "UPDATE desk_model_events SET reviewer = 'Rita'",
                "DELETE FROM desk_model_events",
            ] {
                let error = #expect(throws: PostgresError.self) { try reviewer.db.execute(sql) }
                #expect(error?.code == .insufficientPrivilege, "\(sql.sql)")
            }
            // The editor login may switch, but not rewrite what is stored either.
            for sql: SQLQuery in [
                "UPDATE desk_models SET model = '\\x43544357ff'::bytea WHERE id = \(model.id)",
                "UPDATE desk_models SET trained_by = 'Ed' WHERE id = \(model.id)",
                "INSERT INTO desk_models (model, trained_by, active) VALUES ('\\x4354435702'::bytea, 'Ed', true)",
                "DELETE FROM desk_models WHERE id = \(model.id)",
            ] {
                let error = #expect(throws: PostgresError.self) { try editor.db.execute(sql) }
                #expect(error?.code == .insufficientPrivilege, "\(sql.sql)")
            }
            // A grant too many does not make a reviewer an editor: the trigger asks the
            // catalog, not a temporary table named pg_roles that says the login is a superuser.
            let admin = try database.connect()
            try admin.executeScript("GRANT UPDATE (active) ON desk_models TO \(logins.reviewer)")
            try reviewer.db.executeScript(
                "CREATE TEMPORARY TABLE pg_roles (rolname name, rolsuper boolean); INSERT INTO pg_roles VALUES (current_user, true)"
            )
            #expect(
                try reviewer.db.query("SELECT rolsuper FROM pg_roles").first?.decode("rolsuper", as: Bool.self) == true,
                "the session does see its own table")
            let forged = #expect(throws: PostgresError.self) {
                try reviewer.db.execute("UPDATE desk_models SET active = false WHERE id = \(model.id)")
            }
            #expect(forged?.code == .insufficientPrivilege)
            #expect(forged?.message.contains("only an editor") == true, "\(String(describing: forged))")
            try admin.executeScript("REVOKE UPDATE (active) ON desk_models FROM \(logins.reviewer)")
            let after = try #require(try reviewer.activeDeskModel())
            #expect(after.model.id == model.id && after.bytes == modelBefore && after.model.labelCount == 200)
            #expect(
                try #require(
                    try admin.query(
                        "SELECT count(*) AS n FROM desk_model_events WHERE reviewer = 'Rita' OR db_user = \(logins.reviewer)"
                    ).first
                ).decode("n", as: Int.self) == 0, "nothing in the log from the reviewer")

            #expect(try editor.useBuiltInModel(reviewer: "Ed")?.id == model.id)
            let last = try #require(try editor.lastDeskModelSwitch())
            #expect(last.databaseUser == logins.editor && last.reviewer == "Ed")
        }
    }
}
