import ClaimStore
import Foundation

/// What the standard streams are connected to, and colour only where it belongs.
enum Terminal {
    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Colour on a terminal only, and never when NO_COLOR is set (https://no-color.org).
    /// Decided once per process: Foundation rebuilds the whole environment on every read,
    /// which took a third of `claims extract`'s time when asked for every styled cell.
    static let useColor: Bool = {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return standardOutputIsTerminal
    }()

    /// The width tables and long lines are fitted to: the terminal's, else COLUMNS; nil
    /// (no limit) when standard output is not a terminal and COLUMNS is unset, so piped
    /// rows stay whole for grep and friends. Read once per process, like ``useColor``:
    /// a command's output is laid out for one width, and reading the environment for
    /// every article took a sixth of `claims extract`'s table output.
    static let tableWidth: Int? = {
        var size = winsize()
        if standardOutputIsTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 {
            return Int(size.ws_col)
        }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 20 {
            return columns
        }
        return standardOutputIsTerminal ? 80 : nil
    }()

    /// `text` in lines of at most `width` characters (`firstWidth` for the first), broken
    /// at spaces. A word longer than a line (a URL) has a line of its own and is never
    /// broken, so it still copies whole. Nothing is dropped.
    static func wrap(_ text: String, width: Int?, firstWidth: Int? = nil) -> [String] {
        guard let width, width > 0 else { return text.isEmpty ? [] : [text] }
        var text = text
        if let lines = text.withUTF8({ wrapPrintableASCII($0, width: width, firstWidth: firstWidth) }) { return lines }
        return wrapReference(text, width: width, firstWidth: firstWidth)
    }

    /// ``wrap(_:width:firstWidth:)`` for text of printable ASCII only, where each byte is
    /// one `Character` and the words are the runs between space bytes: the same lines,
    /// without counting and splitting `Character`s. Nil for any other text.
    static func wrapPrintableASCII(_ utf8: UnsafeBufferPointer<UInt8>, width: Int, firstWidth: Int?) -> [String]? {
        for byte in utf8 where byte < 0x20 || byte > 0x7E { return nil }
        if utf8.count <= (firstWidth ?? width) { return utf8.isEmpty ? [] : [String(decoding: utf8, as: UTF8.self)] }
        var lines: [String] = []
        var line: [UInt8] = []
        line.reserveCapacity(width)
        var limit = max(firstWidth ?? width, 1)
        var index = 0
        let count = utf8.count
        while index < count {
            if utf8[index] == 0x20 {
                index += 1
                continue
            }
            var end = index
            while end < count, utf8[end] != 0x20 { end += 1 }
            let word = UnsafeBufferPointer(rebasing: utf8[index..<end])
            if !line.isEmpty, line.count + 1 + word.count <= limit {
                line.append(0x20)
                line.append(contentsOf: word)
            } else {
                if !line.isEmpty {
                    lines.append(String(decoding: line, as: UTF8.self))
                    line.removeAll(keepingCapacity: true)
                    limit = width
                }
                line.append(contentsOf: word)
            }
            index = end
        }
        if !line.isEmpty { lines.append(String(decoding: line, as: UTF8.self)) }
        return lines
    }

    /// ``wrap(_:width:firstWidth:)`` one `Character` at a time: any text.
    static func wrapReference(_ text: String, width: Int, firstWidth: Int? = nil) -> [String] {
        if text.count <= (firstWidth ?? width) { return text.isEmpty ? [] : [text] }
        var lines: [String] = []
        var line = ""
        var lineCount = 0
        var limit = max(firstWidth ?? width, 1)
        func finish() {
            lines.append(line)
            line = ""
            lineCount = 0
            limit = width
        }
        for word in text.split(separator: " ") {
            let wordCount = word.count
            if lineCount > 0, lineCount + 1 + wordCount <= limit {
                line += " " + word
                lineCount += 1 + wordCount
                continue
            }
            if lineCount > 0 { finish() }
            line = String(word)
            lineCount = wordCount
        }
        if lineCount > 0 { lines.append(line) }
        return lines
    }

    /// `prefix` then `text`, wrapped to `width` with later lines indented by `indent`;
    /// one line ending in a line break when it fits or there is no width.
    static func hanging(_ prefix: String, _ text: String, indent: Int, width: Int? = tableWidth) -> String {
        guard let width, prefix.count + text.count > width else { return prefix + text + "\n" }
        let lines = wrap(text, width: max(width - indent, 10), firstWidth: max(width - prefix.count, 10))
        let pad = String(repeating: " ", count: indent)
        return lines.enumerated().map { ($0.offset == 0 ? prefix : pad) + $0.element + "\n" }.joined()
    }

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case blue = "34"
        case cyan = "36"
    }

    static func styled(_ text: String, _ style: Style) -> String {
        useColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// A note for people on stderr (progress, "started the database"); stdout stays clean for scripts.
    static func note(_ text: String) {
        writeToStandardError(text + "\n")
    }

    /// Writes to stderr, ignoring failure: there is nowhere left to report it, and
    /// `FileHandle.write` would crash the program instead.
    static func writeToStandardError(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Text from the database as a terminal may show it: every control character
    /// made visible (ESC as ␛, BEL as ␇, CR as ␍, C1 controls as �), so no stored
    /// value can move the cursor, retitle the window or clear the screen. Tabs and
    /// line breaks become spaces; the caller lays out lines itself.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: ClaimText.isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A: out.append(" ")
            case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: out.append("\u{2421}")
            case 0x80...0x9F: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
