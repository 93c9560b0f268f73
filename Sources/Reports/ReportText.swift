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
        var out = ReportBytes(capacity: url.utf8.count + 16)
        guard out.appendSafeLink(url) else { return nil }
        return out.take()
    }

    /// The trimmed URL when it may be a link: http or https, and more than `https://`.
    static func linkCandidate(_ url: String) -> String? {
        let trimmed = url.trimmingWhitespace
        switch asciiSchemeIsWeb(trimmed) {
        case false?: return nil
        case true?: break
        case nil:
            // The first eight characters decide, lowercased as the whole text would be.
            let lower = trimmed.prefix(8).lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return nil }
        }
        // More than eight characters (grapheme clusters), as `count > 8` would say.
        guard !trimmed.dropFirst(8).isEmpty else { return nil }
        return trimmed
    }

    /// Whether `url` starts `http://` or `https://` in any case, read from bytes when its
    /// first nine bytes are ASCII (then each is a character of its own there, as far as
    /// the prefix goes); `nil` otherwise.
    private static func asciiSchemeIsWeb(_ url: String) -> Bool? {
        var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        for byte in url.utf8.prefix(9) {
            guard byte < 0x80 else { return nil }
            if count < 8 {
                withUnsafeMutableBytes(of: &bytes) { $0[count] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
            }
            count += 1
        }
        let b = bytes
        guard count >= 7, b.0 == 0x68, b.1 == 0x74, b.2 == 0x74, b.3 == 0x70 else { return false }
        if b.4 == 0x3A { return b.5 == 0x2F && b.6 == 0x2F }
        return count >= 8 && b.4 == 0x73 && b.5 == 0x3A && b.6 == 0x2F && b.7 == 0x2F
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
        var out = ReportBytes(capacity: text.utf8.count + 8)
        out.appendMarkdown(text)
        return out.take()
    }

    /// ``markdown(_:)`` one `Character` at a time: what ``ReportBytes`` does for text
    /// holding non-ASCII, where grapheme clusters and Unicode line breaks and white
    /// space matter.
    static func markdownReference(_ text: String) -> String {
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
                    scalar.value < 0x20
                        ? Unicode.Scalar(0x2400 + scalar.value)! : scalar.value == 0x7F ? "\u{2421}" : "\u{FFFD}")
                leadingDigits = false
                index = next
                continue
            }
            // A Markdown parser reads code points: `*` that a combining mark or a
            // joiner follows is still emphasis there, so the first scalar decides.
            let head = c.unicodeScalars.first.map(Character.init) ?? c
            if markdownInline.contains(head) || (index == line.startIndex && markdownBlockStart.contains(head)) {
                out.append("\\")
            } else if leadingDigits, head == "." || head == ")", index != line.startIndex,
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
        var out = ReportBytes(capacity: text.utf8.count + 4)
        out.appendCSV(text, numeric: numeric)
        return out.take()
    }

    /// `-12`, `0.25`, `-1.5e-3`: a decimal number and nothing else.
    static func isPlainNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        func digits() -> Int {
            let start = index
            while index < count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - start
        }
        if index < count, bytes[index] == 0x2D { index += 1 }
        guard digits() > 0 else { return false }
        if index < count, bytes[index] == 0x2E {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            index += 1
            if index < count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == count
    }

    // MARK: JSON

    /// A JSON string literal (RFC 8259), quotes included.
    ///
    /// Besides what RFC 8259 requires, `<`, `>`, `&`, U+2028 and U+2029 are
    /// written as `\u` escapes so the output can be pasted into an HTML
    /// `<script type="application/ld+json">` or a JavaScript file unchanged.
    public static func json(_ text: String) -> String {
        var out = ReportBytes(capacity: text.utf8.count + 2)
        out.appendJSON(text)
        return out.take()
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
        var a: [UInt8] = []
        var b: [UInt8] = []
        return repeats(context, text, scratch: &a, &b)
    }

    /// ``repeats(_:_:)`` with two buffers the caller keeps between calls.
    static func repeats(_ context: String, _ text: String, scratch a: inout [UInt8], _ b: inout [UInt8]) -> Bool {
        guard plainASCII(context, into: &a), plainASCII(text, into: &b) else { return repeatsReference(context, text) }
        return a == b
    }

    /// The words of ASCII `value`, lowercased, one space apart, closing punctuation
    /// dropped; false (and `into` unspecified) when `value` holds non-ASCII.
    private static func plainASCII(_ value: String, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        var value = value
        return value.withUTF8 { utf8 in
            guard ReportBytes.isASCII(utf8) else { return false }
            var pendingSpace = false
            for byte in utf8 {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
            // . ! ? ; : , " ' )
            while let last = out.last,
                last == 0x2E || last == 0x21 || last == 0x3F || last == 0x3B || last == 0x3A
                    || last == 0x2C || last == 0x22 || last == 0x27 || last == 0x29
            {
                out.removeLast()
            }
            return true
        }
    }

    static func repeatsReference(_ context: String, _ text: String) -> Bool {
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
        guard let thousandths = roundedThousandths(score) else { return scoreReference(score) }
        var out = ReportBytes(capacity: 16)
        if score.sign == .minus { out.append(byte: 0x2D) }
        out.append(Int(thousandths / 1000))
        var fraction = Int(thousandths % 1000)
        if fraction != 0 {
            out.append(byte: 0x2E)
            var divisor = 100
            while fraction != 0 {
                out.append(byte: 0x30 + UInt8(fraction / divisor))
                fraction %= divisor
                divisor /= 10
            }
        }
        return out.take()
    }

    /// |score| × 1000 rounded to the nearest integer, ties to even, from the exact binary
    /// value as `%.3f` rounds it; `nil` for magnitudes this does not cover.
    static func roundedThousandths(_ score: Double) -> UInt64? {
        let x = score.magnitude
        // Below 1e12, x × 1000 has a unit in the last place of 1/8 or less.
        guard x < 1e12 else { return nil }
        let y = x * 1000
        // x × 1000 is y + error exactly (a fused multiply-add keeps the residual).
        let error = (-y).addingProduct(x, 1000)
        let whole = y.rounded(.down)
        let fraction = y - whole
        var result = UInt64(whole)
        // The sign of fraction + error - 0.5, which rounding the sum keeps.
        let above = (fraction - 0.5) + error
        if above > 0 || (above == 0 && result % 2 == 1) { result += 1 }
        return result
    }

    /// The score through `String(format:)`, for magnitudes ``roundedThousandths(_:)`` leaves out.
    static func scoreReference(_ score: Double) -> String {
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
        var out = ReportBytes(capacity: 20)
        out.appendISO8601(date)
        return out.take()
    }

    /// The calendar day in UTC: `2026-11-05` (schema.org `Date`).
    static func day(_ date: Date) -> String {
        var out = ReportBytes(capacity: 10)
        out.appendDay(date)
        return out.take()
    }

    /// Day and minute in UTC for people: `2026-11-05 14:03 UTC`.
    static func minute(_ date: Date) -> String {
        var out = ReportBytes(capacity: 20)
        out.appendMinute(date)
        return out.take()
    }

    /// ``iso8601(_:)`` through the calendar, for dates before 1600 or after 9999.
    static func iso8601Reference(_ date: Date) -> String {
        let p = parts(date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!)
    }

    static func dayReference(_ date: Date) -> String {
        let p = parts(date)
        return String(format: "%04d-%02d-%02d", p.year!, p.month!, p.day!)
    }

    static func minuteReference(_ date: Date) -> String {
        let p = parts(date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", p.year!, p.month!, p.day!, p.hour!, p.minute!)
    }
}
