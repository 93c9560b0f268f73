import ArgumentParser
import Checkworthiness
import ClaimStore
import Foundation

extension Claims {
    struct ModelUse: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "use",
            abstract: "Make a model the desk's: the one every reviewer's ingest uses (an editor's call).",
            discussion: """
                Stores FILE in the database and makes it the desk's model: `claims
                ingest` and `claims add` on this database score with it, for every
                reviewer, unless --model or CLAIMS_MODEL says otherwise (and so does
                `claims extract --database URL`). `claims model use
                --shipped` (or `claims model use none`) goes back to the model built
                into claims. One model is active at a time; every switch is logged.
                Only an editor (role claims_editor) can switch. Examples:
                  claims model train --from-database --output desk.model
                  claims model use desk.model --description "levy beat, first 200 decisions"
                  claims model use --shipped
                """)

        @Argument(
            help: ArgumentHelp(
                "A model file from `claims model train`, or none for the built-in model.", valueName: "file"))
        var file: String?

        @Flag(name: .long, help: "Go back to the model built into claims.")
        var shipped = false

        @Option(
            name: .long,
            help: ArgumentHelp("A note kept with the model (else the one given at training).", valueName: "text"))
        var description: String?

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var output: FormatOption

        private var builtIn: Bool { shipped || file == "none" }

        func validate() throws {
            if shipped, file != nil {
                throw ValidationError("Give a model file or --shipped, not both.")
            }
            if !shipped, file == nil {
                throw ValidationError(
                    "Give the model file to use (from `claims model train`), or --shipped for the built-in model.")
            }
            if builtIn, description != nil { throw ValidationError("--description goes with a model file.") }
            if output.format == .csv { throw ValidationError("claims model use prints table or json.") }
        }

        func run() throws {
            if builtIn {
                let store = try options.openStore()
                let previous = try store.useBuiltInModel(reviewer: options.reviewerName)
                switch output.format {
                case .json:
                    print(
                        try JSONOutput.encode(
                            ModelUseOutput(active: "built-in", deskModel: nil, stored: false, previous: previous?.id)))
                default:
                    if let previous {
                        print(
                            "Ingest and add on this database now score with the built-in model (desk model #\(previous.id) is kept, inactive)."
                        )
                    } else {
                        print("Ingest and add on this database already score with the built-in model; nothing changed.")
                    }
                }
                return
            }
            guard let file else {
                throw CLIError.usage("Give the model file to use, or --shipped for the built-in model.")
            }
            let bytes = try Self.readModelFile(file)
            let model: CheckworthinessModel
            do {
                model = try CheckworthinessModel(serialized: bytes)
            } catch {
                throw CLIError.message(
                    "Cannot use \(file): \(error.description); give a model written by `claims model train`.")
            }
            let provenance = model.provenance
            let store = try options.openStore()
            let (desk, stored) = try store.useDeskModel(
                NewDeskModel(
                    bytes: bytes, trainedAt: provenance?.trainedAt, trainedBy: provenance?.trainedBy,
                    labelCount: provenance.map { $0.decisions + $0.extraSentences },
                    description: description ?? provenance?.description),
                reviewer: options.reviewerName)
            switch output.format {
            case .json:
                print(
                    try JSONOutput.encode(
                        ModelUseOutput(active: "desk", deskModel: desk, stored: stored, previous: nil)))
            default:
                print(
                    "Ingest and add on this database now score with desk model #\(desk.id) (\(stored ? "stored now" : "stored before"), sha256 \(desk.sha256.prefix(12))); thresholds: articles \(String(format: "%.2f", model.articleThreshold)), transcripts \(String(format: "%.2f", model.threshold))."
                )
                if let provenance {
                    print(
                        "Trained \(DateText.long(provenance.trainedAt)) by \(Terminal.visible(provenance.trainedBy)) on \(provenance.decisions) of the desk's decisions\(provenance.extraSentences > 0 ? " and \(provenance.extraSentences) sentences" : ""); cross-validated F1 \(String(format: "%.3f", provenance.f1Before)) before, \(String(format: "%.3f", provenance.f1After)) after."
                    )
                }
            }
        }
    }
}

extension Claims.ModelUse {
    /// A model file is about 1 MB; anything far larger is not one.
    static let largestModelFile = 64 << 20

    /// The bytes of the model file at `path`, refusing in one sentence what cannot be one:
    /// a missing path, a folder, a device or pipe, an empty or a far too large file.
    static func readModelFile(_ path: String) throws -> [UInt8] {
        let shown = Terminal.visible(path)
        let attributes: [FileAttributeKey: Any]
        do {
            // Follows a symbolic link to what it names.
            attributes = try FileManager.default.attributesOfItem(
                atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
        } catch {
            throw CLIError.message("Cannot read \(shown): it does not exist or cannot be reached; check the path.")
        }
        switch attributes[.type] as? FileAttributeType {
        case .typeDirectory?:
            throw CLIError.message(
                "\(shown) is a folder; give the model file written by `claims model train --output FILE`.")
        case .typeRegular?:
            break
        default:
            throw CLIError.message(
                "\(shown) is not a regular file; give the model file written by `claims model train --output FILE`.")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size == 0 {
            throw CLIError.message(
                "\(shown) is empty; give the model file written by `claims model train --output FILE`.")
        }
        if size > largestModelFile {
            throw CLIError.message(
                "\(shown) is \(size >> 20) MB, far larger than a model (about 1 MB); give the model file written by `claims model train --output FILE`."
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.message(
                "Cannot read \(shown): permission denied or unreadable; check the file's permissions.")
        }
        return [UInt8](data)
    }
}

private struct ModelUseOutput: Encodable {
    var active: String
    var deskModel: DeskModel?
    var stored: Bool
    /// The desk model that was active before going back to the built-in one.
    var previous: Int64?
}
