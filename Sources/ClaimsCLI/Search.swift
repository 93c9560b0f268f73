import ArgumentParser
import ClaimSchema
import ClaimStore
import Foundation

extension Claims {
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Full-text search over claims, English stemming, best match first.",
            discussion: """
                Web-search syntax: words, "quoted phrases", or, -word. Claims with every word \
                come first; then claims with at least half of the words (phrases and -words \
                still holding), most words first, so a claim typed from memory is found. Takes \
                the filters of `claims list`. With the sentence model installed (`claims model \
                status`), the first 50 found are re-ranked by meaning: the cosine of each \
                claim's embedding with the query's (SIMILARITY), so a question put in other \
                words finds its claim first.

                Examples:
                  claims search '"new start" treaty'
                  claims search unemployment --status verified --format json
                """)

        @Argument(help: "What to look for.")
        var query: String

        @OptionGroup var filters: ClaimFilterOptions

        @Option(name: .long, help: ArgumentHelp("Show at most this many (default 50).", valueName: "n"))
        var limit: Int?

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
            if query.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("The search is empty; give words to look for.")
            }
            if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more.") }
            try Day.check(filters.since, option: "--since")
        }

        func run() throws {
            let store = try options.openStore()
            let ranking = SearchRanking.load()
            let wanted = limit ?? 50
            var matches = try store.search(
                query,
                filter: filters.claimFilter(limit: ranking == nil ? limit : max(wanted, SearchRanking.candidates)))
            if let ranking {
                matches = ranking.rank(
                    matches, query: query, limit: wanted, stored: try store.embeddings(of: matches.map(\.claim.id)))
            }
            try ClaimMatchOutput.print(matches, format: output.format, scoreHeader: "RANK", wide: output.wide)
        }
    }
}
