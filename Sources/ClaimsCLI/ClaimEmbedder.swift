import Foundation
import SentenceModel

/// The sentence model's embeddings of claims, stored with them so matching can rank
/// look-alikes by meaning (sql/011_embeddings.sql). When the model is not installed,
/// claims are stored without one and matched by their words, as before.
struct ClaimEmbedder {
    let encoder: SentenceEncoder

    /// The encoder when the sentence model is installed (reusing `encoder` when one is
    /// loaded already); nil when it is not. A model that is there but cannot be loaded is
    /// named in one line on stderr, and the command goes on without it.
    static func load(
        reusing encoder: SentenceEncoder? = nil, consequence: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ClaimEmbedder? {
        if let encoder { return ClaimEmbedder(encoder: encoder) }
        let location = SentenceModelLocation.forClaims(environment: environment)
        guard location.isInstalled else { return nil }
        do {
            return ClaimEmbedder(encoder: try SentenceEncoder(directory: location.directory))
        } catch {
            Terminal.note("warning: \(Terminal.visible("\(error)")) \(consequence)")
            return nil
        }
    }

    /// One embedding per text, in order.
    func embed(_ texts: [String]) -> [[Float]] {
        texts.isEmpty ? [] : encoder.encode(texts)
    }
}
