#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Turns an HTML news page into an `Article`: metadata from the head and byline, body text
/// from the main content with navigation, comments, share bars and the like left out.
///
/// Body root: the `<article>` with the most text, else `<main>`, else `<body>`. Left out
/// of the body: `skippedTags` (scripts, navigation, headers, footers, asides, forms,
/// figure captions...) and elements whose class or id mentions one of `boilerplateWords`
/// (comments, share bars, newsletters, related links, adverts, the byline...), are
/// `hidden`, or have a page-furniture ARIA role.
/// Metadata, first found wins:
/// - title: `og:title`, `<title>`, first `<h1>`
/// - url: `<link rel="canonical">`, `og:url`
/// - outlet: `og:site_name`
/// - author: `<meta name="author">`, `article:author` unless it is a URL, an element whose
///   class or rel mentions "byline" or "author" (a leading "By " removed)
/// - publishedAt: `article:published_time`, `<meta name="date">` (or `pubdate`,
///   `publishdate`, `dc.date`, `dc.date.issued`, `dcterms.date`), first `<time datetime>`;
///   an unparseable date is passed over rather than failing the whole page.
enum HTMLArticleParser {
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, encoding: String, name: String
    ) throws(ArticleError) -> Article {
        guard let document = HTMLDocument(bytes: bytes, encoding: encoding),
            let rootPointer = document.rootElement
        else { throw .unparseableHTML(name) }
        return try withExtendedLifetime(document) { () throws(ArticleError) -> Article in
            let root = HTMLNode(pointer: rootPointer)
            let landmarks = Landmarks(scanning: root)
            var article = landmarks.metadata()
            article.body = bodyText(landmarks: landmarks, root: root)
            guard !article.body.isEmpty else { throw .noText(name) }
            return article
        }
    }

    private static func bodyText(landmarks: Landmarks, root: HTMLNode) -> String {
        // Pages often carry several <article> elements (teasers, related stories); the
        // story itself is the one with the most text.
        var best = ""
        for candidate in landmarks.articles {
            let text = extractBody(from: candidate)
            if text.utf8.count > best.utf8.count { best = text }
        }
        if !best.isEmpty { return best }
        for candidate in [landmarks.main, landmarks.body, root].compactMap({ $0 }) {
            let text = extractBody(from: candidate)
            if !text.isEmpty { return text }
        }
        return ""
    }

    /// Body text under `root`, one block per paragraph-like element.
    static func extractBody(from root: HTMLNode) -> String {
        var builder = BlockTextBuilder(blankLinesSeparateBlocks: false)
        // Two <br> with only whitespace between them end a block, as a blank line would.
        var lengthAtLastBreak = -1
        root.walk { node in
            if node.isText {
                builder.append(node.textBytes)
                return false
            }
            guard node.isElement else { return false }
            let tag = node.tagName
            if node != root && (skippedTags.contains(tag) || isBoilerplate(node)) { return false }
            if tag == "br" {
                if lengthAtLastBreak == builder.count {
                    builder.endBlock()
                } else {
                    builder.addSpace()
                    lengthAtLastBreak = builder.count
                }
                return false
            }
            if blockTags.contains(tag) {
                builder.endBlock()
            } else if tag == "td" || tag == "th" {
                builder.addSpace()
            }
            return true
        } leave: { node in
            let tag = node.tagName
            if blockTags.contains(tag) {
                builder.endBlock()
                lengthAtLastBreak = -1
            } else if tag == "td" || tag == "th" {
                builder.addSpace()
            }
        }
        return builder.makeString()
    }

    /// Elements that never hold article prose.
    static let skippedTags: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "nav", "header", "footer",
        "aside", "form", "button", "iframe", "figcaption", "select", "option", "textarea",
        "input", "label", "object", "embed", "canvas", "video", "audio", "head", "title",
        "menu", "dialog",
    ]

    /// Elements that start and end a block of text.
    static let blockTags: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr",
        "section", "article", "main", "body", "html", "ul", "ol", "dl", "dd", "dt", "table",
        "thead", "tbody", "tfoot", "caption", "address", "hr", "details", "summary",
        "center", "figure", "fieldset", "hgroup", "legend",
    ]

    /// Words in a class or id that mark page furniture rather than the story.
    static let boilerplateWords: [[UInt8]] = [
        "comment", "share", "social", "newsletter", "related", "advert", "promo", "subscribe",
        "cookie", "byline",
    ].map { Array($0.utf8) }

    /// ARIA landmark roles that are page furniture.
    static let boilerplateRoles: Set<String> = [
        "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert",
    ]

    static func isBoilerplate(_ node: HTMLNode) -> Bool {
        for attribute in ["class", "id"] {
            if let value = node.attribute(attribute), containsAny(value, boilerplateWords) {
                return true
            }
        }
        if node.attribute("hidden") != nil { return true }
        if node.attribute("aria-hidden")?.lowercased() == "true" { return true }
        if let role = node.attribute("role")?.lowercased(), boilerplateRoles.contains(role) {
            return true
        }
        return false
    }

    /// Whether `text`, ASCII-lower-cased, contains any of `words` (lower-case ASCII).
    static func containsAny(_ text: String, _ words: [[UInt8]]) -> Bool {
        let lowered = text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        for word in words where lowered.count >= word.count {
            for start in 0...(lowered.count - word.count)
            where lowered[start] == word[0] && lowered[start..<(start + word.count)].elementsEqual(word) {
                return true
            }
        }
        return false
    }
}

