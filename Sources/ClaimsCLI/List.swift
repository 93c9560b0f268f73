import ArgumentParser
import ClaimSchema
import ClaimStore

extension Claims {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List claims, best check-worthiness score first.",
            discussion: """
                On a terminal the table shows the first 50 claims and says how many more
                there are; --limit N or --all shows more. Piped, and as json or csv, every
                claim is listed.

                Examples:
                  claims list --status pending --limit 20
                  claims list --source 3 --format csv > claims.csv
                """)

        /// Claims a table on a terminal shows unless --limit or --all says otherwise.
        static let terminalPage = 50

        @OptionGroup var filters: ClaimFilterOptions

        @Option(name: .long, help: "Order: score (highest first, unscored last) or created (oldest first).")
        var sort: ClaimFilter.Sort = .score

        @Option(name: .long, help: ArgumentHelp("Show at most this many claims.", valueName: "n"))
        var limit: Int?

        @Flag(name: .long, help: "Show every claim, also on a terminal (which shows \(Self.terminalPage) at a time).")
        var all = false

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
            if let limit, limit < 1 {
                throw ValidationError("--limit must be 1 or more; give --all to list every claim.")
            }
            if all, limit != nil { throw ValidationError("Give --limit N or --all, not both.") }
            if let source = filters.source, source < 1 {
                throw ValidationError("--source takes a source id, a whole number from 1 up.")
            }
            try Day.check(filters.since, option: "--since")
        }

        func run() throws {
            let store = try options.openStore()
            // A person at a terminal gets a page; scripts (pipes, json, csv) get everything.
            let paged = output.format == .table && limit == nil && !all && Terminal.standardOutputIsTerminal
            let filter = filters.claimFilter(sort: sort, limit: paged ? Self.terminalPage : limit)
            let claims = try store.list(filter)
            let hidden = paged && claims.count == Self.terminalPage ? try store.count(filter) - claims.count : 0
            let checkedBefore = try store.checkedBefore(claims.map(\.id))
            let variantOf = try store.verifiedVariants(claims.map(\.id))
            switch output.format {
            case .json:
                print(
                    try JSONOutput.encode(
                        claims.map {
                            ListedClaim(
                                claim: $0, checkedBefore: checkedBefore[$0.id] ?? [], variantOf: variantOf[$0.id] ?? [])
                        }))
            case .csv: print(ClaimRows.csv(claims, checkedBefore: checkedBefore, variantOf: variantOf), terminator: "")
            case .table:
                if claims.isEmpty {
                    Terminal.note("No claims match.")
                } else {
                    print(
                        ClaimRows.table(claims, checkedBefore: checkedBefore, variantOf: variantOf, wide: output.wide),
                        terminator: "")
                }
                if hidden > 0 {
                    Terminal.note(
                        "\(hidden) more: `--limit N` shows more, `--all` shows all \(claims.count + hidden), or narrow with --status, --source, --kind or --min-score."
                    )
                }
            }
        }
    }
}
