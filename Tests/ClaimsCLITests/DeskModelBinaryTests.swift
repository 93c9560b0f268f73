import ClaimStore
import Foundation
import Postgres
import TestSupport
import Testing

/// Learning from the desk's own decisions, as built binaries: `claims model train
/// --from-database`, `claims model use`, and ingest and add scoring with the result.
@Suite("claims model train --from-database, use and show", .dropsTestDatabases)
struct DeskModelBinaryTests {
    let database: TestDatabase
    var env: [String: String] { ["DATABASE_URL": database.conninfo, "CLAIMS_REVIEWER": "Ed"] }

    init() throws {
        database = try TestDatabase.migrated("deskmodelcli")
    }

    /// Records the desk's decisions on `sentences` through the workflow: verified with
    /// evidence when check-worthy, dismissed otherwise.
    private func decide(_ sentences: [DeskTopicSentences.Sentence], store: ClaimStore, flipEvery: Int? = nil) throws {
        for (index, sentence) in sentences.enumerated() {
            let id = try store.add(
                NewClaim(text: sentence.text, sourceURL: "https://orsk.example/\(UUID().uuidString)"), reviewer: "desk"
            ).claim.id
            let flipped = flipEvery.map { index % $0 == $0 - 1 } ?? false
            if sentence.checkworthy != flipped {
                _ = try store.verify(
                    id: id, verdict: "mostly-true", note: nil, evidence: ["https://records.example/orsk/\(id)"],
                    reviewer: "ana")
            } else {
                _ = try store.dismiss(id: id, reason: "a routine figure, nothing to check", reviewer: "ana")
            }
        }
    }

    /// Each sentence's score from `claims score` (4 decimals), with `arguments` added.
    private func scores(_ sentences: [String], _ arguments: [String] = []) throws -> [Double] {
        var tsv = "Sentence_id\tText\n"
        for (index, text) in sentences.enumerated() { tsv += "\(index)\t\(text)\n" }
        let result = try TestProcess.claims(["score", "-"] + arguments, input: tsv)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").dropFirst().map { Double($0.split(separator: "\t")[1])! }
    }

    /// The share of (check-worthy, not) pairs ranked the desk's way, ties counting half.
    private static func rankingAccuracy(_ scores: [Double], _ labels: [Bool]) -> Double {
        var agreeing = 0.0
        var pairs = 0.0
        for (a, yes) in zip(scores, labels) where yes {
            for (b, no) in zip(scores, labels) where !no {
                pairs += 1
                agreeing += a > b ? 1 : a == b ? 0.5 : 0
            }
        }
        return agreeing / pairs
    }

