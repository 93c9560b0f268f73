import ArgumentParser
import Checkworthiness
import ClaimStore
import Extraction
import Foundation
import LocalServer
import SentenceModel

extension Claims {
    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the check-worthy claims in articles (no database needed).",
            discussion: """
                Reads plain text (optionally with a front-matter header), or HTML. Page \
                furniture (headlines, captions, bylines, share lines, repeated lines) is never \
                a claim; --explain shows every sentence with what was decided and why.

                Examples:
                  claims extract article.html
                  claims extract --format json --min-score 0.5 articles/*.txt
                  claims extract --explain article.txt
                  claims extract articles/ --evaluate labels/
                Extract scores with --model FILE, else CLAIMS_MODEL, else the built-in
                model, and reads no database unless given --database: then it scores
                as `claims ingest` into that database would, with the desk's model
                chosen there with `claims model use` (unless --model or CLAIMS_MODEL
                says otherwise), and says so:
                  claims extract --database postgresql://desk.example/claims story.html
                """)

        @Argument(help: "Article files, folders of them, or - for standard input.")
        var files: [String]

        @Option(
            name: .customLong("min-score"),
            help: ArgumentHelp(
                "Only sentences scored at least this (default: the article threshold chosen on labelled news: 0.63 for the fine-tuned encoder, 0.27 for the shipped n-gram model; `claims score` uses their transcript thresholds, 0.38 and 0.30).",
                valueName: "x"), transform: ScoreArgument.parse)
        var minScore: Double?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Publication date to resolve relative dates against (YYYY-MM-DD), overriding the article's.",
                valueName: "date"))
        var published: Day?

        @OptionGroup var output: TableOrJSONOption
        var format: OutputFormat { output.format == .json ? .json : .table }

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Compare with sentence labels: a folder of NAME.tsv files (sentence<TAB>Yes|No), one per article NAME.txt; prints precision, recall and F1.",
                valueName: "labels-dir"))
        var evaluate: String?

        @Flag(
            name: .long,
            help:
                "List every sentence with what was decided and why: claim, page furniture, filtered, or below the threshold."
        )
        var explain = false

        @OptionGroup var sizeLimit: ArticleSizeLimit
        @OptionGroup var modelOption: ModelOption
        @OptionGroup var scorerOption: ScorerOption

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Score as ingest into this database would: with the desk's model chosen there with `claims model use` (PostgreSQL URL or conninfo string).",
                valueName: "url"))
        var database: String?

        func validate() throws {
            try Day.check(published, option: "--published")
            if let database, database.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError(
                    "--database is empty; give a PostgreSQL URL or conninfo string (such as \"$DATABASE_URL\"), or leave it out to read no database."
                )
            }
            if let evaluate {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: evaluate, isDirectory: &isDirectory), isDirectory.boolValue
                else {
                    throw ValidationError(
                        "--evaluate '\(evaluate)' is not a folder; give the folder of NAME.tsv label files.")
                }
            }
        }

        func run() throws {
            let limit = try sizeLimit.limit()
            let (model, builtIn) = try loadModel()
            let extractor = ClaimExtractor(
                model: model, minimumScore: minScore, rescorer: try scorerOption.rescorer(ngramIsBuiltIn: builtIn))
            let overrides = ArticleOverrides(published: published?.date)
            if explain {
                try explainFiles(
                    try ArticleFiles.expand(files), extractor: extractor, overrides: overrides, limit: limit)
                return
            }
            if let evaluate {
                try ExtractEvaluation(labelsFolder: evaluate, format: format).run(
                    files: try ArticleFiles.expand(files), extractor: extractor, overrides: overrides, limit: limit)
                return
            }
            // Articles are extracted on every core, a few ahead of the one being printed, and
            // printed in order as they come, so memory does not grow with the folder and printing
            // overlaps extraction. With the encoder, which spreads each article's sentences over
            // the cores itself, one at a time.
            let paths = try ArticleFiles.expand(files)
            let cores = extractor.rescorer == nil ? SentenceEncoder.usableCores() : 1
            let workers = max(1, min(cores, paths.count))
            var extractors = [extractor]
            while extractors.count < workers { extractors.append(ClaimExtractor(model: model, minimumScore: minScore)) }
            // A long article is cut into pieces that these extract, while the workers go on. The
            // printing thread's is the one it extracts with between prints (the last worker's),
            // idle while it prints: one scorer (about 1 MB) fewer.
            var pieceExtractors: [ClaimExtractor] = []
            func extractorsForPieces() -> [ClaimExtractor] {
                if pieceExtractors.isEmpty {
                    pieceExtractors = (1..<cores).map { _ in ClaimExtractor(model: model, minimumScore: minScore) }
                    pieceExtractors.append(extractors[workers - 1])
                }
                return pieceExtractors
            }
            var json = ExtractJSONWriter()
            var failed = 0
            func printOutcome(_ index: Int, _ outcome: Outcome) throws {
                var outcome = outcome
                if case .large = outcome {
                    // Read here, so only one large article is held at a time.
                    outcome = Self.extract(
                        path: paths[index], extractor: extractorsForPieces()[cores - 1], overrides: overrides,
                        limit: limit,
                        streamLong: true)
                }
                let result: ExtractOutput
                switch outcome {
                case .large:
                    preconditionFailure("a large file is read above")
                case .long(let article):
                    // Extracted here in pieces on every core, their claims printed piece by piece
                    // as they come: the article's claims are never all held.
                    let head = ExtractOutput(file: paths[index], article: article, claims: [])
                    json.beginStreamed(head)
                    let pieceWorkers = extractorsForPieces()
                    let pieces = ArticlePieces(article, pieceBytes: Self.pieceBytes)
                    var extraction = ArticleExtraction(
                        claims: [], referenceDate: nil, resolvedRelativeDates: 0, unresolvedDates: [])
                    try ParallelWork.inOrder(pieces.count, workers: cores, ahead: cores) { piece, worker in
                        var claims: [ExtractedClaim] = []
                        let dates = pieceWorkers[worker].extraction(of: pieces, piece: piece) { claims.append($0) }
                        return (json: ExtractJSONWriter.renderedClaims(claims), count: claims.count, dates: dates)
                    } consume: { _, piece in
                        json.appendStreamed(rendered: piece.json, count: piece.count)
                        extraction.referenceDate = piece.dates.referenceDate
                        extraction.resolvedRelativeDates += piece.dates.resolvedRelativeDates
                        extraction.unresolvedDates += piece.dates.unresolvedDates
                    }
                    try json.endStreamed(head)
                    if let note = RelativeDateNote.text(file: paths[index], article: article, extraction: extraction) {
                        Terminal.note(note)
                    }
                    return
                case .failure(let message):
                    Terminal.note("error: \(message)")
                    failed += 1
                    return
                case .fatal(let error):
                    throw error
                case .success(let output, let note, let rendered):
                    if let note { Terminal.note(note) }
                    if let rendered {
                        json.append(rendered: rendered)
                        return
                    }
                    result = output
                }
                if format == .json {
                    try json.append(result)
                } else {
                    let title = result.title.map { " \"\($0)\"" } ?? ""
                    heading(
                        "\(result.file)\(title): \(result.claims.count) claim\(result.claims.count == 1 ? "" : "s")"
                    )
                    guard !result.claims.isEmpty else { return }
                    var table = TableWriter(
                        headers: ["SCORE", "KIND", "SPEAKER", "FACTS", "CLAIM"], textColumn: 4, wide: output.wide)
                    for claim in result.claims {
                        var facts = (claim.dates.map(\.iso) + claim.quantities.map(\.text)).joined(separator: ", ")
                        if facts.count > 36, !output.wide { facts = String(facts.prefix(35)) + "…" }
                        table.append([
                            TableWriter.twoDecimals(claim.score), claim.kind.rawValue, claim.speaker ?? "-",
                            facts.isEmpty ? "-" : facts, claim.text,
                        ])
                    }
                    print(table.render(), terminator: "")
                }
            }
            // Articles go to the workers a few at a time, so the printing thread is woken once
            // for each few; at most 8 units of 4 wait read and not printed, none of them large.
            let batch = 4
            try ParallelWork.inOrder((paths.count + batch - 1) / batch, workers: workers, ahead: 4 * workers) {
                unit, worker in
                (unit * batch..<min(unit * batch + batch, paths.count)).map { index in
                    Self.extract(
                        path: paths[index], extractor: extractors[worker], overrides: overrides, limit: limit,
                        renderJSON: format == .json, streamLong: format == .json && extractor.rescorer == nil,
                        deferLarge: format == .json && extractor.rescorer == nil)
                }
            } consume: { unit, outcomes in
                for (offset, outcome) in outcomes.enumerated() { try printOutcome(unit * batch + offset, outcome) }
            }
            if format == .json { json.finish() }
            if failed > 0 { throw ExitCode.failure }
        }
    }
}

