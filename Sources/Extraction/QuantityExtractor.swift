import ClaimSchema

/// Finds the quantities in a sentence: numbers in digits or words, money,
/// percentages, and the noun each one counts.
///
/// Not quantities: years (see `DateNormalizer.isYear`), ordinals ("1st", "third"),
/// decades ("1990s"), times ("10:30", "9 a.m."), phone numbers, numbers glued into
/// names ("COVID-19", "F-16", "G7"), a lone "one" ("one of them"), and vague plurals
/// ("dozens", "hundreds of").
///
/// A tally ("voted 7-2", "a 5–4 decision", "won 3-1") is one quantity: its text as written,
/// the first figure as its value and the unit "tally". A number that shares its noun with
/// the next ("seven mid-level and a dozen government officials", "between 300 and 400
/// troops") takes that noun as its unit; of a noun compound, the plural head is the unit
/// ("12 government officials" counts officials).
enum QuantityExtractor {
    /// Quantities in sentence order; skips tokens already `used` and marks its own.
    static func quantities(in tokens: FactTokens, used: inout [Bool]) -> [Quantity] {
        var found: [Quantity] = []
        // The last quantity, when it shares the noun of one that starts two tokens after it.
        var sharer: (index: Int, last: Int)?
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
                    if let prefix = tokens.at(index - 1), prefix.isWord(.us), prefix.isCapitalized, !token.spaceBefore {
                        first = index - 1
                    }
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
                // Not "6 to $7,000": the first is in thousands too.
                if let shared = sharer, match.first == shared.last + 2, let unit = match.unit, !match.scaled,
                    tokens[match.first].kind != .symbol
                {
                    found[shared.index].unit = unit
                }
                found.append(Quantity(text: tokens.text(match.first, match.last), value: value, unit: match.unit))
                sharer = match.sharesNextNoun ? (found.count - 1, match.last) : nil
            } else {
                sharer = nil
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
        /// A scale word is part of it ("3 million"): its noun is not the noun of a bare number
        /// before it ("between 2 and 3 million people").
        var scaled = false
        /// "and", "or" or "to" follows and the unit is missing or a modifier ("seven mid-level
        /// and a dozen government officials"): the next quantity's noun is this one's too.
        var sharesNextNoun = false
    }

    /// Words beside which "7-2" is a tally: before it ("voted 7-2", "the vote was 7-2") or
    /// after it ("a 5–4 decision", "a 4-4 tie").
    static let tallyWords: Set<String> = [
        "vote", "votes", "voted", "voting", "passed", "ruled", "ruling", "margin", "decision", "majority",
        "tie", "tied", "split", "won", "win", "wins", "winning", "lost", "loss", "losses", "defeat", "defeated",
        "beat", "beats", "victory", "lead", "led", "score", "scored", "tally", "verdict", "approved",
        "rejected", "confirmed", "final", "record",
    ]

    /// Plurals without an "s", which a number counts rather than modifies ("2 children and 3
    /// grandchildren", not "seven mid-level and a dozen officials").
    static let unmarkedPlurals: Set<String> = [
        "children", "people", "men", "women", "police", "staff", "personnel", "cattle", "sheep", "deer", "fish",
        "feet", "teeth", "mice", "geese", "media", "data", "aircraft", "livestock", "offspring", "alumni",
        "criteria", "bacteria", "crew", "clergy", "militia", "youth",
    ]

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
        // Words ending in "s" that are no plural noun ("four or five people plus my wife").
        "plus", "minus", "versus", "thus", "always", "perhaps", "sometimes", "afterwards", "besides",
        "towards", "whereas", "nowadays", "unless", "yes",
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
        var first = first
        // A sign: "-0.5%" (a minus sign straight before the number, a space before it, so not
        // "COVID-19" or "7-2") or "minus 0.1 percent".
        if currency == nil, let sign = tokens.at(index - 1) {
            if !token.spaceBefore, sign.spaceBefore, sign.is("-") || sign.is("\u{2212}") {
                value = -value
                first = index - 1
            } else if token.spaceBefore, sign.kind == .word, sign.isWord(.minus) {
                value = -value
                first = index - 1
            }
        }

