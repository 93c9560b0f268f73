import ArgumentParser
import ClaimSchema
import ClaimStore

extension Claims {
    struct Next: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take the next pending claim: the highest-scored one nobody holds, assigned to you.",
            discussion: """
                Safe with many reviewers at once: two never get the same claim. While you \
                hold a claim in review, the table form shows that claim again instead of \
                taking another; --another takes one more on purpose. With --format json it \
                takes the next claim and prints it as one object, or null when the queue is \
                empty (exit 0 either way).

                Examples:
                  claims next
                  claims next --another
                  claims next --kind quantity --min-score 0.8 --format json
                """)

        @OptionGroup var source: SourceFilterOption
        @OptionGroup var kind: KindFilterOption
        @OptionGroup var minScore: MinScoreFilterOption

        @Flag(name: .long, help: "Take one more claim while you still hold one in review.")
        var another = false

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
        }

        func run() throws {
            let store = try options.openStore()
            // A person who still holds a claim is shown it rather than handed a second one
            // by mistake. Scripts (json, csv) keep taking claims as they always have.
            if output.format == .table, !another {
                let held = try store.heldClaims(by: options.reviewerName)
                if let first = held.first {
                    let ids =
                        held.prefix(10).map { "#\($0.id)" }.joined(separator: ", ") + (held.count > 10 ? ", …" : "")
                    let release = held.count == 1 ? "`claims release \(first.id)`" : "`claims release ID`"
                    Terminal.note(
                        "You already hold \(ids) in review, so no claim was taken: finish \(held.count == 1 ? "it" : "them"), give \(held.count == 1 ? "it" : "one") back with \(release), or take one more with `claims next --another`."
                    )
                    print(Show.render(try store.detail(id: first.id), wide: output.wide), terminator: "")
                    return
                }
            }
            // One transaction takes the claim and reads all that is printed: after it
            // commits, nothing can fail and leave the claim held by someone never shown it.
            let taken = try store.takeNextForReview(
                for: options.reviewerName,
                filter: QueueFilter(sourceID: source.source, kind: kind.kind, minScore: minScore.minScore))
            switch output.format {
            case .json:
                if let taken {
                    print(
                        try JSONOutput.encode(
                            ListedClaim(
                                claim: taken.detail.claim, checkedBefore: taken.detail.checkedBefore,
                                variantOf: taken.detail.variantOf)))
                } else {
                    print("null")
                }
            case .csv:
                let rows = taken.map { [$0.detail.claim] } ?? []
                let prior = taken.map { [$0.detail.claim.id: $0.detail.checkedBefore] } ?? [:]
                let variants = taken.map { [$0.detail.claim.id: $0.detail.variantOf] } ?? [:]
                print(ClaimRows.csv(rows, checkedBefore: prior, variantOf: variants), terminator: "")
            case .table:
                guard let taken else {
                    print("The queue is empty: no pending claim matches.")
                    try remindHeld(try store.heldClaims(by: options.reviewerName))
                    return
                }
                print(Show.render(taken.detail, wide: output.wide), terminator: "")
                try remindHeld(taken.alsoHeld)
            }
        }

        /// Says which claims the reviewer already holds, so none is forgotten in review.
        private func remindHeld(_ held: [Claim]) throws {
            guard !held.isEmpty else { return }
            let ids = held.prefix(10).map { "#\($0.id)" }.joined(separator: ", ") + (held.count > 10 ? ", …" : "")
            Terminal.note(
                "You also hold \(ids) in review: finish \(held.count == 1 ? "it" : "them"), or give one back with `claims release ID`."
            )
        }
    }
}
