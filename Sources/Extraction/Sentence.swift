/// One sentence of an article, with where it sits in the text it was split from.
///
/// Offsets count Unicode scalars, the unit PostgreSQL's `substr` uses on a UTF-8
/// database, so `substr(body, start + 1, end - start)` returns `text` exactly.
public struct Sentence: Sendable, Equatable {
    /// The sentence, trimmed of surrounding whitespace.
    public var text: String
    /// Scalar offset of the first character of `text` in the split input.
    public var start: Int
    /// Scalar offset just past the last character of `text` in the split input.
    public var end: Int

    public init(text: String, start: Int, end: Int) {
        self.text = text
        self.start = start
        self.end = end
    }
}
