import ArgumentParser
import Checkworthiness
import Foundation

extension Claims {
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score sentences for check-worthiness.",
            discussion: """
                Reads Sentence_id<TAB>Text[<TAB>class_label] (CSV-style quoting allowed) and \
                writes Sentence_id<TAB>score<TAB>Yes|No per row. With --evaluate and labels \
                present, prints precision, recall and F1 of Yes on stderr.

                Example:
                  claims score CT24_checkworthy_english_dev-test.tsv --evaluate > scores.tsv
                """)

        @Argument(help: "Sentences to score (TSV); - reads standard input.")
        var file: String

        @Flag(name: .long, help: "Compare with the file's class_label column and print precision, recall and F1.")
        var evaluate = false

        @OptionGroup var modelOption: ModelOption
        @OptionGroup var scorerOption: ScorerOption

        func run() throws {
            let sentences = try SentenceFiles.read(file, requireLabels: evaluate)
            let model = try modelOption.load()
            let scorer = model.makeScorer()
            let rescorer = try scorerOption.rescorer(ngramIsBuiltIn: modelOption.isBuiltIn, autoUsesEncoder: false)
            var scores = sentences.map { scorer.score($0.text) }
            var threshold = model.threshold
            if let rescorer {
                // The n-gram screen first, as in extraction; the encoder decides the rest.
                let asked = scores.indices.filter { scores[$0] >= rescorer.screenFloor }
                for (index, probability) in zip(asked, rescorer.probabilities(asked.map { sentences[$0].text })) {
                    scores[index] = probability
                }
                threshold = rescorer.transcriptThreshold
            }
            var out = "Sentence_id\tscore\tprediction\n"
            for (sentence, score) in zip(sentences, scores) {
                out += "\(sentence.id)\t\(String(format: "%.4f", score))\t\(score >= threshold ? "Yes" : "No")\n"
            }
            print(out, terminator: "")  // through stdio, whose write errors main reports
            if evaluate {
                let evaluation = Evaluation(scores: scores, labels: sentences.map { $0.label! }, threshold: threshold)
                Terminal.note(SentenceFiles.describe(evaluation))
            }
        }
    }
}

/// `--model FILE`, else CLAIMS_MODEL, else the model built into claims.
struct ModelOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A model from `claims model train` (else CLAIMS_MODEL, else the built-in one).", valueName: "file"))
    var model: String?

    func load() throws -> CheckworthinessModel {
        try Self.load(path: model ?? Self.environmentPath)
    }

    /// Whether neither --model nor CLAIMS_MODEL names a file, so the built-in model scores.
    var isBuiltIn: Bool { model == nil && Self.environmentPath == nil }

    /// CLAIMS_MODEL, when set and not empty.
    static var environmentPath: String? {
        ProcessInfo.processInfo.environment["CLAIMS_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The model in the file at `path`, or the built-in one for nil.
    static func load(path: String?) throws -> CheckworthinessModel {
        do {
            if let path { return try CheckworthinessModel.load(path: path) }
            return try CheckworthinessModel.shipped()
        } catch let error as CheckworthinessModel.FormatError {
            throw CLIError.message(
                "Cannot use the check-worthiness model: \(error.description); train one with `claims model train` or leave out --model."
            )
        }
    }
}

/// Reading and writing the files of `score` and `model train`.
enum SentenceFiles {
    /// Each sentence's position in id order (file order among equal ids): the folds of
    /// blocked cross-validation follow it, so a fold holds whole debates.
    static func idRanks(_ sentences: [LabelledSentence]) -> [Int] {
        var rank = [Int](repeating: 0, count: sentences.count)
        let byID = sentences.indices.sorted { a, b in
            sentences[a].id == sentences[b].id ? a < b : idOrder(sentences[a].id, sentences[b].id)
        }
        for (position, index) in byID.enumerated() { rank[index] = position }
        return rank
    }

    static func read(_ path: String, requireLabels: Bool) throws -> [LabelledSentence] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw CLIError.message("Cannot read \(path); check the path.")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError.message("\(path) is not valid UTF-8 text; save it as UTF-8.")
        }
        let sentences: [LabelledSentence]
        do {
            sentences = try LabelledSentenceReader.parse(text)
        } catch {
            throw CLIError.message("\(path), \(error.description).")
        }
        if requireLabels, let missing = sentences.first(where: { $0.label == nil }) {
            throw CLIError.message(
                "\(path) has no class_label for sentence \(missing.id); labels (Yes/No) are needed here.")
        }
        return sentences
    }

    /// Numeric ids in numeric order, others after them in text order.
    static func idOrder(_ a: String, _ b: String) -> Bool {
        switch (Int(a), Int(b)) {
        case (let x?, let y?): return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return a < b
        }
    }

    static func describe(_ e: Evaluation) -> String {
        String(
            format: "F1 of Yes %.3f (precision %.3f, recall %.3f) on %d sentences; TP %d, FP %d, FN %d, TN %d.",
            e.f1, e.precision, e.recall, e.count, e.truePositives, e.falsePositives, e.falseNegatives, e.trueNegatives)
    }

    /// Writes the way every `--output` is written (see `OutputFile`): whole or not at all.
    static func write(_ data: Data, to path: String) throws {
        var file = try OutputFile(path: path)
        do {
            file.write(bytes: data)
            try file.finish()
        } catch {
            file.abandon()
            throw error
        }
    }
}
