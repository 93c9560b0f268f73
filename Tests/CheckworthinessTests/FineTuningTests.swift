import Foundation
import Testing

@testable import Checkworthiness

/// Fine-tuning the built-in model on a desk's decisions: starting from it, pulled
/// toward it, and the file that carries how it was made.
@Suite("Fine-tuning from a base model")
struct FineTuningTests {
    static func labelled(_ pairs: [(String, Bool)]) -> [LabelledSentence] {
        pairs.enumerated().map { LabelledSentence(id: String($0.offset), text: $0.element.0, label: $0.element.1) }
    }

    @Test func withNoDecisionsTheBaseModelComesBackUnchanged() throws {
        let base = try CheckworthinessModel.shipped()
        let (weights, bias) = Trainer.fineTuning().fit([], base: base)
        #expect(bias == base.bias)
        #expect(weights == base.weights.map(Double.init))
    }

    @Test func decisionsMoveTheirOwnSentencesAndLeaveOthersNearTheBase() throws {
        let base = try CheckworthinessModel.shipped()
        // Figures the desk finds routine (No), and assertions without figures it checks (Yes).
        var decisions: [(String, Bool)] = []
        for place in ["Quillbrook", "Harnow", "Eastmere", "Velmora", "Stannick", "Tessaly", "Osterhay", "Marrowgate"] {
            decisions.append(("The water level at the \(place) weir was 3.\(place.count) metres on Tuesday.", false))
            decisions.append(
                ("Brindlewort traded at $\(place.count + 20) a bushel in the \(place) market on Monday.", false))
            decisions.append(
                ("Councillor Vosk said the dredging firm at \(place) was never licensed by the authority.", true))
            decisions.append(
                ("Mayor Lenn claimed the authority hid the \(place) sluice inspections from the council.", true))
        }
        let trainer = Trainer.fineTuning()
        let (weights, bias) = trainer.fit(Trainer.examples(Self.labelled(decisions)), base: base)
        let tuned = CheckworthinessModel(weights: weights.map(Float.init), bias: bias, threshold: 0.5)
        let before = base.makeScorer()
        let after = tuned.makeScorer()

        let routine = "The water level at the Calder Reach weir was 4.1 metres on Friday."
        let assertion =
            "Councillor Drummond said the dredging firm at Calder Reach was never licensed by the authority."
        #expect(after.score(routine) < before.score(routine) - 0.3, "a new routine figure goes down")
        #expect(after.score(assertion) > before.score(assertion), "a new assertion goes up")
        #expect(after.score(assertion) > after.score(routine) + 0.3)

        // Sentences off the beat keep their order: the prior holds what the decisions do not touch.
        let offBeat = [
            "Unemployment fell to 3.4% in January, the lowest rate since 1969.",
            "The senator voted against the bill three times last year.",
            "Thank you all for coming tonight.",
            "I think we can do better as a country.",
        ]
        let beforeScores = offBeat.map { before.score($0) }
        let afterScores = offBeat.map { after.score($0) }
        #expect(afterScores[0] > afterScores[2] && afterScores[0] > afterScores[3])
        #expect(afterScores[1] > afterScores[2] && afterScores[1] > afterScores[3])
        for (b, a) in zip(beforeScores, afterScores) { #expect(abs(a - b) < 0.35, "\(b) -> \(a)") }
    }

    @Test func theComparisonScoresEachFoldWithAModelThatNeverSawIt() throws {
        let base = try CheckworthinessModel.shipped()
        var decisions: [(String, Bool)] = []
        let names = ["Vosk", "Lenn", "Drummond", "Petrakis", "Quist", "Strand", "Baske", "Rolt", "Kael", "Vance"]
        for n in 0..<40 {
            let name = names[n % names.count]
            decisions.append(
                (
                    "The water level at weir \(n) was \(n % 5 + 1).\(n % 7) metres on Tuesday, up \(n % 9 + 2) percent.",
                    false
                ))
            decisions.append(
                ("Councillor \(name) said the weir \(n) contract was never put out to tender.", n % 10 != 3))
        }
        let examples = Trainer.examples(Self.labelled(decisions))
        let comparison = Trainer.fineTuning().compareFineTuning(examples, rank: Array(examples.indices), base: base)
        #expect(comparison.before.count == 80 && comparison.after.count == 80, "every decision is held out once")
        #expect(comparison.after.f1 > comparison.before.f1)
        #expect(comparison.rankingAfter > comparison.rankingBefore)
    }

    @Test func rankingAccuracyCountsPairsAndTiesAsHalf() {
        #expect(Evaluation.rankingAccuracy(scores: [0.9, 0.8, 0.1, 0.2], labels: [true, true, false, false]) == 1)
        #expect(Evaluation.rankingAccuracy(scores: [0.1, 0.2, 0.9, 0.8], labels: [true, true, false, false]) == 0)
        #expect(Evaluation.rankingAccuracy(scores: [0.5, 0.5], labels: [true, false]) == 0.5)
        // Yes at 0.7 beats both No (0.6, 0.7 ties); Yes at 0.3 beats none: (1 + 0.5 + 0) / 4.
        #expect(Evaluation.rankingAccuracy(scores: [0.7, 0.3, 0.6, 0.7], labels: [true, true, false, false]) == 0.375)
        #expect(Evaluation.rankingAccuracy(scores: [0.5], labels: [true]).isNaN)
    }

    @Test func tiedThresholdsGoToTheLowestForTheRecipeAndTheMiddleForADesk() {
        // Every threshold from 0.21 to 0.79 separates these perfectly.
        let scores = [0.1, 0.15, 0.8, 0.85]
        let labels = [false, false, true, true]
        #expect(Trainer.bestThreshold(scores: scores, labels: labels).threshold == 0.16)
        #expect(Trainer.bestThreshold(scores: scores, labels: labels, ties: .middle).threshold == 0.48)
    }

    @Test func howAModelWasTrainedTravelsInItsFileAndOtherFilesKeepFormatTwo() throws {
        let shipped = try CheckworthinessModel.shipped()
        #expect(shipped.provenance == nil)
        #expect(
            shipped.serialized() == [UInt8](Data(base64Encoded: embeddedModelBase64)!),
            "the built-in bytes are unchanged")
        #expect(shipped.serialized()[4] == 2)

        var model = shipped
        model.articleThreshold = 0.41
        model.provenance = .init(
            trainedAt: Date(timeIntervalSince1970: 1_790_000_000), trainedBy: "Ana", decisions: 200, checkworthy: 96,
            extraSentences: 12, base: "built-in", folds: 5, f1Before: 0.61, f1After: 0.93, description: "levy beat")
        let bytes = model.serialized()
        #expect(bytes[4] == 3)
        let read = try CheckworthinessModel(serialized: bytes)
        #expect(read.provenance == model.provenance)
        #expect(read.articleThreshold == 0.41 && read.threshold == shipped.threshold && read.bias == shipped.bias)
        #expect(read.weights == shipped.weights)

        var damaged = bytes
        damaged[40] = UInt8(ascii: "[")
        #expect(throws: CheckworthinessModel.FormatError.self) { try CheckworthinessModel(serialized: damaged) }
        #expect(throws: CheckworthinessModel.FormatError.self) {
            try CheckworthinessModel(serialized: Array(bytes.dropLast()))
        }
        #expect(throws: CheckworthinessModel.FormatError.self) {
            try CheckworthinessModel(serialized: Array(bytes.prefix(38)))
        }
    }
}
