import ArgumentParser

/// `--min-score X`: a check-worthiness score, 0 to 1, checked once where it is parsed
/// (extract, ingest, list, next and search share it).
enum ScoreArgument {
    static func parse(_ text: String) throws -> Double {
        guard let value = Double(text), (0...1).contains(value) else {
            throw ValidationError("a score is between 0 and 1, such as 0.5.")
        }
        return value
    }
}
