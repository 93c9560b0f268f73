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

        @Option(name: .long, help: "Only claims with this status.")
        var status: ClaimStatus?

        @Option(name: .long, help: ArgumentHelp("Only claims that appeared in this source id.", valueName: "id"))
        var source: Int64?

        @Option(name: .long, help: ArgumentHelp("Only claims assigned to this reviewer.", valueName: "name"))
        var assignee: String?

        @Option(
            name: .customLong("min-score"), help: ArgumentHelp("Only claims scored at least this.", valueName: "x"),
            transform: ScoreArgument.parse)
        var minScore: Double?

        @Option(name: .long, help: "Only claims of this kind.")
        var kind: ClaimKind?

        @Option(name: .long, help: ArgumentHelp("Only claims added on or after this date.", valueName: "date"))
        var since: Day?

        @Option(name: .long, help: ArgumentHelp("Show at most this many (default 50).", valueName: "n"))
        var limit: Int?

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
            if query.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("The search is empty; give words to look for.")
            }
            if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more.") }
            try Day.check(since, option: "--since")
        }

        func run() throws {
            let store = try options.openStore()
            let ranking = SearchRanking.load()
            let wanted = limit ?? 50
            var matches = try store.search(
                query,
                filter: ClaimFilter(
                    status: status, sourceID: source, assignee: assignee, minScore: minScore, kind: kind,
                    since: since?.date,
                    limit: ranking == nil ? limit : max(wanted, SearchRanking.candidates)))
            if let ranking {
                matches = ranking.rank(
                    matches, query: query, limit: wanted, stored: try store.embeddings(of: matches.map(\.claim.id)))
            }
            try ClaimMatchOutput.print(matches, format: output.format, scoreHeader: "RANK", wide: output.wide)
        }
    }
}
