import ClaimSchema
import Foundation
import Postgres

/// A verdict on the desk's scale, as `claims verdicts` lists it.
public struct Verdict: Codable, Sendable, Equatable {
    public var name: String
    public var label: String
    public var ratingValue: Int?
    public var bestRating: Int
    public var worstRating: Int
    public var position: Int
    public var description: String?

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(label, forKey: .label)
        try c.encode(ratingValue, forKey: .ratingValue)
        try c.encode(bestRating, forKey: .bestRating)
        try c.encode(worstRating, forKey: .worstRating)
        try c.encode(position, forKey: .position)
        try c.encode(description, forKey: .description)
    }
}

/// What `claims next` took, with everything it prints, read before the commit.
public struct TakenClaim: Sendable {
    public var detail: ClaimDetail
    /// Other claims the reviewer already holds in review, oldest first.
    public var alsoHeld: [Claim]
}

/// Narrows `claims next` to part of the queue.
public struct QueueFilter: Sendable {
    public var sourceID: Int64?
    public var kind: ClaimKind?
    public var minScore: Double?

    public init(sourceID: Int64? = nil, kind: ClaimKind? = nil, minScore: Double? = nil) {
        self.sourceID = sourceID
        self.kind = kind
        self.minScore = minScore
    }
}

extension ClaimStore {
    /// The verdict scale, in its order.
    public func verdicts() throws -> [Verdict] {
        try db.query(
            "SELECT name, label, rating_value, best_rating, worst_rating, position, description FROM verdicts ORDER BY position, name"
        ).map { row in
            Verdict(
                name: try row.decode("name"), label: try row.decode("label"),
                ratingValue: try row.decode("rating_value", as: Int?.self), bestRating: try row.decode("best_rating"),
                worstRating: try row.decode("worst_rating"), position: try row.decode("position"),
                description: try row.decode("description", as: String?.self))
        }
    }

    /// Takes the highest-scored pending claim nobody holds and assigns it to `reviewer`.
    ///
    /// Atomic under any number of reviewers: the row is locked with `FOR UPDATE SKIP
    /// LOCKED`, so two reviewers at the same moment get different claims. Returns nil
    /// when the queue (as narrowed by `filter`) is empty.
    public func takeNext(for reviewer: String, filter: QueueFilter = QueueFilter()) throws -> Claim? {
        try takeNextForReview(for: reviewer, filter: filter)?.detail.claim
    }

    /// `takeNext`, returning everything `claims next` prints, read in the same
    /// transaction as the assignment: once it commits, nothing is left to fail, so a
    /// reviewer never holds a claim whose id they were not shown.
    ///
    /// ```swift
    /// if let taken = try store.takeNextForReview(for: "ana") {
    ///     print(taken.detail.claim.id, taken.alsoHeld.map(\.id))
    /// }
    /// ```
    public func takeNextForReview(for reviewer: String, filter: QueueFilter = QueueFilter()) throws -> TakenClaim? {
        try db.transaction { db in
            var query = SQLQuery(
                unsafeSQL: "SELECT c.id FROM claims c WHERE c.status = 'pending' AND c.assignee IS NULL")
            query.append(
                ClaimFilter(sourceID: filter.sourceID, minScore: filter.minScore, kind: filter.kind).conditions)
            query.appendSQL(" ORDER BY c.score DESC NULLS LAST, c.id LIMIT 1 FOR UPDATE SKIP LOCKED")
            guard let row = try db.query(query).first else { return nil }
            let id: Int64 = try row.decode("id")
            guard
                let updated = try db.query(
                    """
                    UPDATE claims SET status = 'in_review', assignee = \(reviewer), version = version + 1, updated_at = now()
                    WHERE id = \(id) RETURNING version
                    """
                ).first
            else { throw ClaimStoreError.claimNotFound(id: id) }
            try recordEvent(
                id: id, action: .assigned, reviewer: reviewer, from: .pending, to: .inReview, field: "assignee",
                old: nil, new: reviewer, note: "taken from the queue", version: try updated.decode("version"))
            let held = try heldClaims(by: reviewer).filter { $0.id != id }
            return TakenClaim(detail: try detail(id: id), alsoHeld: held)
        }
    }

