import Foundation
import Mustache
import Testing

@testable import Reports

@Suite struct TemplateTests {
    @Test func aDeskTemplateReplacesTheDefault() throws {
        let template = """
            Report for {{organization_name}} ({{total}})
            {{#claims}}
            * #{{id}} {{status}}{{#verdict_label}}: {{verdict_label}}{{/verdict_label}}
            {{/claims}}
            End: {{scope}}
            """
        let output = try ReportFixtures.render(.html, template: template)
        #expect(
            output == """
                Report for Desk &quot;Fakten&quot; &amp; Co &lt;Zürich&gt; (4)
                * #101 verified: False
                * #102 verified: Unverifiable
                * #103 dismissed
                * #104 pending
                End: verified, since 2026-11-01 | &lt;all&gt; *sources*
                """)
        let markdown = try ReportFixtures.render(.markdown, template: template)
        #expect(markdown.hasPrefix("Report for Desk \"Fakten\" \\& Co \\<Zürich\\> (4)\n* #101 verified: False\n"))
    }

    @Test func streamingGivesWhatRenderingTheWholeFileGives() throws {
        for format in [ReportFormat.html, .markdown] {
            let text = try #require(ReportFormat.defaultTemplate(for: format))
            let streamed = try ReportFixtures.render(format, template: text)
            var whole = TemplateContext.summary(ReportFixtures.summary)
            let items = ReportFixtures.items
            whole["claims"] = items.enumerated().map {
                TemplateContext.item(
                    $1, index: $0 + 1, previousStatus: $0 > 0 ? items[$0 - 1].status : nil,
                    summary: ReportFixtures.summary)
            }
            let pragma = format == .markdown ? "{{%CONTENT_TYPE: MARKDOWN}}\n" : ""
            MarkdownContentType.register()
            let rendered = try MustacheTemplate(string: pragma + text).render(whole)
            #expect(streamed == rendered, "\(format)")
        }
    }

    @Test func theCutKeepsStandaloneLinesAndInlineTags() throws {
        let standalone = try StreamedTemplate.cut("A\n  {{#claims}}  \nB\n{{/claims}}\nC")
        #expect(standalone.head == "A\n" && standalone.item == "B\n" && standalone.tail == "C")
        let inline = try StreamedTemplate.cut("<ul>{{#claims}}<li>{{id}}</li>{{/claims}}</ul>")
        #expect(inline.head == "<ul>" && inline.item == "<li>{{id}}</li>" && inline.tail == "</ul>")
        let nested = try StreamedTemplate.cut("{{#claims}}{{#claims}}x{{/claims}}{{/claims}}")
        #expect(nested.item == "{{#claims}}x{{/claims}}")
    }

    @Test func pragmasAndDelimitersCarryAcrossTheCut() throws {
        let text = "{{%CONTENT_TYPE: TEXT}}\n{{=<% %>=}}\n<%#claims%><%text%>;<%/claims%><%scope%>"
        let item = ReportFixtures.items[0]
        let output = try ReportFixtures.render(.html, template: text, items: [item])
        #expect(output == item.text + ";" + ReportFixtures.summary.scope)
    }

    @Test func unusableTemplatesFailWithOneClearSentence() throws {
        let cases: [(String, ReportTemplateError)] = [
            ("<p>{{total}}</p>", .missingClaimsSection),
            ("{{#by_status}}{{#claims}}x{{/claims}}{{/by_status}}", .claimsSectionNested(inside: "by_status")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected) { try makeRenderer(format: .html, template: text) }
        }
        do {
            _ = try makeRenderer(format: .markdown, template: "line one\n{{#claims}}\n{{/claim}}\n")
            Issue.record("a mismatched close tag was accepted")
        } catch let error as ReportTemplateError {
            guard case .syntax(let line, _, _) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(line == 3)
            let message = error.description
            #expect(message.hasSuffix(".") && !message.contains("\n"))
            #expect(message.contains("line 3") && message.contains("closing tag"))
        }
        #expect(throws: ReportTemplateError.notTemplated(format: "csv")) {
            try makeRenderer(format: .csv, template: "{{#claims}}{{/claims}}")
        }
    }

    @Test func sectionsNestedTooDeepAreRefusedBeforeTheParserSeesThem() throws {
        func nested(_ depth: Int, open: String = "{{#s}}", close: String = "{{/s}}") -> String {
            String(repeating: open, count: depth) + "x" + String(repeating: close, count: depth)
                + "{{#claims}}{{id}}{{/claims}}"
        }
        // 10,000 deep overflowed the stack in swift-mustache's recursive parser.
        #expect(throws: ReportTemplateError.nestedTooDeep(limit: StreamedTemplate.maximumNesting)) {
            try makeRenderer(format: .html, template: nested(10_000))
        }
        #expect(throws: ReportTemplateError.nestedTooDeep(limit: StreamedTemplate.maximumNesting)) {
            try makeRenderer(format: .html, template: nested(StreamedTemplate.maximumNesting + 1, open: "{{^s}}"))
        }
        // Changed delimiters do not hide sections from the count.
        #expect(throws: ReportTemplateError.nestedTooDeep(limit: StreamedTemplate.maximumNesting)) {
            let hidden =
                "{{=<% %>=}}" + String(repeating: "<%#s%>", count: 5_000) + String(repeating: "<%/s%>", count: 5_000)
            _ = try makeRenderer(format: .html, template: hidden + "<%#claims%><%id%><%/claims%>")
        }
        // As deep as allowed still renders; sections side by side do not add up.
        let deepest = try ReportFixtures.render(.html, template: nested(StreamedTemplate.maximumNesting))
        #expect(deepest == "101102103104")
        let sideBySide = String(repeating: "{{#s}}x{{/s}}", count: 1_000) + "{{#claims}}{{id}}{{/claims}}"
        #expect(try ReportFixtures.render(.html, template: sideBySide) == "101102103104")
        let message = ReportTemplateError.nestedTooDeep(limit: 100).description
        #expect(message.hasSuffix(".") && !message.contains("\n") && message.contains("100"))
    }

    @Test func defaultTemplatesShipInTheBinaryAndExplainTheCut() throws {
        for format in ReportFormat.allCases {
            let text = ReportFormat.defaultTemplate(for: format)
            #expect((text != nil) == format.isTemplated)
            if let text {
                #expect(text.hasPrefix("{{!"))
                #expect(text.contains("cut at the first top-level `#claims` section"))
                _ = try StreamedTemplate(text)
            }
        }
    }
}
