import ArgumentParser
import ClaimStore
import Foundation

extension Claims {
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Show the desk's throughput: claims by status and verdict, verdicts per reviewer, time to verdict.",
            discussion: "Example:\n  claims stats --format json | jq .median_hours_to_verdict")

        @OptionGroup var options: DatabaseOptions

        @OptionGroup var output: TableOrJSONOption

        /// Hours as people say them: minutes under an hour, days past two.
        static func duration(_ hours: Double) -> String {
            if hours < 1 { return "\(Int((hours * 60).rounded())) minutes" }
            if hours < 48 { return String(format: "%.1f hours", hours) }
            return String(format: "%.1f days", hours / 24)
        }

        func run() throws {
            let stats = try options.openStore().stats()
            if output.format == .json {
                print(try JSONOutput.encode(stats))
                return
            }
            print(Terminal.styled("Claims: \(stats.total)", .bold))
            for status in ClaimStatus.allCases {
                print(
                    "  \(status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(stats.byStatus[status.rawValue] ?? 0)"
                )
            }
            print(Terminal.styled("Verdicts", .bold))
            for (name, count) in stats.byVerdict.sorted(by: {
                $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key)
            }) {
                print("  \(name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(count)")
            }
            print(Terminal.styled("Verdicts per reviewer", .bold))
            if stats.verdictsByReviewer.isEmpty { print("  none yet") }
            for (name, count) in stats.verdictsByReviewer.sorted(by: {
                $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key)
            }) {
                // The name is what the client said; the login is who the server let in.
                let logins = stats.verdictsByReviewerLogin.filter { $0.reviewer == name }
                var line = "  \(Terminal.visible(name).padding(toLength: 20, withPad: " ", startingAt: 0)) \(count)"
                if logins.map(\.databaseUser) != [name] {
                    line +=
                        "  (database user "
                        + logins.map { "\(Terminal.visible($0.databaseUser)): \($0.verdicts)" }.joined(separator: ", ")
                        + ")"
                }
                print(line)
            }
            let median = stats.medianHoursToVerdict.map(Self.duration) ?? "no verdicts yet"
            print(Terminal.styled("Median time from intake to verdict: ", .bold) + median)
            print(Terminal.styled("Oldest pending", .bold))
            if stats.oldestPending.isEmpty { print("  none") }
            var table = TableWriter(
                headers: ["ID", "ADDED", "CLAIM"], textColumn: 2, wide: output.wide,
                width: Terminal.tableWidth.map { $0 - 2 })
            for claim in stats.oldestPending {
                table.append(["#\(claim.id)", DateText.short(claim.createdAt), claim.text])
            }
            if !stats.oldestPending.isEmpty {
                print(table.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            }
        }
    }
}
