import ArgumentParser
import ClaimStore
import Foundation

enum ClaimMatchOutput {
    /// `related`: the CSV has the `relation` and `change` columns of `similar`.
    static func print(
        _ matches: [ClaimMatch], format: OutputFormat, scoreHeader: String, wide: Bool,
        none: String = "No claims match.",
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
                header: ["id", scoreHeader.lowercased(), "status", "verdict", "text"] + extra
                    + (related ? ["relation", "change"] : []),
                numericColumns: Set(["id", scoreHeader.lowercased()] + extra))
            for m in matches {
                csv.append(
                    [
                        String(m.claim.id), String(format: "%.4f", m.score), m.claim.status.rawValue, m.claim.verdict,
                        m.claim.text,
                    ]
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
                var table = TableWriter(
                    headers: ["ID", scoreHeader, "STATUS", "CHANGE", "CLAIM"], textColumn: 4, wide: wide)
                for m in matches {
                    table.append([
                        "#\(m.claim.id)", String(format: "%.2f", m.score),
                        m.claim.status.rawValue + (m.claim.verdict.map { " (\($0))" } ?? ""), m.change ?? "-",
                        m.claim.text,
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
