import ArgumentParser
import Checkworthiness
import Foundation

extension Claims {
    struct ModelTrain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train",
            abstract: "Train a check-worthiness model from labelled sentences.",
            discussion: """
                TRAIN.tsv holds Sentence_id<TAB>Text<TAB>class_label (Yes/No), as the CheckThat!
                data does. The decision threshold is chosen by blocked cross-validation on TRAIN
                (contiguous blocks by Sentence_id, so whole debates are held out) unless given.
                Training is deterministic: the same data and seed give the same model. The
                shipped model is made with:
                  claims model train ../shared/data/checkworthiness/CT24_checkworthy_english_train.tsv \\
                      --dev ../shared/data/checkworthiness/CT24_checkworthy_english_dev.tsv \\
                      --output models/checkworthiness.model
                Use a model of your own with --model FILE or CLAIMS_MODEL.
                """)

        @Argument(help: "Labelled training sentences (TSV).")
        var train: String

        @Option(name: .long, help: ArgumentHelp("Labelled sentences to report precision, recall and F1 on.", valueName: "tsv"))
        var dev: String?

        @Option(name: .long, help: ArgumentHelp("Where to write the model.", valueName: "file"))
        var output: String

        @Option(name: .long, help: ArgumentHelp("Use this threshold instead of choosing one by cross-validation.", valueName: "x"))
        var threshold: Double?

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
            let model = CheckworthinessModel(weights: weights.map(Float.init), bias: bias, threshold: chosen)
            let yes = sentences.filter { $0.label == true }.count
            print("Trained on \(sentences.count) sentences (\(yes) Yes), \(epochs) epochs, seed \(seed); threshold \(String(format: "%.2f", chosen)).")
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
