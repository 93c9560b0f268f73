import Checkworthiness
import Extraction
import Foundation
import TestSupport
import Testing

@testable import ClaimsCLI

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
        let line =
            zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(ours.count, theirs.count)
        Issue.record(
            """
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
        let outputs = try Self.articles(folder).map {
            ExtractOutput(file: $0.name, article: $0.article, claims: extractor.extract(from: $0.article))
        }
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
        let explained = try Self.articles(folder).map {
            Explained(file: $0.name, title: $0.article.title, sentences: extractor.explain($0.article))
        }
        #expect(explained.allSatisfy { !$0.sentences.isEmpty })
        try Self.compare(try JSONOutput.encode(explained) + "\n", with: "\(set).explain.json")
    }
}

/// The same safety net for the tables people read: `claims extract` and `--explain` as
/// the built binary prints them, piped (nothing cut or wrapped) and at COLUMNS=80.
@Suite("golden outputs: extraction tables")
struct GoldenTableTests {
    static let cases: [(set: String, width: String?, explain: Bool)] = [
        ("examples", nil, false), ("examples", "80", false), ("news", nil, false), ("news", "80", false),
        ("news", "80", true), ("ct24-slice", "80", false),
    ]

    @Test(arguments: cases.indices)
    func extractTableIsUnchanged(index: Int) throws {
        let c = Self.cases[index]
        let folder = try #require(GoldenOutputTests.sets.first { $0.name == c.set }).folder
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["CLAIMS_SCORER"] = "ngram"
        environment["COLUMNS"] = c.width
        // Run from the checkout with a relative folder, so the headings (which wrap at
        // COLUMNS) read the same in every clone.
        let result = try TestProcess.run(
            [
                "/bin/sh", "-c", "cd \"$0\" && exec \"$1\" extract \"$2\" $3", GoldenOutputTests.root.path,
                TestProcess.claimsBinary, folder, c.explain ? "--explain" : "",
            ],
            environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("SCORE"))
        #expect(!result.stdout.contains(GoldenOutputTests.root.path), "relative paths only")
        let printed = result.stdout
        try GoldenOutputTests.compare(
            printed, with: "\(c.set).\(c.explain ? "explain" : "extract").table\(c.width.map { "-" + $0 } ?? "")")
    }
}