extension Claims.Extract {
    /// The most claims an article may have for a worker to render its JSON whole (about 1 KB
    /// each); a longer one is streamed by the printing thread 64 KB at a time.
    static let renderedClaims = 2_000

    /// Article bodies longer than this (in UTF-8 bytes) are extracted in pieces on every core,
    /// the printing thread streaming their JSON piece by piece, when the output is JSON and no rescorer
    /// decides (`Outcome.long`): a transcript of 20 MB has about 130,000 claims.
    static let streamedBodyBytes = 1 << 20

    /// A long article is extracted in pieces of about this many bytes (`ArticlePieces`), a few
    /// at a time, so their claims' JSON (about six times the text) stays small.
    static let pieceBytes = 64 << 10

    enum Outcome {
        /// With its JSON when the worker rendered it (`ExtractJSONWriter.rendered`).
        case success(ExtractOutput, note: String?, json: [UInt8]?)
        /// Read, and left for the printing thread to extract and stream (`streamedBodyBytes`).
        case long(Article)
        /// A file of `streamedBodyBytes` or more, left unread for the printing thread: large
        /// articles are then held one at a time, however many wait their turn.
        case large
        case failure(String)
        /// Not the article's fault: the command stops, as it did before extraction ran in parallel.
        case fatal(any Error)
    }

