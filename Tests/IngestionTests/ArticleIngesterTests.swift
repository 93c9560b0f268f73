import Checkworthiness
import ClaimStore
import Extraction
import Foundation
import Ingestion
import Postgres
import TestSupport
import Testing

@Suite("Extraction to store", .dropsTestDatabases)
struct ArticleIngesterTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.migrated("ingestion")
    }

    static let articles = [
        "a.txt": """
        Unemployment fell to 3.7% in March 2026, the lowest since 1969, the minister said.

        The city spent $1.2 billion on 32 new buses last year, according to the transit board.
        """,
        "b.txt": """
        Hospital waits rose by 47 minutes in 2025, the health board reported on Monday.
        """,
        "c.txt": """
        Unemployment fell to 3.7% in March 2026, the lowest since 1969, the minister said.
        """,
    ]

    /// Reads the articles above by name; any other name is unreadable.
    static func read(_ name: String) throws -> Article {
        guard let text = articles[name] else {
            throw ArticleError(name: name, reason: "missing", description: "\(name) does not exist.")
        }
        return try ArticleReader.read(Array(text.utf8), name: name)
    }

    func ingester(_ store: ClaimStore, batchSize: Int) throws -> ArticleIngester {
        ArticleIngester(
            store: store, extractor: ClaimExtractor(model: try CheckworthinessModel.shipped(), minimumScore: 0),
            reviewer: "ana", batchSize: batchSize)
    }

    /// A readable event log: what a command would be told, in order.
    static func describe(_ event: ArticleIngester.Event) -> String {
        switch event {
        case .extracted(let path, _, let extraction): "extracted \(path) \(extraction.claims.count)"
        case .unreadable(let error): "unreadable \(error.name)"
        case .duplicate(let name, let sourceID): "duplicate \(name) #\(sourceID)"
        case .failed(let name, _): "failed \(name)"
        case .progress(let done, let total): "progress \(done)/\(total)"
        }
    }

    @Test func articlesAreStoredInBatchesAndEveryOutcomeIsReported() throws {
        let store = ClaimStore(connection: try database.connect())
        let paths = ["a.txt", "missing.txt", "b.txt", "a.txt", "c.txt"]
        var events: [String] = []
        let summary = try ingester(store, batchSize: 2).ingest(paths, read: Self.read) {
            events.append(Self.describe($0))
        }
        let extracted = paths.filter { Self.articles[$0] != nil }.map { path in
            try! ClaimExtractor(model: CheckworthinessModel.shipped(), minimumScore: 0)
                .extraction(of: Self.read(path)).claims.count
        }
        #expect(extracted.allSatisfy { $0 > 0 })
        // The second a.txt is a duplicate, found when its batch (it and c.txt) is stored.
        #expect(
            events == [
                "extracted a.txt \(extracted[0])", "progress 1/5", "unreadable missing.txt", "progress 2/5",
                "extracted b.txt \(extracted[1])", "progress 3/5", "extracted a.txt \(extracted[2])",
                "progress 4/5", "extracted c.txt \(extracted[3])", "duplicate a.txt #\(summary.storedSources[0])",
                "progress 5/5",
            ])
        #expect(summary.articles == 3)
        #expect(summary.skipped == 1)
        #expect(summary.failed == 1)
        #expect(summary.storedSources.count == 3)
        // c.txt's one claim is a.txt's first: tracked already, so it gains an appearance.
        #expect(summary.knownClaims == extracted[3])
        #expect(summary.newClaims == extracted[0] + extracted[1])
        let db = try database.connect()
        let stored = try #require(try db.query("SELECT count(*) AS n FROM claims").first).decode("n", as: Int.self)
        #expect(stored == summary.newClaims)
    }

    @Test func theStoredKindAndFactsAreThoseExtractionFound() throws {
        let store = ClaimStore(connection: try database.connect())
        let extractor = ClaimExtractor(model: try CheckworthinessModel.shipped(), minimumScore: 0)
        let found = extractor.extraction(of: try Self.read("a.txt")).claims
        _ = try ingester(store, batchSize: 200).ingest(["a.txt"], read: Self.read)
        for claim in found {
            let row = try #require(
                try store.list(ClaimFilter(limit: 100)).first { $0.text == claim.text }, "\(claim.text) stored")
            #expect(row.kind.rawValue == claim.kind.rawValue)
            #expect(row.speaker == claim.speaker)
            #expect(row.facts.quantities.map(\.text) == claim.quantities.map(\.text))
            #expect(row.facts.quantities.map(\.value) == claim.quantities.map(\.value))
            #expect(row.facts.quantities.map(\.unit) == claim.quantities.map(\.unit))
            #expect(row.facts.dates.map(\.iso) == claim.dates.map(\.iso))
            #expect(row.facts.dates.map(\.text) == claim.dates.map(\.text))
        }
    }

    @Test func aTypedClaimIsReadAsExtractionReadsOne() throws {
        let extractor = ClaimExtractor(model: try CheckworthinessModel.shipped(), minimumScore: 0)
        let sentence = "The city spent $1.2 billion on 32 new buses in 2025, the mayor said."
        let found = ExtractedClaim(typed: sentence, extractor: extractor)
        let facts = FactExtractor.facts(in: sentence, published: nil)
        #expect(found.kind == facts.kind)
        #expect(found.quantities == facts.quantities)
        #expect(found.score == extractor.scorer.score(sentence))
        #expect(found.end == sentence.unicodeScalars.count)

        let plain = NewClaim(
            typed: sentence, sourceURL: "https://example.com/x", sourceTitle: nil, speaker: nil, kind: nil,
            extractor: extractor, embedding: nil)
        #expect(plain.kind.rawValue == facts.kind.rawValue)
        #expect(plain.speaker == facts.speaker)
        #expect(plain.factsJSON == IngestClaim(extracted: found).factsJSON)
        let given = NewClaim(
            typed: sentence, sourceURL: "https://example.com/x", sourceTitle: "T", speaker: "Someone", kind: .quote,
            extractor: extractor, embedding: [0.5])
        #expect(given.kind == .quote)
        #expect(given.speaker == "Someone")
        #expect(given.embedding == [0.5])
    }
}
