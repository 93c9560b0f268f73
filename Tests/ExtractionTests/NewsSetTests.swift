import Checkworthiness
import Extraction
import Foundation
import Testing

/// Extraction on ten real news pages labelled sentence by sentence (Fixtures/news-
/// checkworthiness, a copy of the project's shared news set): the figures are pinned,
/// so a change that lets page furniture back into the queue, or loses claims, fails here.
@Suite("Extraction on the labelled news set")
struct NewsSetTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/news-checkworthiness")

    static func labelledArticles() throws -> [(article: Article, labels: [ExtractionEvaluation.Label])] {
        let articles = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("articles").path
        )
        .filter { $0.hasSuffix(".txt") }.sorted()
        #expect(articles.count == 10)
        return try articles.map { name in
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent("articles/\(name)")))
            let tsv = try String(
                contentsOf: folder.appendingPathComponent("labels/\(name.dropLast(4)).tsv"), encoding: .utf8)
            return (try ArticleReader.read(bytes, name: name), try ExtractionEvaluation.labels(tsv: tsv, name: name))
        }
    }

    @Test func theShippedModelAtItsArticleThresholdGivesThePinnedFigures() throws {
        let model = try CheckworthinessModel.shipped()
        let extractor = ClaimExtractor(model: model)
        var tally = ExtractionEvaluation.Tally()
        for (article, labels) in try Self.labelledArticles() {
            tally.add(
                ExtractionEvaluation.compare(
                    body: article.body, claims: extractor.extract(from: article), labels: labels))
        }
        #expect(tally.notFound == 0, "every labelled sentence is found in its article")
        // Before page furniture was recognised: TP 84, FP 44, FN 3 (P 0.656, F1 0.781).
        let counts: [Int] = [tally.truePositives, tally.falsePositives, tally.falseNegatives]
        #expect(counts == [85, 20, 2])
        #expect(tally.precision >= 0.80 && tally.recall >= 0.97 && tally.f1 >= 0.88)
    }

    @Test func everyFurnitureLineOfTheSetIsLabelledNo() throws {
        // Whatever PageFurniture removes must be a line the annotator called No.
        for (article, labels) in try Self.labelledArticles() {
            let furniture = PageFurniture(body: article.body)
            let yes = labels.filter(\.isCheckworthy).map(\.sentence)
            // Repeated lines are furniture but for their last copy, which may be a Yes.
            for block in furniture.blocks where !block.reason.hasPrefix("repeated") {
                let scalars = Array(article.body.unicodeScalars)[block.start..<block.end]
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars)
                #expect(!yes.contains(String(text)), "\(String(text)) was labelled Yes but taken for \(block.reason)")
            }
        }
    }

    @Test func theArticleThresholdIsChosenOnHeldOutArticles() throws {
        let choice = ExtractionEvaluation.chooseThreshold(
            try Self.labelledArticles(), model: try CheckworthinessModel.shipped())
        #expect(choice.perFold.count == 10)
        let shipped: Double = try CheckworthinessModel.shipped().articleThreshold
        #expect(choice.threshold == shipped, "the shipped model was made this way")
        #expect(choice.heldOut.f1 <= choice.all.f1, "held-out figures cannot beat those the threshold was chosen on")
        #expect(choice.heldOut.f1 > 0.8)
    }
}
