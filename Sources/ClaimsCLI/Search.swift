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

        @Option(name: .customLong("min-score"), help: ArgumentHelp("Only claims scored at least this.", valueName: "x"))
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
            if let ranking { matches = ranking.rank(matches, query: query, limit: wanted) }
            try ClaimMatchOutput.print(matches, format: output.format, scoreHeader: "RANK", wide: output.wide)
        }
    }

    struct Similar: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Claims worded like this one: likely duplicates, and variants with other figures.",
            discussion: """
                Duplicates: trigram similarity on the normalised text with the same facts; a \
                claim with other numbers, months or weekdays is never a duplicate, however alike \
                the words. Each claim is linked to its look-alikes (similarity 0.35 or more) \
                when it is stored; this lists those links. A lower --threshold looks afresh and \
                stores nothing. Variants, listed apart: the same statement with another number, \
                date or direction (32 vs 23 entities, Feb. 4 vs Feb. 5, rose vs fell), with \
                what changed; never merged. Act on a duplicate with `claims merge`; remove \
                either link with `claims unlink`.

                Example:
                  claims similar 12 --format json
                """)

        @Argument(help: "The claim id.")
        var id: ClaimID?

        @Option(name: .long, help: "Lowest similarity to list, 0 to 1.")
        var threshold: Double = ClaimStore.suggestionThreshold

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Measure the matcher on labelled pairs (TSV: a, b, same yes/no) instead; the database is left unchanged.",
                valueName: "pairs.tsv"))
        var evaluate: String?

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
            if !(0...1).contains(threshold) { throw ValidationError("--threshold must be between 0 and 1, such as 0.5.") }
            if (id == nil) == (evaluate == nil) { throw ValidationError("Give a claim id, or --evaluate PAIRS.tsv, but not both.") }
        }

        func run() throws {
            let store = try options.openStore()
            if let evaluate {
                let pairs = try Self.readPairs(evaluate)
                let result = try store.evaluateMatcher(pairs, threshold: threshold)
                for mistake in result.mistakes {
                    print("\(mistake.expected ? "missed" : "wrongly matched"): \(mistake.a)  |  \(mistake.b)")
                }
                print(String(
                    format: "Precision %.3f, recall %.3f on %d pairs (TP %d, FP %d, FN %d, TN %d) at threshold %.2f.",
                    result.precision, result.recall, pairs.count, result.truePositives, result.falsePositives,
                    result.falseNegatives, result.trueNegatives, threshold))
                print(
                    "Linked as variants: \(result.variantsLabelledDifferent) of the \(result.falsePositives + result.trueNegatives) pairs labelled different, "
                        + "\(result.variantsLabelledSame) of the \(result.truePositives + result.falseNegatives) labelled the same.")
                return
            }
            let duplicates = try store.similar(to: id!.value, threshold: threshold)
            let variants = try store.variants(of: id!.value)
            if output.format == .table {
                try ClaimMatchOutput.print(duplicates, format: .table, scoreHeader: "SIMILARITY", wide: output.wide, none: "No likely duplicates.")
                if !variants.isEmpty {
                    Swift.print("\nVariants: the same statement with another number, date or direction")
                    try ClaimMatchOutput.print(variants, format: .table, scoreHeader: "SIMILARITY", wide: output.wide)
                }
            } else {
                try ClaimMatchOutput.print(duplicates + variants, format: output.format, scoreHeader: "SIMILARITY", wide: output.wide, related: true)
            }
        }

        static func readPairs(_ path: String) throws -> [(a: String, b: String, same: Bool)] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError.message("Cannot read \(path); check the path.")
            }
            var pairs: [(a: String, b: String, same: Bool)] = []
            for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() where number > 0 {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard fields.count >= 3, ["yes", "no"].contains(fields[2].lowercased().trimmingCharacters(in: .whitespaces)) else {
                    throw CLIError.message("\(path), line \(number + 1): each row needs a<TAB>b<TAB>yes|no.")
                }
                pairs.append((fields[0], fields[1], fields[2].lowercased().hasPrefix("yes")))
            }
            return pairs
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
