/// Finds who a sentence attributes its claim to.
///
/// Forms, tried in this order:
/// - "according to the State Department" -> "State Department"
/// - "Smith: “We cut taxes.”" -> "Smith"
/// - a speech verb ("said", "told", "announced", …) with its subject before it
///   ("Psaki said", "White House press secretary Jen Psaki said" -> "Jen Psaki",
///   "the ministry said" -> "the ministry") or, after a comma or quotation, after it
///   ("…,” said Psaki").
///
/// Names are the run of capitalised words nearest the verb, initials and "of" included
/// ("George W. Bush", "Bank of England"); leading titles are dropped ("President Joe
/// Biden" -> "Joe Biden") unless the run names an organisation ("State Department").
/// "the" is dropped before a proper name and kept before a common noun, so
/// "the State Department" is "State Department" and "the ministry" stays "the ministry".
/// Pronouns ("he said") attribute the sentence but name no one: `speaker` is nil.
enum Attribution {
    struct Result: Equatable {
        var speaker: String?
        /// True when the sentence attributes its content to someone, even a pronoun.
        var attributed: Bool
    }

    static func find(in tokens: FactTokens) -> Result {
        // One walk finds whether "according" occurs, where the first speech verb is and the
        // colon of `colonLead`: most sentences have neither of the first two, and then the forms
        // below cost no further walk.
        var according = false
        var firstVerb = tokens.count
        var colon = min(tokens.count, 12)
        for index in 0..<tokens.count {
            let token = tokens[index]
            if token.kind != .word {
                if index < colon && token.is(":") { colon = index }
                continue
            }
            if token.isWord(.according) {
                according = true
            } else if firstVerb == tokens.count, isSpeechVerb(token) {
                firstVerb = index
            }
            if according && firstVerb < tokens.count && index >= colon { break }
        }
        if according, let result = accordingTo(in: tokens) { return result }
        if let result = colonLead(colon: colon, in: tokens) { return result }
        for index in firstVerb..<tokens.count where isSpeechVerb(tokens[index]) {
            if let result = speaker(ofVerbAt: index, in: tokens) { return result }
        }
        return Result(speaker: nil, attributed: false)
    }

    /// A speech verb in lowercase ("said", not "Said").
    private static func isSpeechVerb(_ token: FactTokens.Token) -> Bool {
        token.kind == .word && !token.isCapitalized && token.classes.contains(.speechVerb)
    }

    static let speechVerbs: Set<String> = [
        "said", "says", "told", "tells", "stated", "announced", "claimed", "added", "adds", "noted",
        "wrote", "writes", "reported", "testified", "argued", "argues", "insisted", "insists",
        "confirmed", "estimated", "warned", "warns", "explained", "declared", "acknowledged",
        "asserted", "tweeted", "predicted", "admitted", "alleged", "recalled", "maintained",
    ]

    static let pronouns: Set<String> = ["he", "she", "they", "we", "i", "you", "it"]

    /// Words between a subject and its verb ("Psaki also said", "officials have said").
    static let auxiliaries: Set<String> = [
        "also", "later", "previously", "recently", "earlier", "repeatedly", "then", "has", "had", "have",
        "once", "reportedly", "publicly", "privately", "separately", "further", "again", "subsequently",
        "first", "initially", "falsely", "wrongly", "correctly", "similarly", "likewise", "had",
    ]

    /// Capitalised words that are not names: sentence openers, days and months.
    static let notNames: Set<String> = [
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those",
        "in", "on", "at", "but", "and", "or", "so", "when", "while", "after", "before", "as", "if", "its",
        "his", "her", "their", "our", "my", "according", "however", "meanwhile", "also", "there",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
        "february", "march", "april", "june", "july", "august", "september", "october", "november",
        "december", "today", "yesterday", "tomorrow", "last", "earlier", "later", "then", "now",
    ]

    /// Titles before a name, dropped from the speaker.
    static let titles: Set<String> = [
        "president", "vice", "secretary", "minister", "prime", "foreign", "defense", "defence",
        "finance", "health", "interior", "state", "senator", "sen", "representative", "rep",
        "governor", "gov", "general", "gen", "lt", "col", "colonel", "dr", "mr", "mrs", "ms", "prof",
        "professor", "chancellor", "chief", "justice", "judge", "mayor", "ambassador", "spokesman",
        "spokeswoman", "spokesperson", "press", "commissioner", "director", "chairman", "chairwoman",
        "chair", "ceo", "king", "queen", "prince", "princess", "pope", "speaker", "leader", "attorney",
        "deputy", "admiral", "adm", "sgt", "capt", "captain", "officer", "inspector", "sheriff",
        "lieutenant", "sergeant", "rev", "house", "senate", "treasury", "economy", "trade",
        "home", "homeland", "security", "labor", "labour", "energy", "education", "transportation",
        "agriculture", "commerce", "majority", "minority", "opposition", "party", "white", "national",
        "first", "lady", "sir", "dame", "lord", "executive", "managing", "founder", "co-founder",
    ]

