import Checksums
import Foundation

extension SHA256 {
    /// The digest of a whole file, read in pieces of 1 MiB.
    public static func file(atPath path: String) throws -> Digest {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SentenceModelError.missingFile(path: path)
        }
        defer { try? handle.close() }
        var hash = SHA256()
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw SentenceModelError.corruptFile(
                    path: path, reason: "cannot be read: \(error.localizedDescription)")
            }
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { hash.update($0) }
        }
        return hash.finish()
    }
}
