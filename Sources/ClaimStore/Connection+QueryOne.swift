import Postgres

extension Connection {
    /// Runs a statement that returns exactly one row (a `count(*)`, an `INSERT … RETURNING`
    /// of one row, an `UPDATE … WHERE id = … RETURNING`) and returns that row.
    ///
    /// `purpose` names what the statement is for ("the number of matching claims"), so a
    /// result of no row or several says which statement it was instead of trapping.
    ///
    /// ```swift
    /// let n: Int = try db.queryOne("SELECT count(*) AS n FROM claims", purpose: "the number of claims").decode("n")
    /// ```
    public func queryOne(_ query: SQLQuery, purpose: String) throws -> Row {
        let result = try self.query(query)
        guard result.rowCount == 1, let row = result.first else {
            throw ClaimStoreError.unexpectedRowCount(purpose: purpose, rows: result.rowCount)
        }
        return row
    }
}
