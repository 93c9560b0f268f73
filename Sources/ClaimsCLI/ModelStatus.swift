import ArgumentParser
import Checkworthiness
import ClaimStore
import Foundation
import SentenceModel

extension Claims {
    struct ModelStatus: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the check-worthiness model in use and whether the sentence model is installed.",
            discussion: """
                The sentence model (all-MiniLM-L6-v2) is read from CLAIMS_SENTENCE_MODEL, else from
                sentence-model in CLAIMS_HOME; scripts/fetch-sentence-model.sh installs it there.
                Its weights are checked against the pinned sha256. Exits 0 whether or not it is there:
                  claims model status
                  claims model status --format json
                """)

        @OptionGroup var model: ModelOption

        @Option(name: .long, help: "Output format: table or json.")
        var format: OutputFormat = .table

        func validate() throws {
            if format == .csv { throw ValidationError("claims model status prints table or json; use --format json for scripts.") }
        }

        struct Report: Encodable {
            struct Checkworthiness: Encodable {
                var source: String
                var path: String?
                var threshold: Double
                var articleThreshold: Double

                func encode(to encoder: any Encoder) throws {
                    var container = encoder.container(keyedBy: CodingKeys.self)
                    try container.encode(source, forKey: .source)
                    try container.encode(path, forKey: .path)  // null for the built-in model
                    try container.encode(threshold, forKey: .threshold)
                    try container.encode(articleThreshold, forKey: .articleThreshold)
                }
                enum CodingKeys: String, CodingKey { case source, path, threshold, articleThreshold }
            }
            var checkworthinessModel: Checkworthiness
            var sentenceModel: SentenceModelLocation.Status
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let checkworthiness = try model.load()
            let path = model.model ?? environment["CLAIMS_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
            let location = SentenceModelLocation.resolve(
                environment: environment, claimsHome: LocalDatabase.defaultHome(environment: environment))
            let report = Report(
                checkworthinessModel: .init(
                    source: model.model != nil ? "--model" : path != nil ? "CLAIMS_MODEL" : "built-in",
                    path: path, threshold: checkworthiness.threshold,
                    articleThreshold: checkworthiness.articleThreshold),
                sentenceModel: location.status())
            if format == .json {
                print(try JSONOutput.encode(report))
                return
            }
            let scorer = report.checkworthinessModel
            print("Check-worthiness model: \(scorer.path.map { "\($0) (from \(scorer.source))" } ?? "built in"), threshold \(String(format: "%.2f", scorer.threshold)) for sentences, \(String(format: "%.2f", scorer.articleThreshold)) for articles")
            let sentence = report.sentenceModel
            let origin = sentence.origin == .environment ? "from CLAIMS_SENTENCE_MODEL" : "under CLAIMS_HOME"
            if sentence.installed {
                print("Sentence model:         \(Terminal.styled("installed", .green)) (all-MiniLM-L6-v2 files)")
            } else {
                print("Sentence model:         \(Terminal.styled("not installed", .yellow)); scripts/fetch-sentence-model.sh installs it (until then search ranks by words alone)")
            }
            print("Folder:                 \(Terminal.visible(sentence.path)) (\(origin))")
            if !sentence.missingFiles.isEmpty {
                print("Missing:                \(sentence.missingFiles.joined(separator: ", "))")
            }
            if let bytes = sentence.modelBytes {
                let checked: String
                switch sentence.sha256Verified {
                case true?: checked = "sha256 verified (the pinned all-MiniLM-L6-v2 weights)"
                case false?: checked = Terminal.styled("sha256 \(sentence.sha256 ?? "") is not the pinned all-MiniLM-L6-v2 digest", .red)
                case nil: checked = "sha256 not checked (the file cannot be read)"
                }
                print("Weights:                model.safetensors, \(String(format: "%.1f", Double(bytes) / 1e6)) MB, \(checked)")
            }
        }
    }
}
