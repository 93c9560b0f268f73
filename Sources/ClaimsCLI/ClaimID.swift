import ArgumentParser
import Foundation

/// A claim id as typed: `12` or `#12`.
struct ClaimID: ExpressibleByArgument {
    var value: Int64

    init?(argument: String) {
        let digits = argument.hasPrefix("#") ? String(argument.dropFirst()) : argument
        guard let value = Int64(digits), value > 0 else { return nil }
        self.value = value
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
