import Checkworthiness
@testable import ClaimsCLI
import Extraction
import Foundation
import Testing

/// The safety net for speed work and refactors: `claims extract --format json` and
/// `--explain --format json` over fixed articles (the shipped examples, the labelled news
/// set, 200 CT24 dev-test sentences) must stay byte for byte what is committed in Golden/.
///
/// A change that is meant to change extraction regenerates them, and the diff is reviewed
/// with it: `CLAIMS_GOLDEN_UPDATE=1 scripts/test.sh --filter GoldenOutput`.
@Suite("golden outputs: extraction")
struct GoldenOutputTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let golden = root.appendingPathComponent("Tests/ClaimsCLITests/Golden")
    static let sets: [(name: String, folder: String)] = [
        ("examples", "examples/articles"),
        ("news", "Tests/ExtractionTests/Fixtures/news-checkworthiness/articles"),
        ("ct24-slice", "Tests/ClaimsCLITests/Golden/ct24-slice"),
    ]

    static func articles(_ folder: String) throws -> [(name: String, article: Article)] {
        let path = root.appendingPathComponent(folder).path
        return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            .filter { !$0.hasPrefix(".") && ($0.hasSuffix(".txt") || $0.hasSuffix(".html") || $0.hasSuffix(".md")) }
            .map { ($0, try ArticleFiles.read(path + "/" + $0, limit: ArticleSizeLimit.defaultLimit)) }
    }

    /// Compares `text` with the committed file, or writes it when asked to.
    static func compare(_ text: String, with name: String) throws {
        let file = golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["CLAIMS_GOLDEN_UPDATE"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let committed = try String(contentsOf: file, encoding: .utf8)
        guard text != committed else { return }
        let ours = text.split(separator: "\n", omittingEmptySubsequences: false)
        let theirs = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ours.count, theirs.count)
        Issue.record("""
            \(name) differs from the committed golden output at line \(line + 1):
              committed: \(line < theirs.count ? String(theirs[line]) : "(end)")
              now:       \(line < ours.count ? String(ours[line]) : "(end)")
            If the change is meant, regenerate with CLAIMS_GOLDEN_UPDATE=1 and review the diff.
            """)
    }

    @Test(arguments: sets.map(\.name))
    func extractJSONIsUnchanged(set: String) throws {
        let folder = try #require(Self.sets.first { $0.name == set }).folder
        let extractor = ClaimExtractor(model: try CheckworthinessModel.shipped())
        let outputs = try Self.articles(folder).map { ExtractOutput(file: $0.name, article: $0.article, claims: extractor.extract(from: $0.article)) }
        let text = try ExtractJSONWriter.render(outputs)
        #expect(text.contains("\"claims\""))
        try Self.compare(text, with: "\(set).extract.json")
    }

    @Test(arguments: sets.map(\.name))
    func explainJSONIsUnchanged(set: String) throws {
        struct Explained: Encodable {
            var file: String
            var title: String?
            var sentences: [SentenceDecision]
        }
        let folder = try #require(Self.sets.first { $0.name == set }).folder
        let extractor = ClaimExtractor(model: try CheckworthinessModel.shipped())
        let explained = try Self.articles(folder).map { Explained(file: $0.name, title: $0.article.title, sentences: extractor.explain($0.article)) }
        #expect(explained.allSatisfy { !$0.sentences.isEmpty })
        try Self.compare(try JSONOutput.encode(explained) + "\n", with: "\(set).explain.json")
    }
}
