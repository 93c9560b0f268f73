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
///
/// A speaker is a person or an organisation: a proper-noun run, or a common noun from
/// `speakerNouns` ("the regional health board", "officials", "a spokeswoman"). Documents
/// and other things ("the report", "the plan", "the arrangements") attribute the sentence
/// but name no one, unless they say whose they are: "the Treasury statement" is "Treasury",
/// and "according to an annual report published Monday by the regional health board" is
/// "the regional health board". Verbs that are also everyday verbs ("added", "continued")
/// are speech only where speech goes on after them ("Psaki continued: …", "…, he added."),
/// so "the plan adds 120 buses" and "the U.S. added 661,000 jobs" attribute nothing.
enum Attribution {
    struct Result: Equatable {
        var speaker: String?
        /// True when the sentence attributes its content to someone, even a pronoun.
        var attributed: Bool
        /// A pronoun ("he said"): the speaker is someone, unnamed, and no later form is asked.
        var isPronoun = false

        init(speaker: String?, attributed: Bool) {
            self.speaker = speaker
            self.attributed = attributed
        }

        static let pronoun: Result = {
            var result = Result(speaker: nil, attributed: true)
            result.isPronoun = true
            return result
        }()

        /// Attributed to something that is no speaker ("the report said").
        static let nobody = Result(speaker: nil, attributed: true)
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
        // A form that attributes the sentence to no one in particular ("according to the data",
        // "the report said") lets a later form name the speaker.
        var attributed = false
        if according, let result = accordingTo(in: tokens) {
            if result.speaker != nil { return result }
            attributed = true
        }
        if let result = colonLead(colon: colon, in: tokens) { return result }
        for index in firstVerb..<tokens.count where isSpeechVerb(tokens[index]) {
            guard let result = speaker(ofVerbAt: index, in: tokens) else { continue }
            if result.speaker != nil || result.isPronoun { return result }
            attributed = true
        }
        return Result(speaker: nil, attributed: attributed)
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
        "continued", "continues", "cautioned", "replied", "responded", "conceded", "stressed",
        "emphasized", "emphasised", "commented", "countered", "disclosed", "revealed", "observed",
    ]

    /// Speech verbs that are also everyday verbs: "The U.S. added 661,000 jobs", "the plan adds
    /// 120 buses", "prices continued to rise". See `isSpeech(verbAt:in:)`.
    static let weakSpeechVerbs: Set<String> = ["added", "adds", "continued", "continues"]

    static let pronouns: Set<String> = [
        "he", "she", "they", "we", "i", "you", "it",
        // Contractions: "I've said", "we're told". "He's" and "it's" lose their "'s" as a possessive does.
        "i've", "i'm", "i'd", "i'll", "we've", "we're", "we'd", "we'll", "you've", "you're", "you'd", "you'll",
        "they've", "they're", "they'd", "they'll", "he'd", "he'll", "she'd", "she'll",
        // "Both said", "Many have argued": someone, unnamed.
        "both", "many", "some", "several", "others",
        "i’ve", "i’m", "i’d", "i’ll", "we’ve", "we’re", "we’d", "we’ll", "you’ve", "you’re", "you’d", "you’ll",
        "they’ve", "they’re", "they’d", "they’ll", "he’d", "he’ll", "she’d", "she’ll",
    ]

    /// Words between a subject and its verb ("Psaki also said", "officials have said").
    static let auxiliaries: Set<String> = [
        "also", "later", "previously", "recently", "earlier", "repeatedly", "then", "has", "had", "have",
        "once", "reportedly", "publicly", "privately", "separately", "further", "again", "subsequently",
        "first", "initially", "falsely", "wrongly", "correctly", "similarly", "likewise", "always", "never",
        "actually", "often", "already", "just", "still", "even", "now", "clearly", "openly", "accurately",
        "rightly", "officially", "formally", "explicitly", "specifically", "quickly", "immediately", "finally",
    ]