    /// The share of check-worthy sentences among the `k` scored highest (ties broken by position).
    private static func precisionAt(_ k: Int, _ scores: [Double], _ labels: [Bool]) -> Double {
        let top = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }.prefix(k)
        return Double(top.filter { labels[$0] }.count) / Double(k)
    }

    private static func figure(_ pattern: String, in text: String) -> Double? {
        guard let range = text.range(of: pattern, options: .regularExpression) else { return nil }
        return Double(text[range].split(separator: " ").last!)
    }

    @Test func afterTwoHundredDecisionsOnABeatTheDesksModelRanksItAsTheDeskDid() throws {
        let store = ClaimStore(connection: try database.connect())
        var beat = DeskTopicSentences(seed: 2024)
        let decided = beat.make(200)
        var later = DeskTopicSentences(seed: 77)
        let heldOut = later.make(300, excluding: Set(decided.map(\.text)))
        // A desk is not perfectly consistent: one decision in ten goes the other way.
        try decide(decided, store: store, flipEvery: 10)
        // Duplicates merged away and claims not decided yet are not labels.
        var more = DeskTopicSentences(seed: 5)
        let extra = more.make(20, excluding: Set(decided.map(\.text)).union(heldOut.map(\.text)))
        let survivor = try store.list(ClaimFilter(status: .verified, limit: 1))[0].id
        for (index, sentence) in extra.enumerated() {
            let id = try store.add(
                NewClaim(text: sentence.text, sourceURL: "https://orsk.example/more/\(index)"), reviewer: "desk"
            ).claim.id
            if index % 2 == 0 { _ = try store.merge(id, into: survivor, reviewer: "ana") }
        }

        let folder = try ExtractIngestBinaryTests.scratchFolder("deskmodel")
        let trained = try TestProcess.claims(
            ["model", "train", "--from-database", "--output", folder + "/desk.model", "--reviewer", "Ana"],
            environment: env)
        #expect(trained.status == 0, "\(trained.stderr)")
        print(trained.stdout)
        let verified = decided.enumerated().filter { $0.element.checkworthy != ($0.offset % 10 == 9) }.count
        #expect(
            trained.stdout.contains(
                "Read 200 of the desk's decisions: \(verified) verified (check-worthy), \(200 - verified) dismissed as not check-worthy; left out 10 merged or dismissed as duplicates and 10 not decided yet."
            ),
            "\(trained.stdout)")
        let before = try #require(Self.figure(#"before, the built-in model: F1 [0-9.]+"#, in: trained.stdout))
        let after = try #require(Self.figure(#"after, retrained: F1 [0-9.]+"#, in: trained.stdout))
        #expect(after > before + 0.1, "cross-validated F1 on the decisions: \(before) -> \(after)")

        // 300 sentences of the beat that no decision was about, labelled as the desk decides.
        let labels = heldOut.map(\.checkworthy)
        let shippedScores = try scores(heldOut.map(\.text))
        let deskScores = try scores(heldOut.map(\.text), ["--model", folder + "/desk.model"])
        let shipped = Self.rankingAccuracy(shippedScores, labels)
        let desk = Self.rankingAccuracy(deskScores, labels)
        let k = 100
        let shippedTop = Self.precisionAt(k, shippedScores, labels)
        let deskTop = Self.precisionAt(k, deskScores, labels)
        print(
            String(
                format:
                    "%d held-out sentences of the beat (%d check-worthy): ROC AUC built-in %.3f, desk model %.3f; precision at %d built-in %.2f, desk model %.2f",
                heldOut.count, labels.filter { $0 }.count, shipped, desk, k, shippedTop, deskTop))
        #expect(desk > 0.9)
        #expect(desk > shipped + 0.2, "ROC AUC: built-in \(shipped), desk model \(desk)")
        #expect(deskTop > shippedTop + 0.2, "precision at \(k): built-in \(shippedTop), desk model \(deskTop)")
    }

    /// Each claim's text and score in `claims extract --format json` output.
    private func extracted(_ file: String, _ arguments: [String] = []) throws -> [String: Double] {
        let result = try TestProcess.claims(["extract", "--format", "json", file] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let articles = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        var out: [String: Double] = [:]
        for claim in try #require(articles[0]["claims"] as? [[String: Any]]) {
            out[try #require(claim["text"] as? String)] = try #require(claim["score"] as? Double)
        }
        return out
    }

    /// Each stored claim's text and score from the article ingested last.
    private func storedFromLastArticle(_ db: Connection) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for row in try db.query(
            """
            SELECT c.text, c.score FROM claims c JOIN claim_appearances a ON a.claim_id = c.id
            WHERE a.source_id = (SELECT max(id) FROM sources WHERE body IS NOT NULL)
            """
        ) {
            out[try row.decode("text")] = try row.decode("score")
        }
        return out
    }

    private static func expectSameScores(
        _ a: [String: Double], _ b: [String: Double], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(!a.isEmpty, sourceLocation: sourceLocation)
        #expect(Set(a.keys) == Set(b.keys), sourceLocation: sourceLocation)
        for (text, score) in a {
            #expect(abs(score - (b[text] ?? -1)) < 1e-9, "\(text)", sourceLocation: sourceLocation)
        }
    }

    /// A model unlike the built-in one: trained from scratch on a few sentences of the beat.
    private func otherModel(_ folder: String) throws -> String {
        var beat = DeskTopicSentences(seed: 11)
        var tsv = "Sentence_id\tText\tclass_label\n"
        for (index, sentence) in beat.make(60).enumerated() {
            tsv += "\(index)\t\(sentence.text)\t\(sentence.checkworthy ? "Yes" : "No")\n"
        }
        try tsv.write(toFile: folder + "/beat.tsv", atomically: true, encoding: .utf8)
        let trained = try TestProcess.claims(
            [
                "model", "train", folder + "/beat.tsv", "--threshold", "0.1", "--article-threshold", "0.1", "--output",
                folder + "/beat.model",
            ])
        #expect(trained.status == 0, "\(trained.stderr)")
        return folder + "/beat.model"
    }

    @Test func ingestAndAddScoreWithTheDesksModelUntilTheBuiltInOneIsRestored() throws {
        let folder = try ExtractIngestBinaryTests.scratchFolder("deskuse")
        let model = try otherModel(folder)
        let db = try database.connect()
        let fixtures = ExtractIngestBinaryTests.fixtures

        let use = try TestProcess.claims(["model", "use", model, "--description", "levy beat"], environment: env)
        #expect(use.status == 0, "\(use.stderr)")
        #expect(use.stdout.contains("now score with desk model #"), "\(use.stdout)")
        let shown = try TestProcess.claims(["model", "--format", "json"], environment: env)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(json["active"] as? String == "desk")
        #expect((json["desk_model"] as? [String: Any])?["description"] as? String == "levy beat")
        #expect((json["chosen"] as? [String: Any])?["by"] as? String == "Ed")
        #expect((json["thresholds"] as? [String: Any])?["articles"] as? Double == 0.1)
        let saved = try TestProcess.claims(["model", "show", "--output", folder + "/in-use.model"], environment: env)
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(
            FileManager.default.contents(atPath: folder + "/in-use.model")
                == FileManager.default.contents(atPath: model))

        // Ingest without --model scores with the desk's model, and says so: what extract gives with its file.
        let ingested = try TestProcess.claims(["ingest", fixtures + "/transit-budget.txt"], environment: env)
        #expect(ingested.status == 0, "\(ingested.stderr)")
        let deskID = try #require((json["desk_model"] as? [String: Any])?["id"] as? Int)
        #expect(
            ingested.stderr.contains("Scoring with the desk's model #\(deskID) (chosen with `claims model use`"),
            "\(ingested.stderr)")
        let withDeskModel = try storedFromLastArticle(db)
        Self.expectSameScores(withDeskModel, try extracted(fixtures + "/transit-budget.txt", ["--model", model]))
        #expect(withDeskModel != (try extracted(fixtures + "/transit-budget.txt")), "not what the built-in model gives")
        // Extract reads no database unless given one; with --database it scores as ingest there does.
        Self.expectSameScores(
            withDeskModel, try extracted(fixtures + "/transit-budget.txt", ["--database", database.conninfo]))
        let previewed = try TestProcess.claims([
            "extract", fixtures + "/transit-budget.txt", "--database", database.conninfo,
        ])
        #expect(previewed.stderr.contains("Scoring with the desk's model #\(deskID)"), "\(previewed.stderr)")
        let withFile = try TestProcess.claims(
            [
                "extract", fixtures + "/transit-budget.txt", "--database", database.conninfo, "--model",
                folder + "/in-use.model",
            ])
        #expect(
            withFile.status == 0 && withFile.stderr.contains("(--model), not the database's choice"),
            "\(withFile.stderr)")
        let empty = try TestProcess.claims(["extract", fixtures + "/transit-budget.txt", "--database", ""])
        #expect(empty.status == 2 && empty.stderr.hasPrefix("error: --database is empty;"), "\(empty.stderr)")
        // And so does add.
        let sentence = "Silt counts at the Harnow weir were 7 times the permitted limit in May, inspectors found."
        let added = try TestProcess.claims(
            ["add", sentence, "--source-url", "https://orsk.example/silt", "--format", "json"], environment: env)
        #expect(added.status == 0, "\(added.stderr)")
        let addedScore = try #require(try db.query("SELECT score FROM claims WHERE text = \(sentence)").first).decode(
            "score", as: Double.self)
        #expect(abs(addedScore - (try scores([sentence], ["--model", model]))[0]) < 0.00005)
        #expect(abs(addedScore - (try scores([sentence]))[0]) > 0.001)

        // CLAIMS_MODEL still overrides the database's choice, for this shell only.
        let shipped = URL(fileURLWithPath: fixtures).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("models/checkworthiness.model").path
        var overridden = env
        overridden["CLAIMS_MODEL"] = shipped
        let overriddenIngest = try TestProcess.claims(
            ["ingest", fixtures + "/hospital-wait-times.txt"], environment: overridden)
        #expect(overriddenIngest.status == 0, "\(overriddenIngest.stderr)")
        #expect(
            overriddenIngest.stderr.contains("not the desk's model #\(deskID) chosen with `claims model use`"),
            "\(overriddenIngest.stderr)")
        Self.expectSameScores(
            try storedFromLastArticle(db),
            try extracted(fixtures + "/hospital-wait-times.txt"))
        #expect(try TestProcess.claims(["model"], environment: overridden).stdout.contains("CLAIMS_MODEL is set here"))

        // Back to the built-in model.
        let back = try TestProcess.claims(["model", "use", "--shipped"], environment: env)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout.contains("now score with the built-in model"), "\(back.stdout)")
        let builtInIngest = try TestProcess.claims(["ingest", fixtures + "/treaty-extension.html"], environment: env)
        #expect(builtInIngest.status == 0, "\(builtInIngest.stderr)")
        #expect(
            !builtInIngest.stderr.contains("Scoring with"),
            "nothing to say about the built-in model: \(builtInIngest.stderr)")
        Self.expectSameScores(try storedFromLastArticle(db), try extracted(fixtures + "/treaty-extension.html"))
        Self.expectSameScores(
            try extracted(fixtures + "/treaty-extension.html", ["--database", database.conninfo]),
            try extracted(fixtures + "/treaty-extension.html"))
        #expect(
            try TestProcess.claims(["extract", fixtures + "/treaty-extension.html", "--database", database.conninfo])
                .stderr
                .contains("The database has no desk model; scoring with the built-in model"))
        let after = try TestProcess.claims(["model"], environment: env)
        #expect(
            after.stdout.hasPrefix("Ingest and add on this database score with the built-in model."), "\(after.stdout)")
        #expect(after.stdout.contains("1 desk model is stored"))
        #expect(
            try TestProcess.claims(["model", "use", "none"], environment: env).stdout.contains(
                "already score with the built-in model"))
    }

    @Test func aReviewerLoginCannotChooseTheModelButSeesWhichIsInUse() throws {
        let folder = try ExtractIngestBinaryTests.scratchFolder("deskrefuse")
        let model = try otherModel(folder)
        let admin = try database.connect()
        let suffix = UUID().uuidString.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(10)
        let login = "t_dm\(suffix)"
        // Role names and passwords cannot be parameters; these are letters and digits only.
        try admin.executeScript("CREATE ROLE \(login) LOGIN PASSWORD 'Dm\(suffix)pw' IN ROLE claims_reviewer")
        defer { try? admin.executeScript("DROP ROLE IF EXISTS \(login)") }
        let reviewer = [
            "DATABASE_URL": try database.tcpURL(user: login, password: "Dm\(suffix)pw"), "CLAIMS_REVIEWER": "Rita",
        ]

        for arguments in [["model", "use", model], ["model", "use", "--shipped"]] {
            let refused = try TestProcess.claims(arguments, environment: reviewer)
            #expect(refused.status == 1)
            #expect(
                refused.stderr
                    == "error: Choosing the check-worthiness model that every reviewer's ingest uses takes an editor (role claims_editor); ask one to run `claims model use`.\n",
                "\(refused.stderr)")
        }
        #expect(
            try #require(try admin.query("SELECT count(*) AS n FROM desk_models").first).decode("n", as: Int.self) == 0,
            "nothing half-written")
        let shown = try TestProcess.claims(["model"], environment: reviewer)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("the built-in model"))
        // A reviewer may train one, for an editor to choose.
        #expect(try TestProcess.claims(["model", "use", model], environment: env).status == 0)
        #expect(try TestProcess.claims(["model"], environment: reviewer).stdout.contains("desk model #"))
    }

    @Test func badRequestsAreRefusedInOneSentence() throws {
        let folder = try ExtractIngestBinaryTests.scratchFolder("deskbad")
        func run(_ arguments: [String]) throws -> ProcessResult { try TestProcess.claims(arguments, environment: env) }

        let neither = try run(["model", "train", "--output", folder + "/x.model"])
        #expect(neither.status == 2 && neither.stderr.contains("--from-database"), "\(neither.stderr)")
        let plusAlone = try run([
            "model", "train", folder + "/a.tsv", "--plus", folder + "/b.tsv", "--output", folder + "/x.model",
        ])
        #expect(plusAlone.status == 2 && plusAlone.stderr.contains("go with --from-database"), "\(plusAlone.stderr)")
        let both = try run(["model", "use", folder + "/x.model", "--shipped"])
        #expect(both.status == 2, "\(both.stderr)")
        #expect(try run(["model", "use"]).status == 2)

        // Too few decisions: nothing is written.
        try decide(
            [DeskTopicSentences.Sentence(text: "The levy was never audited, Vosk said.", checkworthy: true)],
            store: ClaimStore(connection: try database.connect()))
        let few = try run(["model", "train", "--from-database", "--output", folder + "/few.model"])
        #expect(few.status == 1)
        #expect(
            few.stderr
                == "error: The database holds 1 verified and 0 dismissed claims; training needs at least 10 of each: verify or dismiss more claims first.\n",
            "\(few.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/few.model"))

        // Whatever is not a model is refused in one sentence naming it, before the database is touched.
        try "Sentence_id\tText\n".write(toFile: folder + "/notamodel", atomically: true, encoding: .utf8)
        #expect(FileManager.default.createFile(atPath: folder + "/empty.model", contents: Data()))
        #expect(FileManager.default.createFile(atPath: folder + "/header.model", contents: Data("CTCW\u{3}\0".utf8)))
        let real = try #require(FileManager.default.contents(atPath: try otherModel(folder)))
        #expect(FileManager.default.createFile(atPath: folder + "/cut.model", contents: real.prefix(real.count / 2)))
        var nanWeights = real
        nanWeights.replaceSubrange(real.count - 4..<real.count, with: [0x00, 0x00, 0xC0, 0x7F])
        #expect(FileManager.default.createFile(atPath: folder + "/nan.model", contents: nanWeights))
        for (file, says) in [
            (
                folder + "/missing.model",
                "Cannot read \(folder)/missing.model: it does not exist or cannot be reached; check the path."
            ),
            (folder, "\(folder) is a folder; give the model file written by `claims model train --output FILE`."),
            ("/dev/null", "/dev/null is not a regular file; give the model file"),
            (folder + "/empty.model", "\(folder)/empty.model is empty; give the model file"),
            (
                folder + "/notamodel",
                "Cannot use \(folder)/notamodel: it is not a ClaimTracker check-worthiness model (no CTCW header); give a model written by `claims model train`."
            ),
            (folder + "/header.model", "Cannot use \(folder)/header.model: it is 6 bytes long; the file is truncated;"),
            (
                folder + "/cut.model",
                "Cannot use \(folder)/cut.model: it is \(real.count / 2) bytes long, not \(real.count); the file is truncated;"
            ),
            (folder + "/nan.model", "Cannot use \(folder)/nan.model: its weights are damaged (not all finite numbers)"),
        ] {
            let refused = try run(["model", "use", file])
            #expect(refused.status == 1, "\(file): \(refused.stderr)")
            #expect(refused.stderr.hasPrefix("error: " + says), "\(refused.stderr)")
            #expect(refused.stderr.split(separator: "\n").count == 1, "one sentence: \(refused.stderr)")
        }
        #expect(
            try #require(try database.connect().query("SELECT count(*) AS n FROM desk_models").first).decode(
                "n", as: Int.self) == 0)
    }
}
