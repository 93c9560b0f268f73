import Foundation

/// The date an article's relative dates ("June 16", "last month", "on Tuesday") are read
/// against, and where it came from.
///
/// The publication date, when the article has one. Otherwise a full date, with its year,
/// that the article gives itself:
/// - a date line among the first blocks, the headline aside: "March 3, 2026",
///   "Published: 2026-03-03 10:30", "By Jane Doe | June 25, 2019";
/// - a dateline opening a paragraph there: "WASHINGTON, March 3, 2026 — …",
///   "March 3, 2026 (Reuters) - …";
/// - failing those, the date in the URL's path: `/2019/08/02/`, or `/2016/09/` for a month,
///   against which a relative date resolves only when every day of the month agrees.
///
/// ```swift
/// ReferenceDate(for: Article(body: "…", url: "https://example.com/2019/08/02/story"))
/// // source .url, iso "2019-08-02"
/// ```
public struct ReferenceDate: Sendable, Equatable {
    public enum Source: String, Sendable, Equatable {
        /// The article's publication date (front matter, HTML metadata, `--published`).
        case published
        /// A date line or a dateline near the top of the text.
        case dateline
        /// The date in the URL's path.
        case url
    }

    public var source: Source
    /// `YYYY-MM-DD`, or `YYYY-MM` when only the month is known.
    public var iso: String
    /// The days it may be.
    var days: DateNormalizer.DayRange

    /// Whether only the month is known (a URL like `/2016/09/`).
    public var isMonthOnly: Bool { days.first != days.last }

    /// The article's reference date, or nil when it has none.
    public init?(for article: Article) {
        if let published = article.publishedAt {
            let days = DateNormalizer.DayRange(published)
            self.init(source: .published, iso: DateNormalizer.isoDay(days: days.first), days: days)
        } else if let day = Self.dateline(in: article.body, title: article.title) {
            self.init(source: .dateline, iso: DateNormalizer.isoDay(days: day), days: .init(first: day, last: day))
        } else if let url = article.url, let (iso, days) = Self.date(inURL: url) {
            self.init(source: .url, iso: iso, days: days)
        } else {
            return nil
        }
    }

    init(source: Source, iso: String, days: DateNormalizer.DayRange) {
        self.source = source
        self.iso = iso
        self.days = days
    }

    // MARK: The text

    /// How many blocks from the top are searched (`PageFurniture.headBlocks`), and how many
    /// bytes at most.
    static let topBlocks = PageFurniture.headBlocks
    static let topBytes = 4_000
    /// A date line is a short block: at most this many words and bytes.
    static let dateLineWords = 16
    static let longestDateLine = 400
    /// A dateline's date starts within this many tokens of its paragraph's start.
    static let datelineTokens = 8

    /// The day (since 1970-01-01) of the first date line or dateline near the top of `body`.
    static func dateline(in body: String, title: String?) -> Int? {
        let utf8 = body.utf8
        var start = utf8.startIndex
        var seen = 0
        var index = 0
        // Block by block ("\n\n" apart), without splitting the rest of a long body.
        while index < topBlocks, seen < topBytes, start < utf8.endIndex {
            var end = utf8.endIndex
            var next = utf8.endIndex
            var cursor = start
            while let newline = utf8[cursor...].firstIndex(of: 0x0A) {
                let after = utf8.index(after: newline)
                if after < utf8.endIndex, utf8[after] == 0x0A {
                    end = newline
                    next = utf8.index(after: after)
                    break
                }
                cursor = after
            }
            let block = body[start..<end]
            let length = utf8.distance(from: start, to: end)
            seen += length + 2
            index += 1
            start = next
            if length > longestDateLine {
                if let day = openingDateline(block) { return day }
                continue
            }
            let text = block.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { continue }
            let stamp = isTimestamp(text.lowercased())
            // The headline, unless it is a timestamp taken for one ("Updated: 2026-03-03 10:30").
            guard text != title || stamp else { continue }
            if let day = openingDateline(text[...]) { return day }
            guard text.split(separator: " ").count <= dateLineWords, stamp || !endsLikeSentence(text) else { continue }
            let tokens = FactTokens(text)
            // "Published March 3, 2026", "By Jane Doe | March 3, 2026"; not "Talks to end
            // by March 3, 2026", a headline about the date.
            if let date = DateNormalizer.firstFullDate(in: tokens),
                stamp || !(tokens.at(date.first - 1).map { $0.kind == .word && !$0.isCapitalized } ?? false)
            {
                return date.day
            }
        }
        return nil
    }

