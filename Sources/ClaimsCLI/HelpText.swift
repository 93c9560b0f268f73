import ArgumentParser
import Foundation

/// `--help` as it reads at the width argument-parser wraps to (80 columns off a
/// terminal): argument-parser's text, with a usage that names every option, wrapped
/// between options. Argument-parser leaves a long usage on one line, and past 12
/// options shortens it to `claims report <options>`.
enum HelpText {
    static func fitted(_ help: String, arguments: [String]) -> String {
        let (command, path) = command(for: arguments)
        var lines = help.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("USAGE: ") }) else { return help }
        var end = start + 1
        while end < lines.count, lines[end].hasPrefix("       ") { end += 1 }
        let given = lines[start..<end].joined(separator: "\n")
        let width = helpWidth
        guard given.contains("<options>") || lines[start..<end].contains(where: { $0.count > width }),
            let tokens = synopsis(of: command)
        else { return help }
        lines.replaceSubrange(start..<end, with: wrap(["USAGE:"] + path + tokens, width: width))
        return lines.joined(separator: "\n")
    }

    /// The subcommand the arguments name, and its path (`["claims", "db", "start"]`).
    static func command(for arguments: [String]) -> (ParsableCommand.Type, [String]) {
        var command: ParsableCommand.Type = Claims.self
        var path = ["claims"]
        // `claims help report` is `claims report --help`.
        for argument in arguments.drop(while: { $0 == "help" }) where !argument.hasPrefix("-") {
            var next: ParsableCommand.Type?
            for subcommand in command.configuration.subcommands where subcommand._commandName == argument {
                next = subcommand
            }
            guard let next else { break }
            command = next
            path.append(argument)
        }
        return (command, path)
    }

    /// One token per argument, `[--limit <n>]`, from argument-parser's own description
    /// of the command (`--experimental-dump-help`), so nothing is listed by hand.
    static func synopsis(of command: ParsableCommand.Type) -> [String]? {
        guard let data = command._dumpHelp().data(using: .utf8),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let info = root["command"] as? [String: Any]
        else { return nil }
        let subcommands = (info["subcommands"] as? [[String: Any]] ?? []).filter {
            $0["commandName"] as? String != "help"
        }
        if !subcommands.isEmpty { return ["<subcommand>"] }
        var tokens: [String] = []
        for case let argument as [String: Any] in info["arguments"] as? [Any] ?? [] {
            guard argument["shouldDisplay"] as? Bool ?? true,
                let kind = argument["kind"] as? String,
                let preferred = argument["preferredName"] as? [String: Any] ?? (kind == "positional" ? [:] : nil)
            else { continue }
            let name = preferred["name"] as? String ?? ""
            if ["help", "version", "h"].contains(name) { continue }
            let value = argument["valueName"] as? String ?? name
            let optional = argument["isOptional"] as? Bool ?? false
            let repeating = argument["isRepeating"] as? Bool ?? false
            let dashes = (preferred["kind"] as? String) == "short" ? "-" : "--"
            var token: String
            switch kind {
            case "positional": token = "<\(value)>"
            case "flag": token = dashes + name
            default: token = "\(dashes)\(name) <\(value)>"
            }
            if repeating { token += " ..." }
            tokens.append(optional ? "[\(token)]" : token)
        }
        return tokens
    }

    /// Words laid out as argument-parser lays out a usage: later lines under the command.
    static func wrap(_ tokens: [String], width: Int) -> [String] {
        let indent = String(repeating: " ", count: 7)
        var lines: [String] = []
        var line = ""
        for token in tokens {
            if line.isEmpty {
                line = token
            } else if line.count + 1 + token.count <= width {
                line += " " + token
            } else {
                lines.append(line)
                line = indent + token
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Argument-parser's width: COLUMNS, else the terminal's, else 80.
    static var helpWidth: Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            return columns
        }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
