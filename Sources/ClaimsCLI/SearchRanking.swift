import ClaimStore
import Foundation
import SentenceModel

/// Re-ranks `claims search`'s candidates by meaning when the sentence model is
/// installed: the cosine of each claim's embedding with the query's (the one stored with
/// the claim, else computed on the fly), so "How many people has the outbreak killed?" puts
/// "The WHO said 19 people have died in the outbreak." first although other claims
/// have more of its words. Without the model, search keeps its word order.
struct SearchRanking {
    /// How many candidates the words find for re-ranking, whatever the page size.
    static let candidates = 50

    let encoder: SentenceEncoder

    /// The encoder when the model is installed; nil when it is not. A model that is there
    /// but cannot be loaded is named in one line on stderr, and search goes on without it.
    static func load(environment: [String: String] = ProcessInfo.processInfo.environment) -> SearchRanking? {
        ClaimEmbedder.load(consequence: "Search keeps the word order.", environment: environment)
            .map { SearchRanking(encoder: $0.encoder) }
    }

    /// `matches` ordered by similarity to `query` (ties keep the word order), at most `limit`.
    /// `stored` holds the embeddings stored with the claims; the others are computed here.
    func rank(_ matches: [ClaimMatch], query: String, limit: Int, stored: [Int64: [Float]] = [:]) -> [ClaimMatch] {
        guard !matches.isEmpty else { return matches }
        // The words and phrases, without the search syntax; -words are not what is meant.
        let parsed = SearchQuery(query)
        let meaning = (parsed.phrases + parsed.words).joined(separator: " ")
        let missing = matches.filter { stored[$0.claim.id]?.count != encoder.dimension }.map(\.claim.text)
        let vectors = encoder.encode([meaning] + missing)
        var computed = vectors.dropFirst().makeIterator()
        let similarities = matches.map { match -> Double in
            let vector = stored[match.claim.id].flatMap { $0.count == encoder.dimension ? $0 : nil } ?? computed.next()!
            return zip(vectors[0], vector).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        let ranked = matches.indices.sorted { a, b in
            similarities[a] != similarities[b] ? similarities[a] > similarities[b] : a < b
        }
        return ranked.prefix(limit).map { index in
            var match = matches[index]
            match.similarity = similarities[index]
            return match
        }
    }
}
