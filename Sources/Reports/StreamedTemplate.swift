import Mustache

/// One Mustache template cut into the three parts a streaming report needs.
///
/// The template is cut at its first top-level `{{#claims}}` and the matching
/// `{{/claims}}`: `head` is everything before (rendered once with the summary),
/// `item` is the inside (rendered once per claim) and `tail` is everything after
/// (rendered once at the end). A tag alone on its line takes its line with it, as
/// Mustache's own standalone rule does, so the streamed output equals rendering
/// the whole file with `claims` as a list.
///
/// Pragmas (`{{%CONTENT_TYPE: TEXT}}`) and set-delimiter tags seen before a cut
/// still apply after it: they are repeated at the start of the later parts.
struct StreamedTemplate: Sendable {
    let head: MustacheTemplate
    let item: MustacheTemplate
    /// The text `item` was parsed from (the carried tags included), for ``CompiledTemplate``.
    let itemSource: String
    let tail: MustacheTemplate

    /// The section the template is cut at.
    static let sectionName = "claims"

    /// Cuts and parses `text`.
    ///
    /// - Parameter prelude: Tags put before every part, such as the Markdown
    ///   content-type pragma; a template's own pragmas come after and win.
    init(_ text: String, prelude: [String] = []) throws {
        // swift-mustache parses and renders sections by recursion: a template nested
        // thousands deep would overflow the stack, so the depth is checked first.
        try Self.checkNesting(text)
        // Parse the whole file first so a syntax error is reported with the line
        // and column of the file the desk wrote, not of a cut part.
        do {
            _ = try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            throw ReportTemplateError(error)
        }
        let cut = try Self.cut(text)
        func source(_ part: String, carrying tags: [String]) -> String {
            // Each repeated tag gets its own line so the parser treats it as
            // standalone and drops the line: the part's own text is unchanged.
            (prelude + tags).map { $0 + "\n" }.joined() + part
        }
        func parse(_ part: String, carrying tags: [String]) throws -> MustacheTemplate {
            do {
                return try MustacheTemplate(string: source(part, carrying: tags))
            } catch let error as MustacheTemplate.ParserError {
                throw ReportTemplateError(error)
            }
        }
        head = try parse(cut.head, carrying: [])
        item = try parse(cut.item, carrying: cut.itemTags)
        itemSource = source(cut.item, carrying: cut.itemTags)
        tail = try parse(cut.tail, carrying: cut.tailTags)
    }

    /// The three texts and the tags to repeat before the later two.
    struct Cut: Equatable {
        var head: String
        var item: String
        var tail: String
        var itemTags: [String]
        var tailTags: [String]
    }

    /// Deepest nesting of sections a template may have: far more than any report
    /// needs, far less than what overflows the stack in swift-mustache's recursion.
    static let maximumNesting = 100

    /// Throws when sections (`{{#`, `{{^`, `{{$`, `{{<`) nest deeper than ``maximumNesting``.
    static func checkNesting(_ text: String) throws {
        var depth = 0
        try scanTags(Array(text)) { tag, _ in
            switch tag.sigil {
            case "#", "^", "$", "<":
                depth += 1
                if depth > maximumNesting { throw ReportTemplateError.nestedTooDeep(limit: maximumNesting) }
            case "/":
                depth = max(depth - 1, 0)
            default:
                break
            }
            return true
        }
    }

    /// One tag: where it starts and ends in the text, its sigil and its name.
    struct Tag {
        var start: Int
        var end: Int
        var sigil: Character?
        var name: String
        /// Everything between the delimiters, sigil included.
        var body: String
    }

