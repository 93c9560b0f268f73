/// Why a file could not be read as an article.
///
/// `description` is one sentence for the person who gave the file, e.g.
/// "report.pdf is a binary file (PDF), not text or HTML; give a plain-text or HTML article."
public struct ArticleError: Error, CustomStringConvertible, Sendable, Equatable {
    /// File name as given.
    public var name: String
    /// The problem in a few words, without the file name, e.g. "binary file (PDF)".
    public var reason: String
    /// One sentence naming the file, the problem and what to do.
    public var description: String

    public init(name: String, reason: String, description: String) {
        self.name = name
        self.reason = reason
        self.description = description
    }
}

extension ArticleError {
    static func empty(_ name: String) -> ArticleError {
        ArticleError(
            name: name, reason: "empty file",
            description: "\(name) is empty; give an article with some text.")
    }

    static func binary(_ name: String, detail: String) -> ArticleError {
        ArticleError(
            name: name, reason: "binary file (\(detail))",
            description: "\(name) is a binary file (\(detail)), not text or HTML; give a plain-text or HTML article.")
    }

    static func utf16(_ name: String) -> ArticleError {
        ArticleError(
            name: name, reason: "UTF-16 text",
            description: "\(name) is UTF-16 text, not UTF-8; save it as UTF-8 and read it again.")
    }

    static func invalidUTF8(_ name: String, offset: Int, byte: UInt8, isHTML: Bool) -> ArticleError {
        let hex = String(byte, radix: 16, uppercase: true)
        let advice =
            isHTML
            ? "save it as UTF-8 or declare its charset in a <meta charset> tag"
            : "save it as UTF-8 and read it again"
        return ArticleError(
            name: name, reason: "invalid UTF-8 at byte offset \(offset)",
            description:
                "\(name) is not valid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex) at byte offset \(offset)); \(advice)."
        )
    }

    static func tooLarge(_ name: String, size: Int) -> ArticleError {
        ArticleError(
            name: name, reason: "too large (\(size) bytes)",
            description:
                "\(name) is too large to read as one article (\(size) bytes, limit \(Int32.max)); split it into smaller articles."
        )
    }

    static func unparseableHTML(_ name: String) -> ArticleError {
        ArticleError(
            name: name, reason: "unparseable HTML",
            description:
                "\(name) could not be parsed as HTML; check that it is an HTML page or give the article as plain text.")
    }

    static func noText(_ name: String) -> ArticleError {
        ArticleError(
            name: name, reason: "no article text",
            description: "\(name) contains no article text; give an article with a body.")
    }

    static func unclosedFrontMatter(_ name: String) -> ArticleError {
        ArticleError(
            name: name, reason: "unclosed front matter",
            description:
                "\(name) starts front matter with a --- line but never closes it; add a --- line after the last key.")
    }

    static func malformedDate(_ name: String, key: String, value: String) -> ArticleError {
        ArticleError(
            name: name, reason: "malformed \(key) date \"\(value)\"",
            description:
                "\(name) has a malformed \(key) value \"\(value)\" in its front matter; use an ISO 8601 date such as 2026-02-04 or 2026-02-04T10:30:00Z."
        )
    }
}