    /// The claims `reviewer` holds in review, oldest change first.
    public func heldClaims(by reviewer: String) throws -> [Claim] {
        var query = SQLQuery(
            unsafeSQL: "SELECT \(Claim.columns) FROM claims c WHERE c.status = 'in_review' AND c.assignee = ")
        query.appendBind(reviewer)
        query.appendSQL(" ORDER BY c.updated_at, c.id")
        return try db.query(query).map { try Claim(row: $0) }
    }

    /// Gives a claim in review back to the queue: `pending` again, held by nobody.
    ///
    /// The holder can release their own claim; releasing someone else's takes an
    /// editor (role `claims_editor`), as it takes their work away.
    public func release(id: Int64, reason: String?, reviewer: String, expectedVersion: Int? = nil) throws -> Claim {
        let reason = reason.map { ClaimText.clean($0, multiline: true) }
        return try change(id: id, action: .release, reviewer: reviewer, expectedVersion: expectedVersion) { claim, _ in
            if let holder = claim.assignee, holder != reviewer, !(try self.isEditor()) {
                throw ClaimStoreError.refused(
                    "Claim #\(id) is held by \(holder); only they or an editor (role claims_editor) can release it.")
            }
            return ChangeSet(
                assignments: "assignee = NULL", field: "assignee", old: claim.assignee, new: nil, note: reason)
        }
    }

    /// Releases every claim that has sat in review, unchanged, for longer than `age`
    /// seconds: the claims of a reviewer who left, or of a `next` that never reached
    /// its reviewer. An editor's job. Returns the released claims.
    public func releaseStale(olderThan age: Int, reason: String?, reviewer: String) throws -> [Claim] {
        guard try isEditor() else {
            throw ClaimStoreError.refused(
                "Releasing other reviewers' stale claims takes an editor (role claims_editor); release your own with `claims release ID`."
            )
        }
        let stale: [Int64] = try db.query(
            """
            SELECT id FROM claims
            WHERE status = 'in_review' AND updated_at < now() - make_interval(secs => \(Double(age)))
            ORDER BY id
            """
        ).map { try $0.decode("id") }
        var released: [Claim] = []
        for id in stale {
            do {
                released.append(
                    try release(
                        id: id, reason: reason ?? "stale: no change for \(Self.ageText(age))", reviewer: reviewer))
            } catch ClaimStoreError.refused, ClaimStoreError.conflict {
                continue  // verified, dismissed or changed since the scan: no longer stale
            }
        }
        return released
    }

    /// An age in seconds as people say it: "24 h", "90 min", "2 d".
    static func ageText(_ seconds: Int) -> String {
        if seconds % 86400 == 0 { return "\(seconds / 86400) d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600) h" }
        if seconds % 60 == 0 { return "\(seconds / 60) min" }
        return "\(seconds) s"
    }

    /// Whether this session's database login may do an editor's work.
    func isEditor() throws -> Bool {
        guard
            let row = try db.query(
                """
                SELECT pg_has_role(session_user, 'claims_editor', 'MEMBER')
                    OR (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user) AS editor
                """
            ).first
        else { return false }
        return try row.decode("editor", as: Bool?.self) ?? false
    }

    /// Assigns a claim to a reviewer (who may be someone else).
    public func assign(id: Int64, to assignee: String, reviewer: String, expectedVersion: Int? = nil) throws -> Claim {
        let assignee = ClaimText.clean(assignee)
        return try change(id: id, action: .assign, reviewer: reviewer, expectedVersion: expectedVersion) {
            claim, next in
            ChangeSet(
                assignments: "assignee = \(assignee)", field: "assignee", old: claim.assignee, new: assignee, note: nil)
        }
    }

