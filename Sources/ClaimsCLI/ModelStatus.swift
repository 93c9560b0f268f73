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
        @OptionGroup var scorer: ScorerOption

        @Option(name: .long, help: "Output format: table or json.")
        var format: OutputFormat = .table

        func validate() throws {
            if format == .csv {
                throw ValidationError("claims model status prints table or json; use --format json for scripts.")
            }
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
            /// The fine-tuned check-worthiness layers in the sentence model's folder.
            struct TunedEncoder: Encodable {
                var installed: Bool
                var path: String
                var threshold: Double?
                var articleThreshold: Double?
                /// Whether extract and ingest use it under the current --scorer/CLAIMS_SCORER.
                var inUse: Bool

                func encode(to encoder: any Encoder) throws {
                    var container = encoder.container(keyedBy: CodingKeys.self)
                    try container.encode(installed, forKey: .installed)
                    try container.encode(path, forKey: .path)
                    try container.encode(threshold, forKey: .threshold)
                    try container.encode(articleThreshold, forKey: .articleThreshold)
                    try container.encode(inUse, forKey: .inUse)
                }
                enum CodingKeys: String, CodingKey { case installed, path, threshold, articleThreshold, inUse }
            }
            var checkworthinessModel: Checkworthiness
            var sentenceModel: SentenceModelLocation.Status
            var checkworthinessEncoder: TunedEncoder
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let checkworthiness = try model.load()
            let path = model.model ?? environment["CLAIMS_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
            let location = SentenceModelLocation.forClaims(environment: environment)
            let report = Report(
                checkworthinessModel: .init(
                    source: model.model != nil ? "--model" : path != nil ? "CLAIMS_MODEL" : "built-in",
                    path: path, threshold: checkworthiness.threshold,
                    articleThreshold: checkworthiness.articleThreshold),
                sentenceModel: location.status(),
                checkworthinessEncoder: try encoderStatus(
                    location: location, environment: environment, builtIn: path == nil))
            if format == .json {
                print(try JSONOutput.encode(report))
                return
            }
            let scorer = report.checkworthinessModel
            print(
                "Check-worthiness model: \(scorer.path.map { "\($0) (from \(scorer.source))" } ?? "built in"), threshold \(String(format: "%.2f", scorer.threshold)) for sentences, \(String(format: "%.2f", scorer.articleThreshold)) for articles"
            )
            let sentence = report.sentenceModel
            let origin = sentence.origin == .environment ? "from CLAIMS_SENTENCE_MODEL" : "under CLAIMS_HOME"
            if sentence.installed {
                print("Sentence model:         \(Terminal.styled("installed", .green)) (all-MiniLM-L6-v2 files)")
            } else {
                print(
                    "Sentence model:         \(Terminal.styled("not installed", .yellow)); scripts/fetch-sentence-model.sh installs it (until then search ranks by words alone)"
                )
            }
            print("Folder:                 \(Terminal.visible(sentence.path)) (\(origin))")
            let tuned = report.checkworthinessEncoder
            if tuned.installed, let threshold = tuned.threshold, let article = tuned.articleThreshold {
                let use =
                    tuned.inUse
                    ? "used by extract and ingest after the n-gram screen (score: with --scorer encoder)"
                    : "not in use (--scorer or a model of your own)"
                print(
                    "Fine-tuned encoder:     \(Terminal.styled("installed", .green)), threshold \(String(format: "%.2f", threshold)) for sentences, \(String(format: "%.2f", article)) for articles; \(use)"
                )
            } else {
                print(
                    "Fine-tuned encoder:     \(Terminal.styled("not installed", .yellow)); scripts/fetch-sentence-model.sh installs it (until then the n-gram model decides alone)"
                )
            }
            if !sentence.missingFiles.isEmpty {
                print("Missing:                \(sentence.missingFiles.joined(separator: ", "))")
            }
            if let bytes = sentence.modelBytes {
                let checked: String
                switch sentence.sha256Verified {
                case true?: checked = "sha256 verified (the pinned all-MiniLM-L6-v2 weights)"
                case false?:
                    checked = Terminal.styled(
                        "sha256 \(sentence.sha256 ?? "") is not the pinned all-MiniLM-L6-v2 digest", .red)
                case nil: checked = "sha256 not checked (the file cannot be read)"
                }
                print(
                    "Weights:                model.safetensors, \(String(format: "%.1f", Double(bytes) / 1e6)) MB, \(checked)"
                )
            }
        }

        /// The fine-tuned layers' status, read without loading the encoder.
        func encoderStatus(location: SentenceModelLocation, environment: [String: String], builtIn: Bool) throws
            -> Report.TunedEncoder
        {
            let path = location.directory.appendingPathComponent(ScorerOption.classifierFile).path
            let choice = try scorer.choice(environment: environment)
            var status = Report.TunedEncoder(
                installed: false, path: path, threshold: nil, articleThreshold: nil, inUse: false)
            guard location.isInstalled, FileManager.default.fileExists(atPath: path),
                let file = try? SafeTensorsFile(path: path)
            else { return status }
            status.installed = true
            status.threshold = file.metadata[EncoderCheckworthiness.transcriptThresholdKey].flatMap(Double.init)
            status.articleThreshold = file.metadata[EncoderCheckworthiness.articleThresholdKey].flatMap(Double.init)
            status.inUse = choice == .encoder || (choice == .auto && builtIn)
            return status
        }
    }
}