        if currency == nil {
            // Glued to a name: G7, F-16, COVID-19 style designators, "No.5".
            if let previous = tokens.at(index - 1), !token.spaceBefore {
                if previous.kind == .word { return nil }
                if previous.is("-"), let word = tokens.at(index - 2), word.kind == .word, !previous.spaceBefore {
                    return nil
                }
                if previous.is("#") { return Match(first: index, last: index, value: nil) }
            }
            if let tally = tally(at: index, in: tokens) { return tally }
            if let time = timeOrPhone(at: index, in: tokens) { return time }
            if let next, next.kind == .word, !next.spaceBefore,
                next.isWord(.st) || next.isWord(.nd) || next.isWord(.rd) || next.isWord(.th) || next.isWord(.s)
            {
                return Match(first: index, last: index + 1, value: nil)  // 1st, 1990s
            }
        }

        var last = index
        var scaled = false
        if let next, next.kind == .word, !next.spaceBefore, currency == nil, next.isWord(.pc) || next.isWord(.pct) {
            return Match(first: first, last: index + 1, value: value, unit: "percent")  // "3pc", headline shorthand
        }
        if let next, next.kind == .word, !next.spaceBefore {
            if let scale = FactVocabulary.gluedScales[Int(next.word)]
                ?? (currency != nil && next.isWord(.m) ? 1_000_000 : nil)
            {
                value *= scale
                last += 1
                scaled = true
            } else if currency == nil {
                return Match(first: index, last: index + 1, value: nil)  // "10km", "5G": measurements we do not read
            }
        }
        if let word = tokens.at(last + 1), word.kind == .word, word.spaceBefore,
            let scale = FactVocabulary.scales[Int(word.word)]
        {
            value *= scale
            last += 1
            scaled = true
            if let more = tokens.at(last + 1), more.kind == .word, let bigger = FactVocabulary.scales[Int(more.word)],
                bigger > scale
            {
                value *= bigger
                last += 1
            }
        }
        if currency != nil {
            return Match(first: first, last: last, value: value, unit: currency, scaled: scaled)
        }
        if let (measure, end) = measure(after: last, in: tokens) {
            return Match(first: first, last: end, value: value, unit: measure, scaled: scaled)
        }
        if let hyphen = tokens.at(last + 1), hyphen.is("-"), !hyphen.spaceBefore,
            let word = tokens.at(last + 2), word.kind == .word, !word.spaceBefore
        {
            // "10-year"
            return Match(first: first, last: last + 2, value: value, unit: tokens.lower(word), scaled: scaled)
        }
        return counted(first: first, last: last, value: value, scaled: scaled, in: tokens)
    }

    /// The quantity from `first` through the number ending at `last`, with the noun it counts
    /// if one follows, and whether it shares the next quantity's noun.
    private static func counted(first: Int, last: Int, value: Double, scaled: Bool, in tokens: FactTokens) -> Match {
        if let (noun, end) = countedNoun(after: last, in: tokens, plural: value != 1) {
            var match = Match(first: first, last: end, value: value, unit: noun, scaled: scaled)
            // "seven mid-level and a dozen government officials": a singular word right after the
            // number, before "and" or "or" and another number, modifies the noun after both.
            let word = tokens[end]
            match.sharesNextNoun =
                end == last + 1 && value != 1 && !tokens.lower(word, hasSuffix: "s")
                && !word.classes.contains(.unmarkedPlural) && isCoordinator(tokens.at(end + 1), to: false)
            return match
        }
        var match = Match(first: first, last: last, value: value, scaled: scaled)
        // "between 300 and 400 troops", "5 to 10 percent"
        match.sharesNextNoun = isCoordinator(tokens.at(last + 1), to: true)
        return match
    }

    /// "and" or "or" (or "to", with `to`) between two quantities.
    private static func isCoordinator(_ token: FactTokens.Token?, to: Bool) -> Bool {
        guard let token, token.kind == .word, token.spaceBefore, !token.isCapitalized else { return false }
        return token.isWord(.and) || token.isWord(.or) || (to && token.isWord(.to))
    }

    /// "7-2", "67-28", "5–4" beside a vote, a ruling or a game ("voted 7-2", "a 5–4
    /// decision", "won 3-1"): one quantity, not two. Without such a word beside it, or
    /// with a noun after it ("lost 10-15 pounds"), it is a range or a pair of numbers and
    /// stays two quantities.
    private static func tally(at index: Int, in tokens: FactTokens) -> Match? {
        let first = tokens[index]
        guard first.isPlainDigits, first.lowerCount <= 3, let dash = tokens.at(index + 1), dash.kind == .symbol,
            dash.first == "-" || dash.first == "–", !dash.spaceBefore, let second = tokens.at(index + 2),
            second.isPlainDigits, second.lowerCount <= 3, !second.spaceBefore
        else { return nil }
        // Not one link of a longer chain ("1-800-555", "3-2-1").
        if let previous = tokens.at(index - 1), !first.spaceBefore, previous.is("-") || previous.is("–") {
            return nil
        }
        let next = tokens.at(index + 3)
        if let next, !next.spaceBefore,
            next.kind != .symbol || next.is("-") || next.is("–") || next.is("/") || next.is(":")
        {
            return nil
        }
        var beside = next.map { $0.kind == .word && $0.classes.contains(.tallyWord) } ?? false
        if !beside {
            var position = index - 1
            var words = 0
            while position >= 0, words < 3 {
                let token = tokens[position]
                if token.kind == .word {
                    if token.classes.contains(.tallyWord) {
                        beside = true
                        break
                    }
                    words += 1
                } else if token.is(";") || token.is(":") {
                    break
                }
                position -= 1
            }
            if beside, let next, next.kind == .word, next.spaceBefore, !next.isCapitalized,
                !next.classes.contains(.stopWord)
            {
                beside = false
            }
        }
        guard beside, let value = tokens.int(first) else { return nil }
        return Match(first: index, last: index + 2, value: Double(value), unit: "tally")
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
        case .percent?, .pct?, .pc?: return ("percent", last + 1)
        case .per? where tokens.at(last + 2)?.isWord(.cent) == true: return ("percent", last + 2)
        case .percentage? where tokens.at(last + 2).map { $0.isWord(.point) || $0.isWord(.points) } == true:
            return ("percentage points", last + 2)
        case .basis? where tokens.at(last + 2).map { $0.isWord(.point) || $0.isWord(.points) } == true:
            return ("basis points", last + 2)
        default:
            if let code = FactVocabulary.currencyWords[Int(next.word)] { return (code, last + 1) }
            return nil
        }
    }

    /// The noun a number counts: the next word unless it is a function word, skipping
    /// up to two adjectives ("32 new Russian entities") or, when the number counts more than
    /// one, nouns before a plural head ("12 government officials", "120 electric buses").
    private static func countedNoun(after last: Int, in tokens: FactTokens, plural: Bool = true) -> (String, Int)? {
        var index = last + 1
        var skipped = 0
        while let token = tokens.at(index), skipped <= 2 {
            guard token.kind == .word, token.spaceBefore, !token.classes.contains(.stopWord),
                FactVocabulary.scales[Int(token.word)] == nil,
                FactVocabulary.months[Int(token.word)] == 0 || !token.isCapitalized
            else { return nil }
            var canSkip = token.isCapitalized || token.classes.contains(.adjective)
            if !canSkip, plural, !tokens.lower(token, hasSuffix: "s"), !tokens.lowerEndsWithEdOrLy(token),
                let next = tokens.at(index + 1), next.kind == .word, !next.isCapitalized,
                !next.classes.contains(.speechVerb), tokens.lower(next, hasSuffix: "s"),
                !tokens.lower(next, hasSuffix: "ss")
            {
                canSkip = true
            }
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
            if let scale = FactVocabulary.scales[Int(token.word)], !token.isWord(.bn), !token.isWord(.mn),
                !token.isWord(.tn)
            {
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
        let scaled = multiplier != 1 || total != 0 || current >= 100
        if let (measure, end) = measure(after: last, in: tokens) {
            return Match(first: index, last: end, value: value, unit: measure, scaled: scaled)
        }
        return counted(first: index, last: last, value: value, scaled: scaled, in: tokens)
    }

    /// Words that may open a spelled-out number besides the small numbers themselves.
    static let spellingStarts: Set<String> = [
        "a", "an", "half", "hundred", "thousand", "million", "billion", "trillion", "dozen",
    ]

    /// "seven", "forty", "twenty-five".
    private static func compound(_ token: FactTokens.Token, in tokens: FactTokens) -> Double? {
        if let value = FactVocabulary.smallNumbers[Int(token.word)] { return value }
        guard token.hasHyphen || token.kind != .word && tokens.lower(token, contains: UInt8(ascii: "-")) else {
            return nil
        }
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
