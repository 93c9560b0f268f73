/// Finds the quantities in a sentence: numbers in digits or words, money,
/// percentages, and the noun each one counts.
///
/// Not quantities: years (see `DateNormalizer.isYear`), ordinals ("1st", "third"),
/// decades ("1990s"), times ("10:30", "9 a.m."), phone numbers, numbers glued into
/// names ("COVID-19", "F-16", "G7"), a lone "one" ("one of them"), and vague plurals
/// ("dozens", "hundreds of").
enum QuantityExtractor {
    /// Quantities in sentence order; skips tokens already `used` and marks its own.
    static func quantities(in tokens: FactTokens, used: inout [Bool]) -> [Quantity] {
        var found: [Quantity] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if !token.mayStartFact || used[index] {
                index += 1
                continue
            }
            var match: Match?
            switch token.kind {
            case .symbol:
                if let currency = currency(token.first), let number = tokens.at(index + 1),
                    number.kind == .number, !number.spaceBefore, !used[index + 1]
                {
                    var first = index
                    if let prefix = tokens.at(index - 1), prefix.isWord(.us), prefix.isCapitalized, !token.spaceBefore { first = index - 1 }
                    match = numeric(at: index + 1, in: tokens, currency: currency, first: first)
                }
            case .number:
                match = numeric(at: index, in: tokens, currency: nil, first: index)
            case .word:
                // The test `spelled` starts with, made here: it turns away most words.
                if token.classes.contains(.spelledNumber) || token.hasHyphen { match = spelled(at: index, in: tokens) }
            }
            guard let match else {
                index += 1
                continue
            }
            for position in match.first...match.last { used[position] = true }
            if let value = match.value {
                // Room for a few at once: growing one by one reallocates at the second and third.
                if found.isEmpty { found.reserveCapacity(4) }
                found.append(Quantity(text: tokens.text(match.first, match.last), value: value, unit: match.unit))
            }
            index = match.last + 1
        }
        return found
    }

    /// Tokens `first...last` are one quantity; `value` nil marks tokens that look like
    /// a number but are not a quantity (a time, a phone number), so they are skipped.
    struct Match {
        var first: Int
        var last: Int
        var value: Double?
        var unit: String?
    }

    static let currencies: [Unicode.Scalar: String] = ["$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"]

    /// `currencies[symbol]`, without hashing.
    @inline(__always)
    static func currency(_ symbol: Unicode.Scalar) -> String? {
        switch symbol {
        case "$": return "USD"
        case "€": return "EUR"
        case "£": return "GBP"
        case "¥": return "JPY"
        default: return nil
        }
    }

    static let scales: [String: Double] = [
        "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
        "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "mn": 1_000_000, "tn": 1_000_000_000_000,
    ]

    /// Scale suffixes glued to a number: "$2bn", "5k", "$10m" ("m" only with money,
    /// where it cannot mean metres).
    static let gluedScales: [String: Double] = [
        "bn": 1_000_000_000, "b": 1_000_000_000, "mn": 1_000_000, "tn": 1_000_000_000_000,
        "trn": 1_000_000_000_000, "k": 1_000,
    ]

    static let currencyWords: [String: String] = [
        "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "yen": "JPY", "yuan": "CNY",
        "rupees": "INR", "rubles": "RUB", "roubles": "RUB",
    ]

    /// Words that end a number's phrase instead of naming what it counts.
    static let stopWords: Set<String> = [
        "the", "a", "an", "of", "and", "or", "but", "nor", "to", "in", "on", "at", "for", "from", "by",
        "with", "than", "as", "is", "was", "were", "are", "be", "been", "being", "has", "have", "had",
        "will", "would", "can", "could", "should", "may", "might", "must", "shall", "do", "does", "did",
        "that", "which", "who", "whom", "whose", "this", "these", "those", "it", "its", "he", "she",
        "they", "we", "i", "you", "his", "her", "their", "our", "my", "your", "per", "percent", "more",
        "less", "fewer", "over", "under", "about", "around", "nearly", "almost", "up", "down", "out",
        "into", "onto", "when", "while", "after", "before", "since", "until", "during", "if", "so", "not",
        "no", "each", "every", "all", "some", "such", "then", "there", "here", "where", "how", "what",
        "why", "said", "says", "says", "told", "against", "between", "among", "through", "across",
        "last", "next", "ago", "later", "earlier", "again", "also", "only", "just", "even", "still",
        "or", "either", "both", "via", "because", "although", "though", "whether", "am", "pm", "o'clock",
    ]

    /// Adjectives that may sit between a number and its noun ("32 new entities").
    static let adjectives: Set<String> = [
        "new", "additional", "other", "extra", "former", "active", "civilian", "foreign", "total",
        "separate", "different", "major", "small", "large", "local", "armed", "young", "old",
        "missing", "more", "full-time", "part-time", "private", "public", "federal", "state",
        "registered", "eligible", "undocumented", "unemployed", "international", "domestic", "known",
        "confirmed", "suspected", "dead", "injured", "wounded", "innocent", "american", "square",
    ]

    // MARK: Numbers in digits

    private static func numeric(at index: Int, in tokens: FactTokens, currency: String?, first: Int) -> Match? {
        let token = tokens[index]
        guard var value = tokens.value(token) else { return nil }
        let next = tokens.at(index + 1)

        if currency == nil {
            // Glued to a name: G7, F-16, COVID-19 style designators, "No.5".
            if let previous = tokens.at(index - 1), !token.spaceBefore {
                if previous.kind == .word { return nil }
                if previous.is("-"), let word = tokens.at(index - 2), word.kind == .word, !previous.spaceBefore {
                    return nil
                }
                if previous.is("#") { return Match(first: index, last: index, value: nil) }
            }
            if let time = timeOrPhone(at: index, in: tokens) { return time }
            if let next, next.kind == .word, !next.spaceBefore,
                next.isWord(.st) || next.isWord(.nd) || next.isWord(.rd) || next.isWord(.th) || next.isWord(.s)
            {
                return Match(first: index, last: index + 1, value: nil)  // 1st, 1990s
            }
        }

        var last = index
        var unit = currency
        if let next, next.kind == .word, !next.spaceBefore {
            if let scale = FactVocabulary.gluedScales[Int(next.word)] ?? (currency != nil && next.isWord(.m) ? 1_000_000 : nil) {
                value *= scale
                last += 1
            } else if currency == nil {
                return Match(first: index, last: index + 1, value: nil)  // "10km", "5G": measurements we do not read
            }
        }
        if let word = tokens.at(last + 1), word.kind == .word, word.spaceBefore, let scale = FactVocabulary.scales[Int(word.word)] {
            value *= scale
            last += 1
            if let more = tokens.at(last + 1), more.kind == .word, let bigger = FactVocabulary.scales[Int(more.word)], bigger > scale {
                value *= bigger
                last += 1
            }
        }
        if currency != nil {
            return Match(first: first, last: last, value: value, unit: unit)
        }
        if let (measure, end) = measure(after: last, in: tokens) {
            return Match(first: first, last: end, value: value, unit: measure)
        }
        if let hyphen = tokens.at(last + 1), hyphen.is("-"), !hyphen.spaceBefore,
            let word = tokens.at(last + 2), word.kind == .word, !word.spaceBefore
        {
            return Match(first: first, last: last + 2, value: value, unit: tokens.lower(word))  // "10-year"
        }
        unit = nil
        if let (noun, end) = countedNoun(after: last, in: tokens) {
            return Match(first: first, last: end, value: value, unit: noun)
        }
        return Match(first: first, last: last, value: value, unit: unit)
    }

    /// Times ("10:30", "9 a.m.", "9pm") and phone numbers ("555-0100", "(202) 555-0100").
    private static func timeOrPhone(at index: Int, in tokens: FactTokens) -> Match? {
        if let colon = tokens.at(index + 1), colon.is(":"), !colon.spaceBefore,
            let minutes = tokens.at(index + 2), minutes.kind == .number, !minutes.spaceBefore
        {
            var last = index + 2
            if let marker = meridiem(at: last + 1, in: tokens) { last = marker }
            return Match(first: index, last: last, value: nil)
        }
        if let marker = meridiem(at: index + 1, in: tokens) {
            return Match(first: index, last: marker, value: nil)
        }
        // A chain of digit groups joined by hyphens or dots, no spaces.
        var last = index
        var groups = 1
        var digits = tokens[index].lowerCount
        while let joiner = tokens.at(last + 1), joiner.is("-") || joiner.is("."), !joiner.spaceBefore,
            let group = tokens.at(last + 2), group.isPlainDigits, !group.spaceBefore
        {
            groups += 1
            digits += group.lowerCount
            last += 2
        }
        if groups >= 3 || (groups == 2 && digits >= 7) {
            return Match(first: index, last: last, value: nil)
        }
        // "(202) 555-0100": an area code before a phone chain.
        if tokens.at(index - 1)?.is("(") == true, tokens.at(index + 1)?.is(")") == true,
            tokens[index].lowerCount == 3, let rest = tokens.at(index + 2), rest.isPlainDigits,
            tokens.at(index + 3)?.is("-") == true
        {
            return Match(first: index, last: index + 1, value: nil)
        }
        return nil
    }

    /// The last token of an "a.m."/"p.m."/"am"/"pm" marker starting at `index`.
    private static func meridiem(at index: Int, in tokens: FactTokens) -> Int? {
        guard let token = tokens.at(index), token.kind == .word else { return nil }
        if token.isWord(.am) || token.isWord(.pm) { return index }
        if token.isWord(.a) || token.isWord(.p), tokens.at(index + 1)?.is(".") == true,
            tokens.at(index + 2)?.isWord(.m) == true
        {
            return tokens.at(index + 3)?.is(".") == true ? index + 3 : index + 2
        }
        // No word is "a.m" or "p.m": words never take a full stop (`FactTokens`).
        return nil
    }

    /// Percentages and currencies written after the number.
    private static func measure(after last: Int, in tokens: FactTokens) -> (String, Int)? {
        guard let next = tokens.at(last + 1) else { return nil }
        if next.is("%") { return ("percent", last + 1) }
        guard next.kind == .word else { return nil }
        switch Keyword(rawValue: next.word) {
        case .percent?, .pct?: return ("percent", last + 1)
        case .per? where tokens.at(last + 2)?.isWord(.cent) == true: return ("percent", last + 2)
        case .percentage? where tokens.at(last + 2).map { $0.isWord(.point) || $0.isWord(.points) } == true:
            return ("percentage points", last + 2)
        default:
            if let code = FactVocabulary.currencyWords[Int(next.word)] { return (code, last + 1) }
            return nil
        }
    }

    /// The noun a number counts: the next word unless it is a function word, skipping
    /// up to two adjectives ("32 new Russian entities").
    private static func countedNoun(after last: Int, in tokens: FactTokens) -> (String, Int)? {
        var index = last + 1
        var skipped = 0
        while let token = tokens.at(index), skipped <= 2 {
            guard token.kind == .word, token.spaceBefore, !token.classes.contains(.stopWord),
                FactVocabulary.scales[Int(token.word)] == nil,
                FactVocabulary.months[Int(token.word)] == 0 || !token.isCapitalized
            else { return nil }
            let canSkip = token.isCapitalized || token.classes.contains(.adjective)
            if canSkip, let next = tokens.at(index + 1), isNounCandidate(next, in: tokens) {
                skipped += 1
                index += 1
                continue
            }
            if !token.isCapitalized && tokens.lowerEndsWithEdOrLy(token) {
                return nil
            }
            return (tokens.lower(token), index)
        }
        return nil
    }

    private static func isNounCandidate(_ token: FactTokens.Token, in tokens: FactTokens) -> Bool {
        token.kind == .word && token.spaceBefore && !token.classes.contains(.stopWord)
            && (token.isCapitalized || !tokens.lowerEndsWithEdOrLy(token))
    }

    // MARK: Numbers in words

    static let smallNumbers: [String: Double] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
        "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
        "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]

    static let denominators: [String: Double] = [
        "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
        "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
        "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
    ]

    /// "five million people", "twenty-five", "two hundred and fifty", "a dozen",
    /// "a million", "half a million", "two-thirds".
    private static func spelled(at index: Int, in tokens: FactTokens) -> Match? {
        let token = tokens[index]
        guard token.classes.contains(.spelledNumber) || token.hasHyphen else { return nil }
        let word = tokens.lower(token)
        let hyphenated = word.utf8.contains(UInt8(ascii: "-"))
        if hyphenated, let fraction = fraction(word) {
            var last = index
            if tokens.at(index + 1)?.isWord(.of) == true { last += 1 }
            if let (noun, end) = countedNoun(after: last, in: tokens) {
                return Match(first: index, last: end, value: fraction, unit: noun)
            }
            return Match(first: index, last: index, value: fraction)
        }
        var total = 0.0
        var current = 0.0
        var last = index - 1
        var sawNumber = false
        var multiplier = 1.0
        var position = index
        if token.isWord(.a) || token.isWord(.an) || token.isWord(.half) {
            guard let next = tokens.at(index + 1) else { return nil }
            if token.isWord(.half), next.isWord(.a), let scale = tokens.at(index + 2),
                let size = FactVocabulary.scales[Int(scale.word)], size >= 1_000
            {
                multiplier = 0.5
                position = index + 2
            } else if next.isWord(.dozen) {
                current = 12
                sawNumber = true
                last = index + 1
                position = index + 2
            } else if FactVocabulary.scales[Int(next.word)] != nil {
                current = 1
                sawNumber = true
                last = index
                position = index + 1
            } else {
                return nil
            }
        }
        while let token = tokens.at(position), token.kind == .word, position == index || token.spaceBefore {
            if let scale = FactVocabulary.scales[Int(token.word)], !token.isWord(.bn), !token.isWord(.mn), !token.isWord(.tn) {
                if scale == 100 {
                    current = max(current, 1) * 100
                } else {
                    total += max(current, 1) * scale
                    current = 0
                }
                sawNumber = true
            } else if token.isWord(.dozen), sawNumber {
                current *= 12
            } else if let value = compound(token, in: tokens) {
                let tens = current.truncatingRemainder(dividingBy: 100)
                guard tens == 0 || (tens.truncatingRemainder(dividingBy: 10) == 0 && value < 10) else { break }
                current += value
                sawNumber = true
            } else if token.isWord(.and), sawNumber, current >= 100,
                let next = tokens.at(position + 1), compound(next, in: tokens) != nil
            {
                // "two hundred and fifty"
            } else {
                break
            }
            last = position
            position += 1
        }
        guard sawNumber, last >= index else { return nil }
        let value = (total + current) * multiplier
        if value == 1, multiplier == 1, word == "one" { return nil }  // "one of the", "no one"
        if let (measure, end) = measure(after: last, in: tokens) {
            return Match(first: index, last: end, value: value, unit: measure)
        }
        if let (noun, end) = countedNoun(after: last, in: tokens) {
            return Match(first: index, last: end, value: value, unit: noun)
        }
        return Match(first: index, last: last, value: value)
    }

    /// Words that may open a spelled-out number besides the small numbers themselves.
    static let spellingStarts: Set<String> = ["a", "an", "half", "hundred", "thousand", "million", "billion", "trillion", "dozen"]

    /// "seven", "forty", "twenty-five".
    private static func compound(_ token: FactTokens.Token, in tokens: FactTokens) -> Double? {
        if let value = FactVocabulary.smallNumbers[Int(token.word)] { return value }
        guard token.hasHyphen || token.kind != .word && tokens.lower(token, contains: UInt8(ascii: "-")) else { return nil }
        let word = tokens.lower(token)
        let parts = word.split(separator: "-")
        guard parts.count == 2, let tens = smallNumbers[String(parts[0])], tens >= 20,
            tens.truncatingRemainder(dividingBy: 10) == 0, let units = smallNumbers[String(parts[1])], units < 10
        else { return nil }
        return tens + units
    }

    /// "two-thirds", "three-quarters", "one-half".
    private static func fraction(_ word: String) -> Double? {
        let parts = word.split(separator: "-")
        guard parts.count == 2, let numerator = smallNumbers[String(parts[0])],
            let denominator = denominators[String(parts[1])]
        else { return nil }
        return numerator / denominator
    }
}
