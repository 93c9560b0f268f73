import ArgumentParser
import ClaimStore
import Foundation

extension Claims {
    struct Similar: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Claims worded like this one: likely duplicates, and variants with other figures.",
            discussion: """
                Duplicates: the same facts, and wording alike: trigram similarity 0.35 or more \
                on the normalised text or, for claims stored with sentence embeddings (the \
                sentence model installed) that share a figure, a cosine of 0.6 or more; \
                SIMILARITY is then the cosine. A claim with other numbers, months or weekdays, \
                or that measures another thing (revenue or profit, deaths or cases), is \
                never a duplicate, however alike the words. Each claim is linked to its \
                look-alikes when it is stored; this lists those links. A lower --threshold \
                looks afresh and stores nothing. Variants, listed apart: the same statement with another number, \
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
            if !(0...1).contains(threshold) {
                throw ValidationError("--threshold must be between 0 and 1, such as 0.5.")
            }
            if (id == nil) == (evaluate == nil) {
                throw ValidationError("Give a claim id, or --evaluate PAIRS.tsv, but not both.")
            }
        }

        func run() throws {
            let store = try options.openStore()
            if let evaluate {
                let pairs = try Self.readPairs(evaluate)
                // With the sentence model, the pairs are stored with embeddings, as ingest stores claims.
                var embeddings: [String: [Float]] = [:]
                if let embedder = ClaimEmbedder.load(consequence: "The pairs are matched by their words alone.") {
                    let texts = Array(Set(pairs.flatMap { [$0.a, $0.b] }))
                    embeddings = Dictionary(uniqueKeysWithValues: zip(texts, embedder.embed(texts)))
                } else {
                    Terminal.note(
                        "note: the sentence model is not installed; the pairs are matched by their words alone (scripts/fetch-sentence-model.sh installs it)."
                    )
                }
                let result = try store.evaluateMatcher(pairs, threshold: threshold, embeddings: embeddings)
                for mistake in result.mistakes {
                    print("\(mistake.expected ? "missed" : "wrongly matched"): \(mistake.a)  |  \(mistake.b)")
                }
                print(
                    String(
                        format:
                            "Precision %.3f, recall %.3f on %d pairs (TP %d, FP %d, FN %d, TN %d) at threshold %.2f.",
                        result.precision, result.recall, pairs.count, result.truePositives, result.falsePositives,
                        result.falseNegatives, result.trueNegatives, threshold))
                print(
                    "Linked as variants: \(result.variantsLabelledDifferent) of the \(result.falsePositives + result.trueNegatives) pairs labelled different, "
                        + "\(result.variantsLabelledSame) of the \(result.truePositives + result.falseNegatives) labelled the same."
                )
                return
            }
            let duplicates = try store.similar(to: id!.value, threshold: threshold)
            let variants = try store.variants(of: id!.value)
            if output.format == .table {
                try ClaimMatchOutput.print(
                    duplicates, format: .table, scoreHeader: "SIMILARITY", wide: output.wide,
                    none: "No likely duplicates.")
                if !variants.isEmpty {
                    Swift.print("\nVariants: the same statement with another number, date or direction")
                    try ClaimMatchOutput.print(variants, format: .table, scoreHeader: "SIMILARITY", wide: output.wide)
                }
            } else {
                try ClaimMatchOutput.print(
                    duplicates + variants, format: output.format, scoreHeader: "SIMILARITY", wide: output.wide,
                    related: true)
            }
        }

        static func readPairs(_ path: String) throws -> [(a: String, b: String, same: Bool)] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError.message("Cannot read \(path); check the path.")
            }
            var pairs: [(a: String, b: String, same: Bool)] = []
            for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated()
            where number > 0 {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard fields.count >= 3,
                    ["yes", "no"].contains(fields[2].lowercased().trimmingCharacters(in: .whitespaces))
                else {
                    throw CLIError.message("\(path), line \(number + 1): each row needs a<TAB>b<TAB>yes|no.")
                }
                pairs.append((fields[0], fields[1], fields[2].lowercased().hasPrefix("yes")))
            }
            return pairs
        }
    }
}
