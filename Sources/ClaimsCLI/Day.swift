import ArgumentParser
import Foundation

/// A date option (`--since`, `--until`, `--published`): `2026-02-04` or a full ISO 8601
/// date-time, parsed once, when the arguments are.
///
/// Text that is no date is kept rather than refused here, so that `validate()` refuses it
/// with a sentence naming the option ("--since 'x' is not a date; write it as YYYY-MM-DD.");
/// a value that fails to parse would get the argument parser's own wording instead.
struct Day: ExpressibleByArgument {
    /// As typed, for messages and headings ("since 2026-11-01").
    let text: String
    /// Nil when `text` is no date; `check(_:option:format:)` refuses such a value.
    let date: Date?

    init(argument: String) {
        text = argument
        date = ArticleOverrides.parseDate(argument)
    }

    /// Refuses a day that is no date, naming the option and how to write one.
    static func check(_ day: Day?, option: String, format: String = "YYYY-MM-DD") throws {
        if let day, day.date == nil {
            throw ValidationError("\(option) '\(day.text)' is not a date; write it as \(format).")
        }
    }
}
