import ArgumentParser

extension Claims {
    /// `claims db ...`: the local database and schema migrations.
    struct Db: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the local database and apply schema migrations.",
            discussion: """
                Subcommands:
                  claims db start      start the local database under CLAIMS_HOME
                  claims db status     show where it is and whether it runs
                  claims db stop       stop it; the data stays
                  claims db migrate    bring the configured database's schema up to date
                """,
            subcommands: [DbStart.self, DbStop.self, DbStatus.self, DbMigrate.self]
        )
    }
}
