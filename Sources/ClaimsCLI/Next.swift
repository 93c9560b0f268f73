import ArgumentParser
import ClaimStore

extension Claims {
    struct Next: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take the next pending claim: the highest-scored one nobody holds, assigned to you.",
            discussion: """
                Safe with many reviewers at once: two never get the same claim. With --format json
                it prints the claim as one object, or null when the queue is empty (exit 0 either way).
                Examples:
                  claims next
                  claims next --kind quantity --min-score 0.8 --format json
                """)

        @Option(name: .long, help: ArgumentHelp("Only claims from this source id.", valueName: "id"))
        var source: Int64?

        @Option(name: .long, help: "Only claims of this kind.")
        var kind: ClaimKind?

        @Option(name: .customLong("min-score"), help: ArgumentHelp("Only claims scored at least this.", valueName: "x"))
        var minScore: Double?

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
            if let minScore, !(0...1).contains(minScore) { throw ValidationError("--min-score must be between 0 and 1, such as 0.5.") }
        }

        func run() throws {
            let store = try options.openStore()
            let claim = try store.takeNext(
                for: options.reviewerName, filter: QueueFilter(sourceID: source, kind: kind, minScore: minScore))
            switch output.format {
            case .json:
                if let claim {
                    print(try JSONOutput.encode(ListedClaim(claim: claim, checkedBefore: try store.checkedBefore(claim.id))))
                } else {
                    print("null")
                }
            case .csv:
                print(ClaimRows.csv(claim.map { [$0] } ?? [], checkedBefore: try claim.map { [$0.id: try store.checkedBefore($0.id)] } ?? [:]), terminator: "")
            case .table:
                guard let claim else {
                    print("The queue is empty: no pending claim matches.")
                    return
                }
                print(Show.render(try store.detail(id: claim.id)), terminator: "")
            }
        }
    }
}
