import ArgumentParser
import Extraction
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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
                throw CLIError.message(
                    "\(path) does not exist; give article files, a folder of them, or - for standard input.")
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

    /// Regular files of this size or more are mapped into memory rather than read into it, so
    /// their pages can be let go as the text is made (`MappedFile`): a 20 MB transcript is then
    /// held once, as its text, not twice.
    static let mappedFileBytes = 1 << 20

    /// Reads one article of at most `limit` bytes; "-" is standard input.
    static func read(_ path: String, limit: Int) throws -> Article {
        let name = path == "-" ? "standard input" : path
        switch try contents(path, limit: limit) {
        case .read(let bytes):
            return try ArticleReader.read(bytes, name: name)
        case .mapped(let file):
            return try withExtendedLifetime(file) {
                try ArticleReader.read(file.bytes, name: name) { file.release(before: $0) }
            }
        }
    }

    enum Contents {
        case read([UInt8])
        case mapped(MappedFile)
    }

    /// The bytes of a regular file, or of standard input whatever it is, refused past `limit`
    /// having read at most `limit + 1` of them; a regular file of `mappedFileBytes` or more is
    /// mapped instead of read. A named pipe or device given by name is refused unread: it could
    /// be read for ever (`/dev/zero`) or never answer (a FIFO no one writes to).
    static func contents(_ path: String, limit: Int) throws(ArticleError) -> Contents {
        let isStandardInput = path == "-"
        let name = isStandardInput ? "standard input" : path
        // Non-blocking, so opening a FIFO with no writer returns at once; cleared below for files.
        let fd = isStandardInput ? STDIN_FILENO : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw unreadable(name, errno: errno) }
        defer { if !isStandardInput { close(fd) } }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw unreadable(name, errno: errno) }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw folder(name, isStandardInput: isStandardInput) }
        let isRegular = type == S_IFREG
        if !isStandardInput {
            guard isRegular else { throw notAFile(name, type: type) }
            let flags = fcntl(fd, F_GETFL)
            if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        }
        if isRegular && Int(info.st_size) > limit { throw overLimit(name, limit: limit) }
        if isRegular && Int(info.st_size) >= mappedFileBytes,
            let file = MappedFile(fd, size: Int(info.st_size))
        {
            return .mapped(file)
        }

        // A regular file is read straight into an array of its size; anything else (a pipe,
        // a terminal, a device on standard input) in chunks, until the end or past the limit.
        var readError: Int32 = 0
        var full = false
        var bytes: [UInt8] = []
        if isRegular {
            let capacity = min(Int(info.st_size), limit) + 1
            bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                while count < capacity {
                    let n = systemRead(fd, buffer.baseAddress! + count, capacity - count)
                    if n > 0 {
                        count += n
                    } else if n == 0 {
                        return
                    } else if errno != EINTR {
                        readError = errno
                        return
                    }
                }
                full = true  // the file grew since fstat: read on below
            }
        }
        if !isRegular || full {
            let chunk = 1 << 16
            var buffer = [UInt8](repeating: 0, count: chunk)
            reading: while bytes.count <= limit && readError == 0 {
                let n = buffer.withUnsafeMutableBytes {
                    systemRead(fd, $0.baseAddress!, min(chunk, limit + 1 - bytes.count))
                }
                switch n {
                case 0: break reading
                case 1...: bytes.append(contentsOf: buffer[..<n])
                default:
                    if errno == EAGAIN {
                        // Standard input left non-blocking by whoever started us: wait for it.
                        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                        _ = poll(&poller, 1, -1)
                    } else if errno != EINTR {
                        readError = errno
                    }
                }
            }
        }
        if readError == EISDIR { throw folder(name, isStandardInput: isStandardInput) }
        if readError != 0 { throw unreadable(name, errno: readError) }
        if bytes.count > limit { throw overLimit(name, limit: limit) }
        return .read(bytes)
    }

    /// read(2), which the static `read` here hides.
    private static func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.read(fd, buffer, count)
        #else
            Darwin.read(fd, buffer, count)
        #endif
    }

    private static func folder(_ name: String, isStandardInput: Bool) -> ArticleError {
        ArticleError(
            name: name, reason: "a folder",
            description: isStandardInput
                ? "standard input is a folder, not an article; give the folder as an argument instead of redirecting it."
                : "\(name) is a folder, not an article; give the folder as an argument to read the articles in it.")
    }

    private static func unreadable(_ name: String, errno code: Int32) -> ArticleError {
        let why = String(cString: strerror(code))
        let advice =
            code == ENOENT
            ? "check the path" : code == EACCES ? "check its permissions" : "check the file and try again"
        return ArticleError(
            name: name, reason: "unreadable (\(why))", description: "\(name) cannot be read (\(why)); \(advice).")
    }

    private static func notAFile(_ name: String, type: mode_t) -> ArticleError {
        let kind =
            switch type {
            case S_IFIFO: "a named pipe (FIFO)"
            case S_IFCHR: "a character device"
            case S_IFBLK: "a block device"
            case S_IFSOCK: "a socket"
            default: "not a regular file"
            }
        return ArticleError(
            name: name, reason: "\(kind), skipped",
            description:
                "\(name) is \(kind), not an article file, so it was skipped; give regular files, or - to read standard input."
        )
    }

    static func overLimit(_ name: String, limit: Int) -> ArticleError {
        ArticleError(
            name: name, reason: "larger than \(ArticleSizeLimit.describe(limit))",
            description:
                "\(name) is larger than the article size limit of \(ArticleSizeLimit.describe(limit)); split it into smaller articles or raise the limit with --max-bytes or CLAIMS_MAX_ARTICLE_BYTES."
        )
    }
}