    /// Common nouns that name a person or an organisation, and so can be a speaker after a
    /// determiner ("the ministry said", "according to the regional health board") or alone
    /// ("officials said"). Other common nouns ("the plan", "the arrangements", "the top")
    /// are not speakers; nor, by the desk's rule, is "the source". Nouns ending in "-ist"
    /// ("economist", "scientists") are people too (`isSpeakerNoun`).
    static let speakerNouns: Set<String> = [
        // Organisations
        "department", "departments", "ministry", "ministries", "office", "council", "councils", "commission",
        "agency", "agencies", "bank", "banks", "court", "courts", "party", "parties", "committee", "committees",
        "government", "governments", "administration", "institute", "university", "association", "organization",
        "organisation", "union", "unions", "fund", "board", "boards", "bureau", "authority", "authorities",
        "group", "groups", "company", "companies", "firm", "firms", "corporation", "police", "army", "navy",
        "military", "parliament", "congress", "senate", "assembly", "cabinet", "embassy", "secretariat",
        "center", "centre", "foundation", "network", "campaign", "coalition", "command", "mission", "team",
        "federation", "alliance", "regulator", "regulators", "watchdog", "hospital", "clinic", "school",
        "district", "county", "city", "state", "states", "country", "countries", "nation", "nations",
        "community", "newspaper", "magazine", "journal", "broadcaster", "media", "television", "radio", "publisher",
        "airline", "airlines",
        "carrier", "insurer", "insurers", "lender", "lenders", "manufacturer", "automaker", "retailer",
        "operator", "utility", "tribunal", "panel", "jury", "prosecution", "defense", "defence", "club",
        "league", "regime", "junta", "opposition", "business", "businesses", "force", "forces", "staff", "people",
        // People
        "official", "officials", "spokesman", "spokesmen", "spokeswoman", "spokeswomen", "spokesperson",
        "spokespeople", "representative", "representatives", "researcher", "researchers", "scientist",
        "expert", "experts", "analyst", "analysts", "economist", "author", "authors", "investigator",
        "investigators", "prosecutor", "prosecutors", "lawyer", "lawyers", "attorney", "attorneys", "doctor",
        "doctors", "physician", "physicians", "nurse", "nurses", "witness", "witnesses", "resident",
        "residents", "officer", "officers", "critic", "critics", "opponent", "opponents", "supporter",
        "supporters", "advocate", "advocates", "lawmaker", "lawmakers", "legislator", "legislators",
        "senator", "senators", "diplomat", "diplomats", "aide", "aides", "adviser", "advisers", "advisor",
        "advisors", "negotiator", "negotiators", "organizer", "organizers", "organiser", "organisers",
        "executive", "executives", "employee", "employees", "worker", "workers", "manager", "managers",
        "owner", "owners", "director", "directors", "chief", "chiefs", "commander", "commanders", "leader",
        "leaders", "minister", "ministers", "president", "presidents", "secretary", "governor", "governors",
        "mayor", "chairman", "chairwoman", "chair", "ceo", "founder", "candidate", "candidates", "judge",
        "judges", "justice", "justices", "sheriff", "inspector", "inspectors", "auditor", "auditors",
        "administrator", "administrators", "superintendent", "coach", "member", "members", "partner",
        "partners", "man", "men", "woman", "women", "person", "student", "students", "teacher", "teachers",
        "parent", "parents", "victim", "victims", "survivor", "survivors", "voter", "voters", "farmer",
        "farmers", "engineer", "engineers", "historian", "historians", "politician", "politicians",
        "reporter", "reporters", "correspondent", "editor", "editors", "staffer", "staffers", "agent", "agents",
        "soldier", "soldiers", "general", "generals", "king", "queen", "prince", "pope", "observer", "observers",
        "monitor", "monitors", "citizen", "citizens", "family", "families", "relative", "relatives",
        "neighbor", "neighbors", "neighbour", "neighbours", "friend", "friends", "colleague", "colleagues",
        "insider", "insiders", "trader", "traders", "investor", "investors", "banker", "bankers",
        "statistician", "statisticians", "technician", "technicians", "planner", "planners", "pollster",
        "pollsters", "forecaster", "forecasters", "organizers", "protester", "protesters", "protestor",
        "protestors", "demonstrators", "rescuers", "firefighters", "paramedics", "medics", "surgeon", "surgeons",
    ]