    /// One article read and extracted: what a worker does.
    /// With `renderJSON`, an article of up to `renderedClaims` claims has its JSON rendered
    /// here too, so the workers share that work and the printing thread only writes bytes.
    /// With `streamLong`, a body over `streamedBodyBytes` is returned unextracted (`.long`); with
    /// `deferLarge`, a file of that size or more is not even read (`.large`).
    static func extract(
        path: String, extractor: ClaimExtractor, overrides: ArticleOverrides, limit: Int, renderJSON: Bool = false,
        streamLong: Bool = false, deferLarge: Bool = false
    ) -> Outcome {
        var info = stat()
        if deferLarge && path != "-" && stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
            && Int(info.st_size) >= streamedBodyBytes
        {
            return .large
        }
        do {
            var article = try ArticleFiles.read(path, limit: limit)
            overrides.apply(to: &article)
            if streamLong && article.body.utf8.count > streamedBodyBytes { return .long(article) }
            let extraction = extractor.extraction(of: article)
            let output = ExtractOutput(file: path, article: article, claims: extraction.claims)
            // A rendering error is left for the printing thread to meet and report, as before.
            let json =
                renderJSON && output.claims.count <= renderedClaims ? try? ExtractJSONWriter.rendered(output) : nil
            return .success(
                output, note: RelativeDateNote.text(file: path, article: article, extraction: extraction), json: json)
        } catch let error as ArticleError {
            return .failure(error.description)
        } catch {
            return .fatal(error)
        }
    }

    /// --model, else CLAIMS_MODEL, else (with --database) the desk's model there, else the
    /// built-in one; and whether it is the built-in one.
    func loadModel() throws -> (CheckworthinessModel, builtIn: Bool) {
        guard let database else {
            return (try modelOption.load(), modelOption.isBuiltIn)
        }
        let store = try DatabaseOptions.openStore(
            DatabaseLocation.resolve(option: database, environment: ProcessInfo.processInfo.environment))
        let (model, source) = try DatabaseModelOption.resolve(path: modelOption.model, store: store)
        switch source {
        case .builtIn:
            Terminal.note("The database has no desk model; scoring with the built-in model, as ingest there does.")
        case .file(let path):
            Terminal.note("Scoring with \(Terminal.visible(path)) (--model), not the database's choice.")
        default:
            if let note = source.note { Terminal.note(note) }
        }
        return (model, source.isBuiltIn)
    }

    /// An article's heading line, wrapped to the terminal like the table under it.
    func heading(_ text: String) {
        for line in Terminal.wrap(Terminal.visible(text), width: output.wide ? nil : Terminal.tableWidth) {
            print(Terminal.styled(line, .bold))
        }
    }

