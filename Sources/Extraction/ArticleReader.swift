import Foundation

/// Reads news articles from raw file bytes: plain text (optionally with `FrontMatter`)
/// or HTML.
///
/// ```swift
/// let article = try ArticleReader.read(Array(data), name: "budget.html")
/// print(article.title ?? "untitled", article.body)
/// ```
///
/// Bad input is refused before parsing with an `ArticleError` that names the file:
/// empty files, binary files (known signatures, NUL bytes, or more than 1% control
/// characters), UTF-16, and invalid UTF-8 (for HTML only when no other charset is
/// declared). Every step is linear in the input, so a 50 MB single line is fine.
public enum ArticleReader {
    /// Reads one article from raw bytes. `name` is used in error messages and to help detect format (".html"/".htm").
    /// Plain text is held at most twice at any moment: the bytes and the body made from them.
    public static func read(_ bytes: [UInt8], name: String) throws(ArticleError) -> Article {
        try bytes.withUnsafeBufferPointer { (buffer) throws(ArticleError) -> Article in
            try read(buffer, name: name, release: { _ in })
        }
    }

    /// Reads one article from bytes that can be let go as they are read and read again, such as
    /// a file mapping's pages: `release(n)` says the bytes before `n` are not needed for now.
    /// It is called once the whole file has been checked (with its length), then as a plain
    /// text body is made, so the file and its text are not both held whole.
    public static func read(
        _ file: UnsafeBufferPointer<UInt8>, name: String, release: (Int) -> Void
    ) throws(ArticleError) -> Article {
        if ArticleBytes.hasUTF16BOM(file) { throw .utf16(name) }
        let bomLength = ArticleBytes.hasUTF8BOM(file) ? 3 : 0
        let content = UnsafeBufferPointer(rebasing: file[bomLength...])
        guard ArticleBytes.firstNonWhitespace(content) < content.count else { throw .empty(name) }
        if let kind = ArticleBytes.binarySignature(content) { throw .binary(name, detail: kind) }
        if let why = ArticleBytes.binaryContent(content) { throw .binary(name, detail: why) }
        guard content.count <= Int(Int32.max) else { throw .tooLarge(name, size: file.count) }

        if isHTML(content, name: name) {
            let declared = declaredCharset(content)
            if declared == nil {
                try requireUTF8(content, offsetInFile: bomLength, name: name, isHTML: true)
            }
            return try HTMLArticleParser.parse(content, encoding: declared ?? "UTF-8", name: name)
        }
        try requireUTF8(content, offsetInFile: bomLength, name: name, isHTML: false)
        release(file.count)
        var article = try PlainTextArticleParser.parse(content, name: name) { release(bomLength + $0) }
        // With no title in front matter, the headline on top of the text is the title.
        if article.title == nil { article.title = PageFurniture.headline(in: article.body) }
        return article
    }

    private static func requireUTF8(
        _ content: UnsafeBufferPointer<UInt8>, offsetInFile: Int, name: String, isHTML: Bool
    ) throws(ArticleError) {
        if let offset = ArticleBytes.firstInvalidUTF8(content) {
            throw .invalidUTF8(name, offset: offset + offsetInFile, byte: content[offset], isHTML: isHTML)
        }
    }

    /// How far into a file to look for HTML markers and a charset declaration; browsers
    /// look at the first 1024 bytes for `<meta charset>`, real pages sometimes need more.
    private static let sniffLength = 4096

