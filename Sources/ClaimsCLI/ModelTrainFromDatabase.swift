import ArgumentParser
import Checkworthiness
import ClaimStore
import Foundation

extension Claims.ModelTrain {
    /// The fewest decisions of each kind worth training on: two per fold and more.
    static let minimumDecisionsEach = 10

    /// `claims model train --from-database`: fine-tunes the base model on the desk's decisions.
    func runFromDatabase() throws {
        let baseModel = try ModelOption.load(path: base)
        let extra = try plus.map { try SentenceFiles.read($0, requireLabels: true) } ?? []
        let store = try options.openStore()
        let found = try store.deskDecisions()
        let yes = found.checkworthy
        let no = found.decisions.count - found.checkworthy
        guard yes >= Self.minimumDecisionsEach, no >= Self.minimumDecisionsEach else {
            throw CLIError.message(
                "The database holds \(yes) verified and \(no) dismissed claims; training needs at least \(Self.minimumDecisionsEach) of each: verify or dismiss more claims first."
            )
        }
        print(
            "Read \(found.decisions.count) of the desk's decisions: \(yes) verified (check-worthy), \(no) dismissed as not check-worthy; left out \(found.duplicates) merged or dismissed as duplicates and \(found.undecided) not decided yet."
        )
        if !extra.isEmpty {
            print(
                "With \(extra.count) labelled sentences from \(URL(fileURLWithPath: plus!).lastPathComponent) (\(extra.filter { $0.label == true }.count) Yes)."
            )
        }

        var trainer = Trainer.fineTuning(prior: prior ?? Trainer.fineTuningPrior)
        trainer.epochs = ngramEpochs
        trainer.seed = seed
        let labelled = found.decisions.map {
            LabelledSentence(id: String($0.claimID), text: $0.text, label: $0.checkworthy)
        }
        let result = trainer.fineTune(labelled, extra: extra, base: baseModel, folds: folds)
        let baseName = base.map { "the model in \(URL(fileURLWithPath: $0).lastPathComponent)" } ?? "the built-in model"
        let comparison = result.comparison
        func line(_ evaluation: Evaluation, _ ranking: Double) -> String {
            String(
                format: "F1 %.3f (precision %.3f, recall %.3f), ranking (ROC AUC) %.3f", evaluation.f1,
                evaluation.precision,
                evaluation.recall, ranking)
        }
        print("Cross-validated on the desk's decisions, \(folds) folds, each held out in turn:")
        print("  before, \(baseName): \(line(comparison.before, comparison.rankingBefore))")
        print("  after, retrained: \(line(comparison.after, comparison.rankingAfter))")
        if comparison.after.f1 <= comparison.before.f1 {
            print(
                "The retrained model does no better than \(baseName) on these decisions; keep \(baseName) (no `claims model use`) until the desk has made more."
            )
        }

        var model = result.model
        if let threshold { model.threshold = threshold }
        if let articleThreshold { model.articleThreshold = articleThreshold }
        model.provenance = CheckworthinessModel.Provenance(
            trainedAt: Date(), trainedBy: options.reviewerName, decisions: found.decisions.count, checkworthy: yes,
            extraSentences: extra.count, base: base.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "built-in",
            folds: folds, f1Before: comparison.before.f1, f1After: comparison.after.f1,
            description: description.map { ClaimText.clean($0) })
        let f2 = { (x: Double) in String(format: "%.2f", x) }
        print(
            "Trained on \(found.decisions.count) decisions\(extra.isEmpty ? "" : " and \(extra.count) sentences") from \(baseName), prior \(prior ?? Trainer.fineTuningPrior), \(ngramEpochs) epochs, seed \(seed); threshold \(f2(model.threshold)) (out-of-fold F1 \(String(format: "%.3f", result.outOfFoldF1))), for articles \(f2(model.articleThreshold))."
        )
        if let dev {
            let devSentences = try SentenceFiles.read(dev, requireLabels: true)
            let scorer = model.makeScorer()
            let evaluation = Evaluation(
                scores: devSentences.map { scorer.score($0.text) }, labels: devSentences.map { $0.label! },
                threshold: model.threshold)
            print("On \(URL(fileURLWithPath: dev).lastPathComponent): \(SentenceFiles.describe(evaluation))")
        }
        try SentenceFiles.write(Data(model.serialized()), to: output)
        print("Wrote \(output). An editor makes it the desk's model with `claims model use \(output)`.")
    }
}
