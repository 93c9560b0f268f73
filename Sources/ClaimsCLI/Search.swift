import ArgumentParser
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

        @Option(name: .customLong("min-score"), help: ArgumentHelp("Only claims scored at least this.", valueName: "x"), transform: ScoreArgument.parse)
        var minScore: Double?

        @Option(name: .long, help: "Only claims of this kind.")
        var kind: ClaimKind?

        @Option(name: .long, help: ArgumentHelp("Only claims added on or after this date.", valueName: "date"))
        var since: String?

        @Option(name: .long, help: ArgumentHelp("Show at most this many (default 50).", valueName: "n"))
        var limit: Int?

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
            if query.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("The search is empty; give words to look for.") }
            if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more.") }
            if let since, ArticleOverrides.parseDate(since) == nil { throw ValidationError("--since '\(since)' is not a date; write it as YYYY-MM-DD.") }
        }

        func run() throws {
            let store = try options.openStore()
            let ranking = SearchRanking.load()
            let wanted = limit ?? 50
            var matches = try store.search(
                query,
                filter: ClaimFilter(
                    status: status, sourceID: source, assignee: assignee, minScore: minScore, kind: kind,
                    since: since.flatMap(ArticleOverrides.parseDate),
                    limit: ranking == nil ? limit : max(wanted, SearchRanking.candidates)))
            if let ranking {
                matches = ranking.rank(matches, query: query, limit: wanted, stored: try store.embeddings(of: matches.map(\.claim.id)))
            }
            try ClaimMatchOutput.print(matches, format: output.format, scoreHeader: "RANK", wide: output.wide)
        }
    }
}

enum ClaimMatchOutput {
    /// `related`: the CSV has the `relation` and `change` columns of `similar`.
    static func print(
        _ matches: [ClaimMatch], format: OutputFormat, scoreHeader: String, wide: Bool, none: String = "No claims match.",
        related: Bool = false
    ) throws {
        switch format {
        case .json:
            Swift.print(try JSONOutput.encode(matches))
        case .csv:
            // A similarity column only when search re-ranked by meaning; the others as ever.
            let showSimilarity = matches.contains { $0.similarity != nil }
            let extra = showSimilarity ? ["similarity"] : []
            var csv = CSVWriter(
                header: ["id", scoreHeader.lowercased(), "status", "verdict", "text"] + extra + (related ? ["relation", "change"] : []),
                numericColumns: Set(["id", scoreHeader.lowercased()] + extra))
            for m in matches {
                csv.append(
                    [String(m.claim.id), String(format: "%.4f", m.score), m.claim.status.rawValue, m.claim.verdict, m.claim.text]
                        + (showSimilarity ? [m.similarity.map { String(format: "%.4f", $0) }] : [])
                        + (related ? [m.relation?.rawValue, m.change] : []))
            }
            Swift.print(csv.text, terminator: "")
        case .table:
            if matches.isEmpty {
                Terminal.note(none)
                return
            }
            if matches.contains(where: { $0.relation == .variant }) {
                var table = TableWriter(headers: ["ID", scoreHeader, "STATUS", "CHANGE", "CLAIM"], textColumn: 4, wide: wide)
                for m in matches {
                    table.append([
                        "#\(m.claim.id)", String(format: "%.2f", m.score),
                        m.claim.status.rawValue + (m.claim.verdict.map { " (\($0))" } ?? ""), m.change ?? "-", m.claim.text,
                    ])
                }
                Swift.print(table.render(), terminator: "")
                return
            }
            // Search says how many of the query's words each claim has: all of them first.
            let showWords = matches.contains { $0.queryWords != nil }
            // Re-ranked by meaning: the cosine that ordered them, beside the word rank.
            let showSimilarity = matches.contains { $0.similarity != nil }
            let leading = ["ID"] + (showSimilarity ? ["SIMILARITY"] : []) + [scoreHeader] + (showWords ? ["WORDS"] : [])
            var table = TableWriter(headers: leading + ["STATUS", "CLAIM"], textColumn: leading.count + 1, wide: wide)
            for m in matches {
                let words = m.queryWords.map { wanted in "\(m.matchedWords ?? 0)/\(wanted)" } ?? "-"
                let similarity = showSimilarity ? [m.similarity.map { String(format: "%.2f", $0) } ?? "-"] : []
                table.append(
                    ["#\(m.claim.id)"] + similarity + [String(format: "%.2f", m.score)] + (showWords ? [words] : [])
                        + [m.claim.status.rawValue + (m.claim.verdict.map { " (\($0))" } ?? ""), m.claim.text])
            }
            Swift.print(table.render(), terminator: "")
        }
    }
}
