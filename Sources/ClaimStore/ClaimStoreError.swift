import Foundation
import Postgres

/// Failures of the store that a person can act on. Each `description` is one
/// sentence that says what went wrong and what to do next.
public enum ClaimStoreError: Error, CustomStringConvertible, Equatable {
    case claimNotFound(id: Int64)
    case migrationChanged(version: Int, name: String)
    case migrationFailed(version: Int, name: String, reason: String)
    case databaseNewerThanBinary(databaseVersion: Int, binaryVersion: Int)
    case schemaMissing
    /// The login may not change the schema and there are migrations to apply.
    case migrationNotPermitted(user: String, pending: Int)
    case schemaOutdated(databaseVersion: Int, binaryVersion: Int)
    case invalidInput(String)
    /// A change the workflow does not allow from the claim's status.
    case refused(String)
    /// The claim changed since the caller read it.
    case conflict(id: Int64, expectedVersion: Int, currentVersion: Int, changedBy: String?, changedAt: Date?)
    /// A statement that returns one row returned none or several (see `Connection.queryOne`).
    case unexpectedRowCount(purpose: String, rows: Int)

    public var description: String {
        switch self {
        case .claimNotFound(let id):
            "No claim #\(id) exists; run `claims list` to see the claim ids."
        case .migrationChanged(let version, let name):
            "Migration \(Migration.fileName(version: version, name: name)) was changed after it was applied to this database; restore its original text and put the change in a new migration."
        case .migrationFailed(let version, let name, let reason):
            "Migration \(Migration.fileName(version: version, name: name)) failed and nothing of it was applied: \(reason)."
        case .databaseNewerThanBinary(let databaseVersion, let binaryVersion):
            "The database schema is at version \(databaseVersion) but this claims binary knows only up to \(binaryVersion); upgrade claims."
        case .schemaMissing:
            "The database has no ClaimTracker schema yet; run `claims db migrate` first."
        case .migrationNotPermitted(let user, let pending):
            "The database needs \(pending) migration\(pending == 1 ? "" : "s") and the login \(user) may not change its schema; run `claims db migrate` as the database's owner or an administrator."
        case .schemaOutdated(let databaseVersion, let binaryVersion):
            "The database schema is at version \(databaseVersion) and this claims needs \(binaryVersion); run `claims db migrate`."
        case .invalidInput(let message):
            message
        case .refused(let message):
            message
        case .conflict(let id, let expected, let current, let by, let at):
            "Claim #\(id) was changed by \(by ?? "someone") at \(at.map(ClaimStoreError.timestamp) ?? "an unknown time") (it is now version \(current), you had \(expected)); run `claims show \(id)` and try again."
        case .unexpectedRowCount(let purpose, let rows):
            "The database returned \(rows == 0 ? "no row" : "\(rows) rows") for \(purpose) where one was expected; run `claims db migrate` and, if it happens again, report it with the command you ran."
        }
    }
}

extension ClaimStoreError {
    static func timestamp(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d UTC", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
