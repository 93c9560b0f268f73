import ClaimSchema
import Foundation

/// Reads the checkable facts out of one sentence: speaker, kind, quantities, dates.
///
/// ```swift
/// let facts = FactExtractor.facts(
///     in: "The State Department said it sanctioned 32 entities on Tuesday.",
///     published: publishedAt)
/// // kind .quantity, speaker "State Department",
/// // quantities [32 entities], dates [Tuesday -> the Tuesday on or before publication]
/// ```
///
/// The kind is the first of these that holds:
/// 1. `quote`: a quotation of four or more words, attributed to someone (a pronoun counts);
/// 2. `quantity`: a number that is not a year;
/// 3. `comparison`: a comparative or superlative ("more", "than", "record", "doubled", "-est");
/// 4. `date`: a date mention that resolved;
/// 5. `event`: a past-tense action verb ("signed", "agreed", "sanctioned") after its actor;
/// 6. `other`.
public enum FactExtractor {
    /// The facts of `sentence`; `published` (UTC) resolves dates without a year and
    /// relative ones ("last month", "on Tuesday"), which are omitted without it.
    public static func facts(in sentence: String, published: Date?) -> ClaimFacts {
        facts(in: sentence, reference: published.map(DateNormalizer.DayRange.init), scratch: Scratch())
    }

    /// Arrays kept from sentence to sentence, so extracting facts does not allocate them anew
    /// each time. Not thread-safe: one per thread, which is also why its properties skip the
    /// runtime exclusivity checks (two per sentence otherwise).
    final class Scratch {
        @exclusivity(unchecked) var tokens: [FactTokens.Token] = []
        @exclusivity(unchecked) var lowerBytes: [UInt8] = []
        @exclusivity(unchecked) var used: [Bool] = []
        /// The relative dates met since the caller last emptied it.
        @exclusivity(unchecked) var relativeDates = DateNormalizer.RelativeDates()
    }

    /// `facts(in:published:)` with reused arrays, the publication date given as the days it may
    /// be (`ReferenceDate`), and the relative dates counted in `scratch.relativeDates`.
    static func facts(in sentence: String, reference: DateNormalizer.DayRange?, scratch: Scratch) -> ClaimFacts {
        let tokens = FactTokens(sentence, reusing: &scratch.tokens, &scratch.lowerBytes)
        var used = scratch.used
        scratch.used = []
        used.resetToFalse(count: tokens.count)
        defer {
            // Hand the arrays back; the next sentence finds them uniquely referenced.
            scratch.tokens = tokens.tokens
            scratch.lowerBytes = tokens.lowerBytes
            scratch.used = used
        }
        let dates = DateNormalizer.mentions(
            in: tokens, reference: reference, used: &used, relative: &scratch.relativeDates)
        let quantities = QuantityExtractor.quantities(in: tokens, used: &used)
        let attribution = Attribution.find(in: tokens)

        let kind: ClaimKind
        if attribution.attributed && hasQuotation(tokens) {
            kind = .quote
        } else if !quantities.isEmpty {
            kind = .quantity
        } else if isComparison(tokens) {
            kind = .comparison
        } else if !dates.isEmpty {
            kind = .date
        } else if isEvent(tokens) {
            kind = .event
        } else {
            kind = .other
        }
        return ClaimFacts(kind: kind, speaker: attribution.speaker, quantities: quantities, dates: dates)
    }

    /// Whether the sentence quotes four or more words between quotation marks; a quotation
    /// left open runs to the end of the sentence.
    static func hasQuotation(_ tokens: FactTokens) -> Bool {
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            guard token.isOpeningQuote,
                token.first != "\"" || token.spaceBefore || index == 0 || !tokens[index - 1].kind.isWordLike
            else {
                index += 1
                continue
            }
            var words = 0
            var position = index + 1
            while position < tokens.count, !tokens[position].isClosingQuote || tokens[position].first == "“" {
                if tokens[position].kind != .symbol { words += 1 }
                position += 1
            }
            if words >= 4 { return true }
            index = position + 1
        }
        return false
    }

    static let comparatives: Set<String> = [
        "more", "less", "fewer", "most", "least", "higher", "lower", "larger", "largest", "bigger",
        "biggest", "smaller", "smallest", "greater", "greatest", "record", "doubled", "tripled",
        "quadrupled", "halved", "than", "highest", "lowest", "best", "worst", "better", "worse",
        "cheaper", "faster", "slower", "older", "younger", "richer", "poorer", "outpaced", "surpassed",
    ]

    /// "-est" words that are not superlatives.
    static let notSuperlatives: Set<String> = [
        "interest", "protest", "request", "arrest", "forest", "honest", "modest", "harvest", "contest",
        "suggest", "invest", "digest", "manifest", "earnest", "southwest", "northwest", "midwest",
        "priest", "attest", "detest", "latest", "unrest", "conquest", "behest", "bequest", "inquest",
        "tempest", "everest", "budapest", "bucharest", "guest", "quest", "chest", "nest", "west",
        "rest", "test", "pest", "vest", "jest", "crest", "zest", "lest", "infest", "congest", "divest",
        "ingest", "retest", "dishonest", "pretest",
    ]

    static func isComparison(_ tokens: FactTokens) -> Bool {
        tokens.contains { token in
            guard token.kind == .word else { return false }
            if token.classes.contains(.comparative) { return true }
            return !token.isCapitalized && token.lowerCount >= 6 && tokens.lower(token, hasSuffix: "est")
                && !token.classes.contains(.notSuperlative)
        }
    }

    static let actionVerbs: Set<String> = [
        "agreed", "signed", "announced", "passed", "voted", "approved", "launched", "killed",
        "arrested", "resigned", "elected", "sanctioned", "invaded", "attacked", "fired", "appointed",
        "banned", "imposed", "withdrew", "won", "lost", "died", "ruled", "charged", "convicted",
        "sentenced", "indicted", "released", "acquired", "declared", "ordered", "vetoed", "struck",
        "seized", "captured", "extended", "suspended", "rejected", "endorsed", "nominated",
        "deployed", "expelled", "shot", "bombed", "raided", "detained", "freed", "pardoned",
        "ratified", "enacted", "repealed", "overturned", "blocked", "unveiled", "merged", "closed",
        "opened", "hired", "founded", "won", "defeated", "sued", "fined", "evacuated", "cancelled",
        "canceled", "postponed", "halted", "terminated", "dismissed", "ousted", "quit",
    ]

    /// A past-tense action verb with some word before it to act.
    static func isEvent(_ tokens: FactTokens) -> Bool {
        var sawActor = false
        for index in 0..<tokens.count {
            let token = tokens[index]
            guard token.kind == .word else { continue }
            if sawActor, !token.isCapitalized, token.classes.contains(.actionVerb) { return true }
            sawActor = true
        }
        return false
    }
}

extension FactTokens.Kind {
    fileprivate var isWordLike: Bool { self != .symbol }
}

extension Array where Element == Bool {
    /// `self[0..<count]` all false, in the storage already allocated; the array only grows, so
    /// a sentence with fewer tokens than the last clears just its own (indices past the
    /// sentence's tokens are never read).
    fileprivate mutating func resetToFalse(count: Int) {
        if self.count < count { append(contentsOf: repeatElement(false, count: count - self.count)) }
        withUnsafeMutableBufferPointer { UnsafeMutableBufferPointer(rebasing: $0[0..<count]).update(repeating: false) }
    }
}
