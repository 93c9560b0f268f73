import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program to completion with posix_spawn and waitpid.
///
/// Foundation's `Process` can hang in `waitUntilExit` after starting a daemon
/// (seen with `pg_ctl start`), so the local database uses this instead.
enum ChildProcess {
    struct Result {
        var status: Int32
        var output: String
    }

    /// Runs `arguments[0]` with the rest as its arguments. With `capture`, stdout and stderr are
    /// returned together; without it they go to /dev/null, so a daemon it starts holds no pipe of ours.
    static func run(_ arguments: [String], capture: Bool) throws -> Result {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }

        var fds: [Int32] = [-1, -1]
        if capture {
            // Close-on-exec: only the dup2'd copies reach the child.
            guard pipe(&fds) == 0 else { throw spawnError(arguments[0]) }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        if capture { close(fds[1]) }
        guard spawned == 0 else {
            if capture { close(fds[0]) }
            errno = spawned
            throw spawnError(arguments[0])
        }

        var output = Data()
        if capture {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(fds[0], &buffer, buffer.count)
                if count > 0 {
                    output.append(contentsOf: buffer[0..<count])
                } else if count == 0 || errno != EINTR {
                    break
                }
            }
            close(fds[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw spawnError(arguments[0]) }
        }
        // WIFEXITED / WEXITSTATUS, spelled out (they are macros in C).
        let exitCode: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(status: exitCode, output: String(decoding: output, as: UTF8.self))
    }

    private static func spawnError(_ program: String) -> LocalServerError {
        LocalServerError("Cannot run \(program): \(String(cString: strerror(errno))).")
    }
}
