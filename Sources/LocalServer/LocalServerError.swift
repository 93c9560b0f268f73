/// A failure to set up, start or stop the local database, as one sentence that says
/// what went wrong and what to do next (install PostgreSQL, set CLAIMS_HOME, give --database).
public struct LocalServerError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
