import ClaimSchema
import Foundation

/// Finds date mentions in a sentence and normalises them to ISO 8601.
///
/// Absolute forms: "Feb. 4, 2026", "February 4, 2026", "4 February 2026",
/// "2026-02-04", "02/04/2026" (US order), "June 2025", a year ("in 2019").
/// Forms that need the publication date: "June 16" (the year that puts it no more
/// than 90 days after publication, since news reports the recent past: published
/// 2026-03-10, "June 16" is 2025-06-16 but "April 2" is 2026-04-02), "today", "yesterday", "tomorrow",
/// "last/this/next week" (the Monday that week began), "last/this/next month",
/// "last/this/next year", and weekdays ("on Tuesday": the latest Tuesday on or before
/// publication; "last Tuesday": strictly before; "next Tuesday": strictly after).
/// Impossible dates ("Feb. 30") are dropped. All arithmetic is on whole UTC days.
///
/// The publication date may be known only to the month (a URL like `/2016/09/`): a
/// relative date then resolves when every day of that month gives the same answer ("last
/// month", "June 16" in most months) and is left unresolved otherwise ("Tuesday").
enum DateNormalizer {
    /// Date mentions in sentence order; marks the tokens they use in `used`. Relative dates
    /// ("June 16", "last month") are counted in `relative`: resolved, or left unresolved for
    /// want of a date to read them against.
    static func mentions(
        in tokens: FactTokens, reference: DayRange?, used: inout [Bool], relative: inout RelativeDates
    ) -> [DateMention] {
        var found: [DateMention] = []
        var index = 0
        while index < tokens.count {
            if !tokens[index].mayStartFact || used[index] {
                index += 1
                continue
            }
            if let match = match(at: index, in: tokens, reference: reference) {
                for position in match.first...match.last { used[position] = true }
                if let iso = match.iso {
                    // Room for a few at once: growing one by one reallocates at the second and third.
                    if found.isEmpty { found.reserveCapacity(4) }
                    found.append(DateMention(text: tokens.text(match.first, match.last), iso: iso))
                    if match.isRelative { relative.resolved += 1 }
                } else if match.isRelative {
                    relative.unresolved.append(tokens.text(match.first, match.last))
                }
                index = match.last + 1
            } else {
                index += 1
            }
        }
        return found
    }

    /// The first date with a day, a month and a year in `tokens` ("March 3, 2026", "2026-03-03"):
    /// its tokens and its day (since 1970-01-01). For finding an article's own date.
    static func firstFullDate(in tokens: FactTokens) -> (first: Int, last: Int, day: Int)? {
        var index = 0
        while index < tokens.count {
            guard tokens[index].mayStartFact, let match = match(at: index, in: tokens, reference: nil) else {
                index += 1
                continue
            }
            if let iso = match.iso, iso.utf8.count == 10 {
                let parts = iso.split(separator: "-").compactMap { Int($0) }
                if parts.count == 3 { return (match.first, match.last, daysFromCivil(parts[0], parts[1], parts[2])) }
            }
            index = match.last + 1
        }
        return nil
    }

    /// Tokens `first...last` form a date; `iso` is nil when it cannot be resolved or is
    /// impossible, so its numbers are still kept out of the quantities.
    struct Match {
        var first: Int
        var last: Int
        var iso: String?
        /// Read against the publication date ("June 16", "last month"); a possible date, so
        /// `iso` is nil only when there is no date to read it against.
        var isRelative = false
    }

    /// Relative dates met in a sentence or an article.
    struct RelativeDates {
        /// How many were read against the publication date.
        var resolved = 0
        /// The ones left unresolved, as written.
        var unresolved: [String] = []
    }

    /// The days the publication date may be, as days since 1970-01-01 (UTC): one day, or every
    /// day of a month when only the month is known.
    struct DayRange: Equatable, Sendable {
        var first: Int
        var last: Int

        init(first: Int, last: Int) {
            self.first = first
            self.last = last
        }

        init(_ date: Date) {
            first = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
            last = first
        }

        /// What `compute` gives for every day of the range, or nil when the days disagree.
        /// `compute` moves monotonically with the day, so the first and last day decide.
        @inline(__always)
        func resolve(_ compute: (Int) -> String?) -> String? {
            let answer = compute(first)
            if first == last { return answer }
            return answer == compute(last) ? answer : nil
        }
    }

