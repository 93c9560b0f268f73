import CLibPQ
import Foundation

/// Showing a connection string without its password.
///
/// The string is read by libpq itself (`PQconninfoParse`), so the password left out is
/// the one libpq would send, however the string is written: URL or `key=value`,
/// percent-encoded, quoted, repeated. What is shown is libpq's reading, rebuilt:
///
/// ```swift
/// Conninfo.redacted("postgresql://ana:s3cr%40t@db.example.org:5432/claims")
/// // "host=db.example.org port=5432 dbname=claims user=ana password=***"
/// Conninfo.redacted("POSTGRESQL://ana:s3cret@db/claims")  // nil: libpq cannot parse it
/// ```
///
/// A string libpq cannot parse is never shown, and neither is libpq's message about
/// it, which quotes the whole string. Where libpq reads a password differently from
/// what its writer meant (`postgresql://ana:pa/ss@db`, read as host `ana`, port `pa`),
/// the parts that look like the meant password are hidden too: see ``secrets(in:)``.
extension Conninfo {
    /// One setting libpq read from a connection string.
    public struct Option: Equatable, Sendable {
        public var keyword: String
        public var value: String
        /// libpq marks it as a password (`password`, `sslpassword`): never shown.
        public var isSecret: Bool
    }

    /// The sentence used wherever a connection string libpq cannot parse would be shown.
    public static let unparseableMessage = "the connection string could not be parsed: check its syntax"

