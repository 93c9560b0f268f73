import ArgumentParser
import ClaimStore
import Extraction
import Foundation

extension Claims {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a claim by hand, with the source it appeared in.",
            discussion: """
                The claim starts as pending. If the same claim (ignoring case, spacing and
                typographic quotes) is already tracked, the source is added to it instead.
                Example:
                  claims add "The U.S. and Russia agreed to extend New START through Feb. 4, 2026." \\
                      --source-url https://example.com/new-start --speaker "State Department"
                """)

        @Argument(help: "The claim, as stated in the source.")
        var text: String

        @Option(name: .customLong("source-url"), help: ArgumentHelp("Where the claim appeared (http or https).", valueName: "url"))
        var sourceURL: String

        @Option(name: .customLong("source-title"), help: ArgumentHelp("The source's headline or title.", valueName: "title"))
        var sourceTitle: String?

        @Option(name: .long, help: ArgumentHelp("Who made the claim.", valueName: "name"))
        var speaker: String?

        @Option(name: .long, help: "What sort of fact it states: \(ClaimKind.allCases.map(\.rawValue).joined(separator: ", ")) (else found from the text).")
        var kind: ClaimKind?

        @OptionGroup var modelOption: ModelOption

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw ValidationError("The claim text is empty; give the sentence to check in quotes.")
            }
            if !ClaimText.isWebURL(sourceURL) {
                throw ValidationError(
                    "The source URL '\(sourceURL)' is not a full http or https address; give one such as https://example.com/story.")
            }
        }

        func run() throws {
            // Scored and read like an extracted claim, so it queues and reports the same way.
            let extractor = ClaimExtractor(model: try modelOption.load(), minimumScore: 0)
            let sentence = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let facts = FactExtractor.facts(in: sentence, published: nil)
            let found = ExtractedClaim(
                text: sentence, start: 0, end: sentence.unicodeScalars.count, score: extractor.scorer.score(sentence),
                kind: facts.kind, speaker: facts.speaker, quantities: facts.quantities, dates: facts.dates, context: sentence)
            let store = try options.openStore()
            let result = try store.add(
                NewClaim(
                    text: text, sourceURL: sourceURL, sourceTitle: sourceTitle, speaker: speaker ?? facts.speaker,
                    kind: kind ?? ClaimKind(rawValue: facts.kind.rawValue) ?? .other, score: found.score,
                    factsJSON: FactsJSON.encode(found)),
                reviewer: options.reviewerName)
            let checkedBefore = try store.checkedBefore(result.claim.id)
            switch output.format {
            case .json:
                print(try JSONOutput.encode(
                    AddOutput(claim: result.claim, alreadyTracked: result.alreadyTracked, checkedBefore: checkedBefore)))
            case .csv:
                print(ClaimRows.csv([result.claim], checkedBefore: [result.claim.id: checkedBefore]), terminator: "")
            case .table:
                if result.alreadyTracked {
                    print("Claim #\(result.claim.id) was already tracked (\(result.claim.status.rawValue)); recorded its appearance in \(sourceURL).")
                } else {
                    print("Added claim #\(result.claim.id) (pending) from \(sourceURL).")
                }
                for prior in checkedBefore {
                    print(Terminal.styled("  checked before: " + ClaimRows.priorCheck(prior), .yellow))
                }
            }
        }
    }
}

private struct AddOutput: Encodable {
    var claim: Claim
    var alreadyTracked: Bool
    var checkedBefore: [PriorCheck]
}
