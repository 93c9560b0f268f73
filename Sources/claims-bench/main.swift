// Measures extraction throughput for scripts/bench.sh: reads every article in the
// folders given, then extracts claims from all of them RUNS times (7 by default),
// and prints bytes, claims, and the best and median MB/s of the passes. The clock
// runs around reading, splitting, scoring and fact extraction; not around listing
// files or loading the model.
//
// Several passes in one process, because the machines are shared: a pass slowed by
// a neighbour shows in the median, and the best pass is the code's own speed.
import Checkworthiness
import Extraction
import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
var runs = 7
if arguments.first == "--runs" {
    guard arguments.count >= 2, let value = Int(arguments[1]), value >= 1 else {
        FileHandle.standardError.write(Data("claims-bench: --runs takes a whole number of at least 1\n".utf8))
        exit(2)
    }
    runs = value
    arguments.removeFirst(2)
}
guard !arguments.isEmpty else {
    FileHandle.standardError.write(Data("usage: claims-bench [--runs N] FOLDER...\n".utf8))
    exit(2)
}
var files: [[UInt8]] = []
for folder in arguments {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    for name in names.sorted() where !name.hasPrefix(".") {
        if let data = FileManager.default.contents(atPath: folder + "/" + name) { files.append([UInt8](data)) }
    }
}
let extractor = ClaimExtractor(model: try CheckworthinessModel.shipped())
let bytes = files.reduce(0) { $0 + $1.count }
var claims = 0
var seconds: [Double] = []
for _ in 0..<runs {
    claims = 0
    let start = DispatchTime.now().uptimeNanoseconds
    for (index, file) in files.enumerated() {
        guard let article = try? ArticleReader.read(file, name: "article \(index)") else { continue }
        claims += extractor.extract(from: article).count
    }
    seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
let sorted = seconds.sorted()
let best = sorted[0]
let median = sorted[sorted.count / 2]
let megabytes = Double(bytes) / 1e6
print(
    String(
        format:
            "extract: %d articles, %.1f MB, %d claims; %d passes on one core: best %.2f s = %.1f MB/s, median %.2f s = %.1f MB/s",
        files.count, megabytes, claims, runs, best, megabytes / best, median, megabytes / median))
