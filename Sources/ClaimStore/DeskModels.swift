import Foundation
import Postgres

/// One of the desk's decisions, as a label for the check-worthiness model.
public struct DeskDecision: Sendable, Equatable {
    public var claimID: Int64
    public var text: String
    /// Verified: check-worthy. Dismissed as not check-worthy: not.
    public var checkworthy: Bool
}

/// The desk's decisions, and how many claims were left out and why.
public struct DeskDecisions: Sendable {
    /// Oldest claim first.
    public var decisions: [DeskDecision]
    /// Merged into another claim, or dismissed as a duplicate or as already checked:
    /// the text was check-worthy or not regardless, so the dismissal says nothing.
    public var duplicates: Int
    /// Pending or in review: not decided yet.
    public var undecided: Int

    public var checkworthy: Int { decisions.filter(\.checkworthy).count }
}

/// A check-worthiness model stored in the database by `claims model use FILE`.
public struct DeskModel: Sendable, Encodable {
    public var id: Int64
    public var sha256: String
    public var trainedAt: Date?
    public var trainedBy: String
    public var labelCount: Int?
    public var description: String?
    public var active: Bool
    /// The login that stored it, and when (stamped by the server).
    public var databaseUser: String
    public var storedAt: Date

    /// Its columns, for `SELECT ... FROM desk_models` (code, never input).
    static let columns = "id, sha256, trained_at, trained_by, label_count, description, active, db_user, stored_at"

    /// `SELECT` the columns (and `extra`, from code) `FROM desk_models`, then `tail`, whose values are parameters.
    static func select(extra: String = "", _ tail: SQLQuery) -> SQLQuery {
        var query = SQLQuery(unsafeSQL: "SELECT \(columns)\(extra) FROM desk_models ")
        query.append(tail)
        return query
    }

    init(row: Row) throws {
        id = try row.decode("id")
        sha256 = try row.decode("sha256")
        trainedAt = try row.decode("trained_at", as: Date?.self)
        trainedBy = try row.decode("trained_by")
        labelCount = try row.decode("label_count", as: Int?.self)
        description = try row.decode("description", as: String?.self)
        active = try row.decode("active")
        databaseUser = try row.decode("db_user")
        storedAt = try row.decode("stored_at")
    }
}

/// A store or a switch of the desk's model, from the append-only log.
public struct DeskModelEvent: Sendable, Encodable {
    public enum Action: String, Sendable, Encodable {
        case stored, activated, deactivated
    }

    public var modelID: Int64
    public var action: Action
    public var reviewer: String
    public var databaseUser: String
    public var occurredAt: Date
}

/// What `claims model use` stores: the model file's bytes and what it says of itself.
public struct NewDeskModel: Sendable {
    public var bytes: [UInt8]
    public var trainedAt: Date?
    public var trainedBy: String?
    public var labelCount: Int?
    public var description: String?

    public init(bytes: [UInt8], trainedAt: Date?, trainedBy: String?, labelCount: Int?, description: String?) {
        self.bytes = bytes
        self.trainedAt = trainedAt
        self.trainedBy = trainedBy
        self.labelCount = labelCount
        self.description = description
    }
}

extension ClaimStore {
    /// Dismissal reasons that say the claim is a duplicate, not that it is not check-worthy
    /// (a PostgreSQL regular expression, case-insensitive): "duplicate of #12", "dupe",
    /// "same as #4", "already checked", "already tracked", "merged into #9".
    public static let duplicateReasonPattern =
        #"\mdup(e|es|licate[sd]?)?\M|\msame (claim )?as (#|claim )?[0-9]|\malready (checked|tracked|verified|fact.?checked|covered)\M|\mmerged\M"#

    /// The desk's decisions as labels: a verified claim is check-worthy, a claim dismissed
    /// as not check-worthy is not. Claims merged into another, or dismissed as a duplicate
    /// (see `duplicateReasonPattern`), are left out, as are claims not decided yet.
    public func deskDecisions() throws -> DeskDecisions {
        let rows = try db.query(
            """
            SELECT id, text, status,
                   status = 'dismissed' AND (merged_into IS NOT NULL OR dismiss_reason ~* \(Self.duplicateReasonPattern)) AS duplicate
            FROM claims ORDER BY id
            """)
        var out = DeskDecisions(decisions: [], duplicates: 0, undecided: 0)
        for row in rows {
            let status: String = try row.decode("status")
            if try row.decode("duplicate", as: Bool.self) {
                out.duplicates += 1
            } else if status == ClaimStatus.verified.rawValue || status == ClaimStatus.dismissed.rawValue {
                out.decisions.append(
                    DeskDecision(
                        claimID: try row.decode("id"), text: try row.decode("text"), checkworthy: status == "verified"))
            } else {
                out.undecided += 1
            }
        }
        return out
    }

    /// The active desk model and its bytes, or nil when the built-in model is in use.
    public func activeDeskModel() throws -> (model: DeskModel, bytes: [UInt8])? {
        guard let row = try db.query(DeskModel.select(extra: ", model", "WHERE active")).first else {
            return nil
        }
        return (try DeskModel(row: row), try row.decode("model", as: ByteaValue.self).bytes)
    }

