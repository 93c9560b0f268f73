import ArgumentParser
import ClaimStore

extension Claims {
    struct Unlink: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that two look-alike claims are different, so `claims similar` stops suggesting them.",
            discussion: "Example:\n  claims unlink 12 41")

        @Argument(help: "One claim.")
        var first: ClaimID

        @Argument(help: "The other.")
        var second: ClaimID

        @OptionGroup var options: DatabaseOptions

        func run() throws {
            try options.openStore().markDistinct(first.value, second.value, reviewer: options.reviewerName)
            print("#\(first.value) and #\(second.value) are recorded as different claims.")
        }
    }
}