    /// Abbreviated titles written with a full stop, part of a name run ("Sen. Warren").
    static let abbreviatedTitles: Set<String> = [
        "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "adm", "prof",
        "st", "jr", "sr", "rev",
    ]

    /// Last words that make a capitalised run an organisation, kept whole.
    static let organisations: Set<String> = [
        "department", "ministry", "office", "house", "council", "commission", "agency", "bank", "court",
        "party", "committee", "government", "service", "administration", "institute", "university",
        "association", "organization", "organisation", "union", "fund", "board", "bureau",
        "authority", "inc", "corp", "ltd", "co", "group", "company", "times", "post", "news", "police",
        "army", "navy", "force", "forces", "pentagon", "kremlin", "parliament", "congress", "senate",
        "assembly", "nations", "cabinet", "embassy", "secretariat", "center", "centre", "foundation",
        "network", "campaign", "coalition", "command", "guard", "reserve", "treasury", "mission",
    ]

    static let suffixes: Set<String> = ["jr", "sr", "ii", "iii", "iv"]
    static let particles: Set<String> = ["of", "de", "van", "von", "al", "bin", "la", "le", "du", "da", "del", "der"]
    static let determiners: Set<String> = ["the", "a", "an"]

    // MARK: Forms

    private static func accordingTo(in tokens: FactTokens) -> Result? {
        for index in 0..<tokens.count where tokens[index].isWord(.according) {
            guard tokens.at(index + 1)?.isWord(.to) == true else { continue }
            if let result = phrase(after: index + 1, in: tokens) { return result }
        }
        return nil
    }

    /// "Smith: “We cut taxes.”" `colon` is the first colon among the first 12 tokens, or 12
    /// (or the token count, if smaller) when there is none.
    private static func colonLead(colon: Int, in tokens: FactTokens) -> Result? {
        guard colon > 0, colon < tokens.count, tokens.at(colon + 1)?.isOpeningQuote == true,
            let run = nameRun(endingAt: colon - 1, in: tokens), run.lowerBound == 0
        else { return nil }
        return Result(speaker: name(run, in: tokens), attributed: true)
    }

    private static func speaker(ofVerbAt verb: Int, in tokens: FactTokens) -> Result? {
        var subject = verb - 1
        var skipped = 0
        while subject >= 0, skipped < 3, tokens[subject].kind == .word, tokens[subject].classes.contains(.auxiliary) {
            subject -= 1
            skipped += 1
        }
        let mayInvert = !tokens[verb].isWord(.told) && !tokens[verb].isWord(.tells)
        guard subject >= 0, let token = tokens.at(subject) else {
            return mayInvert ? phrase(after: verb, in: tokens) : nil
        }
        if token.kind == .symbol && !token.is(".") {
            return mayInvert ? phrase(after: verb, in: tokens) : nil
        }
        if token.classes.contains(.pronoun) { return Result(speaker: nil, attributed: true) }
        if let run = nameRun(endingAt: subject, in: tokens) {
            return Result(speaker: name(run, in: tokens), attributed: true)
        }
        if token.kind == .word, !token.isCapitalized, let noun = nounPhrase(endingAt: subject, in: tokens) {
            return Result(speaker: noun, attributed: true)
        }
        return nil
    }

    /// The speaker named after a verb or "according to": "said White House press
    /// secretary Jen Psaki", "said the ministry", "according to the State Department".
    private static func phrase(after index: Int, in tokens: FactTokens) -> Result? {
        guard let first = tokens.at(index + 1) else { return nil }
        if first.classes.contains(.pronoun) { return Result(speaker: nil, attributed: true) }
        var end = index + 1
        var hasCapital = false
        while let token = tokens.at(end), end - index <= 10 {
            if token.kind == .word {
                if token.isCapitalized {
                    if token.classes.contains(.notName) && !(end == index + 1 && token.classes.contains(.determiner)) {
                        break
                    }
                    hasCapital = true
                } else if end > index + 1 || !token.classes.contains(.determiner) {
                    if token.classes.contains(.stopWord) && !token.classes.contains(.particle) { break }
                    if token.classes.contains(.speechVerb) { break }
                }
            } else if !(token.is(".") && !token.spaceBefore && isAbbreviatedName(tokens.at(end - 1), in: tokens)) {
                break
            }
            end += 1
        }
        let last = end - 1
        guard last > index else { return nil }
        if hasCapital {
            var position = last
            while position > index {
                if let run = nameRun(endingAt: position, in: tokens), run.lowerBound > index {
                    return Result(speaker: name(run, in: tokens), attributed: true)
                }
                position -= 1
            }
            return nil
        }
        guard first.classes.contains(.determiner), last > index + 1 else { return nil }
        return Result(speaker: tokens.lower(first) + " " + tokens.text(index + 2, last), attributed: true)
    }

