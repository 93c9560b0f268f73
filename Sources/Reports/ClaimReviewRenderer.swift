import ClaimStore
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
    private let reviewURLParts: ReviewURLParts
    private var out = ReportBytes(capacity: 4096)
    private var authorJSON: [UInt8] = []
    private var speakerKinds: [String: Bool] = [:]
    /// The reviews written so far: verified claims with a verdict.
    public private(set) var written = 0

    /// - Parameter reviewURL: Where each fact-check is published, with `{id}` standing for
    ///   the claim's id (``isReviewURLTemplate(_:)``); without one the reviews have no `url`,
    ///   which search engines require.
    public init(reviewURL: String? = nil) {
        self.reviewURL = reviewURL
        reviewURLParts = ReviewURLParts(reviewURL ?? "")
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
        // The review's author is the same on every review.
        var author = ReportBytes(capacity: 256)
        author.appendStatic(",\"author\":{\"@type\":\"Organization\",\"name\":")
        author.appendJSON(organization.name)
        if let url = organization.url.flatMap(ReportText.safeLink) {
            author.appendStatic(",\"url\":")
            author.appendJSON(url)
        }
        author.append(byte: 0x7D)
        authorJSON = author.bytes
        output.write("[")
    }

    public mutating func write(_ item: ReviewedClaim, to output: inout some TextOutputStream) throws {
        guard item.status == "verified", let verdict = item.verdict else { return }
        out.appendStatic(first ? "\n" : ",\n")
        out.appendStatic("{\"@context\":\"https://schema.org\",\"@type\":\"ClaimReview\"")
        if let reviewURL, let url = ReportText.safeLink(reviewURLParts.url(reviewURL, id: item.id)) {
            out.appendStatic(",\"url\":")
            out.appendJSON(url)
        }
        out.appendStatic(",\"claimReviewed\":")
        out.appendJSON(item.text)
        if let reviewed = item.reviewedAt {
            out.appendStatic(",\"datePublished\":")
            appendDay(reviewed)
        }
        out.bytes.append(contentsOf: authorJSON)

        out.appendStatic(",\"reviewRating\":{\"@type\":\"Rating\"")
        if let value = item.ratingValue {
            out.appendStatic(",\"ratingValue\":")
            out.append(value)
            if let best = item.bestRating {
                out.appendStatic(",\"bestRating\":")
                out.append(best)
            }
            if let worst = item.worstRating {
                out.appendStatic(",\"worstRating\":")
                out.append(worst)
            }
        }
        out.appendStatic(",\"alternateName\":")
        out.appendJSON(item.verdictLabel ?? verdict)
        out.append(byte: 0x7D)

        out.appendStatic(",\"itemReviewed\":{\"@type\":\"Claim\"")
        if let speaker = item.speaker?.trimmingWhitespace, !speaker.isEmpty {
            out.appendStatic(
                isOrganization(speaker)
                    ? ",\"author\":{\"@type\":\"Organization\",\"name\":"
                    : ",\"author\":{\"@type\":\"Person\",\"name\":")
            out.appendJSON(speaker)
            out.append(byte: 0x7D)
        }
        if let earliest = item.appearances.lazy.compactMap(\.publishedAt).min() {
            out.appendStatic(",\"datePublished\":")
            appendDay(earliest)
        }
        // Each linkable appearance as a CreativeWork, remembered by where its JSON sits.
        var firstWork: (range: Range<Int>, date: Date?)?
        var works = 0
        for appearance in item.appearances {
            guard let url = appearance.url.flatMap(ReportText.safeLink) else { continue }
            out.appendStatic(works == 0 ? ",\"appearance\":[" : ",")
            let start = out.bytes.count
            out.appendStatic("{\"@type\":\"CreativeWork\",\"url\":")
            out.appendJSON(url)
            if let title = appearance.title {
                out.appendStatic(",\"headline\":")
                out.appendJSON(title)
            }
            out.append(byte: 0x7D)
            works += 1
            // Earliest dated appearance, the first of equals; undated ones count as later than any dated one.
            let range = start..<out.bytes.count
            switch (appearance.publishedAt, firstWork?.date) {
            case (_, _) where firstWork == nil: firstWork = (range, appearance.publishedAt)
            case (let x?, let y?) where x < y: firstWork = (range, x)
            case (_?, nil): firstWork = (range, appearance.publishedAt)
            default: break
            }
        }
        if let firstWork {
            out.appendStatic("],\"firstAppearance\":")
            out.bytes.append(contentsOf: out.bytes[firstWork.range])
        }
        out.appendStatic("}}")
        out.flush(to: &output)
        first = false
        written += 1
    }

    /// A day as a JSON string.
    private mutating func appendDay(_ date: Date) {
        if UTCDate(date) != nil {
            out.append(byte: 0x22)
            out.appendDay(date)
            out.append(byte: 0x22)
        } else {
            out.appendJSON(ReportText.day(date))
        }
    }

    /// ``looksLikeOrganization(_:)``, remembered for the speakers seen (most recur).
    private mutating func isOrganization(_ speaker: String) -> Bool {
        if let known = speakerKinds[speaker] { return known }
        let answer = Self.looksLikeOrganization(speaker)
        // Bounded, so memory stays flat over any number of speakers.
        if speakerKinds.count >= 4096 { speakerKinds.removeAll(keepingCapacity: true) }
        speakerKinds[speaker] = answer
        return answer
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

/// A review URL template cut at each `{id}`, so a claim's URL is the pieces joined with
/// its id, as ``ClaimReviewRenderer/reviewURL(_:id:)`` gives it.
struct ReviewURLParts {
    /// nil when the cut pieces do not give what `replacingOccurrences` gives (then it is used).
    private let parts: [String]?

    init(_ template: String) {
        let pieces = template.components(separatedBy: ClaimReviewRenderer.idPlaceholder)
        let probe: Int64 = 9_876_543_210
        parts =
            pieces.joined(separator: String(probe)) == ClaimReviewRenderer.reviewURL(template, id: probe) ? pieces : nil
    }

    func url(_ template: String, id: Int64) -> String {
        guard let parts else { return ClaimReviewRenderer.reviewURL(template, id: id) }
        if parts.count == 2 { return parts[0] + String(id) + parts[1] }
        return parts.joined(separator: String(id))
    }
}
