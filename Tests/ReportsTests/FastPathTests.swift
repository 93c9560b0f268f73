import ClaimStore
import Foundation
import TestSupport
import Testing

@testable import Reports

/// The byte-scanning escapers, the arithmetic dates and the direct built-in renderer
/// against what they replace (kept here as references, as they were): the same text for
/// hostile generated input, grapheme clusters, Unicode line breaks and white space included.
@Suite struct FastPathTests {
    // MARK: References (the code before the fast paths)

    enum Reference {
        /// By code point, as a browser reads it. (The code before looked whole `Character`s
        /// up, as swift-mustache does, and left a quote a combining mark follows bare: see
        /// `aQuoteACombiningMarkFollowsIsEscapedInHTML`.)
        static func htmlEscape(_ text: String) -> String {
            let table: [Unicode.Scalar: String] = [
                "<": "&lt;", ">": "&gt;", "&": "&amp;", "\"": "&quot;", "'": "&#39;",
            ]
            var out = ""
            for scalar in text.unicodeScalars {
                if let r = table[scalar] { out += r } else { out.unicodeScalars.append(scalar) }
            }
            return out
        }

        static func json(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                case "<", ">", "&", "\u{2028}", "\u{2029}": out += String(format: "\\u%04x", scalar.value)
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }

