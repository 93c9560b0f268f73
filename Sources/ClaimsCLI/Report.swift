import ArgumentParser
import ClaimStore
import Foundation
import Reports

extension Claims {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a review report: Markdown, self-contained HTML, CSV, JSON or ClaimReview JSON-LD.",
            discussion: """
                Without filters it reports every claim. Dates bound the verdict time. Rows \
                stream from the database, so memory stays flat however large the report.

                Examples:
                  claims report --status verified --since 2026-11-01 --format html \\
                      --output week.html
                  claims report --format claimreview --organization "Example Checks" \\
                      --review-url 'https://checks.example/reviews/{id}' \\
                      --output reviews.json
                  claims report --format markdown --template my-desk.mustache
                  claims report --print-template html > my-desk.mustache
                """)

        @Option(name: .long, help: "markdown, html, csv, json or claimreview.")
        var format: ReportFormat = .markdown

        @OptionGroup var statusOption: StatusFilterOption

        @Option(name: .long, help: ArgumentHelp("Only claims with this verdict.", valueName: "name"))
        var verdict: String?

        @Option(
            name: [.customLong("reviewer"), .customLong("by")],
            help: ArgumentHelp("Only claims this reviewer gave a verdict or dismissal.", valueName: "name"))
        var reviewerFilter: String?

        @OptionGroup var sourceOption: SourceFilterOption

        @Option(
            name: .long, help: ArgumentHelp("Verdicts from this date on (YYYY-MM-DD or ISO 8601).", valueName: "date"))
        var since: Day?

        @Option(name: .long, help: ArgumentHelp("Verdicts before this date.", valueName: "date"))
        var until: Day?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Write here instead of standard output (a file is replaced whole or not at all; - is standard output).",
                valueName: "file"))
        var output: String?

        @Option(
            name: .long,
            help: ArgumentHelp("A Mustache template replacing the built-in one (markdown, html).", valueName: "file"))
        var template: String?

        @Option(
            name: .customLong("print-template"),
            help: ArgumentHelp("Print the built-in template of this format and exit.", valueName: "format"))
        var printTemplate: ReportFormat?

        @Option(
            name: .long,
            help: ArgumentHelp("The desk publishing the report (else CLAIMS_ORGANIZATION).", valueName: "name"))
        var organization: String?

        @Option(
            name: .customLong("organization-url"),
            help: ArgumentHelp("The desk's web address (else CLAIMS_ORGANIZATION_URL).", valueName: "url"))
        var organizationURL: String?

        @Option(
            name: .customLong("review-url"),
            help: ArgumentHelp(
                "claimreview: where each fact-check is published, {id} standing for the claim's id (else CLAIMS_REVIEW_URL).",
                valueName: "template"))
        var reviewURL: String?

        @OptionGroup var options: ConnectionOptions

        var status: ClaimStatus? { statusOption.status }
        var source: Int64? { sourceOption.source }

        static let reviewURLKey = "CLAIMS_REVIEW_URL"

        /// The review URL template for claimreview: `--review-url`, else `CLAIMS_REVIEW_URL`.
        func reviewURLTemplate() throws(ValidationError) -> String? {
            guard format == .claimreview else {
                if reviewURL != nil { throw ValidationError("--review-url applies to the claimreview format only.") }
                return nil
            }
            let environment = ProcessInfo.processInfo.environment[Self.reviewURLKey].flatMap { $0.isEmpty ? nil : $0 }
            guard let template = reviewURL ?? environment else {
                throw ValidationError(
                    "ClaimReview needs the address where each fact-check is published: give --review-url 'https://your.desk/checks/{id}' or set \(Self.reviewURLKey)."
                )
            }
            guard ClaimReviewRenderer.isReviewURLTemplate(template) else {
                let name = reviewURL != nil ? "--review-url" : Self.reviewURLKey
                throw ValidationError(
                    "\(name) '\(template)' is not a full http or https address with {id} for the claim's id, such as 'https://your.desk/checks/{id}'."
                )
            }
            return template
        }

        func validate() throws {
            try Day.check(since, option: "--since")
            try Day.check(until, option: "--until")
            if let organizationURL, !ClaimText.isWebURL(organizationURL) {
                throw ValidationError("--organization-url '\(organizationURL)' is not a full http or https address.")
            }
            if template != nil, format != .markdown && format != .html {
                throw ValidationError("--template applies to the markdown and html formats.")
            }
            if let output, OutputFile.isFolder(output) { throw ValidationError(OutputFile.folderMessage(output)) }
            if printTemplate == nil { _ = try reviewURLTemplate() }
        }

        func run() throws {
            if let printTemplate {
                guard let text = ReportFormat.defaultTemplate(for: printTemplate) else {
                    throw ValidationError(
                        "The \(printTemplate.rawValue) format has no template; only markdown and html do.")
                }
                print(text, terminator: "")
                return
            }
            let templateText: String?
            if let template {
                guard let data = FileManager.default.contents(atPath: template) else {
                    throw CLIError.message("Cannot read the template \(template); check the path.")
                }
                templateText = String(decoding: data, as: UTF8.self)
            } else {
                templateText = nil
            }
            var renderer = try makeRenderer(format: format, template: templateText, reviewURL: try reviewURLTemplate())

            let store = try options.openStore()
            // Verdict names are matched without regard to case, as `verify` matches them.
            let verdict = self.verdict.map { (try? store.verdictName(matching: $0)) ?? $0 }
            let filter = ReportFilter(
                status: status, verdict: verdict, reviewer: reviewerFilter, sourceID: source,
                since: since?.date, until: until?.date,
                order: format.isTemplated ? .review : .id)
            let counts = try store.reportCounts(filter, newestPerVerdict: format.isTemplated ? Self.contentsLinks : 0)
            let environment = ProcessInfo.processInfo.environment
            let summary = ReportSummary(
                generatedAt: Date(),
                organization: .init(
                    name: organization ?? environment["CLAIMS_ORGANIZATION"].flatMap { $0.isEmpty ? nil : $0 }
                        ?? "Fact-check desk",
                    url: organizationURL ?? environment["CLAIMS_ORGANIZATION_URL"].flatMap { $0.isEmpty ? nil : $0 }),
                scope: scopeDescription,
                total: counts.total,
                byStatus: counts.byStatus.map {
                    .init(name: $0.status.rawValue, label: $0.status.label, count: $0.count)
                },
                byVerdict: counts.byVerdict.map {
                    .init(
                        name: $0.verdict.name, label: $0.verdict.label, count: $0.count,
                        newest: counts.newestByVerdict[$0.verdict.name] ?? [])
                })

            var sink = try OutputFile(path: output)
            var progress = ReportProgress(total: counts.total, toStandardOutput: output == nil || output == "-")
            do {
                try renderer.begin(summary, to: &sink)
                try store.streamReport(filter) { claim in
                    try renderer.write(claim, to: &sink)
                    try sink.check()
                    progress.advance()
                }
                progress.finish()
                try renderer.end(to: &sink)
                try sink.finish()
            } catch {
                progress.finish()
                sink.abandon()
                throw error
            }
            if let output, output != "-" {
                if let reviews = renderer as? ClaimReviewRenderer {
                    let left = counts.total - reviews.written
                    Terminal.note(
                        "Wrote \(Self.count(reviews.written, "claim review")) to \(output)"
                            + (left > 0 ? " (\(Self.count(left, "claim")) not verified left out)." : "."))
                } else {
                    Terminal.note("Wrote \(Self.count(counts.total, "claim")) to \(output).")
                }
            }
        }

        var scopeDescription: String {
            var parts: [String] = []
            if let status { parts.append(status.rawValue) }
            if let verdict { parts.append("verdict \(verdict)") }
            if let reviewerFilter { parts.append("by \(reviewerFilter)") }
            if let source { parts.append("source #\(source)") }
            if let since { parts.append("since \(since.text)") }
            if let until { parts.append("until \(until.text)") }
            return parts.isEmpty ? "all claims" : parts.joined(separator: ", ")
        }

        /// "1 claim", "2 claims".
        static func count(_ n: Int, _ noun: String) -> String { ReportText.count(n, noun) }

        /// How many of each verdict's newest claims the HTML report's contents links to.
        static let contentsLinks = 10
    }
}

