import Foundation
import TestSupport
import Testing

@testable import ClaimsCLI

/// What `extract` and `ingest` do with inputs that are not ordinary article files: one too
/// large, endless standard input, devices and named pipes, a folder on standard input.
/// Each is refused with one sentence; the other files are still read; nothing hangs.
@Suite("claims extract and ingest: hard inputs", .dropsTestDatabases)
struct ArticleInputBinaryTests {
    static let fixtures = ExtractIngestBinaryTests.fixtures

    /// A folder with the two plain-text examples (1,469 and 1,190 bytes).
    static func articleFolder(_ name: String) throws -> String {
        let folder = try ExtractIngestBinaryTests.scratchFolder(name)
        for name in ["transit-budget.txt", "hospital-wait-times.txt"] {
            try FileManager.default.copyItem(atPath: fixtures + "/" + name, toPath: folder + "/" + name)
        }
        return folder
    }

    /// Runs `claims` through the shell, for redirections, under `timeout` so a read that never
    /// ends fails the test (status 124) instead of hanging it.
    static func shell(_ script: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> ProcessResult
    {
        var env = ProcessInfo.processInfo.environment
        for key in [
            "DATABASE_URL", "PGHOST", "PGDATABASE", "PGSERVICE", "CLAIMS_HOME", ArticleSizeLimit.environmentKey,
        ] { env[key] = nil }
        for (key, value) in environment { env[key] = value }
        return try TestProcess.run(
            ["/bin/sh", "-c", "CLAIMS=\"$0\"; " + script, TestProcess.claimsBinary] + arguments, environment: env)
    }

    @Test func anArticleOverTheLimitIsRefusedAndTheOthersAreRead() throws {
        let folder = try Self.articleFolder("limit")
        for environment in [[:], [ArticleSizeLimit.environmentKey: "1300"]] {
            let arguments =
                environment.isEmpty
                ? ["extract", "--max-bytes", "1300", "--format", "json", folder]
                : ["extract", "--format", "json", folder]
            let result = try TestProcess.claims(arguments, environment: environment)
            #expect(result.status == 1, "a refused file fails the run, as a binary one does")
            // The fixtures give no publication date: the note about their relative dates is not the point here.
            let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("note: ") }
            #expect(
                lines == [
                    "error: \(folder)/transit-budget.txt is larger than the article size limit of 1300 bytes; split it into smaller articles or raise the limit with --max-bytes or CLAIMS_MAX_ARTICLE_BYTES."
                ])
            let articles = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            #expect(articles.map { $0["file"] as? String } == ["\(folder)/hospital-wait-times.txt"])
        }
        let raised = try TestProcess.claims(
            ["extract", "--max-bytes", "2K", folder], environment: [ArticleSizeLimit.environmentKey: "1"])
        #expect(raised.status == 0, "the option wins over the environment: \(raised.stderr)")
    }

    @Test func aMalformedLimitIsAUsageError() throws {
        let option = try TestProcess.claims(["extract", "--max-bytes", "lots", Self.fixtures])
        #expect(option.status == 2)
        #expect(option.stderr.hasPrefix("error: --max-bytes 'lots' is not a size;"))
        let variable = try TestProcess.claims(
            ["extract", Self.fixtures], environment: [ArticleSizeLimit.environmentKey: "0"])
        #expect(variable.status == 2)
        #expect(variable.stderr.hasPrefix("error: CLAIMS_MAX_ARTICLE_BYTES='0' is not a size;"))
    }

    @Test func sizesAreBytesOrKMG() {
        #expect(ArticleSizeLimit.parse("1000") == 1000)
        #expect(ArticleSizeLimit.parse("64M") == 64 << 20)
        #expect(ArticleSizeLimit.parse("64mb") == 64 << 20)
        #expect(ArticleSizeLimit.parse("512K") == 512 << 10)
        #expect(ArticleSizeLimit.parse("2G") == 2 << 30)
        for bad in ["", "0", "-5", "3G", "1.5M", "12Q", "M", "99999999999999999999"] {
            #expect(ArticleSizeLimit.parse(bad) == nil, "\(bad)")
        }
        #expect(ArticleSizeLimit.describe(64 << 20) == "64M")
        #expect(ArticleSizeLimit.describe(1300) == "1300 bytes")
    }

    /// `claims extract - < /dev/zero` used to read until memory ran out.
    @Test func endlessStandardInputIsRefusedAtTheLimit() throws {
        for limit in ["1M", nil] {
            let option = limit.map { " --max-bytes \($0)" } ?? ""
            let result = try Self.shell("exec timeout 60 \"$CLAIMS\" extract\(option) - < /dev/zero", [])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(
                result.stderr
                    == "error: standard input is larger than the article size limit of \(limit ?? "64M"); split it into smaller articles or raise the limit with --max-bytes or CLAIMS_MAX_ARTICLE_BYTES.\n"
            )
        }
    }

    @Test func aDeviceNamedAsAnArticleIsSkipped() throws {
        let result = try Self.shell(
            "exec timeout 60 \"$CLAIMS\" extract /dev/zero \"$1\"", [Self.fixtures + "/transit-budget.txt"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "error: /dev/zero is a character device, not an article file, so it was skipped; give regular files, or - to read standard input.\n"
        )
        #expect(result.stdout.contains("transit-budget.txt"), "the next file is read")
    }

    /// Standard error without the notes (the fixtures give no publication date, so their
    /// relative dates are noted), each line ending in a newline.
    static func errors(_ stderr: String) -> String {
        stderr.split(separator: "\n").filter { !$0.hasPrefix("note: ") }.map { $0 + "\n" }.joined()
    }

    /// Opening a FIFO no one writes to used to wait for ever.
    @Test func aNamedPipeInAFolderIsSkippedNotWaitedOn() throws {
        let folder = try Self.articleFolder("fifo")
        #expect(mkfifo(folder + "/pipe.txt", 0o644) == 0)
        let result = try Self.shell("exec timeout 60 \"$CLAIMS\" extract --format json \"$1\"", [folder])
        #expect(result.status == 1, "not 124, the timeout's: \(result.stderr)")
        #expect(
            Self.errors(result.stderr)
                == "error: \(folder)/pipe.txt is a named pipe (FIFO), not an article file, so it was skipped; give regular files, or - to read standard input.\n"
        )
        let articles = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(articles.count == 2)
    }

    /// `claims extract - < folder` used to crash in Foundation.
    @Test func aFolderOnStandardInputIsOneSentence() throws {
        let result = try Self.shell("exec timeout 60 \"$CLAIMS\" extract - < \"$1\"", [Self.fixtures])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "error: standard input is a folder, not an article; give the folder as an argument instead of redirecting it.\n"
        )
        #expect(result.stdout.isEmpty)
    }

    @Test func ingestSkipsANamedPipeAndAFolderOnStandardInput() throws {
        let database = try TestDatabase.migrated("hardinput")
        let env = ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "feed"]
        let folder = try Self.articleFolder("ingestfifo")
        #expect(mkfifo(folder + "/pipe.txt", 0o644) == 0)

        let stored = try Self.shell("exec timeout 120 \"$CLAIMS\" ingest \"$1\"", [folder], environment: env)
        #expect(stored.status == 1, "not 124, the timeout's: \(stored.stderr)")
        #expect(
            Self.errors(stored.stderr)
                == "error: \(folder)/pipe.txt is a named pipe (FIFO), not an article file, so it was skipped; give regular files, or - to read standard input.\n"
        )
        #expect(stored.stdout.contains("Ingested 2 articles"))
        #expect(stored.stdout.contains("1 failed"))

        let redirected = try Self.shell("exec timeout 120 \"$CLAIMS\" ingest - < \"$1\"", [folder], environment: env)
        #expect(redirected.status == 1)
        #expect(
            redirected.stderr
                == "error: standard input is a folder, not an article; give the folder as an argument instead of redirecting it.\n"
        )
        let db = try database.connect()
        #expect(try #require(try db.query("SELECT count(*) AS n FROM sources").first).decode("n", as: Int.self) == 2)
    }
}
