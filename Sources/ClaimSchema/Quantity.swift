/// A number stated in a claim, with what it counts.
///
/// `"$1.2 billion"` is `Quantity(text: "$1.2 billion", value: 1_200_000_000, unit: "USD")`;
/// `"32 entities"` is `Quantity(text: "32 entities", value: 32, unit: "entities")`.
public struct Quantity: Sendable, Codable, Equatable {
    /// The quantity as written, from currency sign to unit noun.
    public var text: String
    /// The number with any scale word applied: "five million" is 5_000_000.
    public var value: Double
    /// "percent", "percentage points", an ISO currency code, or the counted noun
    /// (lowercased, plural kept); nil when the number counts nothing named.
    public var unit: String?

    public init(text: String, value: Double, unit: String?) {
        self.text = text
        self.value = value
        self.unit = unit
    }

    /// Its keys in JSON (extract's output, the `facts` column).
    enum CodingKeys: String, CodingKey { case text, value, unit }
}
