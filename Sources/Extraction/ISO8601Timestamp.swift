#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Parses the ISO 8601 dates and date-times articles carry in their metadata.
///
/// Accepted: `2026-02-04` (00:00 UTC that day), `2026-02-04T10:30Z`,
/// `2026-02-04T10:30:00Z`, `2026-02-04T10:30:00.250+01:00`, `+0100`, `+01`, and a space
/// instead of `T`. A date-time without a zone is taken as UTC, because metadata rarely
/// says otherwise and a fixed rule beats guessing the machine's zone.
/// Hand-written rather than `ISO8601DateFormatter`: it must be strict about ranges
/// (no 2026-02-30), cheap, and free of shared formatter state.
enum ISO8601Timestamp {
    static func date(from text: String) -> Date? {
        var utf8 = Array(text.utf8)
        while let last = utf8.last, last == 0x20 || last == 0x09 { utf8.removeLast() }
        let start = utf8.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? utf8.endIndex
        return date(from: utf8[start...])
    }

    private static func date(from s: ArraySlice<UInt8>) -> Date? {
        var i = s.startIndex
        func number(_ digits: Int) -> Int? {
            guard s.endIndex - i >= digits else { return nil }
            var value = 0
            for _ in 0..<digits {
                let d = s[i]
                guard d >= 0x30 && d <= 0x39 else { return nil }
                value = value * 10 + Int(d - 0x30)
                i += 1
            }
            return value
        }
        func take(_ byte: UInt8) -> Bool {
            guard i < s.endIndex, s[i] == byte else { return false }
            i += 1
            return true
        }

        guard let year = number(4), take(0x2D), let month = number(2), take(0x2D),
            let day = number(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        var seconds = daysFromCivil(year: year, month: month, day: day) * 86_400
        if i == s.endIndex { return Date(timeIntervalSince1970: TimeInterval(seconds)) }

        guard take(0x54) || take(0x74) || take(0x20) else { return nil }  // T, t or space
        guard let hour = number(2), take(0x3A), let minute = number(2), hour <= 23, minute <= 59
        else { return nil }
        var second = 0
        var fraction = 0.0
        if take(0x3A) {
            guard let value = number(2), value <= 60 else { return nil }
            second = value
            if take(0x2E) || take(0x2C) {
                var scale = 0.1
                let digitsStart = i
                while i < s.endIndex, s[i] >= 0x30, s[i] <= 0x39 {
                    fraction += Double(s[i] - 0x30) * scale
                    scale /= 10
                    i += 1
                }
                guard i > digitsStart else { return nil }
            }
        }
        seconds += hour * 3600 + minute * 60 + second

        if i < s.endIndex {
            if take(0x5A) || take(0x7A) {  // Z
            } else {
                let sign: Int
                if take(0x2B) { sign = 1 } else if take(0x2D) { sign = -1 } else { return nil }
                guard let offsetHours = number(2), offsetHours <= 23 else { return nil }
                var offsetMinutes = 0
                if i < s.endIndex {
                    _ = take(0x3A)
                    guard let value = number(2), value <= 59 else { return nil }
                    offsetMinutes = value
                }
                seconds -= sign * (offsetHours * 3600 + offsetMinutes * 60)
            }
        }
        guard i == s.endIndex else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm),
    /// so no `Calendar` or time zone database is involved.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
