import ArgumentParser
import Checkworthiness
import ClaimStore
import Extraction
import Foundation
import LocalServer
import SentenceModel

extension Claims.ModelTrain {
    /// `claims model train --encoder TRAIN.tsv`: fine-tunes the sentence encoder's top
    /// layers and a head on the labelled sentences (the layers below run once per
    /// sentence), chooses the transcript threshold on --dev and the article threshold on
    /// --articles/--labels, and writes the tuned layers as float16 safetensors.
    func runEncoder(train: String) throws {
        let encoder = try EncoderCheckworthiness.loadEncoder()
        let sentences = try SentenceFiles.read(train, requireLabels: true)
        let classifier = FineTunedClassifier(base: encoder, tunedLayers: layers, seed: seed)
        var settings = FineTuningSettings()
        settings.epochs = epochs ?? 2
        settings.seed = seed
        settings.learningRate = Float(learningRate)

        let started = Date()
        Terminal.note(
            "Running \(sentences.count) sentences through the \(classifier.firstTunedLayer) frozen layers once…")
        let states = encoder.hiddenStates(
            tokens: encoder.tokenize(sentences.map(\.text)), throughLayer: classifier.firstTunedLayer)
        let f3 = { (x: Double) in String(format: "%.3f", x) }
        let f2 = { (x: Double) in String(format: "%.2f", x) }
        if crossValidate {
            return crossValidateEncoder(
                sentences: sentences, states: states, encoder: encoder, settings: settings, started: started)
        }
        EncoderFineTuning.train(classifier, states: states, labels: sentences.map { $0.label! }, settings: settings) {
            epoch, loss in
            Terminal.note(
                "Epoch \(epoch) of \(settings.epochs): mean loss \(f3(loss)) (\(Int(Date().timeIntervalSince(started))) s)."
            )
        }

        // The transcript threshold (claims score): chosen on --dev, else given, else 0.5.
        var transcriptThreshold = threshold ?? 0.5
        if threshold == nil, let dev {
            let devSentences = try SentenceFiles.read(dev, requireLabels: true)
            let scores = classifier.probabilities(devSentences.map(\.text), encoder: encoder)
            let labels = devSentences.map { $0.label! }
            transcriptThreshold = Trainer.bestThreshold(scores: scores, labels: labels, ties: .middle).threshold
            let evaluation = Evaluation(scores: scores, labels: labels, threshold: transcriptThreshold)
            print(
                "Threshold \(f2(transcriptThreshold)), chosen on \(URL(fileURLWithPath: dev).lastPathComponent): \(SentenceFiles.describe(evaluation))"
            )
        }
        classifier.metadata[EncoderCheckworthiness.transcriptThresholdKey] = f2(transcriptThreshold)

        var articleThreshold = self.articleThreshold ?? transcriptThreshold
        if let articles, let labels {
            let labelled = try ExtractEvaluation.labelledArticles(articles: articles, labels: labels)
            let screen = try CheckworthinessModel.shipped()
            let candidates = EncoderCheckworthiness.candidates(
                labelled.map(\.article), screen: screen, classifier: classifier, encoder: encoder)
            let choice = ExtractionEvaluation.chooseThreshold(labelled, candidates: candidates)
            articleThreshold = choice.threshold
            let f = { (t: ExtractionEvaluation.Tally) in "P \(f3(t.precision)) R \(f3(t.recall)) F1 \(f3(t.f1))" }
            print(
                "Article threshold \(f2(choice.threshold)) on \(labelled.count) labelled articles (\(f(choice.all))); each article held out in turn: \(f(choice.heldOut)), thresholds \(choice.perFold.map(f2).joined(separator: " "))."
            )
        }
        classifier.metadata[EncoderCheckworthiness.articleThresholdKey] = f2(articleThreshold)
        classifier.metadata["trained_on"] =
            "\(sentences.count) sentences of \(URL(fileURLWithPath: train).lastPathComponent)"
        classifier.metadata["settings"] =
            "\(layers) layers, \(settings.epochs) epochs, learning rate \(learningRate), seed \(seed)"
        try SentenceFiles.write(classifier.fileData(), to: output)
        print(
            "Fine-tuned \(layers) layers on \(sentences.count) sentences in \(Int(Date().timeIntervalSince(started))) s; wrote \(output)."
        )
    }
}

