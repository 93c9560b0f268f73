/// What `ClaimExtractor.extraction(of:)` found in an article: its claims, and what a reader
/// should know about how their dates were read.
///
/// ```swift
/// let result = extractor.extraction(of: article)
/// if !result.unresolvedDates.isEmpty {
///     print("\(result.unresolvedDates.count) relative dates were left unresolved")
/// }
/// ```
public struct ArticleExtraction: Sendable, Equatable {
    public var claims: [ExtractedClaim]
    /// The date relative dates were read against, and where it came from; nil when the
    /// article has none (no publication date, no date near its top or in its URL).
    public var referenceDate: ReferenceDate?
    /// How many relative dates in the claims ("June 16", "last month") were read against
    /// `referenceDate`.
    public var resolvedRelativeDates: Int
    /// The relative dates in the claims, as written, that were left unresolved: the article
    /// gives no date to read them against, or only a month ("Tuesday" in a URL's `/2016/09/`).
    /// They are missing from the claims' `dates`.
    public var unresolvedDates: [String]

    public init(
        claims: [ExtractedClaim], referenceDate: ReferenceDate?, resolvedRelativeDates: Int, unresolvedDates: [String]
    ) {
        self.claims = claims
        self.referenceDate = referenceDate
        self.resolvedRelativeDates = resolvedRelativeDates
        self.unresolvedDates = unresolvedDates
    }
}