    /// The settings libpq reads from `conninfo` (URL or `key=value`), in libpq's order;
    /// `nil` when libpq cannot parse it. Settings the string does not give are left out.
    public static func parse(_ conninfo: String) -> [Option]? {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            // The message quotes the string, password included: it is dropped unread.
            if let errorMessage { PQfreemem(errorMessage) }
            return nil
        }
        defer { PQconninfoFree(options) }
        var parsed: [Option] = []
        var index = 0
        while let keyword = options[index].keyword {
            let option = options[index]
            index += 1
            guard let value = option.val else { continue }
            let secret = option.dispchar.map { String(cString: $0) == "*" } ?? false
            parsed.append(Option(keyword: String(cString: keyword), value: String(cString: value), isSecret: secret))
        }
        return parsed
    }

    /// `conninfo` as libpq reads it, in `key=value` form, with every password shown as
    /// `***`; `nil` when libpq cannot parse it (then show nothing of it).
    public static func redacted(_ conninfo: String) -> String? {
        guard let options = parse(conninfo) else { return nil }
        let secrets = secrets(in: conninfo)
        let first = ["host", "hostaddr", "port", "dbname", "user"]
        let ordered =
            first.compactMap { key in options.first { $0.keyword == key } }
            + options.filter { !first.contains($0.keyword) }
        return ordered.map { option in
            let hidden =
                option.isSecret
                || secrets.contains { option.value == $0 || ($0.count >= minimumScrubbed && option.value.contains($0)) }
            return "\(option.keyword)=\(hidden ? "***" : displayValue(option.value))"
        }.joined(separator: " ")
    }

    /// `conninfo` as libpq reads it, in `key=value` form, with its passwords left out, to be
    /// shown as a command to run again; `nil` when libpq cannot parse it or when a setting
    /// other than a password holds what may be one (then nothing of it can be shown whole).
    ///
    /// ```swift
    /// Conninfo.withoutPasswords("postgresql://ana:s3cret@db.example.org/claims")
    /// // "host=db.example.org dbname=claims user=ana"
    /// ```
    public static func withoutPasswords(_ conninfo: String) -> String? {
        guard let options = parse(conninfo) else { return nil }
        let secrets = secrets(in: conninfo)
        let first = ["host", "hostaddr", "port", "dbname", "user"]
        let ordered =
            first.compactMap { key in options.first { $0.keyword == key } }
            + options.filter { !first.contains($0.keyword) }
        var shown: [String] = []
        for option in ordered where !option.isSecret {
            if secrets.contains(where: {
                option.value == $0 || ($0.count >= minimumScrubbed && option.value.contains($0))
            }) {
                return nil
            }
            shown.append("\(option.keyword)=\(displayValue(option.value))")
        }
        return shown.joined(separator: " ")
    }

    /// Shortest text replaced inside longer text: shorter pieces cannot be told from
    /// ordinary words, and a two-letter piece reveals little.
    static let minimumScrubbed = 3

    /// Everything in `conninfo` that may be a password and must never be printed.
    ///
    /// libpq's own reading (its `password` and `sslpassword`), and, whether or not
    /// libpq can parse the string, what its writer probably meant as one: in a URL,
    /// what lies between the first `:` after the scheme and the last `@` before the
    /// query; the value after any `password=` (any case, quoted or not). Each is also
    /// taken percent-decoded, and cut at `@ / ? # : & , = ;` and white space into
    /// pieces, as libpq may have put those pieces into the host, port or database name.
    public static func secrets(in conninfo: String) -> [String] {
        var found: [String] = []
        if let options = parse(conninfo) {
            found += options.filter(\.isSecret).map(\.value)
        }
        let url = urlPasswordCandidates(conninfo)
        found += url.candidates
        found += keywordPasswordCandidates(conninfo, inURL: url.isURL)
        found += found.compactMap { $0.removingPercentEncoding }
        let separators = Set("@/?#:&,=;")
        var pieces: [String] = []
        for secret in found {
            pieces += secret.split { separators.contains($0) || $0.isWhitespace }.map(String.init)
        }
        var unique: [String] = []
        for secret in found + pieces where !secret.isEmpty && !unique.contains(secret) {
            unique.append(secret)
        }
        // Longest first, so a password is replaced whole before its pieces are looked for.
        return unique.sorted { $0.count > $1.count }
    }

    /// `text` with every secret of at least three characters replaced by `***`.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var text = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where secret.count >= minimumScrubbed {
            text = text.replacingOccurrences(of: secret, with: "***")
        }
        return text
    }

    /// Whether `conninfo` starts like a URL (`scheme:`, any scheme, any case), and in
    /// `scheme:[//]user:PASSWORD@host...` the PASSWORD, up to the last `@` before a `?`.
    private static func urlPasswordCandidates(_ conninfo: String) -> (isURL: Bool, candidates: [String]) {
        let text = conninfo.drop { $0.isWhitespace }
        guard let first = text.first, first.isASCII, first.isLetter,
            let colon = text.firstIndex(of: ":"),
            text[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) })
        else { return (false, []) }
        let rest = text[text.index(after: colon)...].drop { $0 == "/" }
        let beforeQuery = rest[..<(rest.firstIndex(of: "?") ?? rest.endIndex)]
        guard let at = beforeQuery.lastIndex(of: "@") else { return (true, []) }
        let userInfo = beforeQuery[..<at]
        guard let separator = userInfo.firstIndex(of: ":") else { return (true, []) }
        return (true, [String(userInfo[userInfo.index(after: separator)...])])
    }

    /// The values after `password=` (any case, `sslpassword` too), quoted or not: up to
    /// `&` in a URL's query, up to white space in `key=value` form.
    private static func keywordPasswordCandidates(_ conninfo: String, inURL: Bool) -> [String] {
        var found: [String] = []
        let bytes = Array(conninfo.utf8)
        let keyword = Array("password".utf8)
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        var index = 0
        while index + keyword.count <= bytes.count {
            // ASCII letters only, so `| 0x20` lower-cases them.
            guard zip(bytes[index..<index + keyword.count], keyword).allSatisfy({ $0 | 0x20 == $1 }) else {
                index += 1
                continue
            }
            var position = index + keyword.count
            index += 1
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else { continue }
            position += 1
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count else { continue }
            if bytes[position] == UInt8(ascii: "'") {
                // libpq's quoting: a backslash takes the next character literally.
                var value: [UInt8] = []
                position += 1
                while position < bytes.count, bytes[position] != UInt8(ascii: "'") {
                    if bytes[position] == UInt8(ascii: "\\"), position + 1 < bytes.count { position += 1 }
                    value.append(bytes[position])
                    position += 1
                }
                found.append(String(decoding: value, as: UTF8.self))
            } else {
                let value = bytes[position...].prefix { !isSpace($0) && !(inURL && $0 == UInt8(ascii: "&")) }
                found.append(String(decoding: value, as: UTF8.self))
            }
        }
        return found
    }

    /// A value as written in `key=value` form: bare when it can be, quoted otherwise;
    /// control characters (which could end the line or drive a terminal) shown as `?`.
    private static func displayValue(_ value: String) -> String {
        let printable = String(
            value.map { $0.unicodeScalars.contains { $0.properties.generalCategory == .control } ? "?" : $0 })
        let bare = !printable.isEmpty && !printable.contains { $0.isWhitespace || $0 == "'" || $0 == "\\" }
        return bare ? printable : quote(printable)
    }
}
