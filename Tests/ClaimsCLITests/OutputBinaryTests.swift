import Foundation
import TestSupport
import Testing

/// Where output goes and what happens when it cannot be written: `report --output`
/// (files, links, devices, FIFOs, folders), standard output on a full device, and
/// CSV cells a spreadsheet would run as formulas.
@Suite("claims output: files, devices, write errors and CSV cells", .dropsTestDatabases)
struct OutputBinaryTests {
    let database: TestDatabase
    let env: [String: String]
    let folder: String

    /// Claim texts a spreadsheet would read as formulas.
    static let formulas = [
        "=HYPERLINK(\"https://evil.example\",\"click\") said 42% of voters",
        "+1 million jobs were created in 2025",
        "-2+3 is what the minister said the deficit was in 2024",
        "@SUM(A1:A9) of the budget went to roads in 2023",
    ]

    init() throws {
        database = try TestDatabase.migrated("clioutput")
        env = ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "ana"]
        for (n, text) in Self.formulas.enumerated() {
            let add = try TestProcess.claims(
                ["add", "--source-url", "https://news.example/\(n)", "--speaker", "=cmd|' /C calc'!A0", "--", text],
                environment: env)
            #expect(add.status == 0, "\(add.stderr)")
        }
        folder = NSTemporaryDirectory() + "claims-output-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    private func report(_ output: String, format: String = "csv") throws -> ProcessResult {
        try TestProcess.claims(["report", "--format", format, "--output", output], environment: env)
    }

    /// The report as written to standard output, to compare files with.
    private func expectedCSV() throws -> String {
        let result = try TestProcess.claims(["report", "--format", "csv"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    private func contents(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    private func info(_ path: String, following: Bool = true) -> stat {
        var result = stat()
        _ = following ? stat(path, &result) : lstat(path, &result)
        return result
    }

    private func temporaries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }
    }

    /// Runs `claims` under `sh` (for redirections and limits): `script` gets the binary as "$0".
    private func shell(_ script: String, _ arguments: [String]) throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        for key in [
            "DATABASE_URL", "PGHOST", "PGPORT", "PGDATABASE", "PGSERVICE", "PGUSER", "PGPASSWORD", "CLAIMS_HOME",
        ] {
            environment[key] = nil
        }
        for (key, value) in env { environment[key] = value }
        return try TestProcess.run(
            ["/bin/sh", "-c", script, TestProcess.claimsBinary] + arguments, environment: environment)
    }

    // MARK: --output

    @Test func aFullDeviceIsOneSentenceAndExitOne() throws {
        // Through a link of our own: should a build ever replace what it is given again, it
        // replaces the link, never the machine's /dev/full.
        let device = folder + "/full"
        try FileManager.default.createSymbolicLink(atPath: device, withDestinationPath: "/dev/full")
        let result = try report(device, format: "html")
        #expect(result.status == 1)
        #expect(result.stderr == "error: Could not write \(device): No space left on device.\n")
        #expect(info(device).st_mode & S_IFMT == S_IFCHR, "the device is written, never replaced")
        #expect(try temporaries().isEmpty)
    }

    @Test func aFIFOIsWrittenDirectly() throws {
        let fifo = folder + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Held open for reading (and writing, so opening it never blocks) while claims runs;
        // the report is far smaller than the pipe's buffer, so it is all there afterwards.
        let reader = open(fifo, O_RDWR | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let result = try report(fifo)
        #expect(result.status == 0, "\(result.stderr)")
        var received = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while case let count = read(reader, &chunk, chunk.count), count > 0 { received += chunk[..<count] }
        #expect(String(decoding: received, as: UTF8.self) == (try expectedCSV()))
        #expect(info(fifo).st_mode & S_IFMT == S_IFIFO, "still a FIFO")
        #expect(try temporaries().isEmpty)
    }

    @Test func aSymlinkIsFollowedAndKept() throws {
        try "old".write(toFile: folder + "/real.csv", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.csv", withDestinationPath: "real.csv")
        let result = try report(folder + "/link.csv")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(info(folder + "/link.csv", following: false).st_mode & S_IFMT == S_IFLNK, "the link is kept")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.csv") == "real.csv")
        #expect(try contents(folder + "/real.csv") == (try expectedCSV()))

        // A link to a file not there yet creates the file it names.
        try FileManager.default.createSymbolicLink(atPath: folder + "/dangling.csv", withDestinationPath: "new.csv")
        #expect(try report(folder + "/dangling.csv").status == 0)
        #expect(info(folder + "/dangling.csv", following: false).st_mode & S_IFMT == S_IFLNK)
        #expect(try contents(folder + "/new.csv") == (try expectedCSV()))
        #expect(try temporaries().isEmpty)
    }

    @Test func aFileKeepsItsModeAndOwner() throws {
        let path = folder + "/private.csv"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(chmod(path, 0o600) == 0)
        // Root can give the file away and so must give it back; others cannot chown.
        let owner: (uid_t, gid_t) = geteuid() == 0 ? (65534, 65534) : (geteuid(), getegid())
        if geteuid() == 0 { #expect(chown(path, owner.0, owner.1) == 0) }
        let result = try report(path)
        #expect(result.status == 0, "\(result.stderr)")
        let after = info(path)
        #expect(after.st_mode & 0o7777 == 0o600)
        #expect(after.st_uid == owner.0 && after.st_gid == owner.1)
        #expect(try contents(path) == (try expectedCSV()))

        // A new file gets 0666 less the umask, as the shell's > would give it.
        let mask = umask(0o022)
        umask(mask)
        #expect(try report(folder + "/fresh.csv").status == 0)
        #expect(info(folder + "/fresh.csv").st_mode & 0o7777 == 0o666 & ~mask)
    }

    @Test func aHardLinkedFileIsWrittenInPlace() throws {
        let path = folder + "/shared.csv"
        let other = folder + "/also.csv"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(link(path, other) == 0)
        let before = info(path)
        let result = try report(path)
        #expect(result.status == 0, "\(result.stderr)")
        let after = info(path)
        #expect(after.st_ino == before.st_ino && after.st_nlink == 2, "the same file under both names")
        #expect(try contents(other) == (try expectedCSV()))
        #expect(try temporaries().isEmpty)
    }

    @Test func aFolderIsRefusedWithExitTwo() throws {
        let result = try report(folder)
        #expect(result.status == 2)
        #expect(
            result.stderr.hasPrefix("error: --output \(folder) is a folder; give the name of a file to write"),
            "\(result.stderr)")
        #expect(info(folder).st_mode & S_IFMT == S_IFDIR)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func dashIsStandardOutput() throws {
        let result = try TestProcess.claims(["report", "--format", "csv", "--output", "-"], environment: env)
        #expect(result.status == 0)
        #expect(result.stdout == (try expectedCSV()))
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/-"))
    }

    @Test func aFailedWriteKeepsTheOldFileAndLeavesNoTemporary() throws {
        let path = folder + "/big.html"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        // A 512-byte file-size limit: the HTML report is larger, so a write fails with EFBIG.
        let result = try shell(#"ulimit -f 1; exec "$0" "$@""#, ["report", "--format", "html", "--output", path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr == "error: Could not write \(path): File too large.\n")
        #expect(try contents(path) == "old")
        #expect(try temporaries().isEmpty)
    }

    @Test func aTemplateNestedTenThousandDeepIsRefusedWithExitTwo() throws {
        let template = folder + "/deep.mustache"
        try
            (String(repeating: "{{#s}}", count: 10_000) + String(repeating: "{{/s}}", count: 10_000)
            + "{{#claims}}{{id}}{{/claims}}")
            .write(toFile: template, atomically: false, encoding: .utf8)
        let result = try TestProcess.claims(
            ["report", "--format", "html", "--template", template, "--output", folder + "/deep.html"], environment: env)
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "error: The report template nests sections more than 100 deep; flatten it, as a report needs only a few levels.\n"
        )
        #expect(!FileManager.default.fileExists(atPath: folder + "/deep.html"))
        #expect(try temporaries().isEmpty)
    }

    // MARK: Standard output

    @Test(arguments: [
        ["list"], ["list", "--format", "csv"], ["list", "--format", "json"], ["report", "--format", "html"], ["stats"],
    ])
    func standardOutputOnAFullDeviceIsOneSentenceAndExitOne(_ arguments: [String]) throws {
        let result = try shell(#"exec "$0" "$@" > /dev/full"#, arguments)
        #expect(result.status == 1, "\(arguments): \(result.stderr)")
        #expect(result.stderr == "error: Could not write standard output: No space left on device.\n", "\(arguments)")
    }

    @Test func extractToAFullDeviceIsOneSentenceAndExitOne() throws {
        let article = folder + "/article.txt"
        try "The council voted 7-2 on Tuesday to raise fares by 15% from March 2026.\n"
            .write(toFile: article, atomically: false, encoding: .utf8)
        for format in ["table", "json"] {
            let result = try shell(
                #"exec "$0" "$@" > /dev/full"#, ["extract", "--published", "2026-03-01", "--format", format, article])
            #expect(result.status == 1, "\(format): \(result.stderr)")
            #expect(result.stderr == "error: Could not write standard output: No space left on device.\n")
        }
        // More output than stdio buffers, so a write fails before the last flush.
        let many = folder + "/many"
        try FileManager.default.createDirectory(atPath: many, withIntermediateDirectories: true)
        for n in 0..<40 {
            try String(repeating: "The council voted 7-2 on Tuesday to raise fares by 15% from March 2026. ", count: 5)
                .write(toFile: many + "/a\(n).txt", atomically: false, encoding: .utf8)
        }
        let result = try shell(#"exec "$0" "$@" > /dev/full"#, ["extract", "--published", "2026-03-01", many])
        #expect(result.status == 1)
        #expect(result.stderr == "error: Could not write standard output: No space left on device.\n")
    }

    // MARK: CSV cells

    @Test(arguments: [
        ["list", "--format", "csv"], ["report", "--format", "csv"], ["search", "minister", "--format", "csv"],
    ])
    func csvCellsThatWouldRunAsFormulasAreText(_ arguments: [String]) throws {
        let result = try TestProcess.claims(arguments, environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let records = CSV.parse(result.stdout)
        let header = records[0]
        let text = try #require(header.firstIndex(of: "text"))
        let id = try #require(header.firstIndex(of: "id"))
        let rows = records.dropFirst()
        #expect(!rows.isEmpty)
        for row in rows {
            #expect(Self.formulas.map { "'" + $0 }.contains(row[text]), "\(row[text])")
            #expect(Int(row[id]) != nil, "numbers stay numbers: \(row[id])")
            if let speaker = header.firstIndex(of: "speaker") { #expect(row[speaker] == "'=cmd|' /C calc'!A0") }
            for cell in row {
                #expect(!(cell.first.map { "=+-@\t\r".contains($0) } ?? false), "\(arguments): \(cell)")
            }
        }
    }
}