        static func csvField(_ text: String, numeric: Bool) -> String {
            var text = text
            let starts: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]
            if let first = text.utf8.first, starts.contains(first), !(numeric && isPlainNumber(text)) {
                text = "'" + text
            }
            guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A || $0 == 0x3B })
            else {
                return text
            }
            // Every quote doubled. (The code before used `replacingOccurrences`, which left a quote
            // that a combining mark follows single, ending the field early: see below.)
            return "\"" + String(decoding: text.utf8.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] }, as: UTF8.self) + "\""
        }

        static func isPlainNumber(_ text: String) -> Bool {
            text.range(of: #"^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$"#, options: .regularExpression) != nil
        }

        static func safeLink(_ url: String) -> String? {
            let trimmed = url.trimmingWhitespace
            let lower = trimmed.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), trimmed.count > 8 else { return nil }
            var out = ""
            for byte in trimmed.utf8 {
                switch byte {
                case 0x21, 0x23...0x26, 0x2A...0x3B, 0x3D, 0x3F...0x5B, 0x5D, 0x5F, 0x61...0x7A, 0x7E:
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                default:
                    out += String(format: "%%%02X", byte)
                }
            }
            return out
        }

        static let utc: Calendar = {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return calendar
        }()

        static func iso8601(_ date: Date) -> String {
            let p = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            return String(
                format: "%04d-%02d-%02dT%02d:%02d:%02dZ", p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!)
        }

        static func score(_ score: Double) -> String {
            var text = String(format: "%.3f", score)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            return text
        }
    }

    // MARK: Generated input

    /// Pieces that matter to some escaper: syntax characters, line breaks of every kind,
    /// controls, combining marks after syntax characters, non-ASCII white space, emoji.
    static let pieces: [String] = [
        "a", "Zürich", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}",
        "\u{A0}", "\u{3000}", "<", ">", "&", "\"", "'", "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "!", "|",
        "~", "#", "+", "-", "=", ".", ",", ";", ":", "?", "@", "1", "2026", "1.", "3)", "\u{1B}", "\u{07}", "\u{7F}",
        "\u{9B}", "\u{0}", "<\u{301}", "\"\u{301}", "&\u{20DD}", "*\u{200D}", "-\u{301}", "1\u{301}", ".\u{301}",
        "\u{600}<", "🗳️", "“", "”", "’", "e\u{301}", "http://", "https://", "HTTPS://", "javascript:", "%20", "ß",
    ]

    static func text(_ random: inout some RandomNumberGenerator, maxPieces: Int = 8) -> String {
        (0..<Int.random(in: 0...maxPieces, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    // MARK: Escapers

    @Test func escapersMatchTheirReferences() {
        var random = SeededGenerator(seed: 16)
        for _ in 0..<20_000 {
            let text = Self.text(&random)
            #expect(
                ReportText.markdown(text) == ReportText.markdownReference(text), "markdown of \(text.debugDescription)")
            var html = ReportBytes()
            html.appendHTML(text)
            #expect(html.take() == Reference.htmlEscape(text), "HTML of \(text.debugDescription)")
            #expect(ReportText.json(text) == Reference.json(text), "JSON of \(text.debugDescription)")
            for numeric in [false, true] {
                #expect(
                    ReportText.csvField(text, numeric: numeric) == Reference.csvField(text, numeric: numeric),
                    "CSV of \(text.debugDescription)")
            }
            let url = (Bool.random(using: &random) ? "https://x.example/" : "") + text
            #expect(ReportText.safeLink(url) == Reference.safeLink(url), "link of \(url.debugDescription)")
            #expect(ReportText.safeLink(text) == Reference.safeLink(text), "link of \(text.debugDescription)")
            let other = Bool.random(using: &random) ? text.uppercased() + " ." : Self.text(&random)
            #expect(ReportText.repeats(text, other) == ReportText.repeatsReference(text, other))
        }
    }

    /// A quote a combining mark follows is one `Character` with it, which `replacingOccurrences`
    /// did not double: the field ended there and the rest became cells of their own.
    @Test func everyQuoteInACSVFieldIsDoubled() {
        let text = "a\"\u{301},=HYPERLINK(\"x\")"
        #expect(ReportText.csvField(text) == "\"a\"\"\u{301},=HYPERLINK(\"\"x\"\")\"")
    }

    /// A quote a combining mark follows is one `Character` with it, which swift-mustache's
    /// HTML escaping did not find in its table: the attribute value ended there and the
    /// rest of the claim became attributes of the tag. Through the direct renderer, the
    /// compiled section and swift-mustache itself, for the default content type and a
    /// template's own `HTML` pragma.
    @Test func aQuoteACombiningMarkFollowsIsEscapedInHTML() throws {
        let hostile = "x\"\u{301} onmouseover=\"alert(1)\" '\u{301}<\u{301}script>&\u{20DD}"
        let escaped = "x&quot;\u{301} onmouseover=&quot;alert(1)&quot; &#39;\u{301}&lt;\u{301}script&gt;&amp;\u{20DD}"
        var random = SeededGenerator(seed: 5)
        var item = Self.item(1, &random)
        item.text = hostile
        for pragma in ["", "{{%CONTENT_TYPE: HTML}}\n"] {
            let template = pragma + "<p>{{#claims}}<a title=\"{{text}}\">{{id}}</a>{{/claims}}</p>"
            for compile in [false, true] {
                let engine = try TemplateReportRenderer(template: template, markdown: false, compile: compile)
                let out = try Self.render(engine, [item])
                #expect(
                    out.contains("title=\"\(escaped)\""),
                    "compile \(compile), pragma \(pragma.debugDescription): \(out.debugDescription)")
            }
        }
        let direct = try Self.render(try makeRenderer(format: .html), [item])
        #expect(direct.contains(escaped))
        let bare = "\"\u{301} onmouseover"
        #expect(!direct.contains(bare))
    }

    /// Markdown syntax a combining mark or a joiner follows is still syntax to a parser,
    /// which reads code points: `[`, `]`, `(` and `)` with a mark would make a link.
    @Test func markdownSyntaxACombiningMarkFollowsIsEscaped() {
        #expect(
            ReportText.markdown("[\u{301}x](\u{301}https://e.example)")
                == "\\[\u{301}x\\]\\(\u{301}https://e.example\\)")
        #expect(ReportText.markdown("*\u{200D}a*") == "\\*\u{200D}a\\*")
        #expect(ReportText.markdown("#\u{301} heading") == "\\#\u{301} heading")
    }

    @Test func numbersThatLookLikeFormulasStayNumbers() {
        for number in ["-12", "-0.25", "-1.5e-3", "+3", "-", "-1.", "-.5", "-1e", "=1", "-1e+"] {
            #expect(
                ReportText.csvField(number, numeric: true) == Reference.csvField(number, numeric: true), "\(number)")
        }
    }

    @Test func datesMatchTheCalendar() {
        var random = SeededGenerator(seed: 7)
        // From before 1600 (the calendar's path) to 9999, whole and fractional seconds.
        var seconds: [Double] = [
            0, -1, -0.5, 0.999, 86_399.999, 951_782_400, 4_107_542_400, -11_676_096_000,
            -11_676_096_001, 253_402_300_799, -62_135_596_800, 1_793_000_000.25,
        ]
        for _ in 0..<5_000 { seconds.append(Double.random(in: -13_000_000_000...253_402_300_799, using: &random)) }
        for _ in 0..<2_000 { seconds.append(Double(Int.random(in: -3_000_000_000...5_000_000_000, using: &random))) }
        for value in seconds {
            let date = Date(timeIntervalSince1970: value)
            let iso = Reference.iso8601(date)
            #expect(ReportText.iso8601(date) == iso, "\(value)")
            #expect(ReportText.day(date) == String(iso.prefix(10)), "\(value)")
            #expect(
                ReportText.minute(date) == String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5)) + " UTC",
                "\(value)")
        }
    }

    @Test func scoresMatchPrintf() {
        var random = SeededGenerator(seed: 3)
        // Ties at three decimals (…5 exactly in binary) round to even, as printf does.
        var scores: [Double] = [
            0, -0.0, 0.5, 0.875, 0.0625, 0.1875, 2.0625, 0.0005, 0.0015, 0.9995, 1, 0.1, 0.3, -0.0001,
            -0.0625, 123_456.7895, 999_999_999_999.9, 1e13, 0.00049999999999999999,
        ]
        for _ in 0..<20_000 { scores.append(Double.random(in: 0...1, using: &random)) }
        for _ in 0..<2_000 { scores.append(Double(Int.random(in: 0...100_000, using: &random)) / 16_000) }
        for _ in 0..<2_000 { scores.append(Double.random(in: -1e6...1e6, using: &random)) }
        for score in scores {
            #expect(ReportText.score(score) == Reference.score(score), "\(score)")
        }
    }

    // MARK: The built-in renderer

    static func item(_ id: Int, _ random: inout SeededGenerator) -> ReviewedClaim {
        func maybe(_ value: @autoclosure () -> String) -> String? { Bool.random(using: &random) ? value() : nil }
        let statuses = ["pending", "in_review", "verified", "dismissed", "odd_status"]
        let verdicts = ["false", "true", "mostly-false", "own-scale", "mixed"]
        let status = statuses.randomElement(using: &random)!
        let verdict =
            status == "verified" || Int.random(in: 0..<5, using: &random) == 0
            ? verdicts.randomElement(using: &random) : nil
        let rating = verdict != nil && Bool.random(using: &random) ? Int.random(in: -2...5, using: &random) : nil
        let urls = [
            "https://e.example/a b", "javascript:x", "HTTP://X.EXAMPLE/é?a=1&b=<2>", "http://", "ftp://f",
            " https://t.example/ ",
        ]
        func date() -> Date {
            Date(timeIntervalSince1970: Double.random(in: -12_000_000_000...4_000_000_000, using: &random))
        }
        let text = Self.text(&random, maxPieces: 12)
        return ReviewedClaim(
            id: Int64(id), text: text, speaker: maybe(Self.text(&random)),
            kind: ["quantity", "other", "a<b"].randomElement(using: &random)!,
            score: Bool.random(using: &random) ? Double.random(in: -0.1...1.1, using: &random) : nil, status: status,
            verdict: verdict, verdictLabel: verdict != nil ? maybe(Self.text(&random)) : nil, ratingValue: rating,
            bestRating: rating != nil ? maybe("5").map { _ in Int.random(in: 1...7, using: &random) } : nil,
            worstRating: rating != nil ? maybe("1").map { _ in Int.random(in: -3...1, using: &random) } : nil,
            verdictNote: maybe(Self.text(&random)), dismissReason: maybe(Self.text(&random)),
            reviewer: maybe(Self.text(&random)),
            reviewerLogin: maybe("login"), reviewedAt: Bool.random(using: &random) ? date() : nil, createdAt: date(),
            evidence: (0..<Int.random(in: 0...3, using: &random)).map { _ in
                .init(
                    url: Bool.random(using: &random)
                        ? urls.randomElement(using: &random)! : "https://x.example/" + Self.text(&random),
                    stance: ["supports", "refutes", "context", "<x>"].randomElement(using: &random)!,
                    note: maybe(Self.text(&random)), addedBy: Self.text(&random))
            },
            appearances: (0..<Int.random(in: 0...3, using: &random)).map { _ in
                .init(
                    url: maybe(urls.randomElement(using: &random)!), title: maybe(Self.text(&random)),
                    outlet: maybe(Self.text(&random)),
                    author: maybe(Self.text(&random)), publishedAt: Bool.random(using: &random) ? date() : nil,
                    context: Bool.random(using: &random) ? text.lowercased() + "." : maybe(Self.text(&random)))
            })
    }

    static func render(_ renderer: any ReportRenderer, _ items: [ReviewedClaim], begin: Bool = true) throws -> String {
        var renderer = renderer
        var out = ""
        if begin { try renderer.begin(ReportFixtures.summary, to: &out) }
        for item in items { try renderer.write(item, to: &out) }
        try renderer.end(to: &out)
        return out
    }

    @Test(arguments: [ReportFormat.markdown, .html])
    func builtInRendererEqualsTheTemplate(format: ReportFormat) throws {
        var random = SeededGenerator(seed: format == .html ? 11 : 12)
        let items = (1...1_500).map { Self.item($0, &random) }
        let template = ReportFormat.defaultTemplate(for: format)!
        for begin in [true, false] {
            for chunk in stride(from: 0, to: items.count, by: 100) {
                let part = Array(items[chunk..<min(chunk + 100, items.count)])
                let direct = try Self.render(try makeRenderer(format: format), part, begin: begin)
                let mustache = try Self.render(try makeRenderer(format: format, template: template), part, begin: begin)
                #expect(direct == mustache)
                if direct != mustache {
                    let a = direct.split(separator: "\n", omittingEmptySubsequences: false)
                    let b = mustache.split(separator: "\n", omittingEmptySubsequences: false)
                    if let line = Array(zip(a, b)).firstIndex(where: { $0 != $1 }) {
                        Issue.record(
                            "first difference, line \(line + 1):\n direct:   \(a[line].debugDescription)\n template: \(b[line].debugDescription)"
                        )
                    }
                    return
                }
            }
        }
        // No claims at all: the empty-report message from the tail.
        #expect(
            try Self.render(try makeRenderer(format: format), [])
                == Self.render(try makeRenderer(format: format, template: template), []))
    }

    // MARK: The compiled claim section

    /// A random claim section: text with line breaks, spaces and tabs, comments,
    /// variables of every kind, sections and inverted sections (some alone on their
    /// lines), dotted names, a set-delimiter tag, content-type pragmas.
    static func template(_ random: inout SeededGenerator) -> String {
        let keys = [
            "id", "text", "speaker", "score", "rating", "reviewer", "has_verdict", "is_dismissed", "evidence",
            "appearances", "url", "href", "title", "note", "context", "outlet", "chart.width", "chart", "missing",
            "organization_name", "total", "claims", "starts_group", "group_label", "verdict_note", "a.b",
        ]
        // Printed, a list or an object shows its Swift description, whose key order differs
        // from one dictionary to the next: variables name only the rest.
        let printable = keys.filter { !["evidence", "appearances", "chart", "claims"].contains($0) }
        let texts = [
            "x", " ", "\t", "\n", "\r\n", "  \n", "<&>", "*_", "\u{301}", "{", "}", "{ {", "%", "<", "=", "é\n",
        ]
        var open = "{{"
        var close = "}}"
        func tag(_ body: String) -> String { open + body + close }
        func pad() -> String { ["", " ", "  "].randomElement(using: &random)! }
        var out = ""
        var stack: [String] = []
        var changed = false
        for _ in 0..<Int.random(in: 1...40, using: &random) {
            let lineStart = Bool.random(using: &random) ? "\n" + ["", " ", "\t"].randomElement(using: &random)! : ""
            let lineEnd = Bool.random(using: &random) ? ["\n", " \n", "\r\n", ""].randomElement(using: &random)! : ""
            switch Int.random(in: 0..<12, using: &random) {
            case 0, 1: out += texts.randomElement(using: &random)!
            case 2: out += lineStart + tag(pad() + printable.randomElement(using: &random)! + pad()) + lineEnd
            case 3: out += tag("{" + printable.randomElement(using: &random)! + "}") + lineEnd
            case 4: out += tag("&" + pad() + printable.randomElement(using: &random)!)
            case 5, 6:
                let key = keys.randomElement(using: &random)!
                stack.append(key)
                out += lineStart + tag((Bool.random(using: &random) ? "#" : "^") + pad() + key + pad()) + lineEnd
            case 7, 8:
                if let key = stack.popLast() { out += lineStart + tag("/" + key) + lineEnd }
            case 9: out += lineStart + tag("! a comment\n }") + lineEnd
            case 10:
                // At the top level only: a set-delimiter tag holds to the end of its section.
                if !changed, stack.isEmpty, Bool.random(using: &random) {
                    out += lineStart + tag("=<% %>=") + lineEnd
                    open = "<%"
                    close = "%>"
                    changed = true
                } else {
                    out +=
                        lineStart
                        + tag("%CONTENT_TYPE: " + ["TEXT", "HTML", "MARKDOWN"].randomElement(using: &random)!) + lineEnd
                }
            default: out += lineStart + lineEnd
            }
        }
        while let key = stack.popLast() { out += tag("/" + key) }
        // Back to the default delimiters, so the claims section closes.
        if changed { out += tag("={{ }}=") }
        return out
    }

    @Test(arguments: [false, true])
    func compiledClaimSectionsRenderAsTheEngineDoes(markdown: Bool) throws {
        var random = SeededGenerator(seed: markdown ? 31 : 32)
        let items = (1...40).map { Self.item($0, &random) }
        var compared = 0
        var compiled = 0
        var templates = [ReportFormat.defaultTemplate(for: .markdown)!, ReportFormat.defaultTemplate(for: .html)!]
        for _ in 0..<600 { templates.append("head\n{{#claims}}" + Self.template(&random) + "{{/claims}}\ntail") }
        for text in templates {
            guard var engine = try? TemplateReportRenderer(template: text, markdown: markdown, compile: false) else {
                continue
            }
            var fast = try TemplateReportRenderer(template: text, markdown: markdown, compile: true)
            compared += 1
            if CompiledTemplate(
                try StreamedTemplate(text, prelude: ["{{%CONTENT_TYPE: \(markdown ? "MARKDOWN" : "HTML")}}"]).itemSource
            ) != nil {
                compiled += 1
            }
            var a = ""
            var b = ""
            try engine.begin(ReportFixtures.summary, to: &a)
            try fast.begin(ReportFixtures.summary, to: &b)
            for item in items {
                try engine.write(item, to: &a)
                try fast.write(item, to: &b)
            }
            #expect(a == b, "template \(text.debugDescription)")
            if a != b {
                let x = Array(a.utf8)
                let y = Array(b.utf8)
                let at = zip(x, y).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(x.count, y.count)
                Issue.record(
                    "engine: \(String(decoding: x[max(0, at - 60)..<min(x.count, at + 60)], as: UTF8.self).debugDescription)\ncompiled: \(String(decoding: y[max(0, at - 60)..<min(y.count, at + 60)], as: UTF8.self).debugDescription)"
                )
                return
            }
        }
        // Most generated templates parse, and most of those compile (the rest use `{{.}}`-like names).
        #expect(compared > 300)
        #expect(compiled > compared / 2)
    }
}
