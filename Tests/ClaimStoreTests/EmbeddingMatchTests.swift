import Foundation
import Postgres
import TestSupport
import Testing

@testable import ClaimStore

/// Look-alikes with stored sentence embeddings (sql/011_embeddings.sql). The vectors
/// here are made with a chosen cosine, so each rule is tested at its edge without the
/// model; ClaimsCLITests' EmbeddingMatchBinaryTests runs the real model.
@Suite("Look-alikes ranked and found by stored embeddings", .dropsTestDatabases)
struct EmbeddingMatchTests {
    let database: TestDatabase
    let store: ClaimStore

    /// Reworded, sharing the figures (4,200, March 2027) but few trigrams.
    static let layoffs = "Acme Corp will eliminate 4,200 positions by March 2027, the company said."
    static let layoffsReworded = "Acme is to shed 4,200 staff by March 2027."

    init() throws {
        database = try TestDatabase.migrated("embedding_match")
        store = ClaimStore(connection: try database.connect())
    }

    /// A unit vector at `cosine` to `unit(0)` (both L2-normalised, 384 wide).
    static func vector(cosine: Double) -> [Float] {
        var v = [Float](repeating: 0, count: 384)
        v[0] = Float(cosine)
        v[1] = Float((1 - cosine * cosine).squareRoot())
        return v
    }

    func add(_ text: String, cosine: Double?) throws -> Int64 {
        try store.add(
            NewClaim(
                text: text, sourceURL: "https://news.example/\(UUID().uuidString)", embedding: cosine.map(Self.vector)),
            reviewer: "desk"
        ).claim.id
    }

    func trigrams(_ a: String, _ b: String) throws -> Double {
        try store.db.queryOne(
            "SELECT similarity(\(ClaimText.normalize(a)), \(ClaimText.normalize(b)))::float8 AS s",
            purpose: "similarity"
        ).decode("s")
    }

    @Test func aSharedFigureAndACloseMeaningLinkAClaimWithFewSharedTrigrams() throws {
        #expect(
            try trigrams(Self.layoffs, Self.layoffsReworded) < ClaimStore.suggestionThreshold,
            "the words alone would not link them")
        let a = try add(Self.layoffs, cosine: 1)
        let b = try add(Self.layoffsReworded, cosine: 0.7)
        let found = try store.similar(to: a)
        #expect(found.map(\.claim.id) == [b])
        #expect(abs((found.first?.score ?? 0) - 0.7) < 1e-4, "the score is the cosine: \(found.map(\.score))")
        #expect(try store.similar(to: b).map(\.claim.id) == [a], "linked both ways")
    }

    @Test func belowTheEmbeddingThresholdOrWithoutEmbeddingsTheyStayApart() throws {
        let a = try add(Self.layoffs, cosine: 1)
        let far = try add(Self.layoffsReworded, cosine: ClaimStore.embeddingThreshold - 0.05)
        #expect(try store.similar(to: a).isEmpty, "cosine just under the threshold")
        _ = far
        let database2 = try TestDatabase.migrated("embedding_match_none")
        let plain = ClaimStore(connection: try database2.connect())
        let c = try plain.add(NewClaim(text: Self.layoffs, sourceURL: "https://news.example/c"), reviewer: "desk").claim
            .id
        _ = try plain.add(NewClaim(text: Self.layoffsReworded, sourceURL: "https://news.example/d"), reviewer: "desk")
        #expect(try plain.similar(to: c).isEmpty, "without embeddings the trigram rule alone decides, as before")
    }

    @Test func aYearAloneIsNotAFigureToMatchOnByMeaning() throws {
        let first = "Acme Corp lost its chief executive in 2027."
        let second = "In 2027 the boss of Acme departed."
        #expect(try trigrams(first, second) < ClaimStore.suggestionThreshold)
        let a = try add(first, cosine: 1)
        _ = try add(second, cosine: 0.95)
        #expect(try store.similar(to: a).isEmpty, "sharing only a year, close meaning is not enough")
    }

    @Test func wordsAlikeButMeaningFarBelowTheFloorAreNotLinked() throws {
        let first = "The Treasury sanctioned 32 Russian entities on Friday."
        let second = "Treasury has sanctioned 32 Russian entities on Friday"
        #expect(try trigrams(first, second) >= ClaimStore.suggestionThreshold)
        let a = try add(first, cosine: 1)
        let b = try add(second, cosine: ClaimStore.embeddingFloor - 0.1)
        #expect(
            !(try store.similar(to: a).map(\.claim.id).contains(b)), "the embeddings say they mean different things")
        let c = try add("Treasury sanctioned 32 Russian entities on Friday, officials said.", cosine: 0.9)
        #expect(try store.similar(to: a).map(\.claim.id) == [c])
    }

    @Test func theFactGuardStillDecidesHoweverCloseTheMeaning() throws {
        let a = try add("The Treasury sanctioned 32 Russian entities on Friday.", cosine: 1)
        let b = try add("The Treasury sanctioned 23 Russian entities on Friday.", cosine: 0.99)
        #expect(try store.similar(to: a).isEmpty, "32 and 23 entities are different claims")
        #expect(try store.variants(of: a).map(\.claim.id) == [b], "they are variants instead")
    }

    @Test func anEditedTextDropsItsStaleEmbeddingWithoutAuditingIt() throws {
        let a = try add(Self.layoffs, cosine: 1)
        try store.db.execute(
            "UPDATE claims SET text = 'Acme Corp will eliminate 4,300 positions by March 2027.', normalized = 'acme corp will eliminate 4,300 positions by march 2027.' WHERE id = \(a)"
        )
        let row = try store.db.queryOne(
            "SELECT embedding IS NULL AS dropped, (SELECT count(*) FROM claim_events WHERE claim_id = \(a) AND field = 'embedding') AS audited FROM claims WHERE id = \(a)",
            purpose: "the edited claim")
        #expect(try row.decode("dropped", as: Bool.self))
        #expect(try row.decode("audited", as: Int64.self) == 0)
    }

    @Test func aStoredEmbeddingMustHaveTheModelsWidth() throws {
        #expect(throws: PostgresError.self) {
            try store.add(
                NewClaim(text: Self.layoffs, sourceURL: "https://news.example/short", embedding: [1, 0, 0]),
                reviewer: "desk")
        }
    }

    @Test func theSwiftAndSQLEmbeddingThresholdsAgree() throws {
        let row = try store.db.queryOne(
            "SELECT claim_embedding_threshold()::float8 AS threshold, claim_embedding_floor()::float8 AS floor",
            purpose: "thresholds")
        #expect(abs(try row.decode("threshold", as: Double.self) - ClaimStore.embeddingThreshold) < 1e-6)
        #expect(abs(try row.decode("floor", as: Double.self) - ClaimStore.embeddingFloor) < 1e-6)
    }
}

