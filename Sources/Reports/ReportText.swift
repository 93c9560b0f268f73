import Foundation

/// Escaping and formatting shared by the renderers: each format's rules for
/// putting user text (claims, notes, names, URLs) into its syntax.
public enum ReportText {
    // MARK: URLs

    /// The URL made safe to use as a link target, or `nil` when it must not be
    /// a link (any scheme but http and https, such as `javascript:` or `data:`).
    ///
    /// Characters that end or confuse a link in HTML attributes or Markdown link
    /// destinations (spaces, quotes, parentheses, angle brackets, backslashes,
    /// control and non-ASCII characters) are percent-encoded; existing `%XX`
    /// escapes are kept.
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

    // MARK: Markdown

    /// Characters that start Markdown (CommonMark and GFM) inline syntax or raw
    /// HTML: each is backslash-escaped wherever it appears in user text.
    private static let markdownInline: Set<Character> = [
        "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "<", ">", "!", "|", "~", "&",
    ]
    /// Characters that start a block (heading, list item) only at the start of a
    /// line; escaped there and left alone mid-line, where they are plain text.
    private static let markdownBlockStart: Set<Character> = ["#", "+", "-", "="]

    /// User text made literal in Markdown.
    ///
    /// Line breaks become spaces: every field is shown on one line, so user text
    /// can never start a block of its own (heading, list, quote, table row). A
    /// value may still start a line in a template (`> {{text}}`), so its first
    /// character is escaped if it could start a block, and a leading `1.` or `1)`
    /// is escaped as it would start an ordered list.
    static func markdown(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingWhitespace
        var out = ""
        out.reserveCapacity(line.utf8.count + 8)
        var leadingDigits = true
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            let next = line.index(after: index)
            if let scalar = c.unicodeScalars.first, scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                // A control character (ESC, BEL, CR…) is shown, never obeyed by a
                // terminal that prints the report: C0 as its control picture (␛).
                out.unicodeScalars.append(
                    scalar.value < 0x20 ? Unicode.Scalar(0x2400 + scalar.value)! : scalar.value == 0x7F ? "\u{2421}" : "\u{FFFD}")
                leadingDigits = false
                index = next
                continue
            }
            if markdownInline.contains(c) || (index == line.startIndex && markdownBlockStart.contains(c)) {
                out.append("\\")
            } else if leadingDigits, c == "." || c == ")", index != line.startIndex,
                next == line.endIndex || line[next].isWhitespace
            {
                out.append("\\")
            }
            if !(c.isASCII && c.isNumber) { leadingDigits = false }
            out.append(c)
            index = next
        }
        return out
    }

    // MARK: CSV

    /// One RFC 4180 field, safe to open in a spreadsheet.
    ///
    /// Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
    /// leading `'`, as OWASP advises against CSV (formula) injection: Excel,
    /// LibreOffice and Google Sheets then show it as text instead of running it as a
    /// formula (`=HYPERLINK(...)`, `@SUM(...)`, `-2+3`). A number the program wrote in
    /// a numeric column (`numeric: true`), such as a negative rating, stays a number;
    /// anything else there is treated as text.
    ///
    /// The field is quoted, with quotes doubled, when it holds a comma, quote, CR or LF,
    /// or a semicolon (the separator where a spreadsheet's locale uses `;`), so a
    /// dangerous character inside a field can never start a cell of its own.
    public static func csvField(_ text: String, numeric: Bool = false) -> String {
        var text = text
        if let first = text.utf8.first, csvFormulaStarts.contains(first), !(numeric && isPlainNumber(text)) {
            text = "'" + text
        }
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A || $0 == 0x3B }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `=`, `+`, `-`, `@`, tab and CR: the first characters OWASP lists as starting a formula.
    private static let csvFormulaStarts: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]

    /// `-12`, `0.25`, `-1.5e-3`: a decimal number and nothing else.
    private static func isPlainNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digits() -> Int {
            let count = bytes.prefix { (0x30...0x39).contains($0) }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if bytes.first == 0x2D { bytes = bytes.dropFirst() }
        guard digits() > 0 else { return false }
        if bytes.first == 0x2E {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == 0x65 || bytes.first == 0x45 {
            bytes = bytes.dropFirst()
            if bytes.first == 0x2B || bytes.first == 0x2D { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    // MARK: JSON

    /// A JSON string literal (RFC 8259), quotes included.
    ///
    /// Besides what RFC 8259 requires, `<`, `>`, `&`, U+2028 and U+2029 are
    /// written as `\u` escapes so the output can be pasted into an HTML
    /// `<script type="application/ld+json">` or a JavaScript file unchanged.
    public static func json(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += String(format: "\\u%04x", scalar.value)
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A JSON string literal, or `null`.
    static func json(_ text: String?) -> String {
        text.map { json($0) } ?? "null"
    }

    /// A JSON number, or `null` (also for NaN and infinities, which JSON lacks).
    static func json(_ number: Double?) -> String {
        guard let number, number.isFinite else { return "null" }
        return number.description
    }

    /// A JSON integer, or `null`.
    static func json(_ number: Int?) -> String {
        number.map(String.init) ?? "null"
    }

    // MARK: Numbers and dates

    /// "1 claim", "2 claims", "0 claims": a count with its noun.
    public static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }

    /// Whether `context` says no more than `text`: the same words once white space,
    /// case and the closing punctuation are set aside. A report then shows the text once.
    static func repeats(_ context: String, _ text: String) -> Bool {
        func plain(_ value: String) -> String {
            var words = value.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
            while let last = words.last, ".!?;:,\"'”’)".contains(last) { words.removeLast() }
            return words
        }
        return plain(context) == plain(text)
    }

    /// A score as people read it: up to three decimals, no trailing zeros.
    static func score(_ score: Double?) -> String? {
        guard let score, score.isFinite else { return nil }
        var text = String(format: "%.3f", score)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private static func parts(_ date: Date) -> DateComponents {
        utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    /// ISO 8601 in UTC to the second: `2026-11-05T14:03:09Z`.
    static func iso8601(_ date: Date) -> String {
        let p = parts(date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!)
    }

    /// The calendar day in UTC: `2026-11-05` (schema.org `Date`).
    static func day(_ date: Date) -> String {
        let p = parts(date)
        return String(format: "%04d-%02d-%02d", p.year!, p.month!, p.day!)
    }

    /// Day and minute in UTC for people: `2026-11-05 14:03 UTC`.
    static func minute(_ date: Date) -> String {
        let p = parts(date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", p.year!, p.month!, p.day!, p.hour!, p.minute!)
    }
}
