/// Text rules shared by everything that stores claims.
public enum ClaimText {
    /// The form used to recognise the same claim in different sources: lower case,
    /// typographic quotes and dashes folded to ASCII, runs of white space as one
    /// space, and trailing sentence punctuation dropped.
    ///
    /// ```swift
    /// ClaimText.normalize("  The U.S. “agreed”  to extend it. ") // "the u.s. \"agreed\" to extend it"
    /// ```
    public static func normalize(_ text: String) -> String {
        // Unicode scalars, not Characters: this runs on every claim of every ingested article.
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.lowercased().unicodeScalars {
            let folded: Unicode.Scalar
            switch scalar {
            case "\u{201C}", "\u{201D}", "\u{201E}", "\u{00AB}", "\u{00BB}": folded = "\""
            case "\u{2018}", "\u{2019}", "\u{201A}": folded = "'"
            case "\u{2013}", "\u{2014}", "\u{2212}": folded = "-"
            default: folded = scalar
            }
            if folded.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(folded)
        }
        while let last = out.last,
            last == "." || last == "!" || last == "?" || last == ";" || last == ":" || last == ","
        {
            out.removeLast()
        }
        return String(out)
    }

    /// Text as it is stored: control characters (C0, DEL, C1) removed, as ingest
    /// removes them from articles, so no stored value can move a terminal's cursor,
    /// retitle its window or clear its screen when printed. Tabs and line breaks
    /// become spaces, except that `multiline` text (notes, reasons) keeps its line
    /// breaks (CR LF and CR as LF).
    ///
    /// ```swift
    /// ClaimText.clean("Rose 3%\u{1B}]0;PWNED\u{07}") // "Rose 3%]0;PWNED"
    /// ```
    public static func clean(_ text: String, multiline: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            case "\n" where multiline:
                if previous != "\r" { out.append("\n") }
            case "\r" where multiline: out.append("\n")
            case "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}": out.append(" ")
            case _ where isControl(scalar): continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// C0 controls, DEL and C1 controls: the characters a terminal acts on.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Whether `url` is an absolute http or https address with a host.
    public static func isWebURL(_ url: String) -> Bool {
        guard let schemeEnd = url.range(of: "://") else { return false }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return false }
        let rest = url[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !rest.contains(where: { $0.isWhitespace }),
            !url.unicodeScalars.contains(where: isControl)
        else { return false }
        let hostOnly = host.split(separator: "@").last.map(String.init) ?? ""
        return !hostOnly.isEmpty && !hostOnly.hasPrefix(":") && !hostOnly.hasPrefix(".")
    }
}
