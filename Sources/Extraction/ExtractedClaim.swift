import ClaimSchema
import Foundation

/// A check-worthy claim found in an article, with its facts and where it sits.
public struct ExtractedClaim: Sendable, Equatable, Codable {
    public var text: String
    /// Offsets in Unicode scalars into the article body, [start, end).
    public var start: Int
    public var end: Int
    /// The check-worthiness score, 0 to 1.
    public var score: Double
    public var kind: ClaimKind
    public var speaker: String?
    public var quantities: [Quantity]
    public var dates: [DateMention]
    /// The paragraph the sentence came from.
    public var context: String

    public init(
        text: String, start: Int, end: Int, score: Double, kind: ClaimKind, speaker: String?, quantities: [Quantity],
        dates: [DateMention], context: String
    ) {
        self.text = text
        self.start = start
        self.end = end
        self.score = score
        self.kind = kind
        self.speaker = speaker
        self.quantities = quantities
        self.dates = dates
        self.context = context
    }

    enum CodingKeys: String, CodingKey { case text, start, end, score, kind, speaker, quantities, dates, context }

    /// Every key is written, an absent speaker as null, so scripts see one shape.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(text, forKey: .text)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(score, forKey: .score)
        try c.encode(kind, forKey: .kind)
        try c.encode(speaker, forKey: .speaker)
        try c.encode(quantities, forKey: .quantities)
        try c.encode(dates, forKey: .dates)
        try c.encode(context, forKey: .context)
    }
}
