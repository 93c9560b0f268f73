/// A desk's claim section (the part of a report template inside `{{#claims}}`) compiled
/// once into nodes and rendered over typed values, so each claim costs dictionary
/// lookups and byte-scanning escapes instead of swift-mustache's dynamic casts through
/// `Any`.
///
/// It parses as swift-mustache 2 does (the same standalone-line and white-space rules,
/// followed step by step) and covers what report templates use: text, comments,
/// variables (`{{x}}`, `{{{x}}}`, `{{&x}}`, dotted names), sections and inverted
/// sections, set-delimiter tags and the `CONTENT_TYPE` pragma. A template using
/// anything else (partials, inheritance, transforms, `{{.}}`, names starting with a
/// dot) is not compiled and goes through swift-mustache; so is a claim whose template
/// would print a list or an object (their Swift descriptions). FastPathTests renders
/// generated templates and claims both ways and compares.
struct CompiledTemplate {
    enum Escape: Equatable { case html, markdown, text }

    /// A value as a template sees it: text (numbers as their digits), a flag, a list
    /// of objects, or an object of named values.
    indirect enum Value {
        case text(String)
        case bool(Bool)
        case list([Value])
        case object([String: Value])

        /// `any` from ``TemplateContext``, or nil for a type it does not produce.
        init?(_ any: Any) {
            switch any {
            case let text as String: self = .text(text)
            case let flag as Bool: self = .bool(flag)
            case let number as Int: self = .text(String(number))
            case let number as Int64: self = .text(String(number))
            case let list as [TemplateContext.Values]:
                var items: [Value] = []
                items.reserveCapacity(list.count)
                for values in list {
                    guard let item = Value(values: values) else { return nil }
                    items.append(item)
                }
                self = .list(items)
            case let values as TemplateContext.Values:
                guard let object = Value(values: values) else { return nil }
                self = object
            default:
                return nil
            }
        }

        init?(values: TemplateContext.Values) {
            var object: [String: Value] = [:]
            object.reserveCapacity(values.count)
            for (key, any) in values {
                guard let value = Value(any) else { return nil }
                object[key] = value
            }
            self = .object(object)
        }
    }

    indirect enum Node {
        case text([UInt8])
        case variable(path: [String], escaped: Bool)
        case section(path: [String], nodes: [Node])
        case inverted(path: [String], nodes: [Node])
        case contentType(Escape)
    }

    let nodes: [Node]

    /// Compiles `source` (as swift-mustache parses it), or nil when it uses something
    /// not covered here or does not parse.
    init?(_ source: String) {
        var parser = Parser(chars: Array(source))
        guard let nodes = Self.parse(&parser, state: State()) else { return nil }
        self.nodes = nodes
    }

    /// Renders with `stack` (outermost first) into `out`; false when a claim needs
    /// swift-mustache (a variable naming a list or object), with `out` partly written.
    func render(_ stack: inout [Value], into out: inout ReportBytes) -> Bool {
        Self.render(nodes, &stack, .html, &out)
    }

    private static func render(_ nodes: [Node], _ stack: inout [Value], _ escape: Escape, _ out: inout ReportBytes)
        -> Bool
    {
        var escape = escape
        for node in nodes {
            switch node {
            case .text(let bytes):
                out.bytes.append(contentsOf: bytes)
            case .variable(let path, let escaped):
                guard let value = lookup(path, stack) else { continue }
                let text: String
                switch value {
                case .text(let string): text = string
                case .bool(let flag): text = flag ? "true" : "false"
                case .list, .object: return false
                }
                if !escaped {
                    out.append(text)
                } else {
                    switch escape {
                    case .html: out.appendHTML(text)
                    case .markdown: out.appendMarkdown(text)
                    case .text: out.append(text)
                    }
                }
            case .section(let path, let inner):
                switch lookup(path, stack) {
                case .list(let items)?:
                    for item in items {
                        stack.append(item)
                        let done = render(inner, &stack, escape, &out)
                        stack.removeLast()
                        guard done else { return false }
                    }
                case .bool(let flag)?:
                    if flag, !render(inner, &stack, escape, &out) { return false }
                case let value?:
                    stack.append(value)
                    let done = render(inner, &stack, escape, &out)
                    stack.removeLast()
                    guard done else { return false }
                case nil:
                    break
                }
            case .inverted(let path, let inner):
                switch lookup(path, stack) {
                case .list(let items)?:
                    guard items.isEmpty else { break }
                    stack.append(.list(items))
                    let done = render(inner, &stack, escape, &out)
                    stack.removeLast()
                    guard done else { return false }
                case .bool(let flag)?:
                    if !flag, !render(inner, &stack, escape, &out) { return false }
                case .some:
                    break
                case nil:
                    if !render(inner, &stack, escape, &out) { return false }
                }
            case .contentType(let type):
                escape = type
            }
        }
        return true
    }

