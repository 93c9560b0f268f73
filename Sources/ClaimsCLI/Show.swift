import ArgumentParser
import ClaimStore
import Foundation

extension Claims {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a claim with its sources, evidence and history.",
            discussion: """
                Examples:
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
            case .csv:
                print(
                    ClaimRows.csv(
                        [detail.claim], checkedBefore: [detail.claim.id: detail.checkedBefore],
                        variantOf: [detail.claim.id: detail.variantOf]), terminator: "")
            case .table: print(Self.render(detail, wide: output.wide), terminator: "")
            }
        }

        /// Free text (the claim, contexts, notes) is wrapped to the terminal, never cut;
        /// `wide` leaves every line whole.
        static func render(_ detail: ClaimDetail, wide: Bool = false) -> String {
            let claim = detail.claim
            // Stored text is shown with its control characters made visible.
            let v = Terminal.visible
            let width = wide ? nil : Terminal.tableWidth
            func wrapped(_ prefix: String, _ text: String, indent: Int) -> String {
                Terminal.hanging(prefix, text, indent: indent, width: width)
            }
            var out =
                Terminal.styled("Claim #\(claim.id)", .bold) + "  "
                + Terminal.styled(claim.status.rawValue, ClaimRows.statusStyle(claim.status.rawValue))
                + (claim.verdict.map { "  verdict: \(v($0))" } ?? "") + "  (version \(claim.version))\n"
            for earlier in detail.checkedBefore {
                out += Terminal.styled("  checked before: " + ClaimRows.priorCheck(earlier), .yellow) + "\n"
            }
            for variant in detail.variantOf {
                out += Terminal.styled("  " + v(ClaimRows.priorVariant(variant)), .yellow) + "\n"
            }
            out += wrapped("  ", "\"\(v(claim.text))\"", indent: 3)
            var facts = [
                "kind: \(claim.kind.rawValue)", "score: \(claim.score.map { String(format: "%.2f", $0) } ?? "-")",
            ]
            if let speaker = claim.speaker { facts.insert("speaker: \(v(speaker))", at: 0) }
            if let assignee = claim.assignee { facts.append("assignee: \(v(assignee))") }
            out += wrapped("  ", facts.joined(separator: "  "), indent: 4)
            let factList =
                claim.facts.dates.map { "\($0.iso) (\(v($0.text)))" } + claim.facts.quantities.map { v($0.text) }
            if !factList.isEmpty { out += wrapped("  facts: ", factList.joined(separator: "; "), indent: 4) }
            out +=
                "  \(claim.origin == "extracted" ? "extracted" : "added") \(DateText.long(claim.createdAt)) by \(v(claim.createdBy))\n"
            if let note = claim.verdictNote { out += wrapped("  verdict note: ", v(note), indent: 4) }
            if let reason = claim.dismissReason { out += wrapped("  dismissed because: ", v(reason), indent: 4) }

            out += "\n" + Terminal.styled("Appearances (\(detail.appearances.count))", .bold) + "\n"
            for appearance in detail.appearances {
                var line = ""
                if let title = appearance.title { line += "\"\(v(title))\"" }
                if let outlet = appearance.outlet { line += (line.isEmpty ? "" : "  ") + "(\(v(outlet)))" }
                // A URL is never broken: on a narrow terminal it takes a line of its own.
                if let url = appearance.url {
                    let oneLine = "  source #\(appearance.sourceID)  \(v(url))" + (line.isEmpty ? "" : "  " + line)
                    if width.map({ oneLine.count <= $0 }) ?? true {
                        out += oneLine + "\n"
                    } else {
                        out += wrapped("  source #\(appearance.sourceID)  ", line, indent: 4)
                        out += "    \(v(url))\n"
                    }
                } else {
                    out += wrapped("  source #\(appearance.sourceID)  ", line, indent: 4)
                }
                if let context = appearance.context, context != claim.text {
                    out += wrapped("    ", "…\(v(context))…", indent: 4)
                }
            }

            out += "\n" + Terminal.styled("Evidence (\(detail.evidence.count))", .bold) + "\n"
            if detail.evidence.isEmpty { out += "  none yet\n" }
            for item in detail.evidence {
                var line = "[\(item.stance.rawValue)] \(v(item.url))  by \(v(item.addedBy))"
                if let login = item.databaseUser, login != item.addedBy { line += " (database user \(v(login)))" }
                out += wrapped("  ", line + ", \(DateText.short(item.addedAt))", indent: 4)
                if let note = item.note { out += wrapped("    ", v(note), indent: 4) }
            }

            out += "\n" + Terminal.styled("History", .bold) + "\n"
            for event in detail.history {
                var line = "\(DateText.long(event.occurredAt))  \(event.action.rawValue)  by \(v(event.reviewer))"
                if event.databaseUser != event.reviewer { line += " (database user \(v(event.databaseUser)))" }
                if let from = event.fromStatus, let to = event.toStatus {
                    line += "  \(from.rawValue) -> \(to.rawValue)"
                } else if let to = event.toStatus {
                    line += "  -> \(to.rawValue)"
                }
                if let field = event.field, let value = event.newValue { line += "  \(field): \(v(value))" }
                if let note = event.note { line += "  \"\(v(note))\"" }
                out += wrapped("  ", line, indent: 4)
            }
            return out
        }
    }
}
