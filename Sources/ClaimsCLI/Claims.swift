import ArgumentParser

/// The `claims` command: a fact-check claim tracker on PostgreSQL.
public struct Claims: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "Track check-worthy factual claims from sources to verdicts, on PostgreSQL.",
        discussion: """
            With no database configured, claims runs a PostgreSQL database of its own \
            under CLAIMS_HOME and starts it on first use. Give --database URL (or \
            DATABASE_URL, or libpq's PG* variables) to use a shared server instead.

            Examples:
              claims add "Unemployment fell to 3.4% in January." \\
                  --source-url https://example.com/jobs
              claims list --status pending
              claims show 1
            """,
        version: "0.1.0",
        subcommands: [
            Db.self, Extract.self, Ingest.self, Add.self, List.self, Show.self, Next.self, Assign.self,
            EvidenceCommand.self, Verify.self, Dismiss.self, Reopen.self, Release.self, History.self, Verdicts.self,
            Search.self, Similar.self, Merge.self, Unlink.self, Sources.self, Source.self, Report.self, Stats.self,
            Score.self, Model.self,
        ]
    )

    public init() {}
}
