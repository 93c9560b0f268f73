import ClaimSchema

/// The checkable parts of one sentence: who said it, what kind of claim it is,
/// and the numbers and dates a checker would look up.
public struct ClaimFacts: Sendable, Equatable {
    public var kind: ClaimKind
    /// The name or noun phrase the sentence attributes the claim to; nil when it
    /// attributes nothing or only to a pronoun.
    public var speaker: String?
    public var quantities: [Quantity]
    public var dates: [DateMention]

    public init(kind: ClaimKind, speaker: String?, quantities: [Quantity], dates: [DateMention]) {
        self.kind = kind
        self.speaker = speaker
        self.quantities = quantities
        self.dates = dates
    }
}
