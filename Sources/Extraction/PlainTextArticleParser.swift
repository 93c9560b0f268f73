/// Turns a plain-text article (UTF-8, BOM removed, already validated) into an `Article`.
///
/// Paragraphs are blocks separated by blank lines; the lines of a paragraph are joined
/// with spaces, so hard-wrapped text reads as one block while a headline or byline on a
/// line of its own stays a block of its own.
enum PlainTextArticleParser {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, name: String) throws(ArticleError) -> Article {
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
        var builder = BlockTextBuilder(blankLinesSeparateBlocks: true, capacity: body.count)
        builder.append(body)
        guard !builder.isEmpty else { throw .noText(name) }
        article.body = builder.makeString()
        return article
    }
}