    /// A stored desk model's bytes.
    public func deskModelBytes(id: Int64) throws -> [UInt8]? {
        try db.query("SELECT model FROM desk_models WHERE id = \(id)").first?.decode("model", as: ByteaValue.self).bytes
    }

    /// Every stored desk model, newest first (without their bytes).
    public func deskModels() throws -> [DeskModel] {
        try db.query(DeskModel.select("ORDER BY id DESC")).map { try DeskModel(row: $0) }
    }

    /// The last time the active model changed (which model, and who switched), or nil
    /// when it never has.
    public func lastDeskModelSwitch() throws -> DeskModelEvent? {
        guard
            let row = try db.query(
                """
                SELECT model_id, action, reviewer, db_user, occurred_at FROM desk_model_events
                WHERE action IN ('activated', 'deactivated') ORDER BY id DESC LIMIT 1
                """
            ).first
        else { return nil }
        return DeskModelEvent(
            modelID: try row.decode("model_id"), action: try Claim.decodeEnum(row, "action"),
            reviewer: try row.decode("reviewer"), databaseUser: try row.decode("db_user"),
            occurredAt: try row.decode("occurred_at"))
    }

    /// Makes `new` the model every ingest and `claims add` on this database scores with,
    /// storing it first unless the same bytes are stored already. An editor's call.
    /// Returns the model, now active, and whether it was stored now.
    public func useDeskModel(_ new: NewDeskModel, reviewer: String) throws -> (model: DeskModel, stored: Bool) {
        try requireEditorToChooseModel()
        let reviewer = ClaimText.clean(reviewer)
        return try db.transaction { db in
            try lockDeskModelChoice(reviewer: reviewer)
            var stored = false
            let existing = try db.query(
                "SELECT id FROM desk_models WHERE sha256 = encode(sha256(\(ByteaValue(bytes: new.bytes))), 'hex')"
            ).first
            let id: Int64
            if let existing {
                id = try existing.decode("id")
            } else {
                let trainedBy = new.trainedBy.map { ClaimText.clean($0) }.flatMap(Self.nonEmpty) ?? reviewer
                let row = try db.queryOne(
                    """
                    INSERT INTO desk_models (model, trained_at, trained_by, label_count, description)
                    VALUES (\(ByteaValue(bytes: new.bytes)), \(new.trainedAt), \(trainedBy), \(new.labelCount),
                            \(new.description.map { ClaimText.clean($0, multiline: true) }.flatMap(Self.nonEmpty)))
                    RETURNING id
                    """, purpose: "the id of the new desk model"
                )
                id = try row.decode("id")
                stored = true
            }
            try db.execute("UPDATE desk_models SET active = false WHERE active AND id <> \(id)")
            try db.execute("UPDATE desk_models SET active = true WHERE id = \(id) AND NOT active")
            let model = try DeskModel(
                row: db.queryOne(DeskModel.select("WHERE id = \(id)"), purpose: "desk model #\(id)"))
            return (model, stored)
        }
    }

    /// Goes back to the model built into claims: no desk model is active. An editor's call.
    /// Returns the model that was active, if any.
    @discardableResult
    public func useBuiltInModel(reviewer: String) throws -> DeskModel? {
        try requireEditorToChooseModel()
        let reviewer = ClaimText.clean(reviewer)
        return try db.transaction { db in
            try lockDeskModelChoice(reviewer: reviewer)
            let update = SQLQuery(
                unsafeSQL: "UPDATE desk_models SET active = false WHERE active RETURNING \(DeskModel.columns)")
            return try db.query(update).first.map { try DeskModel(row: $0) }
        }
    }

    private func requireEditorToChooseModel() throws {
        guard try isEditor() else {
            throw ClaimStoreError.refused(
                "Choosing the check-worthiness model that every reviewer's ingest uses takes an editor (role claims_editor); ask one to run `claims model use`."
            )
        }
    }

    /// One switch at a time; the log's triggers name `reviewer`.
    private func lockDeskModelChoice(reviewer: String) throws {
        try db.query("SELECT pg_advisory_xact_lock(\(Self.deskModelLockKey))")
        try db.query("SELECT set_config('claims.reviewer', \(reviewer), true)")
    }

    /// "desk_mod" in ASCII: the advisory lock that serialises switches of the active model.
    static let deskModelLockKey: Int64 = 0x6465_736B_5F6D_6F64
}

/// A `bytea` value: sent as PostgreSQL's hex text (`\x...`), read from the binary result as is.
struct ByteaValue: PostgresEncodable, PostgresDecodable {
    static var postgresType: PostgresType { .bytea }

    var bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    init(postgresBytes bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresDecodingFailure) {
        guard type == .bytea else { throw PostgresDecodingFailure("its type \(type) is not bytea") }
        self.bytes = [UInt8](bytes)
    }

    var postgresText: String? {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        out.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
