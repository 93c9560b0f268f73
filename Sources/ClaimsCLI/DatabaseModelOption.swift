import ArgumentParser
import Checkworthiness
import ClaimStore
import Foundation

/// `--model FILE`, else CLAIMS_MODEL, else the desk's model in the database (chosen
/// with `claims model use`), else the model built into claims: for the commands that
/// score what they store, so every reviewer on one database scores alike.
struct DatabaseModelOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A model from `claims model train` (else CLAIMS_MODEL, else the desk's model chosen with `claims model use`, else the built-in one).",
            valueName: "file"))
    var model: String?

    func load(from store: ClaimStore) throws -> CheckworthinessModel {
        try Self.resolve(path: model, store: store).model
    }

    /// Where the model a command scores with came from.
    enum Source {
        /// --model FILE.
        case file(String)
        /// CLAIMS_MODEL; `overriding` is the desk's model it takes the place of, if one is active.
        case environment(String, overriding: DeskModel?)
        /// The desk's model, from the database.
        case desk(DeskModel)
        case builtIn

        /// Whether it is the model built into claims, the only one `--scorer auto` rescores
        /// with the encoder (a model the user or desk chose is kept as it is).
        var isBuiltIn: Bool {
            if case .builtIn = self { return true }
            return false
        }

        /// One sentence for standard error, or nil when there is nothing worth saying
        /// (a file the user named, or the built-in model with no desk model about).
        var note: String? {
            switch self {
            case .file, .builtIn:
                return nil
            case .environment(let path, let desk?):
                return
                    "Scoring with CLAIMS_MODEL (\(Terminal.visible(path))), not the desk's model #\(desk.id) chosen with `claims model use`; unset CLAIMS_MODEL to score as the desk does."
            case .environment:
                return nil
            case .desk(let desk):
                var trained = ""
                if let labels = desk.labelCount { trained = ", trained on \(labels) labels" }
                return
                    "Scoring with the desk's model #\(desk.id)\(trained) (chosen with `claims model use`; `claims model` says more)."
            }
        }
    }

    /// The model for `path` (--model), else CLAIMS_MODEL, else the database's desk model, else the built-in one.
    static func resolve(path: String?, store: ClaimStore) throws -> (model: CheckworthinessModel, source: Source) {
        if let path { return (try ModelOption.load(path: path), .file(path)) }
        let active = try store.activeDeskModel()
        if let path = ModelOption.environmentPath {
            return (try ModelOption.load(path: path), .environment(path, overriding: active?.model))
        }
        guard let (desk, bytes) = active else { return (try ModelOption.load(path: nil), .builtIn) }
        do {
            return (try CheckworthinessModel(serialized: bytes), .desk(desk))
        } catch {
            throw CLIError.message(
                "The desk's check-worthiness model #\(desk.id) in the database cannot be read (\(error.description)); an editor can go back to the built-in one with `claims model use --shipped`, or give --model FILE."
            )
        }
    }
}