    /// Attaches evidence to a claim.
    public func addEvidence(
        id: Int64, url: String, stance: EvidenceStance, note: String?, reviewer: String, expectedVersion: Int? = nil
    ) throws -> Claim {
        let note = note.map { ClaimText.clean($0, multiline: true) }
        guard ClaimText.isWebURL(url) else {
            throw ClaimStoreError.invalidInput(
                "The evidence URL '\(url)' is not a full http or https address; give one such as https://example.org/report."
            )
        }
        return try change(id: id, action: .addEvidence, reviewer: reviewer, expectedVersion: expectedVersion) { _, _ in
            try self.db.execute(
                "INSERT INTO evidence (claim_id, url, stance, note, added_by) VALUES (\(id), \(url), \(stance.rawValue), \(note), \(reviewer))"
            )
            return ChangeSet(
                assignments: nil, field: "evidence", old: nil, new: url,
                note: note.map { "\(stance.rawValue): \($0)" } ?? stance.rawValue)
        }
    }

    /// The name on the scale that `name` means: the same name, else the one that differs
    /// only in case (`False` is `false`). Throws `invalidInput` naming the scale otherwise.
    public func verdictName(matching name: String) throws -> String {
        let scale = try verdicts().map(\.name)
        if scale.contains(name) { return name }
        if let match = scale.first(where: { $0.lowercased() == name.lowercased() }) { return match }
        throw ClaimStoreError.invalidInput(
            "'\(name)' is not on the verdict scale; choose one of: \(scale.joined(separator: ", ")) (`claims verdicts` lists them)."
        )
    }

    /// Records a verdict. Needs a verdict from the scale and at least one piece of
    /// evidence, given here (`evidence`, stored with stance `context`) or attached before.
    public func verify(
        id: Int64, verdict: String, note: String?, evidence: [String], reviewer: String, expectedVersion: Int? = nil
    ) throws -> Claim {
        let note = note.map { ClaimText.clean($0, multiline: true) }
        let verdict = try verdictName(matching: verdict)
        for url in evidence where !ClaimText.isWebURL(url) {
            throw ClaimStoreError.invalidInput(
                "The evidence URL '\(url)' is not a full http or https address; give one such as https://example.org/report."
            )
        }
        return try change(id: id, action: .verify, reviewer: reviewer, expectedVersion: expectedVersion) { claim, _ in
            for url in evidence {
                try self.db.execute(
                    "INSERT INTO evidence (claim_id, url, stance, added_by) VALUES (\(id), \(url), 'context', \(reviewer))"
                )
            }
            let attached: Int = try self.db.queryOne(
                "SELECT count(*) AS n FROM evidence WHERE claim_id = \(id)",
                purpose: "the number of evidence links of claim #\(id)"
            ).decode("n")
            guard attached > 0 else {
                throw ClaimStoreError.invalidInput(
                    "Claim #\(id) has no evidence yet; give --evidence URL or attach some with `claims evidence add \(id) URL`."
                )
            }
            return ChangeSet(
                assignments: "verdict = \(verdict), verdict_note = \(note), reviewed_at = now()", field: "verdict",
                old: claim.verdict, new: verdict, note: note, evidenceGiven: evidence)
        }
    }

