import ArgumentParser
import ClaimStore
import Foundation

/// Claim ids as commands take them: `12`, `#12`, several, or `-` to read them from
/// standard input (whitespace- or newline-separated), for scripts.
enum ClaimIDs {
    static func resolve(_ arguments: [String]) throws -> [Int64] {
        var ids: [Int64] = []
        for argument in arguments {
            let words: [String]
            if argument == "-" {
                let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                words = input.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
            } else {
                words = [argument]
            }
            for word in words {
                guard let id = ClaimID(argument: word) else {
                    throw ValidationError("'\(word)' is not a claim id; give numbers such as 12 or #12.")
                }
                ids.append(id.value)
            }
        }
        guard !ids.isEmpty else {
            throw ValidationError("No claim ids were given; name at least one, or pipe them in with -.")
        }
        return ids
    }

    /// Runs `body` for each id in its own transaction, printing a result line per id;
    /// fails (exit 1) at the end if any id failed.
    static func each(_ ids: [Int64], _ body: (Int64) throws -> String) throws {
        var failed = 0
        for id in ids {
            do {
                print(try body(id))
            } catch {
                failed += 1
                if ids.count == 1 { throw error }
                print("#\(id) failed: \(ClaimsMain.describe(anyError: error))")
            }
        }
        if failed > 0 {
            Terminal.note("error: \(failed) of \(ids.count) claims failed; see the lines above.")
            throw ExitCode.failure
        }
    }
}
