import ArgumentParser
import Checkworthiness
import ClaimStore
import Foundation

extension Claims {
    struct ModelShow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show which check-worthiness model ingest and add use on this database.",
            discussion: """
                The desk's model (`claims model use FILE`) or the built-in one: when \
                and by whom it was trained and chosen, on how many of the desk's \
                decisions, how it compared with the built-in model, and its \
                thresholds. `claims model` alone shows the same. Examples:
                  claims model --format json
                  claims model show --output desk.model
                  claims extract --model desk.model story.html
                """)

        @Option(
            name: .customLong("output"),
            help: ArgumentHelp(
                "Also write the model in use to this file, for `claims extract --model` and `claims score --model`.",
                valueName: "file"))
        var saveTo: String?

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
            if output.format == .csv { throw ValidationError("claims model show prints table or json.") }
            if let saveTo, OutputFile.isFolder(saveTo) { throw ValidationError(OutputFile.folderMessage(saveTo)) }
        }

        func run() throws {
            let store = try connection.openStore()
            let active = try store.activeDeskModel()
            let model: CheckworthinessModel
            if let active {
                do {
                    model = try CheckworthinessModel(serialized: active.bytes)
                } catch {
                    throw CLIError.message(
                        "The desk's check-worthiness model #\(active.model.id) in the database cannot be read (\(error.description)); an editor can go back to the built-in one with `claims model use --shipped`."
                    )
                }
            } else {
                model = try ModelOption.load(path: nil)
            }
            let lastSwitch = try store.lastDeskModelSwitch()
            let stored = try store.deskModels().count
            let shown = ModelShowOutput(
                active: active == nil ? "built-in" : "desk", deskModel: active?.model, training: model.provenance,
                thresholds: .init(articles: model.articleThreshold, transcripts: model.threshold),
                chosen: lastSwitch.map { .init(at: $0.occurredAt, by: $0.reviewer, databaseUser: $0.databaseUser) },
                storedModels: stored, overriddenBy: ModelOption.environmentPath)
            switch output.format {
            case .json: print(try JSONOutput.encode(shown))
            default: print(Self.table(shown), terminator: "")
            }
            if let saveTo {
                try SentenceFiles.write(Data(active?.bytes ?? model.serialized()), to: saveTo)
                Terminal.note("Wrote the model in use to \(saveTo).")
            }
        }

        static func table(_ shown: ModelShowOutput) -> String {
            let f2 = { (x: Double) in String(format: "%.2f", x) }
            let f3 = { (x: Double) in String(format: "%.3f", x) }
            var out: String
            if let desk = shown.deskModel {
                out =
                    "Ingest and add on this database score with desk model #\(desk.id) (sha256 \(desk.sha256.prefix(12))).\n"
            } else {
                out = "Ingest and add on this database score with the built-in model.\n"
            }
            if let chosen = shown.chosen {
                out +=
                    "  chosen:      \(DateText.long(chosen.at)) by \(Terminal.visible(chosen.by)) (database user \(Terminal.visible(chosen.databaseUser)))\n"
            }
            if let desk = shown.deskModel {
                var trained = "  trained:     "
                trained += desk.trainedAt.map(DateText.long) ?? "(when not recorded)"
                trained += " by \(Terminal.visible(desk.trainedBy))"
                if let training = shown.training {
                    trained +=
                        ", on \(training.decisions) of the desk's decisions (\(training.checkworthy) check-worthy)"
                    if training.extraSentences > 0 { trained += " and \(training.extraSentences) labelled sentences" }
                    trained +=
                        ", from \(training.base == "built-in" ? "the built-in model" : Terminal.visible(training.base))"
                } else if let labels = desk.labelCount {
                    trained += ", on \(labels) labels"
                }
                out += trained + "\n"
                if let training = shown.training {
                    out +=
                        "  F1:          \(f3(training.f1Before)) before, \(f3(training.f1After)) after, cross-validated on those decisions (\(training.folds) folds)\n"
                }
                out +=
                    "  stored:      \(DateText.long(desk.storedAt)) (database user \(Terminal.visible(desk.databaseUser)))\n"
                if let description = desk.description {
                    out += "  description: \(Terminal.visible(description))\n"
                }
            }
            out +=
                "  thresholds:  articles \(f2(shown.thresholds.articles)) (ingest), transcripts \(f2(shown.thresholds.transcripts)) (claims score)\n"
            if shown.deskModel == nil {
                out +=
                    shown.storedModels == 0
                    ? "No desk model is stored; train one with `claims model train --from-database`.\n"
                    : "\(shown.storedModels) desk model\(shown.storedModels == 1 ? " is" : "s are") stored; an editor makes one the desk's with `claims model use FILE`.\n"
            }
            if let path = shown.overriddenBy {
                out += "CLAIMS_MODEL is set here: ingest and add in this shell use \(Terminal.visible(path)) instead.\n"
            }
            return out
        }
    }
}

struct ModelShowOutput: Encodable {
    struct Thresholds: Encodable {
        var articles: Double
        var transcripts: Double
    }

    struct Choice: Encodable {
        var at: Date
        var by: String
        var databaseUser: String
    }

    /// "desk" or "built-in".
    var active: String
    var deskModel: DeskModel?
    /// How the desk model was trained, from its file.
    var training: CheckworthinessModel.Provenance?
    var thresholds: Thresholds
    /// The last switch of the active model, if there was one.
    var chosen: Choice?
    var storedModels: Int
    /// CLAIMS_MODEL, which overrides the database's choice in this environment.
    var overriddenBy: String?
}
