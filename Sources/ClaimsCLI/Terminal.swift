import ClaimStore
import Foundation

/// What the standard streams are connected to, and colour only where it belongs.
enum Terminal {
    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Colour on a terminal only, and never when NO_COLOR is set (https://no-color.org).
    static var useColor: Bool {
        if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
        if ProcessInfo.processInfo.environment["TERM"] == "dumb" { return false }
        return standardOutputIsTerminal
    }

    /// The terminal's width, else COLUMNS, else 100.
    static var width: Int {
        var size = winsize()
        if standardOutputIsTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 {
            return Int(size.ws_col)
        }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 20 {
            return columns
        }
        return 100
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", cyan = "36"
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
