import Foundation

/// Where an `--output` goes: written whole or not at all, and nothing changed but the
/// file named.
///
/// ```swift
/// var file = try OutputFile(path: "week.html")   // nil or "-": standard output
/// do {
///     file.write("<!doctype html>…")
///     try file.check()                            // stops a long stream at the first error
///     try file.finish()
/// } catch {
///     file.abandon()
///     throw error
/// }
/// ```
///
/// - A regular file, or a name that does not exist yet, is written to a temporary file
///   in the same folder, flushed to disk and renamed over the name: readers see the old
///   file or the new one, never half of one. An existing file keeps its mode and owner
///   (where the owner cannot be kept, it is written in place, below). A new file gets
///   the mode `0666` less the umask, as the shell's `>` would. A symlink is followed:
///   its target is replaced and the link kept.
/// - A regular file with more than one hard link is written in place, so every name of
///   it shows the new content: the output goes to a temporary file first, so a failure
///   while producing it leaves the file untouched, and is then copied over it.
/// - A device, FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe) and `-` are
///   written directly; they are never replaced.
/// - A folder is refused.
///
/// A write error (a full disk, a file-size limit) is kept, stops further writing, and is
/// thrown by ``check()`` or ``finish()`` as one sentence; the temporary file is removed.
struct OutputFile: TextOutputStream {
    private enum Destination {
        /// Writes go straight to `descriptor` (standard output, a device, a FIFO).
        case direct(descriptor: Int32, owned: Bool)
        /// Writes go to `temporary`, renamed over `target` at the end.
        case replace(descriptor: Int32, temporary: String, target: String)
        /// Writes go to `temporary`, copied into `target` at the end.
        case inPlace(descriptor: Int32, temporary: String, target: String)
    }

    /// The path as the user gave it, or "standard output": for messages.
    let name: String
    private var destination: Destination?
    private var buffer: [UInt8] = []
    private var failure: CLIError?

