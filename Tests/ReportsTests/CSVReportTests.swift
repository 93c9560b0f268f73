import Foundation
import Testing

@testable import Reports

/// A strict RFC 4180 reader: records end with CRLF; a field with a comma, quote,
/// CR or LF must be quoted; quotes inside are doubled; nothing may follow a
/// closing quote but a comma or CRLF.
func readCSV(_ text: String) throws -> [[String]] {
    struct Malformed: Error, CustomStringConvertible { var description: String }
    enum State { case fieldStart, unquoted, quoted, afterQuote }
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var state = State.fieldStart
    var scalars = Array(text.unicodeScalars)[...]
    while let c = scalars.popFirst() {
        switch (state, c) {
        case (.quoted, "\""):
            if scalars.first == "\"" {
                scalars.removeFirst()
                field.unicodeScalars.append("\"")
            } else {
                state = .afterQuote
            }
        case (.quoted, _):
            field.unicodeScalars.append(c)
        case (.fieldStart, "\""):
            state = .quoted
        case (_, "\""):
            throw Malformed(description: "a quote inside an unquoted field")
        case (_, ","):
            record.append(field)
            field = ""
            state = .fieldStart
        case (_, "\r"):
            guard scalars.popFirst() == "\n" else { throw Malformed(description: "CR without LF") }
            record.append(field)
            records.append(record)
            record = []
            field = ""
            state = .fieldStart
        case (_, "\n"):
            throw Malformed(description: "a bare LF outside quotes")
        case (.afterQuote, _):
            throw Malformed(description: "text after a closing quote")
        case (_, _):
            field.unicodeScalars.append(c)
            state = .unquoted
        }
    }
    guard state == .fieldStart, record.isEmpty, field.isEmpty else {
        throw Malformed(description: "the file does not end with CRLF")
    }
    return records
}

@Suite struct CSVReportTests {
    @Test func everyFieldReadsBackUnchangedWithAnRFC4180Reader() throws {
        let output = try ReportFixtures.render(.csv)
        let records = try readCSV(output)
        #expect(records.first == CSVReportRenderer.columns)
        #expect(records.count == ReportFixtures.items.count + 1)
        for (row, item) in zip(records.dropFirst(), ReportFixtures.items) {
            #expect(row.count == CSVReportRenderer.columns.count)
            let field = Dictionary(uniqueKeysWithValues: zip(CSVReportRenderer.columns, row))
            #expect(field["id"] == String(item.id))
            #expect(field["status"] == item.status)
            #expect(field["verdict"] == (item.verdict ?? ""))
            #expect(field["verdict_label"] == (item.verdictLabel ?? ""))
            #expect(field["rating_value"] == (item.ratingValue.map(String.init) ?? ""))
            #expect(field["text"] == item.text)
            #expect(field["speaker"] == (item.speaker ?? ""))
            #expect(field["kind"] == item.kind)
            #expect(field["score"].flatMap(Double.init) == item.score)
            #expect(field["reviewer"] == (item.reviewer ?? ""))
            #expect(field["reviewed_at"] == (ReportFixtures.iso(item.reviewedAt) ?? ""))
            #expect(field["verdict_note"] == (item.verdictNote ?? ""))
            #expect(field["dismiss_reason"] == (item.dismissReason ?? ""))
            let evidence = field["evidence_urls"]!.split(separator: " ").map {
                $0.replacingOccurrences(of: "%20", with: " ")
            }
            #expect(evidence == item.evidence.map(\.url))
            let sources = field["source_urls"]!.split(separator: " ").map {
                $0.replacingOccurrences(of: "%20", with: " ")
            }
            #expect(sources == item.appearances.compactMap(\.url))
            #expect(field["created_at"] == ReportFixtures.iso(item.createdAt))
        }
    }

    @Test func fieldsAreQuotedOnlyWhenTheyMustBe() {
        #expect(ReportText.csvField("plain text") == "plain text")
        #expect(ReportText.csvField("a,b") == "\"a,b\"")
        #expect(ReportText.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ReportText.csvField("line\r\nbreak") == "\"line\r\nbreak\"")
        #expect(ReportText.csvField("Zürich 🗳️") == "Zürich 🗳️")
    }

    @Test func textThatASpreadsheetWouldRunAsAFormulaGetsAQuoteFirst() {
        // OWASP's list of first characters: = + - @ tab CR.
        #expect(
            ReportText.csvField("=HYPERLINK(\"https://evil.example\")")
                == "\"'=HYPERLINK(\"\"https://evil.example\"\")\"")
        #expect(ReportText.csvField("+1 million") == "'+1 million")
        #expect(ReportText.csvField("-2+3") == "'-2+3")
        #expect(ReportText.csvField("@SUM(A1:A9)") == "'@SUM(A1:A9)")
        #expect(ReportText.csvField("\t=1+1") == "'\t=1+1")
        #expect(ReportText.csvField("\r=1+1") == "\"'\r=1+1\"")
        // Text is text even when it looks like a number; only further in is nothing changed.
        #expect(ReportText.csvField("-5") == "'-5")
        #expect(ReportText.csvField("a=1+1") == "a=1+1")
        // A semicolon is a separator in some locales: quoted, it cannot start a cell.
        #expect(ReportText.csvField("ok;=1+1") == "\"ok;=1+1\"")
    }

    @Test func numbersInNumericColumnsStayNumbers() {
        #expect(ReportText.csvField("-2", numeric: true) == "-2")
        #expect(ReportText.csvField("-0.125", numeric: true) == "-0.125")
        #expect(ReportText.csvField("-1.5e-3", numeric: true) == "-1.5e-3")
        // Anything else in a numeric column is treated as text.
        #expect(ReportText.csvField("-2+3", numeric: true) == "'-2+3")
        #expect(ReportText.csvField("-", numeric: true) == "'-")
        #expect(ReportText.csvField("-1.", numeric: true) == "'-1.")
    }

    @Test func aHostileClaimIsTextAndANegativeRatingANumber() throws {
        var item = ReportFixtures.items[0]
        item.text = "=cmd|' /C calc'!A0"
        item.speaker = "@admin"
        item.ratingValue = -2
        let records = try readCSV(try ReportFixtures.render(.csv, items: [item]))
        let row = Dictionary(uniqueKeysWithValues: zip(records[0], records[1]))
        #expect(row["text"] == "'=cmd|' /C calc'!A0")
        #expect(row["speaker"] == "'@admin")
        #expect(row["rating_value"] == "-2")
        #expect(row["id"] == "101")
    }

    @Test func aReportWithNoClaimsIsTheHeaderRow() throws {
        let output = try ReportFixtures.render(.csv, items: [])
        #expect(output == CSVReportRenderer.columns.joined(separator: ",") + "\r\n")
    }
}
