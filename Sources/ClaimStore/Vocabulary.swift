/// Where a claim is in review. The database's CHECK constraint on `claims.status`
/// holds the same four values; a test keeps the two in step.
public enum ClaimStatus: String, CaseIterable, Codable, Sendable {
    case pending
    case inReview = "in_review"
    case verified
    case dismissed

    /// The status as people read it in reports: `in_review` is "In review".
    public var label: String {
        switch self {
        case .pending: "Pending"
        case .inReview: "In review"
        case .verified: "Verified"
        case .dismissed: "Dismissed"
        }
    }
}

/// How a piece of evidence bears on a claim. Mirrors the CHECK on `evidence.stance`.
public enum EvidenceStance: String, CaseIterable, Codable, Sendable {
    case supports, refutes, context
}

/// What an audit event records. Mirrors the CHECK on `claim_events.action`.
public enum ClaimAction: String, CaseIterable, Codable, Sendable {
    case created, assigned, unassigned
    case evidenceAdded = "evidence_added"
    case verified, dismissed, reopened, merged, edited, appeared, unlinked
}
