import ArgumentParser
import Extraction
import Foundation

/// `claims extract FILES --evaluate LABELS_DIR`: extraction measured against a desk's
/// sentence labels, per article and in all.
struct ExtractEvaluation {
    var labelsFolder: String
    var format: OutputFormat

    struct ArticleResult: Encodable {
        var file: String
        var labelled: Int
        var checkworthy: Int
        var truePositives: Int
        var falsePositives: Int
        var falseNegatives: Int
        var notFound: Int
        var precision: Double
        var recall: Double
        var f1: Double
        var errors: [ErrorRow]
    }

    struct ErrorRow: Encodable {
        var outcome: String
        var text: String
    }

    struct Summary: Encodable {
        var articles: [ArticleResult]
        var total: ArticleResult
    }

    func run(files: [String], extractor: ClaimExtractor, overrides: ArticleOverrides, limit: Int) throws {
        var results: [ArticleResult] = []
        var all = ExtractionEvaluation.Tally()
        var labelledCount = 0
        var checkworthy = 0
        var failed = 0
        for path in files {
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let labelPath = (labelsFolder as NSString).appendingPathComponent(name + ".tsv")
            guard let data = FileManager.default.contents(atPath: labelPath) else {
                Terminal.note("note: \(path) has no labels (\(labelPath)); left out of the figures.")
                continue
            }
            do {
                let labels = try ExtractionEvaluation.labels(
                    tsv: String(decoding: data, as: UTF8.self), name: labelPath)
                var article = try ArticleFiles.read(path, limit: limit)
                overrides.apply(to: &article)
                let rows = ExtractionEvaluation.compare(
                    body: article.body, claims: extractor.extract(from: article), labels: labels)
                var tally = ExtractionEvaluation.Tally()
                tally.add(rows)
                all.add(rows)
                labelledCount += labels.count
                checkworthy += labels.filter(\.isCheckworthy).count
                results.append(
                    Self.result(
                        file: path, labelled: labels.count, checkworthy: labels.filter(\.isCheckworthy).count,
                        tally: tally,
                        errors: rows.filter { $0.outcome != .truePositive && $0.outcome != .trueNegative }
                            .map { ErrorRow(outcome: $0.outcome.rawValue, text: $0.text) }))
            } catch let error as ExtractionEvaluation.LabelError {
                Terminal.note("error: \(error.description)")
                failed += 1
            } catch let error as ArticleError {
                Terminal.note("error: \(error.description)")
                failed += 1
            }
        }
        guard !results.isEmpty else {
            throw CLIError.message(
                "None of the articles has a label file in \(labelsFolder); name each NAME.tsv after its article NAME.txt."
            )
        }
        let total = Self.result(file: "all", labelled: labelledCount, checkworthy: checkworthy, tally: all, errors: [])
        if format == .json {
            print(try JSONOutput.encode(Summary(articles: results, total: total)))
        } else {
            var table = TableWriter(
                headers: ["ARTICLE", "LABELLED", "YES", "TP", "FP", "FN", "P", "R", "F1"], textColumn: 0)
            for result in results + [total] {
                table.append([
                    result.file == "all"
                        ? "all \(results.count) articles" : (result.file as NSString).lastPathComponent,
                    String(result.labelled), String(result.checkworthy),
                    String(result.truePositives), String(result.falsePositives), String(result.falseNegatives),
                    String(format: "%.3f", result.precision), String(format: "%.3f", result.recall),
                    String(format: "%.3f", result.f1),
                ])
            }
            print(table.render(), terminator: "")
            if all.notFound > 0 {
                Terminal.note(
                    "note: \(all.notFound) labelled sentences were not found in their article's text and count as not extracted."
                )
            }
        }
        if failed > 0 { throw ExitCode.failure }
    }

    /// The articles of a folder that have a label file in `labels`, read and paired.
    static func labelledArticles(articles: String, labels: String) throws -> [(
        article: Article, labels: [ExtractionEvaluation.Label]
    )] {
        var found: [(article: Article, labels: [ExtractionEvaluation.Label])] = []
        for path in try ArticleFiles.expand([articles]) {
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let labelPath = (labels as NSString).appendingPathComponent(name + ".tsv")
            guard let data = FileManager.default.contents(atPath: labelPath) else { continue }
            do {
                found.append(
                    (
                        try ArticleFiles.read(path, limit: ArticleSizeLimit.defaultLimit),
                        try ExtractionEvaluation.labels(tsv: String(decoding: data, as: UTF8.self), name: labelPath)
                    ))
            } catch let error as ExtractionEvaluation.LabelError {
                throw CLIError.message(error.description)
            } catch let error as ArticleError {
                throw CLIError.message(error.description)
            }
        }
        guard !found.isEmpty else {
            throw CLIError.message(
                "No article in \(articles) has a label file in \(labels); name each NAME.tsv after its article NAME.txt."
            )
        }
        return found
    }

    static func result(
        file: String, labelled: Int, checkworthy: Int, tally: ExtractionEvaluation.Tally, errors: [ErrorRow]
    ) -> ArticleResult {
        ArticleResult(
            file: file, labelled: labelled, checkworthy: checkworthy, truePositives: tally.truePositives,
            falsePositives: tally.falsePositives, falseNegatives: tally.falseNegatives, notFound: tally.notFound,
            precision: tally.precision, recall: tally.recall, f1: tally.f1, errors: errors)
    }
}