extension EmbeddingMatchTests {
    @Test func ingestStoresEachNewClaimsEmbedding() throws {
        let claim = IngestClaim(
            text: Self.layoffs, speaker: nil, kind: .other, score: 0.9, start: 0,
            end: Self.layoffs.unicodeScalars.count,
            context: nil, factsJSON: "{}", embedding: Self.vector(cosine: 0.6))
        let plain = IngestClaim(
            text: Self.layoffsReworded, speaker: nil, kind: .other, score: 0.9, start: 0,
            end: Self.layoffsReworded.unicodeScalars.count, context: nil, factsJSON: "{}")
        let document = IngestDocument(
            name: "a.txt", url: "https://news.example/a", title: nil, outlet: nil, author: nil, publishedAt: nil,
            body: Self.layoffs + " " + Self.layoffsReworded, claims: [claim, plain])
        _ = try store.ingest([document], reviewer: "desk").map { try $0.get() }
        let rows = try store.db.query(
            "SELECT text, cardinality(embedding) AS width, embedding[1]::float8 AS first FROM claims ORDER BY id"
        ).map { $0 }
        #expect(rows.count == 2)
        #expect(try rows[0].decode("width", as: Int?.self) == 384)
        #expect(abs((try rows[0].decode("first", as: Double?.self) ?? 0) - 0.6) < 1e-6)
        #expect(try rows[1].decode("width", as: Int?.self) == nil, "a claim stored without one keeps NULL")
    }
}

extension EmbeddingMatchTests {
    @Test func embeddingsAddedLaterLinkLookAlikesWithoutMovingVersionsOrWritingEvents() throws {
        let a = try add(Self.layoffs, cosine: nil)
        let b = try add(Self.layoffsReworded, cosine: nil)
        #expect(try store.similar(to: a).isEmpty)
        #expect(try store.unembeddedCount() == 2)
        let events = try store.history(id: a).count + store.history(id: b).count
        let pending = try store.unembeddedClaims(limit: 10)
        #expect(pending.map(\.id) == [a, b])
        let stored = try store.storeEmbeddings(pending, [Self.vector(cosine: 1), Self.vector(cosine: 0.7)])
        #expect(stored.embedded == 2 && stored.linked == 2, "\(stored)")
        #expect(try store.similar(to: a).map(\.claim.id) == [b])
        #expect(try store.claim(id: a).version == 1 && store.claim(id: b).version == 1)
        #expect(try store.history(id: a).count + store.history(id: b).count == events, "derived: no event")
        #expect(try store.unembeddedCount() == 0)
        #expect(try store.unembeddedClaims(limit: 10).isEmpty)
    }

    @Test func anEmbeddingOfATextSinceChangedIsNotStored() throws {
        let a = try add(Self.layoffs, cosine: nil)
        let pending = try store.unembeddedClaims(limit: 10)
        try store.db.execute(
            "UPDATE claims SET text = 'Acme Corp will eliminate 4,300 positions.', normalized = 'acme corp will eliminate 4,300 positions.' WHERE id = \(a)"
        )
        let stored = try store.storeEmbeddings(pending, [Self.vector(cosine: 1)])
        #expect(stored.embedded == 0)
        #expect(try store.unembeddedCount() == 1, "still waiting for an embedding of its new text")
    }
}

extension EmbeddingMatchTests {
    @Test func storedEmbeddingsReadBackExactlyForSearchToRankBy() throws {
        var vector = Self.vector(cosine: 0.123456789)
        vector[7] = -1.0e-39  // subnormal: stored as 0
        vector[8] = 3.4028235e38
        let a = try add(Self.layoffs, cosine: nil)
        try store.storeEmbeddings(try store.unembeddedClaims(limit: 1), [vector])
        let b = try add(Self.layoffsReworded, cosine: nil)
        let read = try store.embeddings(of: [a, b])
        #expect(read.keys.sorted() == [a], "a claim without one is left out")
        var expected = vector
        expected[7] = 0
        #expect(read[a] == expected)
    }
}
