import ArgumentParser
import ClaimStore
import Foundation

extension Claims {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a claim with its sources, evidence and history.",
            discussion: """
                Example:
                  claims show 12
                  claims show 12 --format json | jq .history
                """)

        @Argument(help: "The claim id, as `claims list` shows it (with or without #).")
        var id: ClaimID

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func run() throws {
            let store = try options.openStore()
            let detail = try store.detail(id: id.value)
            switch output.format {
            case .json: print(try JSONOutput.encode(detail))
            case .csv: print(ClaimRows.csv(
                [detail.claim], checkedBefore: [detail.claim.id: detail.checkedBefore], variantOf: [detail.claim.id: detail.variantOf]), terminator: "")
            case .table: print(Self.render(detail), terminator: "")
            }
        }

        static func render(_ detail: ClaimDetail) -> String {
            let claim = detail.claim
            // Stored text is shown with its control characters made visible.
            let v = Terminal.visible
            var out = Terminal.styled("Claim #\(claim.id)", .bold) + "  "
                + Terminal.styled(claim.status.rawValue, ClaimRows.statusStyle(claim.status.rawValue))
                + (claim.verdict.map { "  verdict: \(v($0))" } ?? "") + "  (version \(claim.version))\n"
            for earlier in detail.checkedBefore {
                out += Terminal.styled("  checked before: " + ClaimRows.priorCheck(earlier), .yellow) + "\n"
            }
            for variant in detail.variantOf {
                out += Terminal.styled("  " + v(ClaimRows.priorVariant(variant)), .yellow) + "\n"
            }
            out += "  \"\(v(claim.text))\"\n"
            var facts = ["kind: \(claim.kind.rawValue)", "score: \(claim.score.map { String(format: "%.2f", $0) } ?? "-")"]
            if let speaker = claim.speaker { facts.insert("speaker: \(v(speaker))", at: 0) }
            if let assignee = claim.assignee { facts.append("assignee: \(v(assignee))") }
            out += "  " + facts.joined(separator: "  ") + "\n"
            let factList = claim.facts.dates.map { "\($0.iso) (\(v($0.text)))" } + claim.facts.quantities.map { v($0.text) }
            if !factList.isEmpty { out += "  facts: " + factList.joined(separator: "; ") + "\n" }
            out += "  \(claim.origin == "extracted" ? "extracted" : "added") \(DateText.long(claim.createdAt)) by \(v(claim.createdBy))\n"
            if let note = claim.verdictNote { out += "  verdict note: \(v(note))\n" }
            if let reason = claim.dismissReason { out += "  dismissed because: \(v(reason))\n" }

            out += "\n" + Terminal.styled("Appearances (\(detail.appearances.count))", .bold) + "\n"
            for appearance in detail.appearances {
                var line = "  source #\(appearance.sourceID)"
                if let url = appearance.url { line += "  \(v(url))" }
                if let title = appearance.title { line += "  \"\(v(title))\"" }
                if let outlet = appearance.outlet { line += "  (\(v(outlet)))" }
                out += line + "\n"
                if let context = appearance.context, context != claim.text {
                    out += "    …\(v(context))…\n"
                }
            }

            out += "\n" + Terminal.styled("Evidence (\(detail.evidence.count))", .bold) + "\n"
            if detail.evidence.isEmpty { out += "  none yet\n" }
            for item in detail.evidence {
                var line = "  [\(item.stance.rawValue)] \(v(item.url))  by \(v(item.addedBy))"
                if let login = item.databaseUser, login != item.addedBy { line += " (database user \(v(login)))" }
                out += line + ", \(DateText.short(item.addedAt))\n"
                if let note = item.note { out += "    \(v(note))\n" }
            }

            out += "\n" + Terminal.styled("History", .bold) + "\n"
            for event in detail.history {
                var line = "  \(DateText.long(event.occurredAt))  \(event.action.rawValue)  by \(v(event.reviewer))"
                if event.databaseUser != event.reviewer { line += " (database user \(v(event.databaseUser)))" }
                if let from = event.fromStatus, let to = event.toStatus {
                    line += "  \(from.rawValue) -> \(to.rawValue)"
                } else if let to = event.toStatus {
                    line += "  -> \(to.rawValue)"
                }
                if let field = event.field, let value = event.newValue { line += "  \(field): \(v(value))" }
                if let note = event.note { line += "  \"\(v(note))\"" }
                out += line + "\n"
            }
            return out
        }
    }
}

/// A claim id as typed: `12` or `#12`.
struct ClaimID: ExpressibleByArgument {
    var value: Int64

    init?(argument: String) {
        let digits = argument.hasPrefix("#") ? String(argument.dropFirst()) : argument
        guard let value = Int64(digits), value > 0 else { return nil }
        self.value = value
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
