import Foundation

/// Why a sentence model folder cannot be used: each case names the file and says what to do.
public enum SentenceModelError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A file the encoder needs is not in the folder.
    case missingFile(path: String)
    /// A file is there but cannot be read or is not what it should be.
    case corruptFile(path: String, reason: String)
    /// The files describe a model this encoder does not run (another architecture or tokenizer).
    case unsupported(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            "The sentence model file \(path) is missing; run scripts/fetch-sentence-model.sh to install the model."
        case .corruptFile(let path, let reason):
            "The sentence model file \(path) is damaged (\(reason)); run scripts/fetch-sentence-model.sh to install it again."
        case .unsupported(let path, let reason):
            "The sentence model file \(path) describes a model this encoder cannot run (\(reason)); use the all-MiniLM-L6-v2 files from scripts/fetch-sentence-model.sh."
        }
    }
}
