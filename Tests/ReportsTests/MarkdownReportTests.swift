import Foundation
import Testing

@testable import Reports

/// Reads CommonMark backslash escapes back: `\` before ASCII punctuation is the
/// punctuation itself (CommonMark spec, "Backslash escapes").
func unescapeMarkdown(_ text: String) -> String {
    var out = ""
    var escaped = false
    for c in text {
        if escaped {
            if !(c.isASCII && c.isPunctuation || c.isASCII && c.isSymbol) { out.append("\\") }
            out.append(c)
            escaped = false
        } else if c == "\\" {
            escaped = true
        } else {
            out.append(c)
        }
    }
    return escaped ? out + "\\" : out
}

@Suite struct MarkdownReportTests {
    /// The user text as a Markdown report shows it: one line, trimmed.
    private func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    /// Every ASCII punctuation character not escaped by a backslash.
    private func unescapedSpecials(_ text: String) -> [Character] {
        var found: [Character] = []
        var escaped = false
        for c in text {
            if escaped {
                escaped = false
                continue
            }
            if c == "\\" {
                escaped = true
                continue
            }
            if "`*_[]<>|~&!".contains(c) { found.append(c) }
        }
        return found
    }

    @Test func claimTextReadsBackLiterallyOnItsQuoteLine() throws {
        let output = try ReportFixtures.render(.markdown)
        let lines = output.components(separatedBy: "\n")
        for item in ReportFixtures.items {
            let heading = try #require(lines.firstIndex { $0.hasPrefix("### #\(item.id) ") })
            let quote = try #require(lines[heading...].first { $0.hasPrefix("> ") })
            let shown = String(quote.dropFirst(2))
            #expect(unescapeMarkdown(shown) == oneLine(item.text))
            #expect(unescapedSpecials(shown).isEmpty, "\(shown)")
        }
    }

    @Test func userTextNeverStartsABlockOrALink() throws {
        let output = try ReportFixtures.render(.markdown)
        #expect(!unescapedSpecials(output).contains("<"), "no raw HTML: every < is escaped")
        #expect(output.contains("2026\\. was a year"), "a leading number and dot would start a list")
        // Every link in the report points to an http(s) URL.
        var rest = Substring(output)
        while let range = rest.range(of: "](") {
            let before = rest[..<range.lowerBound]
            let escaped = before.reversed().prefix { $0 == "\\" }.count % 2 == 1
            if !escaped {
                let target = rest[range.upperBound...]
                #expect(target.hasPrefix("https://") || target.hasPrefix("http://"), "\(target.prefix(40))")
            }
            rest = rest[range.upperBound...]
        }
        // No line but the template's own begins with a heading, quote, list or table marker from user text.
        for line in output.components(separatedBy: "\n") where line.hasPrefix("#") {
            #expect(line.hasPrefix("# Fact-check report") || line.hasPrefix("## Claims") || line.hasPrefix("### #"))
        }
    }

    @Test func linkTargetsAreEncodedAndLabelsEscaped() throws {
        let output = try ReportFixtures.render(.markdown)
        #expect(output.contains("(https://example.org/report%20%28final%29.pdf?a=1&b=%222%22&c=%3C3%3E)"))
        #expect(output.contains("javascript:alert\\(document.cookie\\) (not linked)"))
        #expect(output.contains("| Mostly \\<false\\> | 0 |"))
    }

    @Test func escapingKeepsTextOtherwiseIntact() {
        #expect(ReportText.markdown("Zürich 🗳️ “quoted”") == "Zürich 🗳️ “quoted”")
        #expect(
            ReportText.markdown("*not* [a](javascript:x) | # heading")
                == ##"\*not\* \[a\]\(javascript:x\) \| # heading"##)
        #expect(ReportText.markdown("# heading") == ##"\# heading"##)
        #expect(ReportText.markdown("- item, check-worthy") == ##"\- item, check-worthy"##)
        #expect(ReportText.markdown("line\nbreak\r\nagain") == "line break again")
        #expect(ReportText.markdown("3.5 million") == "3.5 million")
        #expect(ReportText.markdown("12) twelve") == #"12\) twelve"#)
    }
}
