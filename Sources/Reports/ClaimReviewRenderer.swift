import Foundation

/// Writes schema.org ClaimReview JSON-LD: a JSON array with one object per
/// verified claim that has a verdict; other claims are skipped.
///
/// Fields (Google's fact-check markup: `claimReviewed`, `reviewRating` with
/// `alternateName`, and `url` are required; the rest recommended):
///
/// ```json
/// {"@context": "https://schema.org", "@type": "ClaimReview",
///  "url": "https://desk.example/checks/42",         // the review URL template, {id} filled in
///  "claimReviewed": "<claim text>",
///  "datePublished": "2026-11-05",                   // reviewedAt, when known
///  "author": {"@type": "Organization", "name": "<desk>", "url": "<desk url>"},
///  "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
///                   "alternateName": "False"},      // numbers only when the verdict has a rating
///  "itemReviewed": {"@type": "Claim",
///    "author": {"@type": "Person" | "Organization", "name": "<speaker>"},   // when known
///    "datePublished": "2026-10-30",   // its earliest dated appearance; left out when none is dated
///    "appearance": [{"@type": "CreativeWork", "url": "...", "headline": "..."}],
///    "firstAppearance": {"@type": "CreativeWork", "url": "...", "headline": "..."}}}
/// ```
///
/// Only http and https URLs are published. A speaker is typed `Organization` when
/// the name reads like one (ministry, party, agency...), else `Person`.
///
/// Search engines require `url`, the page where the fact-check is published: it comes
/// from a template such as `https://desk.example/checks/{id}`, never from a guess. A
/// claim's `datePublished` is when it was first published (its earliest dated
/// appearance), never the day it was stored.
public struct ClaimReviewRenderer: ReportRenderer {
    private var organization = ReportSummary.Organization(name: "", url: nil)
    private var first = true
    private let reviewURL: String?
    /// The reviews written so far: verified claims with a verdict.
    public private(set) var written = 0

    /// - Parameter reviewURL: Where each fact-check is published, with `{id}` standing for
    ///   the claim's id (``isReviewURLTemplate(_:)``); without one the reviews have no `url`,
    ///   which search engines require.
    public init(reviewURL: String? = nil) {
        self.reviewURL = reviewURL
    }

    /// The placeholder a review URL template must hold.
    public static let idPlaceholder = "{id}"

    /// Whether `template` can give each review its own web address: it holds `{id}` and,
    /// with an id in its place, is a full http or https URL.
    public static func isReviewURLTemplate(_ template: String) -> Bool {
        template.contains(idPlaceholder)
            && ReportText.safeLink(template.replacingOccurrences(of: idPlaceholder, with: "1")) != nil
    }

    /// The review URL of claim `id` under `template`.
    public static func reviewURL(_ template: String, id: Int64) -> String {
        template.replacingOccurrences(of: idPlaceholder, with: String(id))
    }

    public mutating func begin(_ summary: ReportSummary, to output: inout some TextOutputStream) throws {
        organization = summary.organization
        output.write("[")
    }

    public mutating func write(_ item: ReportItem, to output: inout some TextOutputStream) throws {
        guard item.status == "verified", let verdict = item.verdict else { return }
        let j = ReportText.self
        var fields: [String] = ["\"@context\":\"https://schema.org\"", "\"@type\":\"ClaimReview\""]
        if let reviewURL, let url = ReportText.safeLink(Self.reviewURL(reviewURL, id: item.id)) {
            fields.append("\"url\":\(j.json(url))")
        }
        fields.append("\"claimReviewed\":\(j.json(item.text))")
        if let reviewed = item.reviewedAt { fields.append("\"datePublished\":\(j.json(j.day(reviewed)))") }

        var author = ["\"@type\":\"Organization\"", "\"name\":\(j.json(organization.name))"]
        if let url = organization.url.flatMap(ReportText.safeLink) { author.append("\"url\":\(j.json(url))") }
        fields.append("\"author\":{\(author.joined(separator: ","))}")

        var rating = ["\"@type\":\"Rating\""]
        if let value = item.ratingValue {
            rating.append("\"ratingValue\":\(value)")
            if let best = item.bestRating { rating.append("\"bestRating\":\(best)") }
            if let worst = item.worstRating { rating.append("\"worstRating\":\(worst)") }
        }
        rating.append("\"alternateName\":\(j.json(item.verdictLabel ?? verdict))")
        fields.append("\"reviewRating\":{\(rating.joined(separator: ","))}")

        var claim = ["\"@type\":\"Claim\""]
        if let speaker = item.speaker?.trimmingWhitespace, !speaker.isEmpty {
            let type = Self.looksLikeOrganization(speaker) ? "Organization" : "Person"
            claim.append("\"author\":{\"@type\":\"\(type)\",\"name\":\(j.json(speaker))}")
        }
        if let earliest = item.appearances.compactMap(\.publishedAt).min() {
            claim.append("\"datePublished\":\(j.json(j.day(earliest)))")
        }
        let works = item.appearances
            .compactMap { appearance -> (date: Date?, json: String)? in
                guard let url = appearance.url.flatMap(ReportText.safeLink) else { return nil }
                var work = ["\"@type\":\"CreativeWork\"", "\"url\":\(j.json(url))"]
                if let title = appearance.title { work.append("\"headline\":\(j.json(title))") }
                return (appearance.publishedAt, "{\(work.joined(separator: ","))}")
            }
        if !works.isEmpty {
            claim.append("\"appearance\":[\(works.map(\.json).joined(separator: ","))]")
            // Earliest dated appearance; undated ones count as later than any dated one.
            let firstWork = works.enumerated().min { a, b in
                switch (a.element.date, b.element.date) {
                case let (x?, y?): return x < y || (x == y && a.offset < b.offset)
                case (_?, nil): return true
                case (nil, _?): return false
                case (nil, nil): return a.offset < b.offset
                }
            }!.element
            claim.append("\"firstAppearance\":\(firstWork.json)")
        }
        fields.append("\"itemReviewed\":{\(claim.joined(separator: ","))}")

        output.write((first ? "\n" : ",\n") + "{" + fields.joined(separator: ",") + "}")
        first = false
        written += 1
    }

    public mutating func end(to output: inout some TextOutputStream) throws {
        output.write(first ? "]\n" : "\n]\n")
    }

    /// Words that mark a speaker as an organisation rather than a person.
    private static let organizationWords: Set<String> = [
        "ministry", "department", "government", "party", "agency", "office", "committee", "council",
        "commission", "administration", "campaign", "institute", "association", "union", "bank", "corporation",
        "company", "inc", "ltd", "llc", "foundation", "university", "parliament", "senate", "congress",
        "police", "army", "who", "un", "nato", "eu", "bureau", "authority", "organization", "organisation",
        "group", "coalition", "federation", "kremlin", "pentagon",
    ]

    static func looksLikeOrganization(_ name: String) -> Bool {
        let words = name.lowercased().split(whereSeparator: { !$0.isLetter })
        if words.contains(where: { organizationWords.contains(String($0)) }) { return true }
        return name.lowercased().contains("white house")
    }
}
