import ClaimStore
import Foundation

/// How claims look in listings: the same columns in table and CSV.
enum ClaimRows {
    static let csvHeader = [
        "id", "status", "score", "kind", "speaker", "text", "verdict", "assignee", "version", "sources",
        "created_by", "created_at", "updated_at", "checked_before", "variant_of",
    ]

    /// `checkedBefore`: verified look-alikes by claim id, from `ClaimStore.checkedBefore`;
    /// `variantOf`: verified variants by claim id, from `ClaimStore.verifiedVariants`.
    static func csv(
        _ claims: [Claim], checkedBefore: [Int64: [PriorCheck]] = [:], variantOf: [Int64: [PriorVariant]] = [:]
    ) -> String {
        var writer = CSVWriter(header: csvHeader, numericColumns: ["id", "score", "version", "sources"])
        for claim in claims {
            writer.append([
                String(claim.id), claim.status.rawValue, claim.score.map { String(format: "%.4f", $0) },
                claim.kind.rawValue,
                claim.speaker, claim.text, claim.verdict, claim.assignee, String(claim.version),
                String(claim.sourceCount),
                claim.createdBy, iso8601(claim.createdAt), iso8601(claim.updatedAt),
                (checkedBefore[claim.id] ?? []).map(priorCheck).joined(separator: "; "),
                (variantOf[claim.id] ?? []).map(priorVariant).joined(separator: "; "),
            ])
        }
        return writer.text
    }

    /// A CHECKED BEFORE column appears when any listed claim has a verified look-alike
    /// or a verified variant ("variant of #17 (false, 2026-03-02): 32 → 23 entities").
    /// The speaker has a column of its own: written before the claim it read as a quote.
    static func table(
        _ claims: [Claim], checkedBefore: [Int64: [PriorCheck]] = [:], variantOf: [Int64: [PriorVariant]] = [:],
        wide: Bool = false
    ) -> String {
        let showChecked = claims.contains {
            checkedBefore[$0.id]?.isEmpty == false || variantOf[$0.id]?.isEmpty == false
        }
        var headers = ["ID", "STATUS", "SCORE", "KIND", "SPEAKER", "ASSIGNEE"]
        if showChecked { headers.append("CHECKED BEFORE") }
        headers.append("CLAIM")
        var table = TableWriter(headers: headers, textColumn: headers.count - 1, wide: wide)
        for claim in claims {
            var row = [
                "#\(claim.id)", claim.status.rawValue + (claim.verdict.map { " (\($0))" } ?? ""),
                claim.score.map(TableWriter.twoDecimals) ?? "-", claim.kind.rawValue, claim.speaker ?? "-",
                claim.assignee ?? "-",
            ]
            if showChecked {
                row.append(
                    checkedBefore[claim.id]?.first.map(priorCheck) ?? variantOf[claim.id]?.first.map(priorVariant)
                        ?? "-")
            }
            row.append(claim.text)
            table.append(row)
        }
        return table.render { column, value in
            if column == 1 { return Terminal.styled(value, statusStyle(value)) }
            if showChecked, column == 6, value != "-" { return Terminal.styled(value, .yellow) }
            return value
        }
    }

    /// "#12, false, 2026-03-02": the look-alike, its verdict and the day it was verified.
    static func priorCheck(_ prior: PriorCheck) -> String {
        "#\(prior.id), \(prior.verdict ?? "verified")"
            + (prior.reviewedAt.map { ", " + DateText.short($0).prefix(10) } ?? "")
    }

    /// "variant of #17 (false, 2026-03-02): 32 → 23 entities": the verified variant and what changed since.
    static func priorVariant(_ prior: PriorVariant) -> String {
        "variant of #\(prior.id) (\(prior.verdict ?? "verified")"
            + (prior.reviewedAt.map { ", " + DateText.short($0).prefix(10) } ?? "")
            + "): " + prior.change
    }

    static func statusStyle(_ value: String) -> Terminal.Style {
        if value.hasPrefix("pending") { return .yellow }
        if value.hasPrefix("in_review") { return .cyan }
        if value.hasPrefix("verified") { return .green }
        return .dim
    }

    static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

/// A claim in `list` and `next` JSON: the claim's own keys plus `checked_before` and `variant_of`.
struct ListedClaim: Encodable {
    var claim: Claim
    var checkedBefore: [PriorCheck]
    var variantOf: [PriorVariant]

    enum CodingKeys: String, CodingKey { case checkedBefore, variantOf }

    func encode(to encoder: Encoder) throws {
        try claim.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(checkedBefore, forKey: .checkedBefore)
        try container.encode(variantOf, forKey: .variantOf)
    }
}
