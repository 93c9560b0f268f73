import ClaimStore

/// How claims look in listings: the same columns in table and CSV.
enum ClaimRows {
    static let csvHeader = [
        "id", "status", "score", "kind", "speaker", "text", "verdict", "assignee", "version", "sources",
        "created_by", "created_at", "updated_at",
    ]

    static func csv(_ claims: [Claim]) -> String {
        var writer = CSVWriter(header: csvHeader)
        for claim in claims {
            writer.append([
                String(claim.id), claim.status.rawValue, claim.score.map { String(format: "%.4f", $0) }, claim.kind.rawValue,
                claim.speaker, claim.text, claim.verdict, claim.assignee, String(claim.version), String(claim.sourceCount),
                claim.createdBy, iso8601(claim.createdAt), iso8601(claim.updatedAt),
            ])
        }
        return writer.text
    }

    static func table(_ claims: [Claim]) -> String {
        var table = TableWriter(headers: ["ID", "STATUS", "SCORE", "KIND", "ASSIGNEE", "CLAIM"], flexibleColumn: 5)
        for claim in claims {
            let text = claim.speaker.map { "\($0): \(claim.text)" } ?? claim.text
            table.append([
                "#\(claim.id)", claim.status.rawValue + (claim.verdict.map { " (\($0))" } ?? ""),
                claim.score.map { String(format: "%.2f", $0) } ?? "-", claim.kind.rawValue, claim.assignee ?? "-", text,
            ])
        }
        return table.render { column, value in
            guard column == 1 else { return value }
            return Terminal.styled(value, statusStyle(value))
        }
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

import Foundation