    /// Documents and other things that are said to say something but are no speaker: after
    /// one, "by" or "from" may name its author ("a report published Monday by the regional
    /// health board"), and a name before one is whose it is ("the Treasury statement").
    static let documentNouns: Set<String> = [
        "report", "reports", "study", "studies", "survey", "surveys", "statement", "statements", "analysis",
        "analyses", "data", "figures", "figure", "estimate", "estimates", "poll", "polls", "review", "audit",
        "document", "documents", "release", "filing", "filings", "letter", "memo", "paper", "research",
        "assessment", "investigation", "census", "tally", "count", "records", "findings", "information",
        "index", "update", "bulletin", "notice", "announcement", "article", "book", "law", "bill", "plan",
        "plans", "proposal", "deal", "agreement", "arrangement", "arrangements", "source", "sources", "rule",
        "rules", "order", "decision", "ruling", "verdict", "budget", "forecast", "forecasts", "projection",
        "projections", "model", "chart", "table", "website", "site", "database", "text", "transcript",
        "complaint", "indictment", "lawsuit", "motion", "guidance", "guidelines", "policy", "program",
        "programme", "scheme", "legislation", "constitution", "treaty", "accord", "pact", "message", "post",
        "tweet", "email", "video", "footage", "evidence", "results", "numbers", "list", "story", "dossier",
        "briefing", "summary", "account", "version", "draft", "note", "notes", "minutes", "testimony",
        "interview",
    ]

    /// Capitalised words that are not names: sentence openers, days and months.
    static let notNames: Set<String> = [
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those",
        "in", "on", "at", "but", "and", "or", "so", "when", "while", "after", "before", "as", "if", "its",
        "his", "her", "their", "our", "my", "according", "however", "meanwhile", "also", "there",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
        "february", "march", "april", "june", "july", "august", "september", "october", "november",
        "december", "today", "yesterday", "tomorrow", "last", "earlier", "later", "then", "now",
        "both", "many", "some", "several", "most",
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
        "federation", "alliance", "clearinghouse", "society", "tribunal", "railways", "customs",
    ]

    static let suffixes: Set<String> = ["jr", "sr", "ii", "iii", "iv"]
    static let particles: Set<String> = ["of", "de", "van", "von", "al", "bin", "la", "le", "du", "da", "del", "der"]
    static let determiners: Set<String> = ["the", "a", "an"]

    // MARK: Forms

    private static func accordingTo(in tokens: FactTokens) -> Result? {
        var found: Result?
        for index in 0..<tokens.count where tokens[index].isWord(.according) {
            guard tokens.at(index + 1)?.isWord(.to) == true else { continue }
            if let result = phrase(after: index + 1, in: tokens, author: true) {
                if result.speaker != nil || result.isPronoun { return result }
                found = result
            }
        }
        return found
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
        guard isSpeech(verbAt: verb, in: tokens) else { return nil }
        var subject = verb - 1
        var skipped = 0
        while subject >= 0, skipped < 3, tokens[subject].kind == .word, tokens[subject].classes.contains(.auxiliary) {
            subject -= 1
            skipped += 1
        }
        let mayInvert = !tokens[verb].isWord(.told) && !tokens[verb].isWord(.tells)
        guard subject >= 0, let token = tokens.at(subject) else {
            return mayInvert ? phrase(after: verb, in: tokens, author: false) : nil
        }
        if token.kind == .symbol && !token.is(".") {
            return mayInvert ? phrase(after: verb, in: tokens, author: false) : nil
        }
        if token.classes.contains(.pronoun) { return .pronoun }
        if let run = nameRun(endingAt: subject, in: tokens) {
            // "Reports said", "Data show": a capitalised first word that is a document.
            if run.lowerBound == run.upperBound, tokens[subject].classes.contains(.documentNoun) { return .nobody }
            return Result(speaker: name(run, in: tokens), attributed: true)
        }
        if token.kind == .word, !token.isCapitalized, let noun = nounPhrase(endingAt: subject, in: tokens) {
            return noun
        }
        return nil
    }

    /// Whether the speech verb at `verb` reports speech. A weak one ("added", "continued") does
    /// only where speech goes on after it: the end of the sentence, a comma, a colon, a dash,
    /// a quotation mark or "that", or when and where it was said ("added Thursday", "added in
    /// a statement"): "…,” Psaki continued." but not "prices continued to rise".
    private static func isSpeech(verbAt verb: Int, in tokens: FactTokens) -> Bool {
        guard tokens[verb].classes.contains(.weakSpeechVerb), let next = tokens.at(verb + 1) else { return true }
        if next.kind == .word {
            if next.isCapitalized { return next.classes.contains(.dateStart) }
            if next.isWord(.that) || next.classes.contains(.dateStart) { return true }
            // "added on Thursday", "added in a statement"
            guard next.isWord(.on) || next.isWord(.in), let after = tokens.at(verb + 2), after.kind == .word else {
                return false
            }
            if after.classes.contains(.dateStart) { return true }
            return after.classes.contains(.determiner) && tokens.at(verb + 3)?.classes.contains(.documentNoun) == true
        }
        guard next.kind == .symbol else { return false }
        switch next.first {
        case ",", ".", ":", ";", "—", "–", "-", "“", "”", "\"", "«", "»", "‘", "'": return true
        default: return false
        }
    }

