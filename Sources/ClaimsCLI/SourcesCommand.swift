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

        @Option(
            name: .long,
            help: ArgumentHelp("Only sources whose title, URL or outlet contains this text.", valueName: "text"))
        var search: String?

        @Option(name: .long, help: ArgumentHelp("Only sources from this outlet (any case).", valueName: "name"))
        var outlet: String?

        @Option(
            name: .long,
            help: ArgumentHelp("Only sources published (else retrieved) from this date on.", valueName: "date"))
        var since: Day?

        @Option(name: .long, help: "At most this many sources.")
        var limit: Int?

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
            try Day.check(since, option: "--since")
            if let limit, limit < 1 {
                throw ValidationError("--limit must be 1 or more; leave it out to list every source.")
            }
        }

        func run() throws {
            let sources = try options.openStore().sources(
                SourceFilter(
                    text: search, outlet: outlet, since: since?.date, limit: limit))
            switch output.format {
            case .json: print(try JSONOutput.encode(sources))
            case .csv:
                var csv = CSVWriter(
                    header: [
                        "id", "published_at", "claims", "open", "outlet", "title", "url", "author", "retrieved_at",
                    ],
                    numericColumns: ["id", "claims", "open"])
                for s in sources {
                    csv.append([
                        String(s.id), s.publishedAt.map(KeyKeepingEncoder.iso8601), String(s.claims), String(s.open),
                        s.outlet,
                        s.title, s.url, s.author, KeyKeepingEncoder.iso8601(s.retrievedAt),
                    ])
                }
                print(csv.text, terminator: "")
            case .table:
                guard !sources.isEmpty else {
                    print(
                        search == nil && outlet == nil && since == nil
                            ? "No sources yet; `claims ingest FILE` or `claims add` records them."
                            : "No sources match.")
                    return
                }
                var table = TableWriter(
                    headers: ["ID", "PUBLISHED", "CLAIMS", "OPEN", "OUTLET", "TITLE"], textColumn: 5, wide: output.wide)
                for s in sources {
                    let published: String = s.publishedAt.map { String(DateText.short($0).prefix(10)) } ?? "-"
                    let title: String = s.title ?? s.url ?? "(untitled)"
                    table.append(["#\(s.id)", published, String(s.claims), String(s.open), s.outlet ?? "-", title])
                }
                print(table.render(), terminator: "")
            }
        }
    }
}