    // MARK: Names

    private static func isAbbreviatedName(_ token: FactTokens.Token?, in tokens: FactTokens) -> Bool {
        guard let token, token.kind == .word, token.isCapitalized else { return false }
        return tokens.lowerScalarCount(token) == 1 || token.classes.contains(.abbreviatedTitle)
    }

    /// The capitalised run ending at `last`, as the range of its tokens. A run is words, each
    /// one the head of a unit, and the full stops of abbreviations ("George W. Bush"), each one
    /// ending the unit of the word before it; so the run needs no array of its units.
    private static func nameRun(endingAt last: Int, in tokens: FactTokens) -> ClosedRange<Int>? {
        var first = last + 1
        var position = last
        while position >= 0 {
            let token = tokens[position]
            if token.is("."), !token.spaceBefore, position > 0, isAbbreviatedName(tokens.at(position - 1), in: tokens) {
                first = position - 1
                position -= 2
            } else if token.kind == .word, token.isCapitalized, !token.classes.contains(.notName) {
                first = position
                position -= 1
            } else if token.kind == .word, token.classes.contains(.particle), first <= last, position > 0,
                tokens[position - 1].isCapitalized
            {
                first = position
                position -= 1
            } else {
                break
            }
        }
        while first <= last, tokens[first].classes.contains(.particle) { first = nextHead(after: first, in: tokens) }
        return first <= last ? first...last : nil
    }

    /// The head of the unit after the one headed at `head` in a name run (past `last` if none).
    private static func nextHead(after head: Int, in tokens: FactTokens) -> Int {
        tokens.at(head + 1)?.is(".") == true ? head + 2 : head + 1
    }

    /// The run as written, without leading titles unless it names an organisation.
    private static func name(_ run: ClosedRange<Int>, in tokens: FactTokens) -> String {
        let lastHead = tokens[run.upperBound].kind == .word ? run.upperBound : run.upperBound - 1
        var start = run.lowerBound
        if !tokens[lastHead].classes.contains(.organisation) {
            // After the last title that some word other than a name suffix follows.
            var head = run.lowerBound
            while head < lastHead {
                let next = nextHead(after: head, in: tokens)
                if tokens[head].classes.contains(.title) {
                    var rest = next
                    while rest <= lastHead && tokens[rest].classes.contains(.nameSuffix) { rest = nextHead(after: rest, in: tokens) }
                    if rest <= lastHead { start = next }
                }
                head = next
            }
        }
        while start <= lastHead, tokens[start].classes.contains(.particle) { start = nextHead(after: start, in: tokens) }
        // A title and a surname that is also a particle ("Senator Van"): keep the title.
        if start > lastHead { start = run.lowerBound }
        return tokens.text(start, run.upperBound)
    }

    /// "the ministry", "the Russian foreign ministry", "officials", "a spokesman".
    private static func nounPhrase(endingAt last: Int, in tokens: FactTokens) -> String? {
        var position = last
        while position >= 0, last - position < 5 {
            let token = tokens[position]
            guard token.kind == .word else { break }
            if token.classes.contains(.determiner) {
                guard position < last else { return nil }
                return tokens.lower(token) + " " + tokens.text(position + 1, last)
            }
            if token.classes.contains(.pronoun) || token.classes.contains(.stopWord)
                || token.classes.contains(.notName) || token.classes.contains(.speechVerb)
            {
                break
            }
            position -= 1
        }
        guard position < last else { return nil }
        let head = tokens[last]
        // Without a determiner only a plural or collective subject reads as a speaker.
        guard tokens.lower(head, hasSuffix: "s") || head.isWord(.police) || head.isWord(.government)
            || head.isWord(.military) || head.isWord(.staff) || head.isWord(.people)
        else {
            return nil
        }
        return tokens.text(position + 1, last)
    }
}