extension ReportFormat: ExpressibleByArgument {}

/// "Writing the report: 4,100 of 20,000 claims (20%)" on one line of standard error,
/// redrawn as claims are written, for reports of `threshold` claims or more (20,000 take
/// seconds), and only when standard error is a terminal that the report itself is not
/// being printed on. The line is cleared when the report is done.
struct ReportProgress {
    static let threshold = 1000
    let total: Int
    let shown: Bool
    private var written = 0
    private var lastDrawn = Date.distantPast

    init(total: Int, toStandardOutput: Bool) {
        self.total = total
        shown =
            total >= Self.threshold && Terminal.standardErrorIsTerminal
            && !(toStandardOutput && Terminal.standardOutputIsTerminal)
    }

    mutating func advance() {
        written += 1
        guard shown, written % 100 == 0 || written == total else { return }
        let now = Date()
        guard written == total || now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
        lastDrawn = now
        let percent = total > 0 ? min(100, written * 100 / total) : 100
        Terminal.writeToStandardError(
            "\rWriting the report: \(Self.grouped(written)) of \(Self.grouped(total)) claims (\(percent)%)\u{1B}[K")
    }

    mutating func finish() {
        guard shown, written >= 0 else { return }
        Terminal.writeToStandardError("\r\u{1B}[K")
        written = -1
    }

    /// 20000 as "20,000".
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
