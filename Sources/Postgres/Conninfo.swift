/// Builds libpq `key=value` connection strings with values quoted safely.
///
/// ```swift
/// Conninfo.make(["host": "/var/run/claims", "dbname": "claims"])
/// // "dbname='claims' host='/var/run/claims'"
/// ```
public enum Conninfo {
    public static func make(_ parameters: [String: String]) -> String {
        parameters.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(quote($0.value))" }
            .joined(separator: " ")
    }

    /// Quotes one value: single quotes around it, `\` and `'` escaped with a backslash.
    public static func quote(_ value: String) -> String {
        var out = "'"
        for character in value {
            if character == "'" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + "'"
    }
}
