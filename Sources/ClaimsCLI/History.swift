import ArgumentParser
import ClaimStore

extension Claims {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a claim's audit trail: who changed what, when, from and to.",
            discussion: "Example:\n  claims history 12 --format csv")

        @Argument(help: "The claim id.")
        var id: ClaimID

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        func run() throws {
            let store = try options.openStore()
            _ = try store.claim(id: id.value)
            let events = try store.history(id: id.value)
            switch output.format {
            case .json: print(try JSONOutput.encode(events))
            case .csv:
                var csv = CSVWriter(
                    header: [
                        "id", "occurred_at", "action", "reviewer", "db_user", "from_status", "to_status", "field",
                        "old_value", "new_value", "note", "claim_version",
                    ], numericColumns: ["id", "claim_version"])
                for e in events {
                    csv.append([
                        String(e.id), ClaimRows.iso8601(e.occurredAt), e.action.rawValue, e.reviewer, e.databaseUser,
                        e.fromStatus?.rawValue, e.toStatus?.rawValue, e.field, e.oldValue, e.newValue, e.note,
                        e.claimVersion.map(String.init),
                    ])
                }
                print(csv.text, terminator: "")
            case .table:
                // The change and the note are free text, never cut: they share the text column.
                var table = TableWriter(
                    headers: ["WHEN (UTC)", "ACTION", "BY", "DB USER", "STATUS", "CHANGE AND NOTE"], textColumn: 5,
                    wide: output.wide)
                for e in events {
                    let status = e.toStatus.map { "\(e.fromStatus?.rawValue ?? "") -> \($0.rawValue)" } ?? "-"
                    let change = e.field.map { "\($0): \(e.oldValue ?? "") -> \(e.newValue ?? "")" }
                    let note = e.note.map { "\"\($0)\"" }
                    let text = [change, note].compactMap { $0 }.joined(separator: "  ")
                    table.append([
                        DateText.long(e.occurredAt), e.action.rawValue, e.reviewer, e.databaseUser, status,
                        text.isEmpty ? "-" : text,
                    ])
                }
                print(table.render(), terminator: "")
            }
        }
    }
}
