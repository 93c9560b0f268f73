import ArgumentParser
import ClaimStore
import Foundation
import SentenceModel

extension Claims {
    /// `claims model embed`: gives the claims stored without a sentence embedding one.
    struct ModelEmbed: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "embed",
            abstract: "Give claims stored without a sentence embedding one, and link their look-alikes.",
            discussion: """
                Claims stored before the sentence model was installed, by psql, or by \
                `claims ingest --no-embeddings` are matched by their words alone. This embeds \
                them with the installed model, oldest first, in batches that each commit, and \
                links each batch to its look-alikes, so it can be stopped and run again. An \
                embedding is derived from the text like the match keys: no claim's version \
                moves and no event is written.

                Example:
                  claims model embed
                """)

        @Option(name: .customLong("batch-size"), help: "Claims per batch (each batch commits).")
        var batchSize: Int = 500

        @OptionGroup var options: DatabaseOptions

        func validate() throws {
            if batchSize < 1 { throw ValidationError("--batch-size must be 1 or more.") }
        }

        func run() throws {
            guard let embedder = ClaimEmbedder.load(consequence: "Nothing was embedded.") else {
                throw CLIError.message(
                    "The sentence model is not installed; run scripts/fetch-sentence-model.sh, or set \(SentenceModelLocation.environmentVariable) to its folder."
                )
            }
            let store = try options.openStore()
            let total = try store.unembeddedCount()
            guard total > 0 else {
                print("Every claim has its embedding; nothing to do.")
                return
            }
            let showProgress = Terminal.standardErrorIsTerminal
            var after: Int64 = 0
            var embedded = 0
            var linked = 0
            var seen = 0
            while true {
                let claims = try store.unembeddedClaims(after: after, limit: batchSize)
                guard let last = claims.last else { break }
                after = last.id
                let stored = try store.storeEmbeddings(claims, embedder.embed(claims.map(\.text)))
                embedded += stored.embedded
                linked += stored.linked
                seen += claims.count
                if showProgress {
                    FileHandle.standardError.write(
                        Data(
                            "\rEmbedding claims: \(ReportProgress.grouped(min(seen, total))) of \(ReportProgress.grouped(total))\u{1B}[K"
                                .utf8))
                }
            }
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            print(
                "Embedded \(ReportProgress.grouped(embedded)) \(embedded == 1 ? "claim" : "claims"); \(ReportProgress.grouped(linked)) look-alike \(linked == 1 ? "link" : "links") added (one each way)."
            )
        }
    }
}
