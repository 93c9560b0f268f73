#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One news article as read from a file: its plain-text body and what is known about it.
///
/// `ArticleReader.read(_:name:)` produces it from plain text (with optional front matter)
/// or from HTML; claim extraction works on `body`.
public struct Article: Sendable, Equatable {
    /// The kind of file the article was read from.
    public enum Format: String, Sendable, Codable { case text, html }

    /// Plain text of the article body. Blocks (paragraphs, headings, list items, table rows, blockquotes, <br><br>) are separated by a blank line "\n\n"; whitespace inside a block collapsed to single spaces; no leading/trailing blank lines.
    public var body: String
    public var title: String?
    public var url: String?
    public var outlet: String?
    public var author: String?
    /// UTC instant; a date without time means 00:00 UTC that day.
    public var publishedAt: Date?
    public var format: Format

    public init(
        body: String, title: String? = nil, url: String? = nil, outlet: String? = nil,
        author: String? = nil, publishedAt: Date? = nil, format: Format = .text
    ) {
        self.body = body
        self.title = title
        self.url = url
        self.outlet = outlet
        self.author = author
        self.publishedAt = publishedAt
        self.format = format
    }
}