extension Claims.ModelTrain {
    /// `--cross-validate`: the folds follow the sentence ids in blocks, as the n-gram
    /// model's threshold choice does, so a fold holds whole debates. Each fold's encoder
    /// is tuned from the base weights on the other folds; the out-of-fold scores of all
    /// folds together give one threshold (ties to the lowest) and one F1, the measure
    /// behind the n-gram model's figure, which is printed beside it with their mean.
    func crossValidateEncoder(
        sentences: [LabelledSentence], states: [TokenStates], encoder: SentenceEncoder,
        settings: FineTuningSettings, started: Date
    ) {
        let f3 = { (x: Double) in String(format: "%.3f", x) }
        let labels = sentences.map { $0.label! }
        let rank = SentenceFiles.idRanks(sentences)
        let fold = rank.map { $0 * folds / max(sentences.count, 1) }

        var encoderScores = [Double](repeating: 0, count: sentences.count)
        for k in 0..<folds {
            let training = sentences.indices.filter { fold[$0] != k }
            let held = sentences.indices.filter { fold[$0] == k }
            guard !held.isEmpty else { continue }
            let classifier = FineTunedClassifier(base: encoder, tunedLayers: layers, seed: seed)
            EncoderFineTuning.train(
                classifier, states: training.map { states[$0] }, labels: training.map { labels[$0] },
                settings: settings
            ) { _, _ in }
            let logits = classifier.logits(continuing: held.map { states[$0] }, encoder: encoder)
            for (index, z) in zip(held, logits) { encoderScores[index] = FineTunedClassifier.sigmoid(z) }
            let foldF1 = Trainer.bestThreshold(scores: held.map { encoderScores[$0] }, labels: held.map { labels[$0] })
                .f1
            Terminal.note(
                "Fold \(k + 1) of \(folds): \(held.count) sentences held out, best F1 on them \(f3(foldF1)) (\(Int(Date().timeIntervalSince(started))) s)."
            )
        }

        var trainer = Trainer()
        trainer.epochs = ngramEpochs
        trainer.seed = seed
        let ngramScores = trainer.outOfFoldScores(Trainer.examples(sentences), rank: rank, folds: folds)
        let meanScores = zip(encoderScores, ngramScores).map { ($0 + $1) / 2 }
        for (name, scores) in [
            ("encoder (\(layers) tuned layers)", encoderScores), ("n-gram model", ngramScores),
            ("mean of the two", meanScores),
        ] {
            let best = Trainer.bestThreshold(scores: scores, labels: labels)
            let evaluation = Evaluation(scores: scores, labels: labels, threshold: best.threshold)
            print(
                "Out-of-fold, \(folds) blocks of \(URL(fileURLWithPath: train ?? "").lastPathComponent), \(name): threshold \(String(format: "%.2f", best.threshold)), \(SentenceFiles.describe(evaluation))"
            )
        }
        print(
            "Cross-validated \(folds) folds of \(sentences.count) sentences in \(Int(Date().timeIntervalSince(started))) s; no model written."
        )
    }
}

/// Check-worthiness by the fine-tuned encoder: the n-gram model screens every
/// sentence, and the encoder scores the ones it cannot rule out.
enum EncoderCheckworthiness {
    static let transcriptThresholdKey = "transcript_threshold"
    static let articleThresholdKey = "article_threshold"
    /// Sentences the n-gram model scores below this never reach the encoder.
    static let screenFloor = 0.05

    static func loadEncoder(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> SentenceEncoder
    {
        let location = SentenceModelLocation.forClaims(environment: environment)
        guard location.isInstalled else {
            throw CLIError.message(
                "The sentence model is not installed (looked in \(location.directory.path)); run scripts/fetch-sentence-model.sh, or set \(SentenceModelLocation.environmentVariable) to its folder."
            )
        }
        do {
            return try SentenceEncoder(directory: location.directory)
        } catch {
            throw CLIError.message("\(error)")
        }
    }

    /// Each article's candidate sentences (through the filters), scored by the encoder
    /// when the n-gram screen lets them through and 0 when it rules them out.
    static func candidates(
        _ articles: [Article], screen: CheckworthinessModel, classifier: FineTunedClassifier,
        encoder: SentenceEncoder
    ) -> [[ExtractionEvaluation.Candidate]] {
        let extractor = ClaimExtractor(model: screen, minimumScore: 0)
        let screened = articles.map { ExtractionEvaluation.candidates($0, extractor: extractor) }
        let asked = screened.flatMap { $0.filter { $0.score >= screenFloor }.map(\.text) }
        var scores = classifier.probabilities(asked, encoder: encoder).makeIterator()
        return screened.map { list in
            list.map { candidate in
                var rescored = candidate
                rescored.score = candidate.score >= screenFloor ? scores.next()! : 0
                return rescored
            }
        }
    }
}

/// The fine-tuned encoder as extraction's second model.
final class EncoderRescorer: SentenceRescorer {
    let encoder: SentenceEncoder
    let classifier: FineTunedClassifier
    let articleThreshold: Double
    let transcriptThreshold: Double
    var screenFloor: Double { EncoderCheckworthiness.screenFloor }

