/// A date mentioned in a claim, as written and normalised to ISO 8601.
///
/// The precision of `iso` follows the text: "Feb. 4, 2026" is `2026-02-04`,
/// "June 2025" and "last month" a month (`2025-06`), "in 2019" a year (`2019`).
/// "last week" is the Monday that week began, as a day.
public struct DateMention: Sendable, Codable, Equatable {
    /// The date expression as written, without a leading preposition ("on", "in").
    public var text: String
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    public var iso: String

    public init(text: String, iso: String) {
        self.text = text
        self.iso = iso
    }

    /// Its keys in JSON (extract's output, the `facts` column).
    enum CodingKeys: String, CodingKey { case text, iso }
}
