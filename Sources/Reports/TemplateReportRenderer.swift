import Foundation
import Mustache

/// Renders the Markdown and HTML reports from one Mustache template, streamed.
///
/// A template is one Mustache file that would also render whole. To stream, it is
/// cut at its first top-level `{{#claims}}` and the matching `{{/claims}}`:
///
/// ```mustache
/// <h1>{{organization_name}}</h1>      ← rendered once by begin(), with the summary
/// {{#claims}}
/// <p>#{{id}}: {{text}}</p>            ← rendered by write(), once per claim
/// {{/claims}}
/// <footer>{{total}} claims</footer>   ← rendered once by end(), with the summary
/// ```
///
/// Inside the section, keys are looked up on the claim first and then on the
/// summary, exactly as in a whole render where `claims` is a list. The keys are
/// listed on ``TemplateContext``. In HTML templates `{{x}}` escapes for HTML
/// (text and attribute values alike); Markdown templates start in the `MARKDOWN`
/// content type, where `{{x}}` escapes Markdown syntax and turns line breaks into
/// spaces. `{{{x}}}` writes a value unescaped: use it only for values made safe
/// here, such as `href` in Markdown.
public struct TemplateReportRenderer: ReportRenderer {
    private let template: StreamedTemplate
    /// Whether a claim's values are handed to the engine as ``TemplateText`` and
    /// ``TemplateObject`` rather than `String`, `Int` and dictionaries: the same text,
    /// found with fewer dynamic casts. Not for templates that use transforms
    /// (`{{uppercased(text)}}`), which the engine applies to its own value types.
    private let typedValues: Bool
    private var summary: TemplateContext.Values = [:]
    private var report: ReportSummary?
    private var count = 0
    private var lastStatus: String?

    /// Parses and cuts `template`.
    ///
    /// - Parameter markdown: Escape values for Markdown instead of HTML.
    /// - Throws: ``ReportTemplateError`` when the template does not parse or has
    ///   no top-level `{{#claims}}` section.
    public init(template: String, markdown: Bool) throws {
        try self.init(template: template, markdown: markdown, typedValues: nil)
    }

    /// `typedValues` nil: typed unless the template uses transforms (tests choose).
    init(template: String, markdown: Bool, typedValues: Bool?) throws {
        var prelude: [String] = []
        if markdown {
            MarkdownContentType.register()
            prelude = ["{{%CONTENT_TYPE: \(MarkdownContentType.name)}}"]
        }
        self.template = try StreamedTemplate(template, prelude: prelude)
        self.typedValues = typedValues ?? Self.canTypeValues(template)
    }

    /// Lists and objects among a claim's values, which a variable tag would print as the
    /// Swift value's description.
    private static let composite: Set<Substring> = [
        "evidence", "appearances", "chart", "contents", "by_status", "by_verdict", "verdicts", "claim_links",
    ]

    /// Whether `template` renders the same from typed values: it uses no transforms, and no
    /// variable tag prints the current item (`{{.}}`) or a list or object, whose descriptions
    /// would differ.
    static func canTypeValues(_ template: String) -> Bool {
        var typed = true
        StreamedTemplate.scanTags(Array(template)) { tag, _ in
            switch tag.sigil {
            case "!", "=", "%":
                break
            case "#", "^", "/", ">", "<", "$":
                if tag.body.contains("(") { typed = false }
            default:
                if tag.body.contains("(") { typed = false }
                var name = Substring(tag.body)
                if name.first == "{" || name.first == "&" { name = name.dropFirst() }
                if name.last == "}" { name = name.dropLast() }
                let words = name.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
                if words.last.map({ $0.isEmpty || composite.contains($0) }) ?? true { typed = false }
            }
            return typed
        }
        return typed
    }

    public mutating func begin(_ summary: ReportSummary, to output: inout some TextOutputStream) throws {
        self.summary = TemplateContext.summary(summary)
        report = summary
        output.write(template.head.render(self.summary))
    }

    public mutating func write(_ item: ReportItem, to output: inout some TextOutputStream) throws {
        count += 1
        let values = report.map { TemplateContext.item(item, index: count, previousStatus: lastStatus, summary: $0) }
            ?? TemplateContext.item(item, index: count)
        lastStatus = item.status
        let context = LayeredContext(inner: typedValues ? TemplateObject.typed(values) : values, outer: summary)
        output.write(template.item.render(context))
    }

    public mutating func end(to output: inout some TextOutputStream) throws {
        try end(claims: count, to: &output)
    }

    /// The tail after `claims` claims were written by someone else (``BuiltInReportRenderer``).
    mutating func end(claims: Int, to output: inout some TextOutputStream) throws {
        // After the stream, "are there claims" is known exactly.
        summary["claims"] = claims > 0
        output.write(template.tail.render(summary))
    }
}

/// A claim's values in front of the summary's, as Mustache's context stack
/// would hold them inside `{{#claims}}` in a whole render.
private struct LayeredContext: MustacheParent {
    let inner: TemplateContext.Values
    let outer: TemplateContext.Values

    func child(named name: String) -> Any? {
        inner[name] ?? outer[name]
    }
}

/// A claim's text or number as the template engine sees it: rendered as the `String`
/// or `Int` would be, with no keys of its own. Found by one cast, where a `String`
/// takes several and a reflection of its (absent) children.
struct TemplateText: MustacheParent, MustacheCustomRenderable {
    let renderText: String
    var isNull: Bool { false }

    func child(named name: String) -> Any? { nil }
}

/// A dictionary of values (an evidence row, an appearance) as the template engine sees it.
struct TemplateObject: MustacheParent {
    let values: TemplateContext.Values

    func child(named name: String) -> Any? { values[name] }

    /// `values` with every `String` and `Int` as ``TemplateText``, every dictionary as
    /// ``TemplateObject`` and lists of them likewise; `Bool` stays, sections test it.
    static func typed(_ values: TemplateContext.Values) -> TemplateContext.Values {
        values.mapValues(typed)
    }

    private static func typed(_ value: Any) -> Any {
        switch value {
        case let text as String: TemplateText(renderText: text)
        case let number as Int: TemplateText(renderText: String(number))
        case let number as Int64: TemplateText(renderText: String(number))
        case let list as [TemplateContext.Values]: list.map { TemplateObject(values: typed($0)) }
        case let object as TemplateContext.Values: TemplateObject(values: typed(object))
        default: value
        }
    }
}

/// Mustache content type for Markdown: `{{x}}` makes the value literal text.
struct MarkdownContentType: MustacheContentType {
    static let name = "MARKDOWN"

    func escapeText(_ text: String) -> String {
        ReportText.markdown(text)
    }

    /// Registers the type with swift-mustache once; the parser looks pragmas up
    /// by name, so this must happen before a Markdown template is parsed.
    static func register() {
        _ = registration
    }

    private static let registration: Void = MustacheContentTypes.register(MarkdownContentType(), named: name)
}
