import ClaimStore
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
///
/// The part inside is compiled once (``CompiledTemplate``) and rendered over typed
/// values when it uses only what that covers; otherwise, and for the head and the
/// tail, swift-mustache renders. The built-in templates, when no `--template` is
/// given, take ``BuiltInReportRenderer`` instead.
public struct TemplateReportRenderer: ReportRenderer {
    private let template: StreamedTemplate
    /// The claim section compiled for typed values, when it uses only what
    /// ``CompiledTemplate`` covers; else every claim goes through swift-mustache.
    private let compiled: CompiledTemplate?
    private var summary: TemplateContext.Values = [:]
    /// `summary` as the compiled template sees it, made at the first claim.
    private var typedSummary: CompiledTemplate.Value?
    private var out = ReportBytes(capacity: 1 << 14)
    private var report: ReportSummary?
    private var count = 0
    private var lastStatus: String?

    /// Parses and cuts `template`.
    ///
    /// - Parameter markdown: Escape values for Markdown instead of HTML.
    /// - Throws: ``ReportTemplateError`` when the template does not parse or has
    ///   no top-level `{{#claims}}` section.
    public init(template: String, markdown: Bool) throws {
        try self.init(template: template, markdown: markdown, compile: true)
    }

    /// `compile: false` renders every claim through swift-mustache (for the tests).
    init(template: String, markdown: Bool, compile: Bool) throws {
        // Both, whichever this template is: a template may name either in a pragma, and
        // whether one parsed must not depend on which kind of report was made first.
        MarkdownContentType.register()
        HTMLContentType.register()
        let prelude = ["{{%CONTENT_TYPE: \((markdown ? MarkdownContentType.name : HTMLContentType.name))}}"]
        self.template = try StreamedTemplate(template, prelude: prelude)
        compiled = compile ? CompiledTemplate(self.template.itemSource) : nil
    }

    public mutating func begin(_ summary: ReportSummary, to output: inout some TextOutputStream) throws {
        self.summary = TemplateContext.summary(summary)
        report = summary
        output.write(template.head.render(self.summary))
    }

    public mutating func write(_ item: ReviewedClaim, to output: inout some TextOutputStream) throws {
        count += 1
        let values =
            report.map { TemplateContext.item(item, index: count, previousStatus: lastStatus, summary: $0) }
            ?? TemplateContext.item(item, index: count)
        lastStatus = item.status
        if let compiled {
            if typedSummary == nil { typedSummary = CompiledTemplate.Value(values: summary) }
            if let typedSummary, let typedItem = CompiledTemplate.Value(values: values) {
                var stack = [typedSummary, typedItem]
                if compiled.render(&stack, into: &out) {
                    out.flush(to: &output)
                    return
                }
                out.bytes.removeAll(keepingCapacity: true)
            }
        }
        let context = LayeredContext(inner: values, outer: summary)
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

/// Mustache content type for Markdown: `{{x}}` makes the value literal text.
/// HTML escaped by code point (``ReportBytes/appendHTML(_:)``), registered over
/// swift-mustache's own "HTML", which escapes whole `Character`s and so leaves a quote
/// that a combining mark follows bare. Every template, and a template's own
/// `{{%CONTENT_TYPE: HTML}}`, gets this one.
struct HTMLContentType: MustacheContentType {
    static let name = "HTML"

    func escapeText(_ text: String) -> String {
        var out = ReportBytes(capacity: text.utf8.count + 8)
        out.appendHTML(text)
        return out.take()
    }

    /// Registers the type with swift-mustache once, before a template is parsed.
    static func register() {
        _ = registration
    }

    private static let registration: Void = MustacheContentTypes.register(HTMLContentType(), named: name)
}

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
