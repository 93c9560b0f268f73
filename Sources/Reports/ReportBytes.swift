import Foundation

/// A report's output as UTF-8 bytes, with each format's escaping done by scanning
/// bytes: what a renderer writes per claim, handed to the output stream in one piece.
///
/// Every escaper here gives exactly the text the per-character rules of ``ReportText``
/// (and swift-mustache's HTML escaping) give; they only replace ASCII bytes, so what
/// goes in as valid UTF-8 comes out as valid UTF-8. Where a rule depends on grapheme
/// clusters (an ASCII character followed by a combining mark is one `Character`), text
/// holding non-ASCII takes a per-`Character` path with the same result.
struct ReportBytes {
    var bytes: [UInt8] = []

    init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    /// The bytes as a string, and the buffer emptied for the next piece.
    mutating func take() -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        bytes.removeAll(keepingCapacity: true)
        return text
    }

    /// Writes the bytes to `output` and empties the buffer.
    mutating func flush(to output: inout some TextOutputStream) {
        guard !bytes.isEmpty else { return }
        output.write(take())
    }

    // MARK: Plain

    @inline(__always)
    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    @inline(__always)
    mutating func append(_ text: Substring) {
        bytes.append(contentsOf: text.utf8)
    }

    @inline(__always)
    mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    /// A decimal integer.
    mutating func append(_ value: Int) {
        if value >= 0 && value < 10 {
            bytes.append(0x30 &+ UInt8(value))
            return
        }
        var magnitude = value.magnitude
        if value < 0 { bytes.append(0x2D) }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = 0x30 &+ UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    mutating func append(_ value: Int64) {
        append(Int(value))
    }

    /// Two digits, zero-padded.
    @inline(__always)
    private mutating func append2(_ value: Int) {
        bytes.append(0x30 &+ UInt8(value / 10))
        bytes.append(0x30 &+ UInt8(value % 10))
    }

    /// Four digits, zero-padded.
    @inline(__always)
    private mutating func append4(_ value: Int) {
        append2(value / 100)
        append2(value % 100)
    }

    // MARK: Dates (UTC)

    /// `2026-11-05T14:03:09Z`.
    mutating func appendISO8601(_ date: Date) {
        guard let p = UTCDate(date) else { return append(ReportText.iso8601Reference(date)) }
        appendDay(p)
        bytes.append(0x54)
        append2(p.hour)
        bytes.append(0x3A)
        append2(p.minute)
        bytes.append(0x3A)
        append2(p.second)
        bytes.append(0x5A)
    }

    /// `2026-11-05`.
    mutating func appendDay(_ date: Date) {
        guard let p = UTCDate(date) else { return append(ReportText.dayReference(date)) }
        appendDay(p)
    }

    /// `2026-11-05 14:03 UTC`.
    mutating func appendMinute(_ date: Date) {
        guard let p = UTCDate(date) else { return append(ReportText.minuteReference(date)) }
        appendDay(p)
        bytes.append(0x20)
        append2(p.hour)
        bytes.append(0x3A)
        append2(p.minute)
        append(" UTC")
    }

    private mutating func appendDay(_ p: UTCDate) {
        append4(p.year)
        bytes.append(0x2D)
        append2(p.month)
        bytes.append(0x2D)
        append2(p.day)
    }

    // MARK: HTML

    /// `<`, `>`, `&`, `"` and `'` as entities, wherever their byte appears.
    ///
    /// Scanned by byte, not by `Character`: swift-mustache's own HTML escaping looks
    /// characters up whole, so a quote a combining mark follows (`"\u{301}`) is one
    /// `Character` that is not in its table and stays a bare quote, which ends an
    /// attribute value early (`href="{{url}}"`). A browser reads code points, so every
    /// one of these bytes is escaped here, and ``HTMLContentType`` gives swift-mustache
    /// the same rule. UTF-8 never uses these bytes inside a multi-byte sequence.
    mutating func appendHTML(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let entity: StaticString
                switch utf8[index] {
                case 0x3C: entity = "&lt;"
                case 0x3E: entity = "&gt;"
                case 0x26: entity = "&amp;"
                case 0x22: entity = "&quot;"
                case 0x27: entity = "&#39;"
                default: continue
                }
                if start < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index])) }
                appendStatic(entity)
                start = index + 1
            }
            if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
        }
    }

    @inline(__always)
    mutating func appendStatic(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    static func isASCII(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = utf8.count
        // Eight bytes at a time.
        if count >= 8, let base = utf8.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                    return false
                }
                index += 8
            }
        }
        while index < count {
            if utf8[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    // MARK: Markdown

    /// User text made literal in Markdown: ``ReportText/markdown(_:)``.
    mutating func appendMarkdown(_ text: String) {
        var text = text
        let ascii = text.withUTF8 { utf8 -> Bool in
            guard Self.isASCII(utf8) else { return false }
            appendASCIIMarkdown(utf8)
            return true
        }
        if !ascii { append(ReportText.markdownReference(text)) }
    }

    /// ASCII text has one `Character` per byte but for CR LF, and its only line breaks
    /// and white space are bytes 0x09 to 0x0D and 0x20, so the per-`Character` rules read
    /// as: trim white space, turn every run of line breaks into one space, then escape.
    private mutating func appendASCIIMarkdown(_ utf8: UnsafeBufferPointer<UInt8>) {
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        @inline(__always) func isBreak(_ b: UInt8) -> Bool { b >= 0x0A && b <= 0x0D }
        var first = 0
        var last = utf8.count - 1
        while first <= last, isSpace(utf8[first]) { first += 1 }
        while last >= first, isSpace(utf8[last]) { last -= 1 }
        guard first <= last else { return }
        var leadingDigits = true
        var index = first
        while index <= last {
            var c = utf8[index]
            var next = index + 1
            if isBreak(c) {
                // A run of line breaks, never at either end after trimming: one space.
                while next <= last, isBreak(utf8[next]) { next += 1 }
                c = 0x20
            }
            if c < 0x20 || c == 0x7F {
                // A control character is shown as its control picture (U+2400 + c, U+2421 for DEL).
                let scalar: UInt32 = c == 0x7F ? 0x2421 : 0x2400 + UInt32(c)
                bytes.append(0xE0 | UInt8(scalar >> 12))
                bytes.append(0x80 | UInt8((scalar >> 6) & 0x3F))
                bytes.append(0x80 | UInt8(scalar & 0x3F))
                leadingDigits = false
                index = next
                continue
            }
            switch c {
            case 0x5C, 0x60, 0x2A, 0x5F, 0x7B, 0x7D, 0x5B, 0x5D, 0x28, 0x29, 0x3C, 0x3E, 0x21, 0x7C, 0x7E, 0x26:
                // \ ` * _ { } [ ] ( ) < > ! | ~ &
                bytes.append(0x5C)
            case 0x23, 0x2B, 0x2D, 0x3D:
                // # + - = starting the line.
                if index == first { bytes.append(0x5C) }
            case 0x2E where leadingDigits && index != first && (next > last || isSpace(utf8[next])):
                // "1." starting the line would start an ordered list.
                bytes.append(0x5C)
            default:
                break
            }
            if !(c >= 0x30 && c <= 0x39) { leadingDigits = false }
            bytes.append(c)
            index = next
        }
    }

    // MARK: JSON

    /// A JSON string literal, quotes included: ``ReportText/json(_:)-(String)``.
    mutating func appendJSON(_ text: String) {
        var text = text
        bytes.append(0x22)
        text.withUTF8 { utf8 in
            var start = 0
            var index = 0
            let count = utf8.count
            while index < count {
                let b = utf8[index]
                let escape: StaticString?
                var hex: UInt32 = 0
                var width = 1
                switch b {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x08: escape = "\\b"
                case 0x0C: escape = "\\f"
                case 0x3C, 0x3E, 0x26:
                    escape = nil
                    hex = UInt32(b)
                case 0x00..<0x20:
                    escape = nil
                    hex = UInt32(b)
                case 0xE2
                where index + 2 < count && utf8[index + 1] == 0x80
                    && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    // U+2028 and U+2029.
                    escape = nil
                    hex = utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029
                    width = 3
                default:
                    index += 1
                    continue
                }
                if start < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index])) }
                if let escape {
                    appendStatic(escape)
                } else {
                    appendStatic("\\u")
                    for shift in stride(from: 12, through: 0, by: -4) {
                        bytes.append(Self.lowerHex[Int((hex >> UInt32(shift)) & 0xF)])
                    }
                }
                index += width
                start = index
            }
            if start < count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
        }
        bytes.append(0x22)
    }

    /// A JSON string literal, or `null`.
    mutating func appendJSON(_ text: String?) {
        if let text { appendJSON(text) } else { appendStatic("null") }
    }

    /// A JSON integer, or `null`.
    mutating func appendJSON(_ number: Int?) {
        if let number { append(number) } else { appendStatic("null") }
    }

    /// A JSON number, or `null` (also for NaN and infinities).
    mutating func appendJSON(_ number: Double?) {
        guard let number, number.isFinite else { return appendStatic("null") }
        append(number.description)
    }

    static let lowerHex: [UInt8] = Array("0123456789abcdef".utf8)
    static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    // MARK: CSV

    /// One CSV field: ``ReportText/csvField(_:numeric:)``.
    mutating func appendCSV(_ text: String, numeric: Bool = false) {
        var text = text
        text.withUTF8 { utf8 in
            let apostrophe: Bool
            if let first = utf8.first,
                first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D
            {
                apostrophe = !(numeric && ReportText.isPlainNumber(utf8))
            } else {
                apostrophe = false
            }
            var quoted = false
            for b in utf8 where b == 0x2C || b == 0x22 || b == 0x0D || b == 0x0A || b == 0x3B {
                quoted = true
                break
            }
            if quoted { bytes.append(0x22) }
            if apostrophe { bytes.append(0x27) }
            if quoted {
                var start = 0
                for index in 0..<utf8.count where utf8[index] == 0x22 {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...index]))
                    bytes.append(0x22)
                    start = index + 1
                }
                if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
                bytes.append(0x22)
            } else {
                bytes.append(contentsOf: utf8)
            }
        }
    }

    // MARK: Links

    /// ``ReportText/safeLink(_:)`` written here; false (nothing written) when the URL
    /// must not be a link.
    @discardableResult
    mutating func appendSafeLink(_ url: String, escapeHTML: Bool = false) -> Bool {
        guard let trimmed = ReportText.linkCandidate(url) else { return false }
        var text = trimmed
        text.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case 0x26 where escapeHTML:
                    appendStatic("&amp;")
                case 0x21, 0x23...0x26, 0x2A...0x3B, 0x3D, 0x3F...0x5B, 0x5D, 0x5F, 0x61...0x7A, 0x7E:
                    bytes.append(byte)
                default:
                    bytes.append(0x25)
                    bytes.append(Self.upperHex[Int(byte >> 4)])
                    bytes.append(Self.upperHex[Int(byte & 0xF)])
                }
            }
        }
        return true
    }
}

/// A date's calendar fields in UTC, by arithmetic on the days since 1970 (proleptic
/// Gregorian), for dates from 1600 to 9999, where that is what Foundation's Gregorian
/// calendar gives; `nil` outside, where the callers use the calendar.
struct UTCDate {
    var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    /// 1600-01-01T00:00:00Z and 10000-01-01T00:00:00Z in seconds since 1970.
    private static let earliest: Double = -11_676_096_000
    private static let end: Double = 253_402_300_800

    @inline(__always)
    init?(_ date: Date) {
        let t = date.timeIntervalSince1970
        guard t >= Self.earliest, t < Self.end else { return nil }
        let seconds = Int(t.rounded(.down))
        var days = seconds / 86_400
        var inDay = seconds % 86_400
        if inDay < 0 {
            inDay += 86_400
            days -= 1
        }
        hour = inDay / 3600
        minute = inDay % 3600 / 60
        second = inDay % 60
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }
}