    /// Walks the tags of `chars` in order, following set-delimiter tags as the parser
    /// does. `visit` gets each tag and the delimiter tag in force after it (empty for
    /// the default `{{ }}`), and returns false to stop.
    static func scanTags(_ chars: [Character], _ visit: (Tag, _ delimiterTag: [String]) throws -> Bool) rethrows {
        var open: [Character] = ["{", "{"]
        var close: [Character] = ["}", "}"]
        var position = 0

        func matches(_ pattern: [Character], at index: Int) -> Bool {
            index + pattern.count <= chars.count && chars[index..<index + pattern.count].elementsEqual(pattern)
        }
        func find(_ pattern: [Character], from index: Int) -> Int? {
            var i = index
            while i + pattern.count <= chars.count {
                if matches(pattern, at: i) { return i }
                i += 1
            }
            return nil
        }

        while let tagStart = find(open, from: position) {
            let nameStart = tagStart + open.count
            guard let closeAt = find(close, from: nameStart) else { return }
            var tagEnd = closeAt + close.count
            let body = String(chars[nameStart..<closeAt])
            let sigil = body.first
            switch sigil {
            case "{":
                // A triple mustache ends with one more brace than the delimiter.
                if tagEnd < chars.count, chars[tagEnd] == "}" { tagEnd += 1 }
            case "=":
                let parts = String(body.dropFirst().dropLast()).split(whereSeparator: \.isWhitespace)
                if parts.count == 2 {
                    open = Array(parts[0])
                    close = Array(parts[1])
                }
            default:
                break
            }
            let delimiterTag =
                open == ["{", "{"] && close == ["}", "}"] ? [] : ["{{=\(String(open)) \(String(close))=}}"]
            let tag = Tag(
                start: tagStart, end: tagEnd, sigil: sigil, name: String(body.dropFirst()).trimmingWhitespace,
                body: body)
            guard try visit(tag, delimiterTag) else { return }
            position = tagEnd
        }
    }

    /// Finds the first top-level `{{#claims}}` and its matching close tag.
    static func cut(_ text: String) throws -> Cut {
        let chars = Array(text)
        var sections: [String] = []
        var pragmas: [String] = []
        var itemStart: (cutAt: Int, resumeAt: Int, tags: [String])?
        var found: Cut?

        /// Where to cut before a tag and resume after it: a standalone tag takes
        /// its whole line, including the line break, with it.
        func bounds(tagStart: Int, tagEnd: Int) -> (cutAt: Int, resumeAt: Int) {
            var lineStart = tagStart
            while lineStart > 0, chars[lineStart - 1] == " " || chars[lineStart - 1] == "\t" { lineStart -= 1 }
            guard lineStart == 0 || chars[lineStart - 1].isNewline else { return (tagStart, tagEnd) }
            var lineEnd = tagEnd
            while lineEnd < chars.count, chars[lineEnd] == " " || chars[lineEnd] == "\t" { lineEnd += 1 }
            if lineEnd == chars.count { return (lineStart, lineEnd) }
            guard chars[lineEnd].isNewline else { return (tagStart, tagEnd) }
            return (lineStart, lineEnd + 1)
        }

        try scanTags(chars) { tag, delimiterTag in
            let name = tag.name
            switch tag.sigil {
            case "%":
                pragmas.append("{{\(tag.body)}}")
            case "#", "^", "$", "<":
                if tag.sigil == "#", name == sectionName, itemStart == nil {
                    if let outer = sections.last { throw ReportTemplateError.claimsSectionNested(inside: outer) }
                    let b = bounds(tagStart: tag.start, tagEnd: tag.end)
                    itemStart = (b.cutAt, b.resumeAt, pragmas + delimiterTag)
                }
                sections.append(name)
            case "/":
                sections.removeLast(sections.isEmpty ? 0 : 1)
                if let start = itemStart, name == sectionName, sections.isEmpty {
                    let b = bounds(tagStart: tag.start, tagEnd: tag.end)
                    found = Cut(
                        head: String(chars[..<start.cutAt]),
                        item: String(chars[start.resumeAt..<b.cutAt]),
                        tail: String(chars[b.resumeAt...]),
                        itemTags: start.tags,
                        tailTags: pragmas + delimiterTag)
                    return false
                }
            default:
                break
            }
            return true
        }
        guard let found else { throw ReportTemplateError.missingClaimsSection }
        return found
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    var trimmingWhitespace: String {
        // By index: building the result from reversed views appends it a character at a time.
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        if first == startIndex && last == index(before: endIndex) { return self }
        return String(self[first...last])
    }
}