    init(path: String?) throws {
        // The process's own streams, whatever they are connected to (a file opened with
        // `>>` must be appended to, not replaced).
        guard let path, path != "-", path != "/dev/stdout", path != "/dev/stderr" else {
            // Anything `print` has buffered goes first.
            fflush(nil)
            name = path == nil || path == "-" ? "standard output" : path!
            destination = .direct(descriptor: path == "/dev/stderr" ? STDERR_FILENO : STDOUT_FILENO, owned: false)
            return
        }
        name = path
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                throw CLIError.usage(Self.folderMessage(path))
            case S_IFREG:
                // realpath follows every symlink, so the rename replaces the target, not the link.
                guard let resolved = realpath(path, nil) else { throw Self.error(path, errno) }
                let target = String(cString: resolved)
                free(resolved)
                guard access(target, W_OK) == 0 else { throw Self.error(path, errno) }
                destination = try Self.openTemporary(beside: target, like: info, name: path)
            default:
                // A device, FIFO or socket: written as it is. A FIFO waits here for its reader.
                let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
                guard descriptor >= 0 else { throw Self.error(path, errno) }
                destination = .direct(descriptor: descriptor, owned: true)
            }
        } else if errno == ENOENT {
            let target = try Self.followDanglingLinks(path)
            destination = try Self.openTemporary(beside: target, like: nil, name: path)
        } else {
            throw Self.error(path, errno)
        }
    }

    /// "PATH is a folder", for `validate()` and for the refusal here.
    static func folderMessage(_ path: String) -> String {
        "--output \(path) is a folder; give the name of a file to write, in it or elsewhere."
    }

    /// Whether `path` names a folder (through symlinks), for `validate()`.
    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return path != "-" && stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    mutating func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func write(bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Throws the first write error, if any: call it between items of a long stream.
    func check() throws {
        if let failure { throw failure }
    }

    /// Writes what is left and puts the file in place; on failure removes the temporary
    /// file and throws one sentence.
    mutating func finish() throws {
        flush()
        guard let destination else { return }
        self.destination = nil
        if let failure {
            Self.discard(destination)
            throw failure
        }
        switch destination {
        case .direct(let descriptor, let owned):
            if owned, close(descriptor) != 0 { throw Self.error(name, errno) }
        case .replace(let descriptor, let temporary, let target):
            let synced = fsync(descriptor) == 0 ? 0 : errno
            let closed = close(descriptor) == 0 ? 0 : errno
            let renamed = synced == 0 && closed == 0 ? (rename(temporary, target) == 0 ? 0 : errno) : 0
            if let code = [synced, closed, renamed].first(where: { $0 != 0 }) {
                unlink(temporary)
                throw Self.error(name, code)
            }
            Self.syncFolder(of: target)
        case .inPlace(let descriptor, let temporary, let target):
            defer {
                close(descriptor)
                unlink(temporary)
            }
            try Self.copy(from: descriptor, to: target, name: name)
        }
    }

    /// Closes and removes the temporary file, leaving the destination as it was.
    mutating func abandon() {
        guard let destination else { return }
        self.destination = nil
        Self.discard(destination)
    }

    // MARK: Writing

    private mutating func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil, !buffer.isEmpty, let destination else { return }
        let descriptor: Int32
        switch destination {
        case .direct(let d, _), .replace(let d, _, _), .inPlace(let d, _, _): descriptor = d
        }
        if let code = Self.writeAll(buffer, to: descriptor) { failure = Self.error(name, code) }
    }

    /// Writes every byte, through short writes and interruptions; the error number on failure.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    // MARK: Files

    /// A new temporary file beside `target`, with the mode and owner of `existing` (or of
    /// a new file), or the in-place plan when those cannot be kept by a rename.
    private static func openTemporary(beside target: String, like existing: stat?, name: String) throws -> Destination {
        let folder = (target as NSString).deletingLastPathComponent
        let base = (target as NSString).lastPathComponent
        var temporary = ""
        var descriptor: Int32 = -1
        for _ in 0..<8 {
            temporary =
                (folder.isEmpty ? "" : folder + "/") + ".\(base).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
            // A new file's mode is 0666 less the umask, as open applies it; an existing
            // file's mode is set below, so the temporary starts private.
            // Read and write: the in-place plan reads it back to copy it.
            descriptor = open(temporary, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, existing == nil ? 0o666 : 0o600)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw error(name, errno) }
        guard let existing else { return .replace(descriptor: descriptor, temporary: temporary, target: target) }
        // Every other name of a hard-linked file would keep the old content after a rename;
        // a file of another owner cannot be given back to it by a user who is not root.
        var created = stat()
        let keepsOwner =
            fstat(descriptor, &created) == 0 && created.st_uid == existing.st_uid && created.st_gid == existing.st_gid
            || fchown(descriptor, existing.st_uid, existing.st_gid) == 0
        // After the chown, which clears set-user-ID and set-group-ID bits.
        let keepsMode = fchmod(descriptor, existing.st_mode & 0o7777) == 0
        if existing.st_nlink > 1 || !keepsOwner || !keepsMode {
            fchmod(descriptor, 0o600)
            return .inPlace(descriptor: descriptor, temporary: temporary, target: target)
        }
        return .replace(descriptor: descriptor, temporary: temporary, target: target)
    }

    /// The file a path that does not exist would create: a dangling symlink's target.
    private static func followDanglingLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &target, target.count - 1)
            guard length >= 0 else { throw error(path, errno) }
            let link = String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current =
                link.hasPrefix("/")
                ? link : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(link)
        }
        throw error(path, ELOOP)
    }

    /// Copies the finished temporary file into `target`, truncating it first.
    private static func copy(from source: Int32, to target: String, name: String) throws {
        guard lseek(source, 0, SEEK_SET) == 0 else { throw error(name, errno) }
        let output = open(target, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC)
        guard output >= 0 else { throw error(name, errno) }
        var closed = false
        defer { if !closed { close(output) } }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw error(name, errno)
            }
            if count == 0 { break }
            if let code = writeAll(Array(chunk[..<count]), to: output) { throw error(name, code) }
        }
        guard fsync(output) == 0 else { throw error(name, errno) }
        closed = true
        guard close(output) == 0 else { throw error(name, errno) }
    }

    /// Makes a rename durable; a failure here loses nothing already written.
    private static func syncFolder(of path: String) {
        let folder = open(
            (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
            O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return }
        fsync(folder)
        close(folder)
    }

    private static func discard(_ destination: Destination) {
        switch destination {
        case .direct(let descriptor, let owned):
            if owned { close(descriptor) }
        case .replace(let descriptor, let temporary, _), .inPlace(let descriptor, let temporary, _):
            close(descriptor)
            unlink(temporary)
        }
    }

    private static func error(_ name: String, _ code: Int32) -> CLIError {
        .message("Could not write \(name): \(String(cString: strerror(code))).")
    }
}
