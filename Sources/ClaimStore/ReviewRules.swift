/// The review workflow's rules, in one place. The database enforces the same rules
/// (sql/003_review_workflow.sql); checking here first gives a person a sentence
/// that says what to do instead of a constraint name.
///
/// ```
/// pending ──next/assign──▶ in_review ──verify──▶ verified ──reopen (editor)──▶ pending
///  ▲ │                        │ │
///  │ └──────dismiss───────────┼─┴──▶ dismissed ──reopen──▶ pending
///  └────────release───────────┘
/// ```
public enum ReviewRules {
    public enum Action: Sendable, Equatable {
        case take, assign, addEvidence, verify, dismiss, reopen, release

        var verb: String {
            switch self {
            case .take: "take"
            case .assign: "assign"
            case .addEvidence: "add evidence to"
            case .verify: "verify"
            case .dismiss: "dismiss"
            case .reopen: "reopen"
            case .release: "release"
            }
        }
    }

    /// The status `action` leads to from `status`, or an error that says why not.
    public static func status(after action: Action, from status: ClaimStatus, id: Int64) throws -> ClaimStatus {
        func refuse(_ why: String) -> ClaimStoreError { .refused("Claim #\(id) cannot be \(why)") }
        switch (action, status) {
        case (.take, .pending): return .inReview
        case (.take, _): throw refuse("taken: it is \(status.rawValue), not pending.")
        case (.assign, .pending), (.assign, .inReview): return .inReview
        case (.assign, _):
            throw refuse("assigned: it is \(status.rawValue); reopen it first (`claims reopen \(id) --reason ...`).")
        case (.addEvidence, _): return status
        case (.verify, .pending), (.verify, .inReview): return .verified
        case (.verify, .verified):
            throw refuse(
                "verified again: it already has a verdict; an editor can reopen it (`claims reopen \(id) --reason ...`)."
            )
        case (.verify, .dismissed):
            throw refuse("verified: it was dismissed; reopen it first (`claims reopen \(id) --reason ...`).")
        case (.dismiss, .pending), (.dismiss, .inReview): return .dismissed
        case (.dismiss, _): throw refuse("dismissed: it is \(status.rawValue); reopen it first.")
        case (.reopen, .verified), (.reopen, .dismissed): return .pending
        case (.reopen, _): throw refuse("reopened: it is \(status.rawValue), not verified or dismissed.")
        case (.release, .inReview): return .pending
        case (.release, _): throw refuse("released: it is \(status.rawValue), not in review.")
        }
    }
}