    /// The first name looked up from the innermost value out, the rest inside what it found.
    private static func lookup(_ path: [String], _ stack: [Value]) -> Value? {
        var found: Value?
        for value in stack.reversed() {
            if case .object(let object) = value, let child = object[path[0]] {
                found = child
                break
            }
        }
        guard var current = found else { return nil }
        for name in path.dropFirst() {
            guard case .object(let object) = current, let child = object[name] else { return nil }
            current = child
        }
        return current
    }

    // MARK: Parsing, step by step as swift-mustache's parser

    private struct Parser {
        let chars: [Character]
        var position = 0

        var reachedEnd: Bool { position >= chars.count }
        /// The current character, NUL at the end.
        var current: Character { position < chars.count ? chars[position] : "\0" }

        mutating func read(while predicate: (Character) -> Bool) -> [Character] {
            let start = position
            while position < chars.count, predicate(chars[position]) { position += 1 }
            return Array(chars[start..<position])
        }

        /// Up to the first character `stop` accepts; nil (and no move) at the end when `mustFind`.
        mutating func read(until stop: (Character) -> Bool, mustFind: Bool) -> [Character]? {
            let start = position
            while position < chars.count {
                if stop(chars[position]) { return Array(chars[start..<position]) }
                position += 1
            }
            if mustFind {
                position = start
                return nil
            }
            return Array(chars[start..<position])
        }

        mutating func read(string: [Character]) -> Bool {
            guard !string.isEmpty else { return true }
            guard position + string.count <= chars.count, Array(chars[position..<position + string.count]) == string
            else {
                return false
            }
            position += string.count
            return true
        }

        mutating func read(_ character: Character) -> Bool {
            guard position < chars.count, chars[position] == character else { return false }
            position += 1
            return true
        }

        /// swift-mustache's `read(untilString:skipToEnd: true)`, its matching included.
        mutating func skip(past string: [Character]) -> Bool {
            guard !string.isEmpty else { return true }
            let start = position
            var index = 0
            while position < chars.count {
                if chars[position] == string[index] {
                    index += 1
                    if index == string.count {
                        position += 1
                        return true
                    }
                } else {
                    index = 0
                }
                position += 1
            }
            position = start
            return false
        }
    }

    private struct State {
        var sectionName: String?
        var newLine = true
        var start: [Character] = ["{", "{"]
        var end: [Character] = ["}", "}"]
    }

