import ArgumentParser
import ClaimSchema
import ClaimStore
import Extraction
import Foundation
import Ingestion

extension Claims {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a claim by hand, with the source it appeared in.",
            discussion: """
                The claim starts as pending. If the same claim (ignoring case, spacing and \
                typographic quotes) is already tracked, the source is added to it instead.

                Example:
                  claims add "The U.S. and Russia agreed to extend New START." \\
                      --source-url https://example.com/new-start --speaker "State Department"
                """)

        @Argument(help: "The claim, as stated in the source, or - to read it from standard input.")
        var text: String

        @Option(
            name: .customLong("source-url"),
            help: ArgumentHelp("Where the claim appeared (http or https).", valueName: "url"))
        var sourceURL: String

        @Option(
            name: .customLong("source-title"), help: ArgumentHelp("The source's headline or title.", valueName: "title")
        )
        var sourceTitle: String?

        @Option(name: .long, help: ArgumentHelp("Who made the claim.", valueName: "name"))
        var speaker: String?

        @Option(
            name: .long,
            help:
                "What sort of fact it states: \(ClaimKind.allCases.map(\.rawValue).joined(separator: ", ")) (else found from the text)."
        )
        var kind: ClaimKind?

        @OptionGroup var modelOption: DatabaseModelOption

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
            if text != "-", text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw ValidationError("The claim text is empty; give the sentence to check in quotes.")
            }
            if !ClaimText.isWebURL(sourceURL) {
                throw ValidationError(
                    "The source URL '\(sourceURL)' is not a full http or https address; give one such as https://example.com/story."
                )
            }
        }

        func run() throws {
            let store = try options.openStore()
            // Scored and read like an extracted claim, so it queues and reports the same way.
            let extractor = ClaimExtractor(model: try modelOption.load(from: store), minimumScore: 0)
            let sentence = try Self.sentence(try Self.claimText(text))
            let result = try store.add(
                NewClaim(
                    typed: sentence, sourceURL: sourceURL, sourceTitle: sourceTitle, speaker: speaker, kind: kind,
                    extractor: extractor,
                    embedding: ClaimEmbedder.load(
                        consequence: "The claim is stored without an embedding and matched by its words.")?
                        .embed([sentence]).first),
                reviewer: options.reviewerName)
            try show(
                AddOutput(
                    claim: result.claim, alreadyTracked: result.alreadyTracked,
                    checkedBefore: try store.checkedBefore(result.claim.id),
                    variantOf: try store.verifiedVariants([result.claim.id])[result.claim.id] ?? []))
        }

        /// The claim as stored: control characters removed, line breaks as spaces (as ingest
        /// stores text), trimmed; refused when empty or longer than `maximumBytes`.
        static func sentence(_ given: String) throws -> String {
            let sentence = ClaimText.clean(given).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !sentence.isEmpty else {
                throw ValidationError("The claim text is empty; give the sentence to check in quotes.")
            }
            guard sentence.utf8.count <= maximumBytes else {
                throw ValidationError(
                    "The claim is \(sentence.utf8.count) bytes long; a claim is one statement of at most \(maximumBytes) bytes: give the sentence that makes it."
                )
            }
            return sentence
        }

        private func show(_ added: AddOutput) throws {
            let claim = added.claim
            switch output.format {
            case .json:
                print(try JSONOutput.encode(added))
            case .csv:
                print(
                    ClaimRows.csv(
                        [claim], checkedBefore: [claim.id: added.checkedBefore],
                        variantOf: [claim.id: added.variantOf]), terminator: "")
            case .table:
                if added.alreadyTracked {
                    print(
                        "Claim #\(claim.id) was already tracked (\(claim.status.rawValue)); recorded its appearance in \(sourceURL)."
                    )
                } else {
                    print("Added claim #\(claim.id) (pending) from \(sourceURL).")
                }
                for prior in added.checkedBefore {
                    print(Terminal.styled("  checked before: " + ClaimRows.priorCheck(prior), .yellow))
                }
                for variant in added.variantOf {
                    print(Terminal.styled("  " + Terminal.visible(ClaimRows.priorVariant(variant)), .yellow))
                }
            }
        }

        /// The longest claim `add` takes, in UTF-8 bytes: a sentence, with room to
        /// spare, and inside what PostgreSQL's b-tree indexes on the text accept.
        static let maximumBytes = 2000

        /// The argument, or standard input for `-` (as `ingest -` reads it).
        static func claimText(_ argument: String) throws -> String {
            guard argument == "-" else { return argument }
            var data = Data()
            while data.count <= maximumBytes * 4, let chunk = try FileHandle.standardInput.read(upToCount: 65536),
                !chunk.isEmpty
            {
                data.append(chunk)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("Standard input is not UTF-8 text; give the claim as UTF-8.")
            }
            return text
        }
    }
}

private struct AddOutput: Encodable {
    var claim: Claim
    var alreadyTracked: Bool
    var checkedBefore: [PriorCheck]
    var variantOf: [PriorVariant]
}
