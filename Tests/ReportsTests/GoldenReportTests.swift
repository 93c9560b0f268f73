import Foundation
import Testing

@testable import Reports

/// Every report format over the hostile fixtures, byte for byte as committed in Golden/: a
/// faster renderer must be proven identical before it lands. A change meant to alter a
/// format regenerates them (`CLAIMS_GOLDEN_UPDATE=1 scripts/test.sh --filter GoldenReport`)
/// and the diff is reviewed with it.
@Suite("golden outputs: reports")
struct GoldenReportTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test(arguments: ReportFormat.allCases)
    func reportIsUnchanged(format: ReportFormat) throws {
        let text: String
        if format == .claimreview {
            var renderer = ClaimReviewRenderer(reviewURL: "https://desk.example/checks/{id}")
            var out = ""
            try renderer.begin(ReportFixtures.summary, to: &out)
            for item in ReportFixtures.items { try renderer.write(item, to: &out) }
            try renderer.end(to: &out)
            text = out
        } else {
            text = try ReportFixtures.render(format)
        }
        #expect(!text.isEmpty)
        let file = Self.folder.appendingPathComponent("report.\(format.rawValue)")
        if ProcessInfo.processInfo.environment["CLAIMS_GOLDEN_UPDATE"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let committed = try String(contentsOf: file, encoding: .utf8)
        #expect(
            text == committed,
            "report.\(format.rawValue) differs from the committed golden output; regenerate with CLAIMS_GOLDEN_UPDATE=1 only if the change is meant"
        )
    }
}

extension GoldenReportTests {
    /// The built-in template through the template engine (the path a desk's own template
    /// takes) gives the same committed output as the built-in renderer.
    @Test(arguments: [ReportFormat.markdown, .html])
    func builtInTemplateThroughTheEngineIsUnchanged(format: ReportFormat) throws {
        let text = try ReportFixtures.render(format, template: ReportFormat.defaultTemplate(for: format)!)
        let committed = try String(
            contentsOf: Self.folder.appendingPathComponent("report.\(format.rawValue)"), encoding: .utf8)
        #expect(text == committed)
    }
}
