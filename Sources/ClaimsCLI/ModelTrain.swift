import ArgumentParser
import Checkworthiness
import Extraction
import Foundation

extension Claims {
    struct ModelTrain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train",
            abstract: "Train a check-worthiness model from labelled sentences.",
            discussion: """
                TRAIN.tsv holds Sentence_id<TAB>Text<TAB>class_label (Yes/No), as the \
                CheckThat! data does. The decision threshold is chosen by blocked \
                cross-validation on TRAIN (contiguous blocks by Sentence_id, so whole debates \
                are held out) unless given. Training is deterministic: the same data and seed \
                give the same model. The article threshold (extract, ingest) is chosen on \
                labelled news articles; the transcript threshold (score) on TRAIN. Use a model \
                of your own with --model FILE or CLAIMS_MODEL.

                The shipped model is made with:
                  D=../shared/data
                  claims model train $D/checkworthiness/CT24_checkworthy_english_train.tsv \\
                      --dev $D/checkworthiness/CT24_checkworthy_english_dev.tsv \\
                      --articles $D/news-checkworthiness/articles \\
                      --labels $D/news-checkworthiness/labels \\
                      --output models/checkworthiness.model
                """)

        @Argument(help: "Labelled training sentences (TSV).")
        var train: String

        @Option(name: .long, help: ArgumentHelp("Labelled sentences to report precision, recall and F1 on.", valueName: "tsv"))
        var dev: String?

        @Option(name: .long, help: ArgumentHelp("Where to write the model.", valueName: "file"))
        var output: String

        @Option(name: .long, help: ArgumentHelp("Use this threshold instead of choosing one by cross-validation.", valueName: "x"))
        var threshold: Double?

        @Option(name: .long, help: ArgumentHelp(
            "Labelled news articles (NAME.txt) to choose the article threshold on; with --labels.", valueName: "dir"))
        var articles: String?

        @Option(name: .long, help: ArgumentHelp(
            "Their sentence labels (NAME.tsv: sentence<TAB>Yes|No), as `claims extract --evaluate` reads them.", valueName: "dir"))
        var labels: String?

        @Option(name: .customLong("article-threshold"), help: ArgumentHelp(
            "Use this article threshold instead of choosing one on --articles (default: the transcript threshold).", valueName: "x"))
        var articleThreshold: Double?

        @Option(name: .long, help: "Cross-validation folds for choosing the threshold.")
        var folds: Int = 5

        @Option(name: .long, help: "Passes over the training data.")
        var epochs: Int = 12

        @Option(name: .long, help: "Seed of the shuffles.")
        var seed: UInt64 = 42

        func validate() throws {
            if let threshold, !(0 < threshold && threshold < 1) {
                throw ValidationError("--threshold must be between 0 and 1, such as 0.3.")
            }
            if folds < 2 { throw ValidationError("--folds must be 2 or more.") }
            if (articles == nil) != (labels == nil) {
                throw ValidationError("--articles and --labels go together: the articles and their sentence labels.")
            }
            if let articleThreshold, !(0 < articleThreshold && articleThreshold < 1) {
                throw ValidationError("--article-threshold must be between 0 and 1, such as 0.3.")
            }
            if articleThreshold != nil && articles != nil {
                throw ValidationError("Give --article-threshold or --articles to choose one, not both.")
            }
            if epochs < 1 { throw ValidationError("--epochs must be 1 or more.") }
            if OutputFile.isFolder(output) { throw ValidationError(OutputFile.folderMessage(output)) }
        }

        func run() throws {
            let sentences = try SentenceFiles.read(train, requireLabels: true)
            var trainer = Trainer()
            trainer.epochs = epochs
            trainer.seed = seed
            // Trained in file order; the folds of cross-validation follow the ids.
            let examples = Trainer.examples(sentences)
            var rank = [Int](repeating: 0, count: sentences.count)
            let byID = sentences.indices.sorted { a, b in
                sentences[a].id == sentences[b].id ? a < b : SentenceFiles.idOrder(sentences[a].id, sentences[b].id)
            }
            for (position, index) in byID.enumerated() { rank[index] = position }
            let chosen: Double
            if let threshold {
                chosen = threshold
            } else {
                let (best, f1) = trainer.crossValidatedThreshold(examples, rank: rank, folds: folds)
                chosen = best
                Terminal.note("Threshold \(String(format: "%.2f", best)) (out-of-fold F1 \(String(format: "%.3f", f1)) in \(folds)-fold blocked cross-validation).")
            }
            let (weights, bias) = trainer.fit(examples)
            var model = CheckworthinessModel(
                weights: weights.map(Float.init), bias: bias, threshold: chosen, articleThreshold: articleThreshold)
            if let articles, let labels {
                let labelled = try ExtractEvaluation.labelledArticles(articles: articles, labels: labels)
                let choice = ExtractionEvaluation.chooseThreshold(labelled, model: model)
                model.articleThreshold = choice.threshold
                let f = { (t: ExtractionEvaluation.Tally) in
                    String(format: "P %.3f R %.3f F1 %.3f", t.precision, t.recall, t.f1)
                }
                Terminal.note(
                    "Article threshold \(String(format: "%.2f", choice.threshold)) on \(labelled.count) labelled articles (\(f(choice.all))); each article held out in turn: \(f(choice.heldOut)), thresholds \(choice.perFold.map { String(format: "%.2f", $0) }.joined(separator: " ")).")
            }
            let yes = sentences.filter { $0.label == true }.count
            print("Trained on \(sentences.count) sentences (\(yes) Yes), \(epochs) epochs, seed \(seed); threshold \(String(format: "%.2f", chosen)), for articles \(String(format: "%.2f", model.articleThreshold)).")
            if let dev {
                let devSentences = try SentenceFiles.read(dev, requireLabels: true)
                let scorer = model.makeScorer()
                let evaluation = Evaluation(
                    scores: devSentences.map { scorer.score($0.text) }, labels: devSentences.map { $0.label! },
                    threshold: chosen)
                print("On \(URL(fileURLWithPath: dev).lastPathComponent): \(SentenceFiles.describe(evaluation))")
            }
            try SentenceFiles.write(Data(model.serialized()), to: output)
            print("Wrote \(output).")
        }
    }
}
