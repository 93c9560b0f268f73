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
        while let last = out.last, last == "." || last == "!" || last == "?" || last == ";" || last == ":" || last == "," {
            out.removeLast()
        }
        return String(out)
    }

    /// Whether `url` is an absolute http or https address with a host.
    public static func isWebURL(_ url: String) -> Bool {
        guard let schemeEnd = url.range(of: "://") else { return false }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return false }
        let rest = url[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !rest.contains(where: { $0.isWhitespace }) else { return false }
        let hostOnly = host.split(separator: "@").last.map(String.init) ?? ""
        return !hostOnly.isEmpty && !hostOnly.hasPrefix(":") && !hostOnly.hasPrefix(".")
    }
}