    private static func match(at index: Int, in tokens: FactTokens, reference: DayRange?) -> Match? {
        let token = tokens[index]
        switch token.kind {
        case .word:
            // Most words start no date; one class test turns them away.
            guard token.classes.contains(.dateStart) else { return nil }
            if token.isCapitalized, case let month = FactVocabulary.months[Int(token.word)], month != 0 {
                return monthFirst(month, at: index, in: tokens, reference: reference)
            }
            return relative(at: index, in: tokens, reference: reference)
        case .number:
            // Every numeric form starts with plain digits (no separator, no decimal point).
            guard token.isPlainDigits else { return nil }
            if let match = numeric(at: index, in: tokens) { return match }
            if let match = dayFirst(at: index, in: tokens, reference: reference) { return match }
            if isYear(at: index, in: tokens) {
                return Match(first: index, last: index, iso: tokens.lower(token))
            }
            return nil
        case .symbol:
            return nil
        }
    }

    // MARK: Month names

    /// "Feb. 4, 2026", "June 16", "June 16th", "June 2025", "June of 2025".
    private static func monthFirst(_ month: Int, at index: Int, in tokens: FactTokens, reference: DayRange?) -> Match? {
        var next = index + 1
        if tokens.at(next)?.is(".") == true, tokens[index].lowerCount <= 4 { next += 1 }
        if tokens.at(next)?.isWord(.of) == true, let year = fourDigitYear(at: next + 1, in: tokens) {
            return Match(first: index, last: next + 1, iso: isoMonth(year, month))
        }
        if let year = fourDigitYear(at: next, in: tokens), tokens[next].spaceBefore {
            return Match(first: index, last: next, iso: isoMonth(year, month))
        }
        guard let (day, dayLast) = dayNumber(at: next, in: tokens), tokens[next].spaceBefore else { return nil }
        var yearIndex = dayLast + 1
        if tokens.at(yearIndex)?.is(",") == true { yearIndex += 1 }
        if let year = fourDigitYear(at: yearIndex, in: tokens) {
            return Match(first: index, last: yearIndex, iso: isoDay(year, month, day))
        }
        return Match(
            first: index, last: dayLast, iso: resolve(month: month, day: day, reference: reference),
            isRelative: isValid(2000, month, day))
    }

    /// "4 February 2026", "4 Feb. 2026", "16 June", "4th of February".
    private static func dayFirst(at index: Int, in tokens: FactTokens, reference: DayRange?) -> Match? {
        guard let (day, dayLast) = dayNumber(at: index, in: tokens) else { return nil }
        var monthIndex = dayLast + 1
        if tokens.at(monthIndex)?.isWord(.of) == true { monthIndex += 1 }
        guard let monthToken = tokens.at(monthIndex), monthToken.isCapitalized, monthToken.spaceBefore,
            case let month = FactVocabulary.months[Int(monthToken.word)], month != 0
        else { return nil }
        var last = monthIndex
        if tokens.at(last + 1)?.is(".") == true, monthToken.lowerCount <= 4 { last += 1 }
        var yearIndex = last + 1
        if tokens.at(yearIndex)?.is(",") == true { yearIndex += 1 }
        if let year = fourDigitYear(at: yearIndex, in: tokens) {
            return Match(first: index, last: yearIndex, iso: isoDay(year, month, day))
        }
        return Match(
            first: index, last: monthIndex, iso: resolve(month: month, day: day, reference: reference),
            isRelative: isValid(2000, month, day))
    }

    /// A day of the month, 1 to 31, with an optional ordinal suffix glued on.
    private static func dayNumber(at index: Int, in tokens: FactTokens) -> (Int, Int)? {
        guard let token = tokens.at(index), token.isPlainDigits, token.lowerCount <= 2,
            let value = tokens.int(token), (1...31).contains(value)
        else { return nil }
        if let suffix = tokens.at(index + 1), suffix.kind == .word, !suffix.spaceBefore {
            guard suffix.isWord(.st) || suffix.isWord(.nd) || suffix.isWord(.rd) || suffix.isWord(.th) else {
                return nil
            }
            return (value, index + 1)
        }
        if let next = tokens.at(index + 1), !next.spaceBefore, next.is(":") || next.is("%") || next.is("/") {
            return nil
        }
        return (value, index)
    }

    private static func fourDigitYear(at index: Int, in tokens: FactTokens) -> Int? {
        guard let token = tokens.at(index), token.isPlainDigits, token.lowerCount == 4,
            let year = tokens.int(token), (1000...2999).contains(year)
        else { return nil }
        if let next = tokens.at(index + 1), next.kind == .word, !next.spaceBefore { return nil }
        return year
    }