    /// `--explain`: every sentence of each article with its decision and the reason.
    func explainFiles(_ paths: [String], extractor: ClaimExtractor, overrides: ArticleOverrides, limit: Int) throws {
        struct Explained: Encodable {
            var file: String
            var title: String?
            var sentences: [SentenceDecision]
        }
        var explained: [Explained] = []
        var failed = 0
        for path in paths {
            do {
                var article = try ArticleFiles.read(path, limit: limit)
                overrides.apply(to: &article)
                let decisions = extractor.explain(article)
                if format == .json {
                    explained.append(Explained(file: path, title: article.title, sentences: decisions))
                    continue
                }
                let title = article.title.map { " \"\($0)\"" } ?? ""
                heading(
                    "\(path)\(title): \(decisions.filter { $0.outcome == .claim }.count) of \(decisions.count) sentences are claims"
                )
                var table = TableWriter(
                    headers: ["DECISION", "SCORE", "WHY", "SENTENCE"], textColumn: 3, wide: output.wide)
                for decision in decisions {
                    table.append([
                        decision.outcome.rawValue.replacingOccurrences(of: "_", with: " "),
                        decision.score.map(TableWriter.twoDecimals) ?? "-", decision.reason, decision.text,
                    ])
                }
                print(
                    table.render { column, value in
                        column == 0 && value == "claim" ? Terminal.styled(value, .green) : value
                    }, terminator: "")
            } catch let error as ArticleError {
                Terminal.note("error: \(error.description)")
                failed += 1
            }
        }
        if format == .json { print(try JSONOutput.encode(explained)) }
        if failed > 0 { throw ExitCode.failure }
    }
}

/// One article in `claims extract --format json`.
struct ExtractOutput: Encodable {
    var file: String
    var title: String?
    var url: String?
    var outlet: String?
    var author: String?
    var publishedAt: Date?
    var claims: [ExtractedClaim]

    init(file: String, article: Article, claims: [ExtractedClaim]) {
        self.file = file
        title = article.title
        url = article.url
        outlet = article.outlet
        author = article.author
        publishedAt = article.publishedAt
        self.claims = claims
    }

    enum CodingKeys: String, CodingKey { case file, title, url, outlet, author, publishedAt, claims }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(title, forKey: .title)
        try c.encode(url, forKey: .url)
        try c.encode(outlet, forKey: .outlet)
        try c.encode(author, forKey: .author)
        try c.encode(publishedAt, forKey: .publishedAt)
        try c.encode(claims, forKey: .claims)
    }
}

/// The one line `extract` and `ingest` print about an article whose relative dates ("June 16",
/// "last month") were left unresolved, or read against a date the article gives only in its
/// text or URL, so that no date is dropped or guessed silently.
enum RelativeDateNote {
    static func text(file: String, article: Article, extraction: ArticleExtraction) -> String? {
        let name = file == "-" ? "standard input" : file
        let give =
            article.format == .html
            ? "give --published YYYY-MM-DD or an article:published_time meta tag"
            : "give --published YYYY-MM-DD or a published: line in its front matter"
        let reference = extraction.referenceDate
        let unresolved = extraction.unresolvedDates
        if !unresolved.isEmpty {
            var seen = Set<String>()
            let distinct = unresolved.filter { seen.insert($0).inserted }
            var examples = distinct.prefix(3).map { "\"\(Terminal.visible($0))\"" }.joined(separator: ", ")
            if distinct.count > 3 { examples += ", …" }
            let count =
                unresolved.count == 1
                ? "1 relative date (\(examples)) was" : "\(unresolved.count) relative dates (\(examples)) were"
            let why =
                reference.map { "its date is known only to the month (\($0.iso), \(origin($0.source)))" }
                ?? "it gives no publication date"
            return "note: \(name): \(count) left unresolved, as \(why); \(give)."
        }
        guard let reference, reference.source != .published, extraction.resolvedRelativeDates > 0 else { return nil }
        let count =
            extraction.resolvedRelativeDates == 1
            ? "1 relative date was" : "\(extraction.resolvedRelativeDates) relative dates were"
        return
            "note: \(name) gives no publication date: \(count) read against \(reference.iso), \(origin(reference.source)); \(give) if that is wrong."
    }

    private static func origin(_ source: ReferenceDate.Source) -> String {
        switch source {
        case .published: return "its publication date"
        case .dateline: return "the date at its top"
        case .url: return "the date in its URL"
        }
    }
}
