import ArgumentParser
import Checkworthiness
import ClaimStore
import Extraction
import Foundation
import Reports

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
            var builtIn = false
            if case .builtIn = modelSource { builtIn = true }
            let rescorer = try scorerOption.rescorer(ngramIsBuiltIn: builtIn)
            let extractor = ClaimExtractor(model: model, minimumScore: minScore, rescorer: rescorer)
            let embedder =
                noEmbeddings
                ? nil
                : ClaimEmbedder.load(
                    reusing: rescorer?.encoder,
                    consequence: "Claims are stored without embeddings and matched by their words.")
            let overrides = ArticleOverrides(
                url: url, outlet: outlet, author: author, published: published?.date)
            let reviewer = options.reviewerName
            let showProgress = Terminal.standardErrorIsTerminal && paths.count > 1

            var summary = (articles: 0, newClaims: 0, knownClaims: 0, skipped: 0, failed: 0)
            var storedSources: [Int64] = []
            var batch: [IngestDocument] = []
            var done = 0

            func flush() throws {
                guard !batch.isEmpty else { return }
                if let embedder {
                    // One call for the whole batch, so the encoder's workers get full batches.
                    var vectors = embedder.embed(batch.flatMap { $0.claims.map(\.text) }).makeIterator()
                    for d in batch.indices {
                        for c in batch[d].claims.indices { batch[d].claims[c].embedding = vectors.next() }
                    }
                }
                let outcomes = try store.ingest(batch, reviewer: reviewer)
                for (document, outcome) in zip(batch, outcomes) {
                    switch outcome {
                    case .success(.stored(let sourceID, let new, let known)):
                        storedSources.append(sourceID)
                        summary.articles += 1
                        summary.newClaims += new
                        summary.knownClaims += known
                    case .success(.duplicate(let sourceID)):
                        summary.skipped += 1
                        if paths.count == 1 {
                            Terminal.note(
                                "\(document.name) was already ingested as source #\(sourceID); nothing changed.")
                        }
                    case .failure(let error):
                        summary.failed += 1
                        Terminal.note("error: \(document.name) was not stored: \(ClaimsMain.describe(anyError: error))")
                    }
                }
                done += batch.count
                batch.removeAll(keepingCapacity: true)
            }

            for (index, path) in paths.enumerated() {
                do {
                    var article = try ArticleFiles.read(path, limit: limit)
                    overrides.apply(to: &article)
                    let extraction = extractor.extraction(of: article)
                    if let note = RelativeDateNote.text(file: path, article: article, extraction: extraction) {
                        // Over the progress line, which is drawn again after it.
                        Terminal.note((showProgress ? "\r\u{1B}[K" : "") + note)
                    }
                    let claims = extraction.claims.map { claim in
                        IngestClaim(
                            text: claim.text, speaker: claim.speaker,
                            kind: ClaimKind(rawValue: claim.kind.rawValue) ?? .other,
                            score: claim.score, start: claim.start, end: claim.end, context: claim.context,
                            factsJSON: FactsJSON.encode(claim))
                    }
                    batch.append(
                        IngestDocument(
                            name: path == "-" ? "standard input" : path,
                            url: article.url.flatMap { ClaimText.isWebURL($0) ? $0 : nil },
                            title: article.title, outlet: article.outlet, author: article.author,
                            publishedAt: article.publishedAt, body: article.body, claims: claims))
                } catch let error as ArticleError {
                    summary.failed += 1
                    Terminal.note("error: \(error.description)")
                }
                if batch.count >= batchSize { try flush() }
                if showProgress && (index % 50 == 0 || index == paths.count - 1) {
                    FileHandle.standardError.write(
                        Data("\r\u{1B}[K[\(index + 1)/\(paths.count)] reading and storing articles…".utf8))
                }
            }
            try flush()
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }

            let plural = { (n: Int, word: String) in "\(n) \(word)\(n == 1 ? "" : "s")" }
            print(
                "Ingested \(plural(summary.articles, "article")): \(plural(summary.newClaims, "new claim")), \(summary.knownClaims) already tracked; \(summary.skipped) skipped (already ingested), \(summary.failed) failed."
            )
            try Self.printVariants(try store.verifiedVariants(inSources: storedSources))
            if summary.failed > 0 { throw ExitCode.failure }
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

/// The `facts` column: quantities and dates as extraction found them, as JSON.
///
/// Written by hand: JSONEncoder costs more than the rest of ingest per claim.
enum FactsJSON {
    static func encode(_ claim: ExtractedClaim) -> String {
        var out = "{\"dates\":["
        for (index, date) in claim.dates.enumerated() {
            if index > 0 { out += "," }
            out += "{\"iso\":" + ReportText.json(date.iso) + ",\"text\":" + ReportText.json(date.text) + "}"
        }
        out += "],\"quantities\":["
        for (index, quantity) in claim.quantities.enumerated() {
            if index > 0 { out += "," }
            let value = quantity.value.isFinite ? "\(quantity.value)" : "null"
            out +=
                "{\"text\":" + ReportText.json(quantity.text) + ",\"unit\":"
                + (quantity.unit.map(ReportText.json) ?? "null")
                + ",\"value\":" + value + "}"
        }
        return out + "]}"
    }
}