    // MARK: Numeric forms

    /// "2026-02-04" and US-order "02/04/2026", glued together without spaces.
    private static func numeric(at index: Int, in tokens: FactTokens) -> Match? {
        guard tokens[index].isPlainDigits, let third = tokens.at(index + 4) else { return nil }
        let separator = tokens[index + 1]
        // The shape first, so that the parts are only gathered for a date.
        guard separator.kind == .symbol, separator.first == "-" || separator.first == "/",
            tokens[index + 3].is(separator.first),
            (1...4).allSatisfy({ !tokens[index + $0].spaceBefore }),
            tokens[index + 2].isPlainDigits, third.isPlainDigits
        else { return nil }
        let parts = [tokens[index], tokens[index + 2], third]
        let lengths = parts.map { $0.lowerCount }
        let numbers = parts.compactMap { tokens.int($0) }
        guard numbers.count == 3 else { return nil }
        if separator.first == "-", lengths == [4, 2, 2] {
            return Match(first: index, last: index + 4, iso: isoDay(numbers[0], numbers[1], numbers[2]))
        }
        if separator.first == "/", lengths[0] <= 2, lengths[1] <= 2, lengths[2] == 4 {
            return Match(first: index, last: index + 4, iso: isoDay(numbers[2], numbers[0], numbers[1]))
        }
        return nil
    }

    /// Words before a bare number that make it a year ("in 2019", "since 1969").
    static let yearLeads: Set<String> = [
        "in", "since", "by", "from", "until", "till", "through", "to", "before", "after", "during",
        "of", "early", "late", "mid", "fiscal", "year", "between", "and", "or", "around", "circa",
        "throughout", "the", "pre", "post", "spring", "summer", "autumn", "fall", "winter", "for",
    ]

    /// Whether the number at `index` stands alone as a year (1800 to 2100) rather than
    /// counting something: "in 2019" is a year, "sent 2000 troops" is a quantity.
    static func isYear(at index: Int, in tokens: FactTokens) -> Bool {
        let token = tokens[index]
        guard token.isPlainDigits, token.lowerCount == 4, let year = tokens.int(token),
            (1800...2100).contains(year)
        else { return false }
        if let previous = tokens.at(index - 1), !token.spaceBefore,
            previous.kind != .symbol || QuantityExtractor.currency(previous.first) != nil
        {
            return false
        }
        if let next = tokens.at(index + 1) {
            if next.kind == .word && !next.spaceBefore { return false }
            if next.is("%") || next.is(":")
                || next.is(".") && !next.spaceBefore && tokens.at(index + 2)?.kind == .number
            {
                return false
            }
            if next.kind == .word, FactVocabulary.scales[Int(next.word)] != nil || next.isWord(.percent) {
                return false
            }
        }
        if let previous = tokens.at(index - 1) {
            if previous.kind == .word, previous.classes.contains(.yearLead) { return true }
            if previous.is("-"), let word = tokens.at(index - 2), word.kind == .word, word.classes.contains(.yearLead) {
                return true
            }
        }
        if let next = tokens.at(index + 1), next.kind == .word, next.spaceBefore, !next.isCapitalized,
            tokens.lower(next, hasSuffix: "s"), !next.classes.contains(.stopWord)
        {
            return false  // "2000 troops"
        }
        return true
    }

    // MARK: Relative dates

