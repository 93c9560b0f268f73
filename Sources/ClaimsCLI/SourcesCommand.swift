import ArgumentParser
import ClaimStore
import Foundation

extension Claims {
    /// `claims sources`: the articles and pages claims were found in, newest first.
    struct Sources: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the sources claims were found in, newest first, with their claim counts.",
            discussion: """
                The ids are the ones --source takes in list, next and report.
                Examples:
                  claims sources --search fares
                  claims sources --outlet Reuters --since 2026-11-01
                  claims source show 4
                """)

        @Option(name: .long, help: ArgumentHelp("Only sources whose title, URL or outlet contains this text.", valueName: "text"))
        var search: String?

        @Option(name: .long, help: ArgumentHelp("Only sources from this outlet (any case).", valueName: "name"))
        var outlet: String?

        @Option(name: .long, help: ArgumentHelp("Only sources published (else retrieved) from this date on.", valueName: "date"))
        var since: String?

        @Option(name: .long, help: "At most this many sources.")
        var limit: Int?

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
            if let since, ArticleOverrides.parseDate(since) == nil {
                throw ValidationError("--since '\(since)' is not a date; write it as YYYY-MM-DD.")
            }
            if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more; leave it out to list every source.") }
        }

        func run() throws {
            let sources = try options.openStore().sources(SourceFilter(
                text: search, outlet: outlet, since: since.flatMap(ArticleOverrides.parseDate), limit: limit))
            switch output.format {
            case .json: print(try JSONOutput.encode(sources))
            case .csv:
                var csv = CSVWriter(
                    header: ["id", "published_at", "claims", "open", "outlet", "title", "url", "author", "retrieved_at"],
                    numericColumns: ["id", "claims", "open"])
                for s in sources {
                    csv.append([
                        String(s.id), s.publishedAt.map(KeyKeepingEncoder.iso8601), String(s.claims), String(s.open), s.outlet,
                        s.title, s.url, s.author, KeyKeepingEncoder.iso8601(s.retrievedAt),
                    ])
                }
                print(csv.text, terminator: "")
            case .table:
                guard !sources.isEmpty else {
                    print(search == nil && outlet == nil && since == nil
                        ? "No sources yet; `claims ingest FILE` or `claims add` records them."
                        : "No sources match.")
                    return
                }
                var table = TableWriter(headers: ["ID", "PUBLISHED", "CLAIMS", "OPEN", "OUTLET", "TITLE"], textColumn: 5, wide: output.wide)
                for s in sources {
                    let published: String = s.publishedAt.map { String(DateText.short($0).prefix(10)) } ?? "-"
                    let title: String = s.title ?? s.url ?? "(untitled)"
                    table.append(["#\(s.id)", published, String(s.claims), String(s.open), s.outlet ?? "-", title])
                }
                print(table.render(), terminator: "")
            }
        }
    }

    /// `claims source show ID`.
    struct Source: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work with one source: claims source show ID.",
            subcommands: [ShowSource.self])
    }

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
                var csv = CSVWriter(header: ["id", "status", "verdict", "start_offset", "text"], numericColumns: ["id", "start_offset"])
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
            out += "  retrieved \(DateText.long(s.retrievedAt)); \(s.claims) claim\(s.claims == 1 ? "" : "s"), \(s.open) open\n"
            guard !detail.claims.isEmpty else { return out + "\nNo claims were found in it.\n" }
            out += "\n"
            var table = TableWriter(headers: ["ID", "STATUS", "VERDICT", "CLAIM"], textColumn: 3, wide: wide)
            for c in detail.claims { table.append(["#\(c.id)", c.status.rawValue, c.verdict ?? "-", c.text]) }
            return out + table.render()
        }
    }
}
