import Foundation
import TestSupport
import Testing

/// The set-up a new user follows: the README's install lines and `scripts/demo.sh`, run
/// as written in a fresh home folder, with a stand-in `swift` that prints what a build
/// prints and a stand-in `claims`, so the shell's part is tested in seconds (the real
/// build is what `scripts/test.sh` already did).
@Suite("Set-up: the README's install lines and the demo script")
struct SetupScriptTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A folder with a stand-in `swift` and, in `bin`, a stand-in `claims`.
    struct StandIns {
        let folder: String
        var toolchain: String { folder + "/toolchain" }
        var binDirectory: String { folder + "/bin" }
        var home: String { folder + "/home" }
        var claimsCalls: String { folder + "/claims-calls" }

        init() throws {
            folder = NSTemporaryDirectory() + "claims-setup-\(UUID().uuidString.prefix(8))"
            let fm = FileManager.default
            for path in [folder + "/toolchain", folder + "/bin", folder + "/home"] {
                try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
            }
            try Self.script(
                folder + "/toolchain/swift",
                """
                #!/bin/sh
                case " $* " in *" --show-bin-path "*) echo "\(folder)/bin"; exit 0 ;; esac
                echo "Building for production..."
                echo "[1/6] Compiling plugin EmbedSQLPlugin"
                echo "[2/6] Compiling Postgres Connection.swift"
                echo "[3/6] Compiling Postgres PostgresError.swift"
                echo "/src/Add.swift:3:5: warning: variable 'x' was never mutated"
                echo "[4/6] Emitting module ClaimsCLI"
                echo "[5/6] Compiling ClaimsCLI Add.swift"
                if [ -n "${FAKE_BUILD_FAILS:-}" ]; then echo "/src/Add.swift:9:1: error: expected '}'"; exit 1; fi
                echo "[6/6] Linking claims"
                echo "Build of product 'claims' complete! (0.10s)"
                """)
            try Self.script(
                folder + "/bin/claims",
                """
                #!/bin/sh
                echo "claims $*" >> "\(folder)/claims-calls"
                if [ "$1" = "--version" ]; then echo "0.1.0 (stand-in)"; fi
                exit 0
                """)
        }

        static func script(_ path: String, _ text: String) throws {
            try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }

        /// Runs `bash` with `arguments` in the repository, with only the stand-in toolchain
        /// and the system folders on PATH, and the fresh home.
        func bash(_ arguments: [String], environment: [String: String] = [:], path: String? = nil) throws
            -> ProcessResult
        {
            var env = [
                "HOME": home,
                "PATH": path ?? "\(toolchain):/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "LANG": "C.UTF-8",
            ]
            for (key, value) in environment { env[key] = value }
            return try TestProcess.run(["/bin/bash"] + arguments, environment: env)
        }
    }

    /// The shell block after "To use `claims` yourself" in README.md.
    static func installLines() throws -> String {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let after = try #require(readme.range(of: "To use `claims` yourself"))
        let rest = readme[after.upperBound...]
        let start = try #require(rest.range(of: "```sh\n"))
        let end = try #require(rest[start.upperBound...].range(of: "```"))
        return String(rest[start.upperBound..<end.lowerBound])
    }

    @Test func theREADMEInstallLinesWorkAsWrittenInAHomeWithoutLocalBin() throws {
        let standIns = try StandIns()
        defer { try? FileManager.default.removeItem(atPath: standIns.folder) }
        let lines = try Self.installLines()
        #expect(!FileManager.default.fileExists(atPath: standIns.home + "/.local/bin"))

        let first = try standIns.bash(["-euc", "cd '\(Self.root.path)'\n" + lines])
        #expect(first.status == 0, "\(first.stderr)")
        // The last line ran the installed claims through PATH.
        #expect(first.stdout.hasSuffix("0.1.0 (stand-in)\n"), "\(first.stdout)")
        let installed = standIns.home + "/.local/bin/claims"
        #expect(FileManager.default.isExecutableFile(atPath: installed))
        #expect(
            try String(contentsOfFile: installed, encoding: .utf8)
                == String(contentsOfFile: standIns.binDirectory + "/claims", encoding: .utf8))
        let profile = try String(contentsOfFile: standIns.home + "/.profile", encoding: .utf8)
        #expect(profile == "export PATH=\"$HOME/.local/bin:$PATH\"\n")

        // A new login shell finds it; running the lines again adds nothing to ~/.profile.
        let login = try standIns.bash(["-lc", "command -v claims"], path: "/usr/bin:/bin")
        #expect(login.stdout == installed + "\n", "\(login.stdout) \(login.stderr)")
        let again = try standIns.bash(
            ["-euc", "cd '\(Self.root.path)'\n" + lines],
            path: "\(standIns.home)/.local/bin:\(standIns.toolchain):/usr/bin:/bin")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOfFile: standIns.home + "/.profile", encoding: .utf8) == profile)
    }

    @Test func theDemoShowsItsBuildStepsAndKeepsItsLogInItsOwnFolder() throws {
        let standIns = try StandIns()
        defer { try? FileManager.default.removeItem(atPath: standIns.folder) }
        let demoHome = standIns.folder + "/demo"
        let result = try standIns.bash([Self.root.path + "/scripts/demo.sh"], environment: ["CLAIMS_HOME": demoHome])
        #expect(result.status == 0, "\(result.stderr)")
        let log = demoHome + "/build.log"
        #expect(result.stderr.contains("==> Building claims (release; the full log is \(log))\n"), "\(result.stderr)")
        // One line per module, in order, as the build goes; warnings only in the log.
        let steps = result.stderr.split(separator: "\n").filter { $0.hasPrefix("    ") }.map(String.init)
        #expect(
            steps == [
                "    Building for production...",
                "    [1/6] Compiling plugin EmbedSQLPlugin",
                "    [2/6] Compiling Postgres",
                "    [4/6] Compiling ClaimsCLI",
                "    [6/6] Linking claims",
                "    Build of product 'claims' complete! (0.10s)",
            ], "\(result.stderr)")
        #expect(!result.stderr.contains("warning:"))
        let written = try String(contentsOfFile: log, encoding: .utf8)
        #expect(written.contains("warning: variable 'x' was never mutated"))
        #expect(written.contains("[3/6] Compiling Postgres PostgresError.swift"))
        // The demo then ran the binary the build made, with its own folder as CLAIMS_HOME.
        let calls = try String(contentsOfFile: standIns.claimsCalls, encoding: .utf8)
        #expect(calls.hasPrefix("claims db start\n"), "\(calls)")
        #expect(calls.contains("claims report --format html --output \(demoHome)/report.html\n"), "\(calls)")
    }

    @Test func aFailedDemoBuildShowsWhyAndWhereTheLogIs() throws {
        let standIns = try StandIns()
        defer { try? FileManager.default.removeItem(atPath: standIns.folder) }
        let demoHome = standIns.folder + "/demo"
        let result = try standIns.bash(
            [Self.root.path + "/scripts/demo.sh"], environment: ["CLAIMS_HOME": demoHome, "FAKE_BUILD_FAILS": "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/src/Add.swift:9:1: error: expected '}'"), "\(result.stderr)")
        #expect(
            result.stderr.hasSuffix("error: the build failed; the lines above (and \(demoHome)/build.log) say why.\n"),
            "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: standIns.claimsCalls), "nothing ran after the failed build")
    }
}
