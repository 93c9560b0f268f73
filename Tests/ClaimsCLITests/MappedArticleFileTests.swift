import Extraction
import Foundation
import Testing

@testable import ClaimsCLI

/// Files of `ArticleFiles.mappedFileBytes` or more are mapped and their pages let go as the
/// text is made: what is read must be what reading the bytes into memory gives, errors too.
@Suite("ArticleFiles: large files mapped")
struct MappedArticleFileTests {
    /// A file in the temporary folder holding `bytes`, removed by the caller.
    static func file(_ bytes: [UInt8], suffix: String = ".txt") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mapped-\(UUID().uuidString)\(suffix)")
            .path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// About `size` bytes of prose: a BOM, front matter, CRLF line ends, hard-wrapped
    /// paragraphs, headings on lines of their own, no-break spaces and letters beyond ASCII.
    static func article(size: Int) -> [UInt8] {
        var text = "\u{FEFF}---\r\ntitle: A long transcript\r\npublished: 2024-05-01\r\n---\r\n"
        var k = 0
        while text.utf8.count < size {
            text += """
                Section \(k)\r
                \r
                In \(2000 + k % 20) the ministry in Zürich said exports rose\u{00A0}\(k % 9 + 1).\(k % 7)% to\r
                $\(k % 50 + 3) billion, and last Tuesday it hired \(k % 400 + 12) inspectors for the\r
                “new” programme.\r
                \r
                \r

                """
            k += 1
        }
        return Array(text.utf8)
    }

    @Test func aMappedArticleIsTheArticleReadIntoMemory() throws {
        let bytes = Self.article(size: 3 * ArticleFiles.mappedFileBytes / 2)
        let path = try Self.file(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard case .mapped = try ArticleFiles.contents(path, limit: ArticleSizeLimit.defaultLimit) else {
            Issue.record("a file of \(bytes.count) bytes was read, not mapped")
            return
        }
        let mapped = try ArticleFiles.read(path, limit: ArticleSizeLimit.defaultLimit)
        let read = try ArticleReader.read(bytes, name: path)
        #expect(mapped.body.utf8.count > ArticleFiles.mappedFileBytes)
        #expect(mapped.body == read.body)
        #expect(mapped.title == "A long transcript")
        #expect(mapped.title == read.title && mapped.publishedAt == read.publishedAt)
        #expect(mapped.body.contains("\r") == false && mapped.body.contains("\u{00A0}") == false)
    }

    @Test func aMappedArticlesErrorsNameTheSameByte() throws {
        var invalid = Self.article(size: ArticleFiles.mappedFileBytes + 4_096)
        invalid[ArticleFiles.mappedFileBytes + 100] = 0xFF
        var binary = Self.article(size: ArticleFiles.mappedFileBytes + 4_096)
        binary.replaceSubrange((binary.count - 600)..<(binary.count - 500), with: [UInt8](repeating: 0, count: 100))
        for bytes in [invalid, binary] {
            let path = try Self.file(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            var mappedError: ArticleError?
            var readError: ArticleError?
            do { _ = try ArticleFiles.read(path, limit: ArticleSizeLimit.defaultLimit) } catch let e as ArticleError {
                mappedError = e
            }
            do { _ = try ArticleReader.read(bytes, name: path) } catch { readError = error }
            #expect(mappedError != nil)
            #expect(mappedError?.description == readError?.description)
        }
    }

    /// Pages let go are read again from the file when touched again, in any order.
    @Test func pagesLetGoAreReadAgain() throws {
        let bytes = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        let path = try Self.file(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let file = try #require(MappedFile(fd, size: bytes.count))
        #expect(Array(file.bytes) == bytes)
        for offset in [bytes.count, 5_000, 2 << 20, bytes.count, 0, 1 << 20 + 17, bytes.count] {
            file.release(before: offset)
            #expect(Array(file.bytes) == bytes, "after releasing before \(offset)")
        }
    }
}