    /// The speaker named after a verb or "according to": "said White House press
    /// secretary Jen Psaki", "said the ministry", "according to the State Department".
    /// With `author`, a document may be followed by its author ("according to a report
    /// published Monday by the regional health board").
    private static func phrase(after index: Int, in tokens: FactTokens, author: Bool) -> Result? {
        guard let first = tokens.at(index + 1) else { return nil }
        if first.classes.contains(.pronoun) { return .pronoun }
        var end = index + 1
        var hasCapital = false
        while let token = tokens.at(end), end - index <= 10 {
            if token.kind == .word {
                if token.isCapitalized {
                    if token.classes.contains(.notName) && !(end == index + 1 && token.classes.contains(.determiner))
                        && !(tokens.at(end + 1).map { $0.is("&") && !$0.spaceBefore } ?? false)
                    {
                        break
                    }
                    hasCapital = true
                } else if end > index + 1 || !token.classes.contains(.determiner) {
                    if token.classes.contains(.stopWord) && !token.classes.contains(.particle) {
                        // "U.S. Customs and Border Protection", "Johnson and Johnson"
                        guard hasCapital, token.isWord(.and), let next = tokens.at(end + 1), next.kind == .word,
                            next.isCapitalized, !next.classes.contains(.notName)
                        else { break }
                    }
                    if token.classes.contains(.speechVerb) { break }
                }
            } else if !(token.is(".") && !token.spaceBefore && isAbbreviatedName(tokens.at(end - 1), in: tokens))
                && !(token.is("&") && hasCapital)
            {
                break
            }
            end += 1
        }
        var last = end - 1
        // Not a trailing "and" or "&" ("said Smith and" cannot end a name).
        while last > index, tokens[last].isWord(.and) || tokens[last].is("&") { last -= 1 }
        guard last > index else { return nil }
        let head = tokens[last]
        let commonHead = head.kind == .word && !head.isCapitalized
        if hasCapital {
            // "Congressional committees", "the Russian foreign ministry": a common noun after names.
            if commonHead && isSpeakerNoun(head, in: tokens) {
                let start = first.classes.contains(.determiner) ? index + 2 : index + 1
                guard start <= last else { return nil }
                return Result(
                    speaker: (start == index + 2 ? tokens.lower(first) + " " : "") + tokens.text(start, last),
                    attributed: true)
            }
            if commonHead && head.classes.contains(.documentNoun), author,
                let found = self.author(after: last, in: tokens)
            {
                return found
            }
            var position = last
            while position > index {
                if let run = nameRun(endingAt: position, in: tokens), run.lowerBound > index {
                    // "the Southwest Border Migration Report released … by U.S. Customs and Border Protection"
                    if author, tokens[run.upperBound].classes.contains(.documentNoun),
                        let found = self.author(after: last, in: tokens)
                    {
                        return found
                    }
                    return Result(speaker: name(run, in: tokens), attributed: true)
                }
                position -= 1
            }
            return nil
        }
        guard first.classes.contains(.determiner), last > index + 1 else {
            // "according to information compiled by the Privacy Rights Clearinghouse"
            return author ? self.author(after: last, in: tokens) : nil
        }
        if isSpeakerNoun(head, in: tokens) {
            return Result(speaker: tokens.lower(first) + " " + tokens.text(index + 2, last), attributed: true)
        }
        if author, let found = self.author(after: last, in: tokens) { return found }
        return .nobody
    }

    /// The author a document names after it: "by" or "from" and a speaker, in the same clause
    /// and within 12 tokens of `last` ("an annual report published Monday by the regional
    /// health board", "a report from the European Commission's emissions database").
    private static func author(after last: Int, in tokens: FactTokens) -> Result? {
        var position = last + 1
        while let token = tokens.at(position), position - last <= 12 {
            guard token.kind == .word else { return nil }
            if token.isWord(.by) || token.isWord(.from), !token.isCapitalized {
                guard let found = phrase(after: position, in: tokens, author: false), found.speaker != nil else {
                    return nil
                }
                return found
            }
            position += 1
        }
        return nil
    }

