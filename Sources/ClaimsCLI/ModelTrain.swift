import ArgumentParser
import Checkworthiness
import Extraction
import Foundation

extension Claims {
    struct ModelTrain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train",
            abstract: "Train a check-worthiness model from labelled sentences or the desk's decisions.",
            discussion: """
                With --from-database, the labels are the desk's own decisions: a verified \
                claim is check-worthy, a claim dismissed as not check-worthy is not; claims \
                merged into another or dismissed as duplicates (or as already checked) are \
                left out, as are claims not decided yet. Training starts from the built-in \
                model (or --base FILE) and is pulled toward it (--prior), so what the \
                decisions do not speak to stays as it was; --plus TRAIN.tsv adds labelled \
                sentences of the desk's own. It prints the F1 of the built-in model and of \
                the retrained one on the decisions, each fold held out in turn, and chooses \
                the thresholds (articles and transcripts) the same way. An editor then makes \
                the model the desk's:
                  claims model train --from-database --output desk.model
                  claims model use desk.model

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

        @Argument(help: "Labelled training sentences (TSV); leave out with --from-database.")
        var train: String?

        @Flag(
            name: .customLong("from-database"),
            help: "Train on the desk's decisions in the database (verified: Yes; dismissed: No).")
        var fromDatabase = false

        @Option(
            name: .long,
            help: ArgumentHelp("With --from-database: labelled sentences (TSV) to train on as well.", valueName: "tsv"))
        var plus: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "With --from-database: the model to start from (default: the built-in one).", valueName: "file"))
        var base: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "With --from-database: how strongly the weights are pulled toward the base model's (L2; default \(Trainer.fineTuningPrior)).",
                valueName: "x"))
        var prior: Double?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "With --from-database: a note kept with the model (shown by `claims model`).", valueName: "text"))
        var description: String?

        @OptionGroup var options: DatabaseOptions

        @Option(
            name: .long,
            help: ArgumentHelp("Labelled sentences to report precision, recall and F1 on.", valueName: "tsv"))
        var dev: String?

        @Option(name: .customLong("output"), help: ArgumentHelp("Where to write the model.", valueName: "file"))
        var outputPath: String?

        /// Where to write the model (required unless --cross-validate, checked in validate()).
        var output: String { outputPath ?? "" }

        @Option(
            name: .long,
            help: ArgumentHelp("Use this threshold instead of choosing one by cross-validation.", valueName: "x"))
        var threshold: Double?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Labelled news articles (NAME.txt) to choose the article threshold on; with --labels.", valueName: "dir"
            ))
        var articles: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Their sentence labels (NAME.tsv: sentence<TAB>Yes|No), as `claims extract --evaluate` reads them.",
                valueName: "dir"))
        var labels: String?

        @Option(
            name: .customLong("article-threshold"),
            help: ArgumentHelp(
                "Use this article threshold instead of choosing one on --articles (default: the transcript threshold).",
                valueName: "x"))
        var articleThreshold: Double?

        @Option(name: .long, help: "Cross-validation folds for choosing the threshold.")
        var folds: Int = 5

        @Option(name: .long, help: "Passes over the training data (default 12; 2 with --encoder).")
        var epochs: Int?

        @Flag(
            name: .long,
            help:
                "Fine-tune the sentence encoder's top layers instead (needs the sentence model; see `claims model status`)."
        )
        var encoder = false

        @Flag(
            name: .customLong("cross-validate"),
            help: ArgumentHelp(
                "With --encoder: report the out-of-fold F1 of --folds-fold blocked cross-validation on TRAIN (the encoder, the n-gram model and their mean) and write no model."
            ))
        var crossValidate = false

        @Option(
            name: .long,
            help: ArgumentHelp("With --encoder: how many of the encoder's top layers to fine-tune.", valueName: "n"))
        var layers: Int = 2

        @Option(
            name: .customLong("learning-rate"),
            help: ArgumentHelp("With --encoder: the tuned layers' peak learning rate.", valueName: "x"))
        var learningRate: Double = 5e-5

        /// The n-gram model's passes.
        var ngramEpochs: Int { epochs ?? 12 }

        @Option(name: .long, help: "Seed of the shuffles.")
        var seed: UInt64 = 42

        func validate() throws {
            if fromDatabase {
                if train != nil {
                    throw ValidationError(
                        "Give TRAIN.tsv or --from-database, not both; add your own labelled sentences with --plus TRAIN.tsv."
                    )
                }
                if articles != nil {
                    throw ValidationError(
                        "With --from-database the article threshold is chosen on the desk's decisions; leave out --articles and --labels."
                    )
                }
                if let prior, !(prior > 0 && prior.isFinite) {
                    throw ValidationError("--prior must be greater than 0, such as \(Trainer.fineTuningPrior).")
                }
            } else {
                if train == nil {
                    throw ValidationError(
                        "Give the labelled sentences to train on (TRAIN.tsv), or --from-database to train on the desk's decisions."
                    )
                }
                if plus != nil || base != nil || prior != nil || description != nil {
                    throw ValidationError("--plus, --base, --prior and --description go with --from-database.")
                }
            }
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
            if let epochs, epochs < 1 { throw ValidationError("--epochs must be 1 or more.") }
            if encoder {
                if fromDatabase { throw ValidationError("--encoder trains on TRAIN.tsv; leave out --from-database.") }
                if !(1...6).contains(layers) { throw ValidationError("--layers must be between 1 and 6.") }
                if !(learningRate > 0 && learningRate < 1) {
                    throw ValidationError("--learning-rate must be between 0 and 1, such as 5e-5.")
                }
            }
            if crossValidate && !encoder {
                throw ValidationError(
                    "--cross-validate goes with --encoder; the n-gram model always reports its out-of-fold F1.")
            }
            if outputPath == nil && !crossValidate {
                throw ValidationError("Give --output FILE: where to write the model.")
            }
            if OutputFile.isFolder(output) { throw ValidationError(OutputFile.folderMessage(output)) }
        }

        func run() throws {
            guard let train else { return try runFromDatabase() }
            if encoder { return try runEncoder(train: train) }
            let sentences = try SentenceFiles.read(train, requireLabels: true)
            var trainer = Trainer()
            trainer.epochs = ngramEpochs
            trainer.seed = seed
            // Trained in file order; the folds of cross-validation follow the ids.
            let examples = Trainer.examples(sentences)
            let rank = SentenceFiles.idRanks(sentences)
            let chosen: Double
            if let threshold {
                chosen = threshold
            } else {
                let (best, f1) = trainer.crossValidatedThreshold(examples, rank: rank, folds: folds)
                chosen = best
                Terminal.note(
                    "Threshold \(String(format: "%.2f", best)) (out-of-fold F1 \(String(format: "%.3f", f1)) in \(folds)-fold blocked cross-validation)."
                )
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
                    "Article threshold \(String(format: "%.2f", choice.threshold)) on \(labelled.count) labelled articles (\(f(choice.all))); each article held out in turn: \(f(choice.heldOut)), thresholds \(choice.perFold.map { String(format: "%.2f", $0) }.joined(separator: " "))."
                )
            }
            let yes = sentences.filter { $0.label == true }.count
            print(
                "Trained on \(sentences.count) sentences (\(yes) Yes), \(ngramEpochs) epochs, seed \(seed); threshold \(String(format: "%.2f", chosen)), for articles \(String(format: "%.2f", model.articleThreshold))."
            )
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
