import ArgumentParser
import Checkworthiness
import ClaimStore
import Extraction
import Foundation
import Ingestion

extension Claims {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store articles and the claims extracted from them.",
            discussion: """
                Each article goes in with its claims and their appearances, all or nothing. \
                The same text again is a no-op that says so; a claim already tracked gains \
                another appearance. A folder is read recursively (.txt, .md, .html, .htm).

                Examples:
                  claims ingest article.html
                  claims ingest feeds/2026-11-28/ --outlet "Example Times"
                  curl -s https://example.com/story | \\
                      claims ingest - --url https://example.com/story
                """)

        @Argument(help: "Article files, folders of them, or - for standard input.")
        var files: [String]

        @Option(name: .long, help: ArgumentHelp("The article's URL (one article only).", valueName: "url"))
        var url: String?

        @Option(name: .long, help: ArgumentHelp("The outlet that published it.", valueName: "name"))
        var outlet: String?

        @Option(name: .long, help: ArgumentHelp("Its author.", valueName: "name"))
        var author: String?

        @Option(name: .long, help: ArgumentHelp("Its publication date (YYYY-MM-DD or ISO 8601).", valueName: "date"))
        var published: Day?

        @Option(
            name: .customLong("min-score"),
            help: ArgumentHelp(
                "Store sentences scored at least this (default: the model's threshold).", valueName: "x"),
            transform: ScoreArgument.parse)
        var minScore: Double?

        @Option(
            name: .customLong("batch-size"), help: "Articles per transaction (each article is still all or nothing).")
        var batchSize: Int = 200

        @Flag(
            name: .customLong("no-embeddings"),
            help: ArgumentHelp(
                "Store the claims without sentence embeddings (a faster bulk load; `claims model embed` adds them later)."
            ))
        var noEmbeddings = false

        @OptionGroup var sizeLimit: ArticleSizeLimit
        @OptionGroup var options: DatabaseOptions
        @OptionGroup var modelOption: DatabaseModelOption
        @OptionGroup var scorerOption: ScorerOption

        func validate() throws {
            if let url, !ClaimText.isWebURL(url) {
                throw ValidationError(
                    "--url '\(url)' is not a full http or https address; give one such as https://example.com/story.")
            }
            if url != nil, files.count != 1 {
                throw ValidationError("--url names one article; give exactly one file with it.")
            }
            try Day.check(published, option: "--published", format: "YYYY-MM-DD or an ISO 8601 date-time")
            if batchSize < 1 { throw ValidationError("--batch-size must be 1 or more.") }
        }

        func run() throws {
            let limit = try sizeLimit.limit()
            let paths = try ArticleFiles.expand(files)
            if url != nil, paths.count != 1 {
                throw ValidationError(
                    "--url names one article, but \(files[0]) holds \(paths.count); leave --url out for folders.")
            }
            let store = try options.openStore()
            let (model, modelSource) = try DatabaseModelOption.resolve(path: modelOption.model, store: store)
            if let note = modelSource.note { Terminal.note(note) }
            let rescorer = try scorerOption.rescorer(ngramIsBuiltIn: modelSource.isBuiltIn)
            let extractor = ClaimExtractor(model: model, minimumScore: minScore, rescorer: rescorer)
            let embedder =
                noEmbeddings
                ? nil
                : ClaimEmbedder.load(
                    reusing: rescorer?.encoder,
                    consequence: "Claims are stored without embeddings and matched by their words.")
            let overrides = ArticleOverrides(
                url: url, outlet: outlet, author: author, published: published?.date)
            let ingester = ArticleIngester(
                store: store, extractor: extractor, reviewer: options.reviewerName, batchSize: batchSize,
                embed: embedder.map { embedder in { embedder.embed($0) } })
            let showProgress = Terminal.standardErrorIsTerminal && paths.count > 1
            let summary = try ingester.ingest(
                paths,
                read: { path in
                    var article = try ArticleFiles.read(path, limit: limit)
                    overrides.apply(to: &article)
                    return article
                },
                onEvent: { Self.show($0, articles: paths.count, showProgress: showProgress) })
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }

            print(Self.summaryLine(summary))
            try Self.printVariants(try store.verifiedVariants(inSources: summary.storedSources))
            if summary.failed > 0 { throw ExitCode.failure }
        }

        /// What an article's event shows on stderr: notes and errors, and the progress line
        /// when stderr is a terminal and there are several articles.
        static func show(_ event: ArticleIngester.Event, articles: Int, showProgress: Bool) {
            switch event {
            case .extracted(let path, let article, let extraction):
                if let note = RelativeDateNote.text(file: path, article: article, extraction: extraction) {
                    // Over the progress line, which is drawn again after it.
                    Terminal.note((showProgress ? "\r\u{1B}[K" : "") + note)
                }
            case .unreadable(let error):
                Terminal.note("error: \(error.description)")
            case .duplicate(let name, let sourceID):
                if articles == 1 {
                    Terminal.note("\(name) was already ingested as source #\(sourceID); nothing changed.")
                }
            case .failed(let name, let error):
                Terminal.note("error: \(name) was not stored: \(ClaimsMain.describe(anyError: error))")
            case .progress(let done, let total):
                if showProgress && ((done - 1) % 50 == 0 || done == total) {
                    FileHandle.standardError.write(
                        Data("\r\u{1B}[K[\(done)/\(total)] reading and storing articles…".utf8))
                }
            }
        }

        static func summaryLine(_ summary: ArticleIngester.Summary) -> String {
            let plural = { (n: Int, word: String) in "\(n) \(word)\(n == 1 ? "" : "s")" }
            return
                "Ingested \(plural(summary.articles, "article")): \(plural(summary.newClaims, "new claim")), \(summary.knownClaims) already tracked; \(summary.skipped) skipped (already ingested), \(summary.failed) failed."
        }

        /// The claims just stored whose variant was verified: the same statement with another
        /// figure, date or direction was already checked, the most useful notice there is.
        static func printVariants(_ found: [(claimID: Int64, variants: [PriorVariant])]) throws {
            guard !found.isEmpty else { return }
            print(
                "\(found.count) of these claims \(found.count == 1 ? "is a variant" : "are variants") of a verified claim (another figure, date or direction):"
            )
            for (claimID, variants) in found.prefix(shownVariants) {
                print(
                    Terminal.styled("  #\(claimID): " + Terminal.visible(ClaimRows.priorVariant(variants[0])), .yellow))
            }
            if found.count > shownVariants {
                print("  … and \(found.count - shownVariants) more (`claims list` shows them).")
            }
        }

        static let shownVariants = 20
    }
}
