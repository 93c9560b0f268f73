#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns a plain-text article (UTF-8, BOM removed, already validated) into an `Article`.
///
/// Paragraphs are blocks separated by blank lines. Inside a paragraph, a line break is
/// read from the lines' shape: in hard-wrapped text (every line at most 100 characters)
/// a line that fills most of the width continues on the next, so the two are joined
/// with a space, unless it ends a sentence and the next is a short line that does not
/// (a byline or label under the paragraph); any other line break ends a block. So a headline, byline, caption or
/// "Share" line on a line of its own stays a block of its own, whether or not a blank
/// line follows it, and page furniture can be told from the story.
enum PlainTextArticleParser {
    /// Longest line, in characters, that hard-wrapped text has.
    static let widestWrap = 100
    /// A wrapped line fills at least this share of its paragraph's widest line.
    static let wrapFill = 0.6

    /// The article in `bytes`; its body is written straight into the String's own storage, so
    /// the text is held at most twice (the file and the body) at any moment. `release(n)` is
    /// called as the body is built, with `n` past the last byte read so far: the caller may let
    /// the bytes before it go (a file mapping's pages), though they stay readable.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, name: String, release: (Int) -> Void = { _ in }
    ) throws(ArticleError) -> Article {
        var article = Article(body: "", format: .text)
        var bodyStart = 0
        if let (frontMatter, start) = try FrontMatter.parse(bytes, name: name) {
            article.title = frontMatter.title
            article.url = frontMatter.url
            article.outlet = frontMatter.outlet
            article.author = frontMatter.author
            article.publishedAt = frontMatter.published
            bodyStart = start
        }
        let body = UnsafeBufferPointer(rebasing: bytes[bodyStart...])
        // At most one byte more per line break (a line break that ends a block becomes a blank
        // line), so the room made for the text is never outgrown.
        let capacity = body.count + lineBreaks(body)
        if capacity > 0 {
            article.body = String(unsafeUninitializedCapacity: capacity) { buffer in
                var builder = BlockTextBuilder(blankLinesSeparateBlocks: true, output: FixedTextBuffer(buffer))
                appendLines(body, to: &builder) { release(bodyStart + $0) }
                return builder.count
            }
        }
        guard !article.body.isEmpty else { throw .noText(name) }
        return article
    }

    /// The newlines in `bytes`.
    static func lineBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var start = 0
        while start < bytes.count, let found = memchr(base + start, 0x0A, bytes.count - start) {
            count += 1
            start = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)) + 1
        }
        return count
    }

    /// One line: its bytes (no line end) and its width in characters (Unicode scalars,
    /// white space at either end left out).
    struct Line {
        var start: Int, end: Int
        var width: Int
        /// Whether its last visible character ends a sentence (. ! ? or … , closing quotes after).
        var endsSentence: Bool
        var isBlank: Bool { width == 0 }
    }

    /// Feeds the builder paragraph by paragraph, choosing for each line break inside a
    /// paragraph between a space (a wrapped line) and a block break. Linear in the text.
    /// `release(n)` follows each paragraph, with `n` past its last byte.
    static func appendLines<Output>(
        _ body: UnsafeBufferPointer<UInt8>, to builder: inout BlockTextBuilder<Output>,
        release: (Int) -> Void = { _ in }
    ) {
        guard let base = body.baseAddress, !body.isEmpty else { return }
        var paragraph: [Line] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            let widest = paragraph.map(\.width).max() ?? 0
            let wrapped = paragraph.count > 1 && widest <= widestWrap
            for (index, line) in paragraph.enumerated() {
                if index > 0 {
                    let previous = paragraph[index - 1]
                    if wrapped && Double(previous.width) >= wrapFill * Double(widest)
                        && !(previous.endsSentence && !line.endsSentence
                            && Double(line.width) < wrapFill * Double(widest))
                    {
                        builder.addSpace()
                    } else {
                        builder.endBlock()
                    }
                }
                builder.append(UnsafeBufferPointer(start: base + line.start, count: line.end - line.start))
            }
            builder.endBlock()
            if let last = paragraph.last { release(last.end) }
            paragraph.removeAll(keepingCapacity: true)
        }
        var start = 0
        while start <= body.count {
            let rest = body.count - start
            let newline = rest > 0 ? memchr(base + start, 0x0A, rest) : nil
            let end = newline.map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) } ?? body.count
            let line = measure(base, start, end)
            if line.isBlank { flush() } else { paragraph.append(line) }
            if newline == nil { break }
            start = end + 1
        }
        flush()
    }

    /// A line's width in Unicode scalars, white space at either end left out.
    static func measure(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Line {
        var first = start
        var last = end
        while first < last && (base[first] <= 0x20 || base[first] == 0x7F) { first += 1 }
        while last > first && (base[last - 1] <= 0x20 || base[last - 1] == 0x7F) { last -= 1 }
        let visibleWidth = SWAR.scalarCount(UnsafeBufferPointer(start: base + first, count: last - first))
        // The last visible byte, closing quotes and brackets passed over.
        var j = end - 1
        var endsSentence = false
        while j >= start {
            let byte = base[j]
            if byte <= 0x20 || byte == 0x22 || byte == 0x27 || byte == 0x29 || byte == 0x5D {
                j -= 1
                continue
            }
            // ” and ’ (E2 80 9D, E2 80 99) close a quote; … (E2 80 A6) ends a sentence.
            if byte == 0x9D || byte == 0x99, j >= start + 2, base[j - 2] == 0xE2, base[j - 1] == 0x80 {
                j -= 3
                continue
            }
            endsSentence =
                byte == 0x2E || byte == 0x21 || byte == 0x3F
                || (byte == 0xA6 && j >= start + 2 && base[j - 2] == 0xE2 && base[j - 1] == 0x80)
            break
        }
        return Line(start: start, end: end, width: visibleWidth, endsSentence: endsSentence)
    }
}