    init(encoder: SentenceEncoder, classifier: FineTunedClassifier) {
        self.encoder = encoder
        self.classifier = classifier
        transcriptThreshold =
            classifier.metadata[EncoderCheckworthiness.transcriptThresholdKey].flatMap(Double.init) ?? 0.5
        articleThreshold =
            classifier.metadata[EncoderCheckworthiness.articleThresholdKey].flatMap(Double.init) ?? transcriptThreshold
    }

    func probabilities(_ sentences: [String]) -> [Double] {
        classifier.probabilities(sentences, encoder: encoder)
    }
}

/// `--scorer auto|encoder|ngram` (else CLAIMS_SCORER, else auto): which model decides
/// what is check-worthy.
struct ScorerOption: ParsableArguments {
    enum Choice: String, ExpressibleByArgument, CaseIterable {
        /// The fine-tuned encoder when it is installed and no other n-gram model was chosen.
        case auto
        case encoder
        case ngram
    }

    @Option(
        name: .long,
        help: ArgumentHelp(
            "auto (articles: the fine-tuned sentence encoder when installed, after the n-gram screen; transcripts: the n-gram model), encoder, or ngram (else CLAIMS_SCORER).",
            valueName: "scorer"))
    var scorer: Choice?

    static let environmentVariable = "CLAIMS_SCORER"
    static let classifierFile = "checkworthiness-encoder.safetensors"

    func choice(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Choice {
        if let scorer { return scorer }
        guard let value = environment[Self.environmentVariable], !value.isEmpty else { return .auto }
        guard let choice = Choice(rawValue: value.lowercased()) else {
            throw CLIError.usage(
                "\(Self.environmentVariable)=\(Terminal.visible(value)) is not a scorer; set it to auto, encoder or ngram, or unset it."
            )
        }
        return choice
    }

    /// The encoder rescorer to use, or nil for the n-gram model alone. With `auto` it is
    /// used only over the built-in n-gram model (a model the user or desk chose is kept),
    /// and its absence is said in one line.
    /// `autoUsesEncoder` is false for transcripts (`claims score`): there the encoder did worse
    /// than the n-gram model on CT24 dev-test (F1 0.791 against 0.826), so `auto` keeps the
    /// n-gram model and only `--scorer encoder` asks for it.
    func rescorer(
        ngramIsBuiltIn: Bool, autoUsesEncoder: Bool = true,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> EncoderRescorer? {
        let choice = try choice(environment: environment)
        if choice == .ngram || (choice == .auto && !(ngramIsBuiltIn && autoUsesEncoder)) { return nil }
        let location = SentenceModelLocation.forClaims(environment: environment)
        let classifierPath = location.directory.appendingPathComponent(Self.classifierFile).path
        let installed = location.isInstalled && FileManager.default.fileExists(atPath: classifierPath)
        if !installed {
            if choice == .encoder {
                throw CLIError.message(
                    "The fine-tuned encoder is not installed (no \(location.isInstalled ? classifierPath : location.directory.path + "/model.safetensors")); run scripts/fetch-sentence-model.sh, or use --scorer ngram."
                )
            }
            Terminal.note(
                "note: scoring with the n-gram model; the fine-tuned sentence encoder is not installed (run scripts/fetch-sentence-model.sh)."
            )
            return nil
        }
        do {
            let encoder = try SentenceEncoder(directory: location.directory)
            return EncoderRescorer(
                encoder: encoder,
                classifier: try FineTunedClassifier(contentsOf: classifierPath, configuration: encoder.configuration))
        } catch {
            throw CLIError.message("\(error)")
        }
    }
}

extension SentenceModelLocation {
    /// Where `claims` looks for the sentence model: CLAIMS_SENTENCE_MODEL, else the claims home's folder.
    static func forClaims(environment: [String: String]) -> SentenceModelLocation {
        resolve(environment: environment, claimsHome: LocalDatabase.defaultHome(environment: environment))
    }
}
