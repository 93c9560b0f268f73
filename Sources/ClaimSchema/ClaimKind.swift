/// What sort of checkable statement a claim makes: found by extraction
/// (`FactExtractor`), stored in `claims.kind`, chosen with `--kind`.
///
/// The one definition: the database's CHECK constraint on `claims.kind`
/// (sql/001_initial_schema.sql) holds the same values, and SchemaTests reads that
/// constraint from a live database and compares the two sets.
public enum ClaimKind: String, CaseIterable, Codable, Sendable {
    case quantity, date, comparison, quote, event, other
}
