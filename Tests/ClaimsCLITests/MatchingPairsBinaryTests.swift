import Foundation
import TestSupport
import Testing

/// `claims similar --evaluate` on the pair sets in examples/, with the sentence model, as
/// the README reports them. A change to the matching rules, the thresholds or the
/// embeddings moves one of these figures and must say so in the README.
@Suite("Matching precision and recall on the example pair sets, as built binaries", .dropsTestDatabases)
struct MatchingPairsBinaryTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples").path

    /// Each set with the precision, recall and TP/FP/FN/TN the README reports.
    static let expected: [(file: String, line: String)] = [
        ("matching-pairs.tsv", "Precision 1.000, recall 1.000 on 55 pairs (TP 22, FP 0, FN 0, TN 33)"),
        ("matching-pairs-heldout.tsv", "Precision 1.000, recall 0.960 on 60 pairs (TP 24, FP 0, FN 1, TN 35)"),
        ("matching-pairs-final.tsv", "Precision 1.000, recall 0.914 on 80 pairs (TP 32, FP 0, FN 3, TN 45)"),
        ("matching-pairs-rewordings.tsv", "Precision 0.978, recall 0.978 on 89 pairs (TP 44, FP 1, FN 1, TN 43)"),
        // Written by a helper that saw neither the matcher nor the other sets; measured once with
        // the rules of sql/013 frozen (0.679 / 0.655), then tuned on for sql/014.
        ("matching-pairs-desk.tsv", "Precision 0.962, recall 0.909 on 120 pairs (TP 50, FP 2, FN 5, TN 63)"),
        // Written by another helper that saw neither; measured once with the first rules of sql/014
        // frozen (0.757 / 0.803); its errors were then read and the rules tuned on them.
        ("matching-pairs-fresh.tsv", "Precision 0.906, recall 0.879 on 133 pairs (TP 58, FP 6, FN 8, TN 61)"),
        // Written by a third helper after the rules were final; first measured at 0.648 / 0.708, never tuned on
        // (sql/015's rule for exchanged words, written for unseen5, also caught two of its errors).
        ("matching-pairs-unseen3.tsv", "Precision 0.667, recall 0.708 on 130 pairs (TP 46, FP 23, FN 19, TN 42)"),
        // Written by a fourth helper to a brief naming no rules; first measured at 0.592 / 0.525 before any change.
        ("matching-pairs-unseen4.tsv", "Precision 0.608, recall 0.562 on 160 pairs (TP 45, FP 29, FN 35, TN 51)"),
        // Written by a fifth helper to a brief shaped like a desk's week (a third of the same pairs lightly
        // edited copies); first measured at 0.768 / 0.787, then sql/015 was written for its misses.
        ("matching-pairs-unseen5.tsv", "Precision 0.827, recall 0.838 on 160 pairs (TP 67, FP 14, FN 13, TN 66)"),
        // Written by a sixth helper to unseen5's brief after sql/015 was final; measured once, never tuned on.
        ("matching-pairs-unseen6.tsv", "Precision 0.829, recall 0.787 on 160 pairs (TP 63, FP 13, FN 17, TN 67)"),
    ]

    @Test(arguments: expected.map(\.file))
    func theReportedFiguresHold(_ file: String) throws {
        let model = try SearchRankingBinaryTests.modelFolder()
        let database = try TestDatabase.migrated("pairs")
        let env = ["DATABASE_URL": database.conninfo, "CLAIMS_SENTENCE_MODEL": model, "NO_COLOR": "1"]
        let result = try TestProcess.claims(["similar", "--evaluate", Self.examples + "/" + file], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(Self.expected.first { $0.file == file }?.line)
        #expect(
            result.stdout.contains(line),
            "\(file): \(result.stdout.split(separator: "\n").suffix(2).joined(separator: " / "))")
        // Nothing of the evaluation stays behind.
        let list = try TestProcess.claims(["list", "--format", "json"], environment: env)
        let rows = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [Any]
        #expect(rows?.count == 0, "\(list.stdout.prefix(200))")
    }
}