    static func isHTML(_ content: UnsafeBufferPointer<UInt8>, name: String) -> Bool {
        var name = name
        let named = name.withUTF8 { name in
            endsCaseInsensitively(name, with: ".html") || endsCaseInsensitively(name, with: ".htm")
                || endsCaseInsensitively(name, with: ".xhtml")
        }
        if named { return true }
        let start = ArticleBytes.firstNonWhitespace(content)
        // The first bytes after leading white space, compared ASCII-case-insensitively in place.
        let head = UnsafeBufferPointer(rebasing: content[start..<min(content.count, start + sniffLength)])
        if startsCaseInsensitively(head, with: "<!doctype html") || startsCaseInsensitively(head, with: "<html")
            || startsCaseInsensitively(head, with: "<?xml") && containsCaseInsensitively(head, "<html")
        {
            return true
        }
        // "<body", "<p>", "<head>" or "<article" in the first 1024 bytes: one pass for the "<".
        let early = UnsafeBufferPointer(rebasing: head.prefix(1024))
        guard let base = early.baseAddress else { return false }
        var i = 0
        while i < early.count, let found = memchr(base + i, 0x3C, early.count - i) {
            i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            let rest = UnsafeBufferPointer(rebasing: early[i...])
            if startsCaseInsensitively(rest, with: "<body") || startsCaseInsensitively(rest, with: "<p>")
                || startsCaseInsensitively(rest, with: "<head>") || startsCaseInsensitively(rest, with: "<article")
            {
                return true
            }
            i += 1
        }
        return false
    }

    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// Whether `bytes`, ASCII-lowercased, start with the lowercase `prefix`.
    private static func startsCaseInsensitively(_ bytes: UnsafeBufferPointer<UInt8>, with prefix: StaticString) -> Bool
    {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        for k in 0..<count where lowercased(bytes[k]) != prefix.utf8Start[k] { return false }
        return true
    }

    /// Whether `bytes`, ASCII-lowercased, end with the lowercase `suffix`.
    private static func endsCaseInsensitively(_ bytes: UnsafeBufferPointer<UInt8>, with suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        let tail = bytes.count - count
        for k in 0..<count where lowercased(bytes[tail + k]) != suffix.utf8Start[k] { return false }
        return true
    }

    /// Whether `bytes`, ASCII-lowercased, contain the lowercase `needle` (which starts with a byte case does not change).
    private static func containsCaseInsensitively(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        let first = needle.utf8Start[0]
        var i = 0
        while i + count <= bytes.count {
            if bytes[i] == first {
                var k = 1
                while k < count && lowercased(bytes[i + k]) == needle.utf8Start[k] { k += 1 }
                if k == count { return true }
            }
            i += 1
        }
        return false
    }

    /// The charset an HTML file declares (`<meta charset>`, `http-equiv` content type or an
    /// XML declaration) when it is not UTF-8 or a subset of it; nil means decode as UTF-8.
    static func declaredCharset(_ content: UnsafeBufferPointer<UInt8>) -> String? {
        let head = lowercasedASCII(content, from: 0, count: sniffLength)
        var label: [UInt8]?
        if let at = find("charset=", in: head) {
            label = token(in: head, from: at + 8)
        } else if head.starts(with: "<?xml".utf8), let at = find("encoding=", in: head) {
            label = token(in: head, from: at + 9)
        }
        guard let label, !label.isEmpty else { return nil }
        let name = String(decoding: label, as: UTF8.self)
        // A UTF-16 declaration on bytes without NULs (checked earlier) is a copy-paste
        // mistake; ASCII is a subset of UTF-8.
        if ["utf-8", "utf8", "us-ascii", "ascii", "unicode-1-1-utf-8"].contains(name) || name.hasPrefix("utf-16") {
            return nil
        }
        return name
    }

    private static func token(in head: [UInt8], from start: Int) -> [UInt8] {
        var i = start
        while i < head.count, head[i] == 0x22 || head[i] == 0x27 || head[i] == 0x20 { i += 1 }
        var end = i
        while end < head.count {
            let b = head[end]
            let allowed =
                (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x3A
            guard allowed else { break }
            end += 1
        }
        return Array(head[i..<end])
    }

    private static func lowercasedASCII(_ content: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> [UInt8] {
        let end = min(content.count, start + count)
        return content[start..<end].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    private static func find<C: Collection<UInt8>>(_ needle: String, in haystack: C) -> Int? where C.Index == Int {
        let pattern = Array(needle.utf8)
        guard haystack.count >= pattern.count else { return nil }
        var i = haystack.startIndex
        while i + pattern.count <= haystack.endIndex {
            if haystack[i] == pattern[0] && haystack[i..<(i + pattern.count)].elementsEqual(pattern) {
                return i
            }
            i += 1
        }
        return nil
    }
}
