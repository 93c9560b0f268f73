import ArgumentParser
import ClaimStore
import Foundation

extension Claims {
    struct ShowSource: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a source: its title, address, outlet and dates, and the claims found in it.",
            discussion: """
                Example:
                  claims source show 4
                """)

        @Argument(help: "The source id, as `claims sources` and `claims show` give it (with or without #).")
        var id: ClaimID

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func run() throws {
            guard let detail = try options.openStore().source(id.value) else {
                throw CLIError.message("No source #\(id.value); `claims sources` lists them.")
            }
            switch output.format {
            case .json: print(try JSONOutput.encode(detail))
            case .csv:
                var csv = CSVWriter(
                    header: ["id", "status", "verdict", "start_offset", "text"], numericColumns: ["id", "start_offset"])
                for c in detail.claims {
                    csv.append([String(c.id), c.status.rawValue, c.verdict, c.startOffset.map(String.init), c.text])
                }
                print(csv.text, terminator: "")
            case .table:
                print(Self.render(detail, wide: output.wide), terminator: "")
            }
        }

        static func render(_ detail: SourceDetail, wide: Bool) -> String {
            let v = Terminal.visible
            let s = detail.source
            var out = Terminal.styled("Source #\(s.id)", .bold) + (s.title.map { "  \"\(v($0))\"" } ?? "") + "\n"
            if let url = s.url { out += "  \(v(url))\n" }
            var facts: [String] = []
            if let outlet = s.outlet { facts.append("outlet: \(v(outlet))") }
            if let author = s.author { facts.append("author: \(v(author))") }
            facts.append("published: " + (s.publishedAt.map(DateText.short) ?? "unknown"))
            out += "  " + facts.joined(separator: "  ") + "\n"
            out +=
                "  retrieved \(DateText.long(s.retrievedAt)); \(s.claims) claim\(s.claims == 1 ? "" : "s"), \(s.open) open\n"
            guard !detail.claims.isEmpty else { return out + "\nNo claims were found in it.\n" }
            out += "\n"
            var table = TableWriter(headers: ["ID", "STATUS", "VERDICT", "CLAIM"], textColumn: 3, wide: wide)
            for c in detail.claims { table.append(["#\(c.id)", c.status.rawValue, c.verdict ?? "-", c.text]) }
            return out + table.render()
        }
    }
}
