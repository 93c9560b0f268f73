import ArgumentParser
import Checkworthiness
import ClaimStore

/// `--model FILE`, else CLAIMS_MODEL, else the desk's model in the database (chosen
/// with `claims model use`), else the model built into claims: for the commands that
/// score what they store, so every reviewer on one database scores alike.
struct DatabaseModelOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A model from `claims model train` (else CLAIMS_MODEL, else the desk's model chosen with `claims model use`, else the built-in one).",
        valueName: "file"))
    var model: String?

    func load(from store: ClaimStore) throws -> CheckworthinessModel {
        if let path = model ?? ModelOption.environmentPath { return try ModelOption.load(path: path) }
        guard let (desk, bytes) = try store.activeDeskModel() else { return try ModelOption.load(path: nil) }
        do {
            return try CheckworthinessModel(serialized: bytes)
        } catch {
            throw CLIError.message(
                "The desk's check-worthiness model #\(desk.id) in the database cannot be read (\(error.description)); an editor can go back to the built-in one with `claims model use --shipped`, or give --model FILE.")
        }
    }
}
