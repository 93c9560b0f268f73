#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Metadata at the top of a plain-text article, between two `---` lines.
///
/// ```
/// ---
/// title: "Council approves $2.4 billion transit budget"
/// url: https://example.com/news/transit-budget
/// outlet: The Riverside Courier
/// author: 'Maria Lopez'
/// published: 2026-02-04T10:30:00+01:00
/// ---
/// The city council on Tuesday approved...
/// ```
///
/// - The first line of the file (after a byte order mark) is exactly `---`, and a later
///   line is exactly `---`; trailing spaces are allowed. Everything after the closing line
///   is the body. A file whose first line is `---` but that never closes it is an error,
///   because its keys would otherwise leak into the body as claims.
/// - Between them, `key: value` lines. Keys are case-insensitive: `title`, `url`,
///   `outlet`, `author`, `published`. Unknown keys, blank lines, `#` comments and lines
///   without a colon are ignored, so front matter written for other tools still reads.
/// - A value may be wrapped in `"..."` or `'...'`; the quotes are removed (no escapes).
///   An empty value counts as absent.
/// - `published` is an ISO 8601 date (`2026-02-04`, meaning 00:00 UTC) or date-time
///   (`2026-02-04T10:30:00Z`, `2026-02-04T10:30:00+01:00`; no zone means UTC). Any other
///   value is an `ArticleError` naming the file and the key: a wrong date on a source
///   would silently mislead reviewers.
struct FrontMatter: Equatable {
    var title: String?
    var url: String?
    var outlet: String?
    var author: String?
    var published: Date?

    /// Reads front matter at the start of `bytes` (BOM already removed).
    ///
    /// Returns nil when the text has no front matter; otherwise the fields and the offset
    /// where the body starts.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, name: String
    ) throws(ArticleError) -> (frontMatter: FrontMatter, bodyStart: Int)? {
        var lines = LineCursor(bytes: bytes)
        guard let first = lines.next(), isDelimiter(bytes, first) else { return nil }
        var frontMatter = FrontMatter()
        while let line = lines.next() {
            if isDelimiter(bytes, line) { return (frontMatter, lines.position) }
            try frontMatter.apply(bytes, line, name: name)
        }
        throw .unclosedFrontMatter(name)
    }

    private mutating func apply(
        _ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, name: String
    ) throws(ArticleError) {
        guard let colon = bytes[line].firstIndex(of: 0x3A) else { return }
        let key = String(decoding: Self.trimmed(bytes, line.lowerBound..<colon), as: UTF8.self)
            .lowercased()
        guard !key.hasPrefix("#") else { return }
        var value = Self.trimmed(bytes, (colon + 1)..<line.upperBound)
        if value.count >= 2, let open = value.first, open == 0x22 || open == 0x27,
            value.last == open
        {
            value = value.dropFirst().dropLast()
        }
        let text = String(decoding: value, as: UTF8.self)
        let present: String? = text.isEmpty ? nil : text
        switch key {
        case "title": title = present
        case "url": url = present
        case "outlet": outlet = present
        case "author": author = present
        case "published":
            guard let present else {
                published = nil
                return
            }
            guard let date = ISO8601Timestamp.date(from: present) else {
                throw .malformedDate(name, key: "published", value: present)
            }
            published = date
        default: break
        }
    }

    private static func isDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        let content = trimmed(bytes, line)
        return content.count == 3 && content.allSatisfy { $0 == 0x2D } && content.startIndex == line.lowerBound
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Slice<
        UnsafeBufferPointer<UInt8>
    > {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return bytes[lower..<upper]
    }
}

/// Walks lines of UTF-8 bytes ending in LF, CRLF or a lone CR.
private struct LineCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Start of the next line.
    private(set) var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The next line without its terminator, or nil at the end.
    mutating func next() -> Range<Int>? {
        guard position < bytes.count else { return nil }
        let start = position
        var i = start
        while i < bytes.count, bytes[i] != 0x0A, bytes[i] != 0x0D { i += 1 }
        let line = start..<i
        if i < bytes.count {
            i += (bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A) ? 2 : 1
        }
        position = i
        return line
    }
}
