import ArgumentParser
import ClaimStore

extension Claims {
    struct Verdicts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the verdict scale (kept in the database; editors can add ratings).",
            discussion: """
                An editor adds a rating with SQL, no rebuild needed:
                  INSERT INTO verdicts
                      (name, label, rating_value, best_rating, worst_rating, position)
                  VALUES ('pants-on-fire', 'Pants on fire', 0, 5, 0, 7);
                """)

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func run() throws {
            let verdicts = try options.openStore().verdicts()
            switch output.format {
            case .json: print(try JSONOutput.encode(verdicts))
            case .csv:
                var csv = CSVWriter(
                    header: [
                        "name", "label", "rating_value", "best_rating", "worst_rating", "position", "description",
                    ], numericColumns: ["rating_value", "best_rating", "worst_rating", "position"])
                for v in verdicts {
                    csv.append([
                        v.name, v.label, v.ratingValue.map(String.init), String(v.bestRating), String(v.worstRating),
                        String(v.position), v.description,
                    ])
                }
                print(csv.text, terminator: "")
            case .table:
                var table = TableWriter(
                    headers: ["NAME", "LABEL", "RATING", "DESCRIPTION"], textColumn: 3, wide: output.wide)
                for v in verdicts {
                    table.append([
                        v.name, v.label, v.ratingValue.map { "\($0) of \(v.worstRating)-\(v.bestRating)" } ?? "-",
                        v.description ?? "",
                    ])
                }
                print(table.render(), terminator: "")
            }
        }
    }
}