    static let weekdays: [String: Int] = [
        "sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    ]

    /// The words other than weekdays that `relative(at:in:reference:)` starts from.
    static let relativeStarts = ["today", "tonight", "yesterday", "tomorrow", "last", "this", "next", "past"]

    private static func relative(at index: Int, in tokens: FactTokens, reference: DayRange?) -> Match? {
        let token = tokens[index]
        // Every word below is in the vocabulary.
        guard token.word != 0 else { return nil }
        func on(_ last: Int, _ compute: (Int) -> String?) -> Match {
            Match(first: index, last: last, iso: reference?.resolve(compute), isRelative: true)
        }
        switch Keyword(rawValue: token.word) {
        case .today?, .tonight?: return on(index) { isoDay(days: $0) }
        case .yesterday?: return on(index) { isoDay(days: $0 - 1) }
        case .tomorrow?: return on(index) { isoDay(days: $0 + 1) }
        default: break
        }
        if token.isCapitalized, case let weekday = FactVocabulary.weekdays[Int(token.word)], weekday >= 0 {
            // "Tuesday, Feb. 4, 2026": the explicit date says it all.
            if tokens.at(index + 1)?.is(",") == true, let month = tokens.at(index + 2),
                month.isCapitalized, FactVocabulary.months[Int(month.word)] != 0
            {
                return nil
            }
            return on(index) { isoDay(days: $0 - daysBack(to: weekday, from: $0)) }
        }
        guard token.isWord(.last) || token.isWord(.this) || token.isWord(.next) || token.isWord(.past),
            let unit = tokens.at(index + 1), unit.kind == .word, unit.spaceBefore
        else { return nil }
        let step = token.isWord(.next) ? 1 : token.isWord(.this) ? 0 : -1
        switch Keyword(rawValue: unit.word) {
        case .week?:
            return on(index + 1) { today in isoDay(days: today - (weekday(days: today) + 6) % 7 + 7 * step) }
        case .month?:
            return on(index + 1) { today in
                let (year, month, _) = civil(days: today)
                let months = year * 12 + (month - 1) + step
                return isoMonth(months / 12, months % 12 + 1)
            }
        case .year?:
            return on(index + 1) { today in format4(civil(days: today).year + step) }
        default:
            guard unit.isCapitalized, case let weekday = FactVocabulary.weekdays[Int(unit.word)], weekday >= 0 else {
                return nil
            }
            return on(index + 1) { today in
                var back = daysBack(to: weekday, from: today)
                switch step {
                case -1: if back == 0 { back = 7 }
                case 1: back = back == 0 ? -7 : back - 7
                default: break
                }
                return isoDay(days: today - back)
            }
        }
    }

    /// How far after publication a date without a year may fall: upcoming events are
    /// reported weeks ahead, but a date a season away is more likely last year's.
    static let futureWindow = 90

    /// Days from `today` back to the latest `weekday` on or before it.
    private static func daysBack(to weekday: Int, from today: Int) -> Int {
        (self.weekday(days: today) - weekday + 7) % 7
    }

    /// A month and day without a year: the year that keeps the date no more than
    /// `futureWindow` days after publication, since news reports on the recent past.
    private static func resolve(month: Int, day: Int, reference: DayRange?) -> String? {
        reference?.resolve { today in
            var year = civil(days: today).year
            if daysFromCivil(year, month, min(day, 28)) > today + futureWindow { year -= 1 }
            return isoDay(year, month, day)
        }
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, UTC days since 1970-01-01)

    static let months: [String: Int] = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
        "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
        "oct": 10, "nov": 11, "dec": 12,
    ]

    static func isValid(_ year: Int, _ month: Int, _ day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return day <= (month == 2 && leap ? 29 : lengths[month - 1])
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 for Sunday through 6 for Saturday; 1970-01-01 was a Thursday.
    static func weekday(days: Int) -> Int {
        ((days % 7) + 11) % 7
    }

    static func isoDay(_ year: Int, _ month: Int, _ day: Int) -> String? {
        guard isValid(year, month, day) else { return nil }
        return iso(year, month, day)
    }

    static func isoDay(days: Int) -> String {
        let (year, month, day) = civil(days: days)
        return iso(year, month, day)
    }

    static func isoMonth(_ year: Int, _ month: Int) -> String {
        iso(year, month, nil)
    }

    /// "YYYY-MM-DD", or "YYYY-MM" without a day, written digit by digit: string
    /// interpolation costs several times more. Years outside 0...9999 keep the interpolation.
    private static func iso(_ year: Int, _ month: Int, _ day: Int?) -> String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day ?? 0) else {
            guard let day else { return "\(format4(year))-\(format2(month))" }
            return "\(format4(year))-\(format2(month))-\(format2(day))"
        }
        let count = day == nil ? 7 : 10
        return String(unsafeUninitializedCapacity: count) { text in
            func write(_ value: Int, digits: Int, at offset: Int) {
                var value = value
                for position in (offset..<offset + digits).reversed() {
                    text[position] = UInt8(0x30 + value % 10)
                    value /= 10
                }
            }
            write(year, digits: 4, at: 0)
            text[4] = UInt8(ascii: "-")
            write(month, digits: 2, at: 5)
            if let day {
                text[7] = UInt8(ascii: "-")
                write(day, digits: 2, at: 8)
            }
            return count
        }
    }

    private static func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func format4(_ value: Int) -> String {
        let text = String(value)
        return text.count >= 4 ? text : String(repeating: "0", count: 4 - text.count) + text
    }
}