    /// "Published March 3, 2026", "Updated: 2026-03-03" (`PageFurniture.stampStarts`).
    private static func isTimestamp(_ lower: String) -> Bool {
        PageFurniture.stampStarts.contains { lower.hasPrefix($0) }
    }

    /// `PageFurniture.Shape.endsLikeSentence` of a String.
    private static func endsLikeSentence(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { PageFurniture.Shape.endsLikeSentence($0) }
    }

    /// "WASHINGTON, March 3, 2026 — …", "March 3, 2026 (Reuters) - …": a full date after at most
    /// a place in capitals, then a dash, a bracket or a colon.
    private static func openingDateline(_ paragraph: Substring) -> Int? {
        // The first 100 bytes, cut at a space so no character is split.
        var head = paragraph
        if paragraph.utf8.count > 100 {
            var cut = paragraph.utf8.index(paragraph.utf8.startIndex, offsetBy: 100)
            while cut > paragraph.startIndex, paragraph.utf8[cut] & 0xC0 == 0x80 {
                cut = paragraph.utf8.index(before: cut)
            }
            guard let space = paragraph[..<cut].lastIndex(of: " ") else { return nil }
            head = paragraph[..<space]
        }
        let tokens = FactTokens(String(head))
        guard let date = DateNormalizer.firstFullDate(in: tokens), date.first <= datelineTokens,
            let after = tokens.at(date.last + 1), after.kind == .symbol,
            ["—", "–", "-", "(", ":", "|"].contains(after.first)
        else { return nil }
        for index in 0..<date.first {
            let token = tokens[index]
            if token.kind == .word && token.isCapitalized { continue }
            if token.kind == .symbol && [",", ".", "(", ")"].contains(token.first) { continue }
            return nil
        }
        return date.day
    }

    // MARK: The URL

    /// The date in a URL's path: `/2019/08/02/` a day, `/2016/09/` a month, or a segment that
    /// starts `2019-08-02`. Years 1990 to 2100.
    static func date(inURL url: String) -> (iso: String, days: DateNormalizer.DayRange)? {
        var path = Substring(url)
        if let scheme = path.range(of: "://") {
            path = path[scheme.upperBound...]
            guard let slash = path.firstIndex(of: "/") else { return nil }
            path = path[slash...]
        }
        if let end = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<end] }
        let segments = path.split(separator: "/")
        for (index, segment) in segments.enumerated() {
            if let year = number(segment, digits: 4...4), (1990...2100).contains(year) {
                guard index + 1 < segments.count, let month = number(segments[index + 1], digits: 1...2),
                    (1...12).contains(month)
                else { continue }
                if index + 2 < segments.count, let day = number(segments[index + 2], digits: 1...2),
                    DateNormalizer.isValid(year, month, day)
                {
                    let days = DateNormalizer.daysFromCivil(year, month, day)
                    return (DateNormalizer.isoDay(days: days), .init(first: days, last: days))
                }
                let first = DateNormalizer.daysFromCivil(year, month, 1)
                let next =
                    month == 12
                    ? DateNormalizer.daysFromCivil(year + 1, 1, 1) : DateNormalizer.daysFromCivil(year, month + 1, 1)
                return (DateNormalizer.isoMonth(year, month), .init(first: first, last: next - 1))
            }
            // "2019-08-02-council-vote"
            let utf8 = Array(segment.utf8.prefix(11))
            if utf8.count >= 10, utf8[4] == 0x2D, utf8[7] == 0x2D, utf8.count == 10 || !isDigit(utf8[10]),
                let year = number(segment.prefix(4), digits: 4...4), (1990...2100).contains(year),
                let month = number(segment.dropFirst(5).prefix(2), digits: 2...2),
                let day = number(segment.dropFirst(8).prefix(2), digits: 2...2),
                DateNormalizer.isValid(year, month, day)
            {
                let days = DateNormalizer.daysFromCivil(year, month, day)
                return (DateNormalizer.isoDay(days: days), .init(first: days, last: days))
            }
        }
        return nil
    }

    /// The value of `text` when it is only ASCII digits, as many as `digits` allows.
    private static func number(_ text: Substring, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(text.utf8.count), text.utf8.allSatisfy(isDigit) else { return nil }
        return text.utf8.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
