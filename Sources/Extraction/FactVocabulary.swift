/// Words the fact extractors test for by name. A word token carries the keyword it
/// spells (`FactTokens.Token.word`), so the tests compare integers, not strings.
enum Keyword: UInt16, CaseIterable {
    /// Not a word of the vocabulary.
    case none = 0
    case according, to, of, told, tells, percent, today, tonight, yesterday, tomorrow, last, this, next, past
    case week, month, year, us, st, nd, rd, th, s, m, am, pm, a, p, per, cent, pct, percentage, point, points
    case half, dozen, an, and, bn, mn, tn, police, government, military, staff, people, that, by, from, or, on, `in`
    case minus, basis, pc
}

/// Every word the fact extractors look up: the keywords and the members of every word
/// list, each with a small integer id, the lists it belongs to and its values (a month's
/// number, a scale's size, …). A token is looked up once when the sentence is cut.
///
/// Membership by id is membership by string: ids are assigned to the lowercased word
/// exactly as the lists' `String` keys would match it (`id(of:)` for any string; ASCII
/// bytes, whose string equality is byte equality, through a byte table).
enum FactVocabulary {
    /// The vocabulary: `words[id]`; id 0 is no word.
    static let words: [String] = {
        var words = [""]
        var seen: Set<String> = [""]
        func add(_ list: some Sequence<String>) {
            for word in list.sorted() where !seen.contains(word) {
                seen.insert(word)
                words.append(word)
            }
        }
        for keyword in Keyword.allCases.dropFirst() {
            let word = String(describing: keyword)
            precondition(!seen.contains(word) && words.count == Int(keyword.rawValue))
            seen.insert(word)
            words.append(word)
        }
        add(Attribution.speechVerbs)
        add(FactExtractor.actionVerbs)
        add(FactExtractor.comparatives)
        add(FactExtractor.notSuperlatives)
        add(QuantityExtractor.smallNumbers.keys)
        add(QuantityExtractor.spellingStarts)
        add(QuantityExtractor.stopWords)
        add(QuantityExtractor.adjectives)
        add(QuantityExtractor.scales.keys)
        add(QuantityExtractor.gluedScales.keys)
        add(QuantityExtractor.currencyWords.keys)
        add(QuantityExtractor.denominators.keys)
        add(Attribution.pronouns)
        add(Attribution.auxiliaries)
        add(Attribution.notNames)
        add(Attribution.titles)
        add(Attribution.abbreviatedTitles)
        add(Attribution.organisations)
        add(Attribution.suffixes)
        add(Attribution.particles)
        add(Attribution.determiners)
        add(DateNormalizer.yearLeads)
        add(DateNormalizer.months.keys)
        add(DateNormalizer.weekdays.keys)
        add(Attribution.speakerNouns)
        add(Attribution.documentNouns)
        add(QuantityExtractor.tallyWords)
        add(QuantityExtractor.unmarkedPlurals)
        precondition(words.count < Int(UInt16.max))
        return words
    }()

    /// String to id, for words that are not plain ASCII (String equality, as the lists use).
    static let ids: [String: UInt16] = {
        var ids: [String: UInt16] = [:]
        for (id, word) in words.enumerated().dropFirst() { ids[word] = UInt16(id) }
        return ids
    }()

    /// The id of `word`, 0 when it is in no list.
    static func id(of word: String) -> UInt16 {
        var word = word
        let ascii = word.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
        if ascii { return word.withUTF8 { table.id(of: $0) } }
        return ids[word] ?? 0
    }

    /// The lists each word is in, by id.
    static let classes: [FactTokens.WordClass] = {
        var classes = [FactTokens.WordClass](repeating: [], count: words.count)
        func add(_ list: some Sequence<String>, _ member: FactTokens.WordClass) {
            for word in list { classes[Int(ids[word]!)].insert(member) }
        }
        add(Attribution.speechVerbs, .speechVerb)
        add(FactExtractor.actionVerbs, .actionVerb)
        add(FactExtractor.comparatives, .comparative)
        add(QuantityExtractor.smallNumbers.keys, .spelledNumber)
        add(QuantityExtractor.spellingStarts, .spelledNumber)
        add(QuantityExtractor.stopWords, .stopWord)
        add(Attribution.pronouns, .pronoun)
        add(Attribution.auxiliaries, .auxiliary)
        add(Attribution.notNames, .notName)
        add(Attribution.titles, .title)
        add(Attribution.abbreviatedTitles, .abbreviatedTitle)
        add(Attribution.organisations, .organisation)
        add(Attribution.suffixes, .nameSuffix)
        add(Attribution.particles, .particle)
        add(Attribution.determiners, .determiner)
        add(DateNormalizer.yearLeads, .yearLead)
        add(QuantityExtractor.adjectives, .adjective)
        add(FactExtractor.notSuperlatives, .notSuperlative)
        add(DateNormalizer.months.keys, .dateStart)
        add(DateNormalizer.weekdays.keys, .dateStart)
        add(DateNormalizer.relativeStarts, .dateStart)
        add(Attribution.speakerNouns, .speakerNoun)
        add(Attribution.documentNouns, .documentNoun)
        add(Attribution.weakSpeechVerbs, .weakSpeechVerb)
        add(QuantityExtractor.tallyWords, .tallyWord)
        add(QuantityExtractor.unmarkedPlurals, .unmarkedPlural)
        return classes
    }()

    private static func values<Value>(_ dictionary: [String: Value], none: Value) -> [Value] {
        var values = [Value](repeating: none, count: words.count)
        for (word, value) in dictionary { values[Int(ids[word]!)] = value }
        return values
    }

    /// Month number (1-12) by id, 0 for none (`DateNormalizer.months`).
    static let months: [Int] = values(DateNormalizer.months, none: 0)
    /// Weekday (0 Sunday - 6 Saturday) by id, -1 for none (`DateNormalizer.weekdays`).
    static let weekdays: [Int] = values(DateNormalizer.weekdays, none: -1)
    /// `QuantityExtractor.scales` by id.
    static let scales: [Double?] = values(QuantityExtractor.scales.mapValues { Optional($0) }, none: nil)
    /// `QuantityExtractor.gluedScales` by id.
    static let gluedScales: [Double?] = values(QuantityExtractor.gluedScales.mapValues { Optional($0) }, none: nil)
    /// `QuantityExtractor.currencyWords` by id.
    static let currencyWords: [String?] = values(QuantityExtractor.currencyWords.mapValues { Optional($0) }, none: nil)
    /// `QuantityExtractor.smallNumbers` by id.
    static let smallNumbers: [Double?] = values(QuantityExtractor.smallNumbers.mapValues { Optional($0) }, none: nil)

    /// ASCII words to ids by their bytes.
    static let table = ASCIIWordTable(words)
}