    /// Whether a common noun names a person or an organisation (`speakerNouns`, or "-ist").
    private static func isSpeakerNoun(_ token: FactTokens.Token, in tokens: FactTokens) -> Bool {
        guard token.kind == .word else { return false }
        if token.classes.contains(.speakerNoun) { return true }
        return token.lowerCount >= 6
            && (tokens.lower(token, hasSuffix: "ist") || tokens.lower(token, hasSuffix: "ists"))
    }

    // MARK: Names

    private static func isAbbreviatedName(_ token: FactTokens.Token?, in tokens: FactTokens) -> Bool {
        guard let token, token.kind == .word, token.isCapitalized else { return false }
        return tokens.lowerScalarCount(token) == 1 || token.classes.contains(.abbreviatedTitle)
    }

    /// The capitalised run ending at `last`, as the range of its tokens. A run is words, each
    /// one the head of a unit, and the full stops of abbreviations ("George W. Bush"), each one
    /// ending the unit of the word before it; so the run needs no array of its units.
    ///
    /// Runs joined by "&" are one ("AT&T", "Johnson & Johnson"); so are runs joined by "and"
    /// when one of them names an organisation or both have two words or more ("Office of
    /// Management and Budget", "U.S. Customs and Border Protection"), but not "Russia and China".
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
        guard first <= last else { return nil }
        // "Mr. Bush's Bureau of Labor Statistics", "Treasury's Office of Foreign Assets Control":
        // the run after the last possessive inside it, unless that is only a kind of office
        // ("Russia's Foreign Ministry").
        var head = last - 1
        while head >= first {
            if tokens[head].kind == .word, isPossessive(head, in: tokens) {
                if !isOfficeOnly((head + 1)...last, in: tokens) { first = head + 1 }
                break
            }
            head -= 1
        }
        // "AT&T": words glued to an "&" are one name, even "AT".
        if first >= 2, let joiner = tokens.at(first - 1), joiner.is("&"), !joiner.spaceBefore,
            !tokens[first].spaceBefore,
            tokens[first - 2].kind == .word, tokens[first - 2].isCapitalized
        {
            return (first - 2)...last
        }
        // A joiner before the run and another run before it.
        if first >= 2, let joiner = tokens.at(first - 1),
            joiner.is("&") || (joiner.isWord(.and) && !joiner.isCapitalized),
            tokens[first - 2].kind == .word, tokens[first - 2].isCapitalized,
            let before = nameRun(endingAt: first - 2, in: tokens)
        {
            if joiner.is("&") { return before.lowerBound...last }
            let after = first...last
            if namesOrganisation(before, in: tokens) || namesOrganisation(after, in: tokens)
                || (heads(before, in: tokens) >= 2 && heads(after, in: tokens) >= 2)
            {
                return before.lowerBound...last
            }
        }
        return first...last
    }

    /// Whether the word at `index` ends in a possessive "'s".
    private static func isPossessive(_ index: Int, in tokens: FactTokens) -> Bool {
        let text = tokens.text(index, index)
        return FactTokens.hasSuffix(text, "'s") || FactTokens.hasSuffix(text, "’s")
    }

    /// Whether a word of the run is an organisation's ("Office", "Department").
    private static func namesOrganisation(_ run: ClosedRange<Int>, in tokens: FactTokens) -> Bool {
        run.contains { tokens[$0].kind == .word && tokens[$0].classes.contains(.organisation) }
    }

    /// How many words the run has.
    private static func heads(_ run: ClosedRange<Int>, in tokens: FactTokens) -> Int {
        run.reduce(0) { $0 + (tokens[$1].kind == .word ? 1 : 0) }
    }

    /// The head of the unit after the one headed at `head` in a name run (past `last` if none).
    private static func nextHead(after head: Int, in tokens: FactTokens) -> Int {
        tokens.at(head + 1)?.is(".") == true ? head + 2 : head + 1
    }

    /// The run as written, without leading titles unless it names an organisation, and
    /// without a possessive "'s" ("the European Commission's database" -> "European Commission").
    private static func name(_ run: ClosedRange<Int>, in tokens: FactTokens) -> String {
        let lastHead = tokens[run.upperBound].kind == .word ? run.upperBound : run.upperBound - 1
        var start = run.lowerBound
        if !tokens[lastHead].classes.contains(.organisation) {
            // After the last title that some word other than a name suffix follows. A title after
            // an organisation's "of" is its field, not a title: "Bureau of Labor Statistics".
            var head = run.lowerBound
            var previous = -1
            while head < lastHead {
                let next = nextHead(after: head, in: tokens)
                let isField =
                    previous >= 0 && tokens[previous].isWord(.of) && previous > run.lowerBound
                    && tokens[previous - 1].classes.contains(.organisation)
                if tokens[head].classes.contains(.title) && !isField {
                    var rest = next
                    while rest <= lastHead && tokens[rest].classes.contains(.nameSuffix) {
                        rest = nextHead(after: rest, in: tokens)
                    }
                    if rest <= lastHead { start = next }
                }
                previous = head
                head = next
            }
        }
        while start <= lastHead, tokens[start].classes.contains(.particle) {
            start = nextHead(after: start, in: tokens)
        }
        // A title and a surname that is also a particle ("Senator Van"): keep the title. Titles
        // alone ("Secretary of State") are kept whole.
        if start > lastHead || isTitlesOnly(start...lastHead, in: tokens) { start = run.lowerBound }
        var text = tokens.text(start, run.upperBound)
        if FactTokens.hasSuffix(text, "'s") || FactTokens.hasSuffix(text, "’s") {
            text.removeLast(2)
        }
        return text
    }

    /// Whether every word in `range` is a title, an organisation's word or a particle.
    private static func isOfficeOnly(_ range: ClosedRange<Int>, in tokens: FactTokens) -> Bool {
        range.allSatisfy {
            tokens[$0].kind != .word || !tokens[$0].classes.isDisjoint(with: [.title, .organisation, .particle])
        }
    }

    /// Whether every word in `range` is a title or a particle.
    private static func isTitlesOnly(_ range: ClosedRange<Int>, in tokens: FactTokens) -> Bool {
        range.allSatisfy { tokens[$0].kind != .word || !tokens[$0].classes.isDisjoint(with: [.title, .particle]) }
    }

    /// "the ministry", "the Russian foreign ministry", "officials", "a spokesman"; "the
    /// Treasury statement" is "Treasury"; "the report" and "the plan" attribute the sentence
    /// to no speaker.
    private static func nounPhrase(endingAt last: Int, in tokens: FactTokens) -> Result? {
        var position = last
        var determiner: Int?
        while position >= 0, last - position < 5 {
            let token = tokens[position]
            guard token.kind == .word else { break }
            if token.classes.contains(.determiner) {
                guard position < last else { return nil }
                determiner = position
                break
            }
            if token.classes.contains(.pronoun) || token.classes.contains(.stopWord)
                || token.classes.contains(.notName) || token.classes.contains(.speechVerb)
            {
                break
            }
            position -= 1
        }
        let head = tokens[last]
        if let determiner {
            if isSpeakerNoun(head, in: tokens) {
                return Result(
                    speaker: tokens.lower(tokens[determiner]) + " " + tokens.text(determiner + 1, last),
                    attributed: true)
            }
            return whose(document: last, after: determiner, in: tokens)
        }
        guard position < last else { return nil }
        // Without a determiner only a plural or collective subject reads as a speaker.
        guard
            tokens.lower(head, hasSuffix: "s") || head.isWord(.police) || head.isWord(.government)
                || head.isWord(.military) || head.isWord(.staff) || head.isWord(.people)
        else {
            return nil
        }
        if isSpeakerNoun(head, in: tokens) { return Result(speaker: tokens.text(position + 1, last), attributed: true) }
        return whose(document: last, after: position, in: tokens)
    }

    /// "the Treasury statement", "the Duelfer report": the name before a document is whose it
    /// is; other things ("the plan", "dark things") name no speaker.
    private static func whose(document last: Int, after start: Int, in tokens: FactTokens) -> Result {
        guard tokens[last].classes.contains(.documentNoun), last > start + 1,
            let run = nameRun(endingAt: last - 1, in: tokens), run.lowerBound > start
        else { return .nobody }
        return Result(speaker: name(run, in: tokens), attributed: true)
    }
}