/// `--max-bytes`: the largest article `extract` and `ingest` read, else `CLAIMS_MAX_ARTICLE_BYTES`,
/// else 64M. Reading stops one byte past it, so `/dev/zero` on standard input is refused at once.
struct ArticleSizeLimit: ParsableArguments {
    static let defaultLimit = 64 << 20
    static let environmentKey = "CLAIMS_MAX_ARTICLE_BYTES"

    @Option(
        name: .customLong("max-bytes"),
        help: ArgumentHelp(
            "The largest article to read, in bytes or with K, M or G (else CLAIMS_MAX_ARTICLE_BYTES, else 64M).",
            valueName: "size"))
    var maxBytes: String?

    func validate() throws { _ = try limit() }

    /// The limit in bytes; a malformed size is a usage error.
    func limit() throws(ValidationError) -> Int {
        if let maxBytes {
            guard let bytes = Self.parse(maxBytes) else {
                throw ValidationError(
                    "--max-bytes '\(maxBytes)' is not a size; give bytes, or a number with K, M or G such as 64M (at most 2G)."
                )
            }
            return bytes
        }
        if let text = ProcessInfo.processInfo.environment[Self.environmentKey], !text.isEmpty {
            guard let bytes = Self.parse(text) else {
                throw ValidationError(
                    "\(Self.environmentKey)='\(text)' is not a size; set it to bytes, or a number with K, M or G such as 64M (at most 2G)."
                )
            }
            return bytes
        }
        return Self.defaultLimit
    }

    /// "1000", "512K", "64M", "1G" (powers of 1024, an optional B, any case), from 1 byte to 2G.
    static func parse(_ text: String) -> Int? {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces).uppercased())
        if digits.hasSuffix("B") { digits = digits.dropLast() }
        var shift = 0
        switch digits.last {
        case "K": shift = 10
        case "M": shift = 20
        case "G": shift = 30
        default: break
        }
        if shift > 0 { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count <= 10,
            let value = Int(digits),
            value >= 1, value << shift <= 1 << 31
        else { return nil }
        return value << shift
    }

    /// 67108864 as "64M", 1000 as "1000 bytes".
    static func describe(_ bytes: Int) -> String {
        for (shift, unit) in [(30, "G"), (20, "M"), (10, "K")] where bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return "\(bytes >> shift)\(unit)"
        }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
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

/// A regular file mapped read-only into memory, whose pages can be let go once read: they are
/// read again from the file (the page cache) if touched again.
///
/// A file cut short by another program while mapped would stop the process (SIGBUS) when the
/// missing pages are touched, as with every reader that maps files; articles are not edited
/// while a command reads them, and only files of `ArticleFiles.mappedFileBytes` or more are mapped.
final class MappedFile {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Pages are let go a megabyte at a time.
    private static let releaseStep = 1 << 20
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    /// Where the reader is, and how far before it the pages have been let go in this pass.
    private var lastOffset = 0
    private var releasedEnd = 0

    /// nil when the file cannot be mapped; it is then read instead.
    init?(_ fd: Int32, size: Int) {
        guard size > 0, let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            return nil
        }
        _ = madvise(address, size, MADV_SEQUENTIAL)
        bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }

    /// The reader needs no byte before `offset` for now: the whole pages before it go, once
    /// there is a megabyte of them or the reader is at the end. An offset behind the last one
    /// means the reader started again from the top.
    func release(before offset: Int) {
        if offset < lastOffset { releasedEnd = 0 }
        lastOffset = offset
        let end = offset >= bytes.count ? bytes.count : offset / Self.pageSize * Self.pageSize
        guard end - releasedEnd >= Self.releaseStep || (offset >= bytes.count && end > releasedEnd),
            let base = bytes.baseAddress
        else { return }
        // Whole pages from a page boundary: releasedEnd is one, and so is the mapping's start.
        let length = (end - releasedEnd + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        _ = madvise(UnsafeMutableRawPointer(mutating: base + releasedEnd), length, MADV_DONTNEED)
        releasedEnd = end
    }
}
