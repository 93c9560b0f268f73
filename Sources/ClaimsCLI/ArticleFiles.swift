import Extraction
import Foundation

/// Finding and reading the article files `extract` and `ingest` are given.
enum ArticleFiles {
    /// The extensions read from a folder; files named one by one are read whatever their name.
    static let extensions: Set<String> = ["txt", "text", "md", "html", "htm"]

    /// Expands folders (recursively, skipping hidden entries) into article files, in name order.
    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for path in paths {
            if path == "-" {
                files.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIError.message("\(path) does not exist; give article files, a folder of them, or - for standard input.")
            }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            guard let walker = fm.enumerator(atPath: path) else { continue }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    walker.skipDescendants()
                    continue
                }
                let full = (path as NSString).appendingPathComponent(relative)
                var sub: ObjCBool = false
                if fm.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue,
                    extensions.contains((name as NSString).pathExtension.lowercased())
                {
                    found.append(full)
                }
            }
            files += found.sorted()
        }
        return files
    }

    /// Reads one article; "-" is standard input.
    static func read(_ path: String) throws -> Article {
        let bytes: [UInt8]
        if path == "-" {
            bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ArticleError(name: path, reason: "unreadable", description: "\(path) cannot be read; check its permissions.")
            }
            defer { try? handle.close() }
            bytes = [UInt8]((try? handle.readToEnd()) ?? Data())
        }
        return try ArticleReader.read(bytes, name: path == "-" ? "standard input" : path)
    }
}

/// `--url`, `--outlet`, `--author`, `--published`: metadata that overrides what the article says.
struct ArticleOverrides {
    var url: String?
    var outlet: String?
    var author: String?
    var published: Date?

    func apply(to article: inout Article) {
        if let url { article.url = url }
        if let outlet { article.outlet = outlet }
        if let author { article.author = author }
        if let published { article.publishedAt = published }
    }

    /// `2026-02-04` or a full ISO 8601 date-time.
    static func parseDate(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }
}