/// What one pass over the whole document finds: metadata sources and body candidates.
private struct Landmarks {
    var meta: [String: String] = [:]
    var canonical: String?
    var titleElement: HTMLNode?
    var firstHeading: HTMLNode?
    var firstTimeDatetime: String?
    var articles: [HTMLNode] = []
    var main: HTMLNode?
    var body: HTMLNode?
    var bylineCandidates: [HTMLNode] = []

    init(scanning root: HTMLNode) {
        var articleDepth = 0
        root.walk { node in
            guard node.isElement else { return false }
            let tag = node.tagName
            switch tag {
            case "script", "style", "noscript", "template", "svg":
                return false
            case "meta":
                let key = (node.attribute("property") ?? node.attribute("name") ?? node.attribute("itemprop"))?
                    .lowercased()
                if let key, let content = node.attribute("content"), meta[key] == nil {
                    meta[key] = content
                }
                return false
            case "link":
                if canonical == nil, let rel = node.attribute("rel"),
                    rel.lowercased().split(separator: " ").contains("canonical")
                {
                    canonical = node.attribute("href")
                }
                return false
            case "title":
                if titleElement == nil { titleElement = node }
                return false
            case "h1":
                if firstHeading == nil { firstHeading = node }
            case "time":
                if firstTimeDatetime == nil { firstTimeDatetime = node.attribute("datetime") }
            case "article":
                if articleDepth == 0 { articles.append(node) }
                articleDepth += 1
            case "main":
                if main == nil { main = node }
            case "body":
                if body == nil { body = node }
            default:
                break
            }
            if bylineCandidates.count < 8 {
                let marks = [node.attribute("class"), node.attribute("rel")].compactMap { $0 }
                if marks.contains(where: { HTMLArticleParser.containsAny($0, Self.bylineWords) }) {
                    bylineCandidates.append(node)
                }
            }
            return true
        } leave: { node in
            if node.isElement && node.tagName == "article" { articleDepth -= 1 }
        }
    }

    private static let bylineWords: [[UInt8]] = [Array("byline".utf8), Array("author".utf8)]
    private static let dateKeys = [
        "article:published_time", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued",
        "dcterms.date",
    ]

    func metadata() -> Article {
        var article = Article(body: "", format: .html)
        article.title =
            Self.clean(meta["og:title"]) ?? Self.clean(titleElement?.text)
            ?? Self.clean(firstHeading?.text)
        article.url = Self.clean(canonical) ?? Self.clean(meta["og:url"])
        article.outlet = Self.clean(meta["og:site_name"])
        article.author =
            Self.clean(meta["author"]).map(Self.withoutBy)
            ?? Self.clean(meta["article:author"]).flatMap { Self.looksLikeURL($0) ? nil : Self.withoutBy($0) }
            ?? bylineAuthor()
        let dates = Self.dateKeys.compactMap { meta[$0] } + [firstTimeDatetime].compactMap { $0 }
        article.publishedAt = dates.lazy.compactMap { ISO8601Timestamp.date(from: $0) }.first
        return article
    }

    /// The first short byline text; long matches are author biographies, not bylines.
    private func bylineAuthor() -> String? {
        for node in bylineCandidates {
            guard let text = Self.clean(node.text), text.utf8.count <= 120 else { continue }
            let author = Self.withoutBy(text)
            if !author.isEmpty { return author }
        }
        return nil
    }

    /// Collapses whitespace (metadata is often indented across lines); nil when empty.
    private static func clean(_ value: String?) -> String? {
        guard let value else { return nil }
        var builder = BlockTextBuilder(blankLinesSeparateBlocks: false)
        var utf8 = Array(value.utf8)
        utf8.withUnsafeMutableBufferPointer { builder.append(UnsafeBufferPointer($0)) }
        return builder.isEmpty ? nil : builder.makeString()
    }

    private static func withoutBy(_ byline: String) -> String {
        let lowered = byline.lowercased()
        for prefix in ["by: ", "by "] where lowered.hasPrefix(prefix) {
            return clean(String(byline.dropFirst(prefix.count))) ?? ""
        }
        return byline
    }

    private static func looksLikeURL(_ value: String) -> Bool {
        let lowered = value.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
            || lowered.hasPrefix("www.") || lowered.hasPrefix("/")
    }
}
