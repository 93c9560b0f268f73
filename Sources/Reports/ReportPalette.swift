import ClaimStore

/// Colours and labels for verdicts and statuses in the HTML report.
///
/// Colours are computed here, never taken from user text, so they are safe to
/// put in a `style` or SVG `fill` attribute.
enum ReportPalette {
    /// The default scale's colours, from green (true) to red (false).
    private static let verdictColors: [String: String] = [
        "true": "#1a7f37", "mostly-true": "#4c9a2a", "mixed": "#b7791f",
        "mostly-false": "#d4571c", "false": "#c62828", "unverifiable": "#6b7280",
    ]
    private static let statusColors: [String: String] = [
        "pending": "#8a94a6", "in_review": "#2f6fdb", "verified": "#1a7f37", "dismissed": "#6b7280",
    ]
    /// For a desk's own verdicts without a rating.
    private static let neutral = "#5b6b8c"

    /// A verdict's colour: the default scale's, else one between red and green
    /// from where the rating sits between worst and best.
    static func verdictColor(_ name: String, rating: Int? = nil, best: Int? = nil, worst: Int? = nil) -> String {
        if let color = verdictColors[name] { return color }
        guard let rating, let best, let worst, best != worst else { return neutral }
        let position = min(max(Double(rating - worst) / Double(best - worst), 0), 1)
        // Interpolate red (#c62828) to green (#1a7f37) in RGB.
        let red = (0xC6, 0x28, 0x28)
        let green = (0x1A, 0x7F, 0x37)
        func mix(_ a: Int, _ b: Int) -> Int { Int((Double(a) + (Double(b) - Double(a)) * position).rounded()) }
        let (r, g, b) = (mix(red.0, green.0), mix(red.1, green.1), mix(red.2, green.2))
        return "#"
            + [r, g, b].map { value in
                let hex = String(value, radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined()
    }

    static func statusColor(_ name: String) -> String {
        statusColors[name] ?? neutral
    }

    /// A status as people read it (``ClaimStatus/label``): `in_review` becomes `In review`;
    /// a name the store does not know is spelt out the same way.
    static func statusLabel(_ name: String) -> String {
        ClaimStatus(rawValue: name)?.label ?? statusLabelReference(name)
    }

    static func statusLabelReference(_ name: String) -> String {
        let words = name.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