    private static let nameCharacters = Set<Character>(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    private static let plainNameCharacters = Set<Character>(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")

    private static func text(_ characters: [Character]) -> Node {
        .text(Array(String(characters).utf8))
    }

    private static func parse(_ parser: inout Parser, state: State) -> [Node]? {
        var nodes: [Node] = []
        var state = state
        var whiteSpaceBefore: [Character] = []
        while !parser.reachedEnd {
            if state.newLine {
                whiteSpaceBefore = parser.read(while: { $0 == " " || $0 == "\t" })
            }
            let text = readUntilDelimiterOrNewline(&parser, state: state)
            if parser.current.isNewline {
                nodes.append(Self.text(whiteSpaceBefore + text + [parser.current]))
                state.newLine = true
                parser.position += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(Self.text(whiteSpaceBefore + text))
                whiteSpaceBefore = []
                state.newLine = false
            }
            if parser.reachedEnd { break }
            var setNewLine = false
            switch parser.current {
            case "#", "^":
                let inverted = parser.current == "^"
                parser.position += 1
                guard let name = parseName(&parser, state: state), let path = path(name) else { return nil }
                if isStandalone(&parser, state: state) {
                    setNewLine = true
                } else if !whiteSpaceBefore.isEmpty {
                    nodes.append(Self.text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                var inner = state
                inner.sectionName = name
                if !setNewLine { inner.newLine = false }
                guard let section = parse(&parser, state: inner) else { return nil }
                nodes.append(inverted ? .inverted(path: path, nodes: section) : .section(path: path, nodes: section))
            case "/":
                parser.position += 1
                guard let name = parseName(&parser, state: state), name == state.sectionName else { return nil }
                if !isStandalone(&parser, state: state), !whiteSpaceBefore.isEmpty {
                    nodes.append(Self.text(whiteSpaceBefore))
                }
                return nodes
            case "!":
                parser.position += 1
                guard parser.skip(past: state.end) else { return nil }
                setNewLine = isStandalone(&parser, state: state)
            case "{", "&":
                let triple = parser.current == "{"
                if !whiteSpaceBefore.isEmpty {
                    nodes.append(Self.text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                parser.position += 1
                guard let name = parseName(&parser, state: state), let path = path(name) else { return nil }
                if triple, !parser.read("}") { return nil }
                nodes.append(.variable(path: path, escaped: false))
            case "=":
                parser.position += 1
                guard let delimiters = parseDelimiters(&parser, state: state) else { return nil }
                state.start = delimiters.start
                state.end = delimiters.end
                setNewLine = isStandalone(&parser, state: state)
            case "%":
                parser.position += 1
                guard let escape = parseContentType(&parser, state: state) else { return nil }
                nodes.append(.contentType(escape))
                setNewLine = isStandalone(&parser, state: state)
            case ">", "<", "$":
                // Partials and inheritance: swift-mustache's.
                return nil
            default:
                if !whiteSpaceBefore.isEmpty {
                    nodes.append(Self.text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                guard let name = parseName(&parser, state: state), let path = path(name) else { return nil }
                nodes.append(.variable(path: path, escaped: true))
            }
            state.newLine = setNewLine
        }
        guard state.sectionName == nil else { return nil }
        return nodes
    }

    /// A name's parts; nil for what is left to swift-mustache: `.`, a leading dot
    /// (no look-up through the stack), transforms, an empty name.
    private static func path(_ name: String) -> [String]? {
        guard !name.isEmpty, name.first != ".", !name.contains("("), !name.contains(")") else { return nil }
        let parts = name.split(separator: ".").map(String.init)
        return parts.isEmpty ? nil : parts
    }

    private static func readUntilDelimiterOrNewline(_ parser: inout Parser, state: State) -> [Character] {
        guard let first = state.start.first else { return [] }
        var total: [Character] = []
        while !parser.reachedEnd {
            total += parser.read(until: { $0 == "\n" || $0 == "\r\n" || $0 == first }, mustFind: false) ?? []
            if parser.current.isNewline {
                break
            } else if parser.current == first {
                if parser.read(string: state.start) { break }
                total.append(first)
                parser.position += 1
            }
        }
        return total
    }

    private static func parseName(_ parser: inout Parser, state: State) -> String? {
        _ = parser.read(while: \.isWhitespace)
        let text = parser.read(while: { nameCharacters.contains($0) })
        _ = parser.read(while: \.isWhitespace)
        guard parser.read(string: state.end) else { return nil }
        guard text.allSatisfy({ plainNameCharacters.contains($0) }) else { return nil }
        return String(text)
    }

    private static func hasLineFinished(_ parser: inout Parser) -> Bool {
        if parser.reachedEnd { return true }
        var copy = parser
        _ = copy.read(while: { $0 == " " || $0 == "\t" })
        if copy.current.isNewline {
            copy.position += 1
            parser.position = copy.position
            return true
        }
        return false
    }

    private static func isStandalone(_ parser: inout Parser, state: State) -> Bool {
        state.newLine && hasLineFinished(&parser)
    }

    private static func parseDelimiters(_ parser: inout Parser, state: State) -> (start: [Character], end: [Character])?
    {
        _ = parser.read(while: \.isWhitespace)
        guard let start = parser.read(until: \.isWhitespace, mustFind: true) else { return nil }
        _ = parser.read(while: \.isWhitespace)
        guard let end = parser.read(until: { $0 == "=" || $0.isWhitespace }, mustFind: true) else { return nil }
        _ = parser.read(while: \.isWhitespace)
        guard parser.read("="), parser.read(string: state.end), !start.isEmpty, !end.isEmpty else { return nil }
        return (start, end)
    }

    private static func parseContentType(_ parser: inout Parser, state: State) -> Escape? {
        _ = parser.read(while: \.isWhitespace)
        let variable = parser.read(while: { plainNameCharacters.contains($0) })
        _ = parser.read(while: \.isWhitespace)
        guard parser.read(":") else { return nil }
        _ = parser.read(while: \.isWhitespace)
        let value = parser.read(while: { plainNameCharacters.contains($0) })
        _ = parser.read(while: \.isWhitespace)
        guard parser.read(string: state.end), String(variable) == "CONTENT_TYPE" else { return nil }
        switch String(value) {
        case "HTML": return .html
        case "TEXT": return .text
        case MarkdownContentType.name: return .markdown
        default: return nil
        }
    }
}