    /// Dismisses a claim as not check-worthy, with the reason.
    public func dismiss(id: Int64, reason: String, reviewer: String, expectedVersion: Int? = nil) throws -> Claim {
        let reason = ClaimText.clean(reason, multiline: true).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw ClaimStoreError.invalidInput(
                "A dismissal needs a reason; give --reason TEXT, such as --reason \"opinion, not a fact\".")
        }
        return try change(id: id, action: .dismiss, reviewer: reviewer, expectedVersion: expectedVersion) { claim, _ in
            ChangeSet(assignments: "dismiss_reason = \(reason)", field: nil, old: nil, new: nil, note: reason)
        }
    }

    /// Sends a verified or dismissed claim back to the queue. The earlier verdict stays
    /// in the history (the event's old value).
    public func reopen(id: Int64, reason: String, reviewer: String, expectedVersion: Int? = nil) throws -> Claim {
        let reason = ClaimText.clean(reason, multiline: true).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw ClaimStoreError.invalidInput("Reopening needs a reason; give --reason TEXT.")
        }
        return try change(id: id, action: .reopen, reviewer: reviewer, expectedVersion: expectedVersion) { claim, _ in
            // A claim merged into another is that claim now; the schema keeps it dismissed.
            if let row = try db.query("SELECT merged_into FROM claims WHERE id = \(id)").first,
                let survivor = try row.decode("merged_into", as: Int64?.self)
            {
                throw ClaimStoreError.refused(
                    "Claim #\(id) was merged into #\(survivor) as a duplicate and stays dismissed; review #\(survivor) instead (`claims show \(survivor)`, `claims reopen \(survivor) --reason ...`)."
                )
            }
            return ChangeSet(
                assignments:
                    "verdict = NULL, verdict_note = NULL, dismiss_reason = NULL, assignee = NULL, reviewed_at = NULL",
                field: claim.verdict == nil ? nil : "verdict", old: claim.verdict, new: nil, note: reason)
        }
    }

    // MARK: - One change, one transaction, one event

    struct ChangeSet {
        /// Extra `SET` assignments (with their parameters), besides status and version.
        var assignments: SQLQuery?
        var field: String?
        var old: String?
        var new: String?
        var note: String?
        /// Evidence URLs stored with this change, each recorded as its own event.
        var evidenceGiven: [String] = []
    }

    /// Applies one change: checks the rules and the version the caller saw, updates the
    /// claim, and writes its audit row, all in one transaction.
    private func change(
        id: Int64, action: ReviewRules.Action, reviewer: String, expectedVersion: Int?,
        _ body: (Claim, ClaimStatus) throws -> ChangeSet
    ) throws -> Claim {
        try db.transaction { db in
            let current = try claim(id: id)
            let expected = expectedVersion ?? current.version
            if current.version != expected { throw try conflict(id: id, expected: expected) }
            let next = try ReviewRules.status(after: action, from: current.status, id: id)
            let changes = try body(current, next)
            var update = SQLQuery(unsafeSQL: "UPDATE claims SET version = version + 1, updated_at = now(), status = ")
            update.appendBind(next.rawValue)
            if let assignments = changes.assignments {
                update.appendSQL(", ")
                update.append(assignments)
            }
            update.appendSQL(" WHERE id = ")
            update.appendBind(id)
            update.appendSQL(" AND version = ")
            update.appendBind(expected)
            update.appendSQL(" RETURNING version")
            guard let row = try db.query(update).first else { throw try conflict(id: id, expected: expected) }
            let version: Int = try row.decode("version")
            for url in changes.evidenceGiven {
                try recordEvent(
                    id: id, action: .evidenceAdded, reviewer: reviewer, from: nil, to: nil, field: "evidence", old: nil,
                    new: url, note: "given with the verdict", version: version)
            }
            let eventAction: ClaimAction =
                switch action {
                case .take, .assign: .assigned
                case .release: .unassigned
                case .addEvidence: .evidenceAdded
                case .verify: .verified
                case .dismiss: .dismissed
                case .reopen: .reopened
                }
            try recordEvent(
                id: id, action: eventAction, reviewer: reviewer,
                from: current.status == next ? nil : current.status, to: current.status == next ? nil : next,
                field: changes.field, old: changes.old, new: changes.new, note: changes.note, version: version)
            return try claim(id: id)
        }
    }

    /// The error for a change whose claim moved on since the caller read it.
    private func conflict(id: Int64, expected: Int) throws -> ClaimStoreError {
        let current = try claim(id: id)
        let last = try db.query(
            "SELECT reviewer, occurred_at FROM claim_events WHERE claim_id = \(id) ORDER BY id DESC LIMIT 1"
        ).first
        return .conflict(
            id: id, expectedVersion: expected, currentVersion: current.version,
            changedBy: try last?.decode("reviewer", as: String.self),
            changedAt: try last?.decode("occurred_at", as: Date.self))
    }

    func recordEvent(
        id: Int64, action: ClaimAction, reviewer: String, from: ClaimStatus?, to: ClaimStatus?, field: String?,
        old: String?, new: String?, note: String?, version: Int
    ) throws {
        // Names and notes are stored without control characters, whoever passes them.
        let reviewer = ClaimText.clean(reviewer)
        let note = note.map { ClaimText.clean($0, multiline: true) }
        try db.execute(
            """
            INSERT INTO claim_events (claim_id, action, reviewer, from_status, to_status, field, old_value, new_value, note, claim_version)
            VALUES (\(id), \(action.rawValue), \(reviewer), \(from?.rawValue), \(to?.rawValue), \(field), \(old), \(new), \(note), \(version))
            """)
    }
}
