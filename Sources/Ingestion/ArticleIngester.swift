import ClaimStore
import Extraction
import Foundation

/// Extraction to store: reads articles, extracts their claims and stores them with their
/// appearances, a batch of articles per transaction (each article still all or nothing).
///
/// What a command shows along the way (notes, a progress line) it decides from the
/// ``Event``s; what it prints at the end comes from the ``Summary``.
///
/// ```swift
/// let ingester = ArticleIngester(store: store, extractor: extractor, reviewer: "ana")
/// let summary = try ingester.ingest(paths, read: { try ArticleFiles.read($0, limit: limit) }) { event in
///     if case .failed(let name, let error) = event { print("\(name) was not stored: \(error)") }
/// }
/// print("\(summary.newClaims) new claims")
/// ```
public struct ArticleIngester {
    public let store: ClaimStore
    public let extractor: ClaimExtractor
    /// Who the audit trail names as having stored the claims.
    public let reviewer: String
    /// Articles per transaction.
    public let batchSize: Int
    /// One embedding per text, in order; nil stores the claims without embeddings.
    public let embed: (([String]) -> [[Float]])?

    public init(
        store: ClaimStore, extractor: ClaimExtractor, reviewer: String, batchSize: Int = 200,
        embed: (([String]) -> [[Float]])? = nil
    ) {
        self.store = store
        self.extractor = extractor
        self.reviewer = reviewer
        self.batchSize = max(1, batchSize)
        self.embed = embed
    }

    /// What happened to one article, as it happens.
    public enum Event {
        /// The article at `path` was read and its claims found; it is stored with its batch.
        case extracted(path: String, article: Article, extraction: ArticleExtraction)
        /// An article could not be read; it counts as failed.
        case unreadable(ArticleError)
        /// The same text was ingested before, as this source; nothing changed.
        case duplicate(name: String, sourceID: Int64)
        /// Storing the article failed and it was rolled back alone; it counts as failed.
        case failed(name: String, error: any Error)
        /// `done` of the `total` paths have been read (those of the batch in hand not yet stored).
        case progress(done: Int, total: Int)
    }

    /// What an ingest did, for its closing line.
    public struct Summary: Sendable, Equatable {
        /// Articles stored as new sources.
        public var articles = 0
        public var newClaims = 0
        /// Claims found that were tracked already (they gained an appearance).
        public var knownClaims = 0
        /// Articles whose text was ingested before.
        public var skipped = 0
        /// Articles that could not be read or stored.
        public var failed = 0
        /// The sources stored, in order.
        public var storedSources: [Int64] = []

        public init() {}
    }

    /// Reads each path with `read` (which throws `ArticleError` for an article it cannot
    /// read), extracts its claims and stores them, `batchSize` articles per transaction.
    /// An unreadable or failing article is reported and counted, and the rest go on; any
    /// other error ends the ingest, the batches already committed staying stored.
    public func ingest(
        _ paths: [String], read: (String) throws -> Article, onEvent: (Event) -> Void = { _ in }
    ) throws -> Summary {
        var summary = Summary()
        var batch: [IngestDocument] = []

        func flush() throws {
            guard !batch.isEmpty else { return }
            if let embed {
                // One call for the whole batch, so the encoder's workers get full batches.
                var vectors = embed(batch.flatMap { $0.claims.map(\.text) }).makeIterator()
                for d in batch.indices {
                    for c in batch[d].claims.indices { batch[d].claims[c].embedding = vectors.next() }
                }
            }
            let outcomes = try store.ingest(batch, reviewer: reviewer)
            for (document, outcome) in zip(batch, outcomes) {
                switch outcome {
                case .success(.stored(let sourceID, let new, let known)):
                    summary.storedSources.append(sourceID)
                    summary.articles += 1
                    summary.newClaims += new
                    summary.knownClaims += known
                case .success(.duplicate(let sourceID)):
                    summary.skipped += 1
                    onEvent(.duplicate(name: document.name, sourceID: sourceID))
                case .failure(let error):
                    summary.failed += 1
                    onEvent(.failed(name: document.name, error: error))
                }
            }
            batch.removeAll(keepingCapacity: true)
        }

        for (index, path) in paths.enumerated() {
            do {
                let article = try read(path)
                let extraction = extractor.extraction(of: article)
                onEvent(.extracted(path: path, article: article, extraction: extraction))
                batch.append(
                    Self.document(article, name: path == "-" ? "standard input" : path, extraction: extraction))
            } catch let error as ArticleError {
                summary.failed += 1
                onEvent(.unreadable(error))
            }
            if batch.count >= batchSize { try flush() }
            onEvent(.progress(done: index + 1, total: paths.count))
        }
        try flush()
        return summary
    }

    /// An article and the claims extraction found in it, as the store takes them. A URL that
    /// is not a full web address is left out.
    public static func document(_ article: Article, name: String, extraction: ArticleExtraction) -> IngestDocument {
        IngestDocument(
            name: name, url: article.url.flatMap { ClaimText.isWebURL($0) ? $0 : nil },
            title: article.title, outlet: article.outlet, author: article.author,
            publishedAt: article.publishedAt, body: article.body,
            claims: extraction.claims.map(IngestClaim.init(extracted:)))
    }
}
