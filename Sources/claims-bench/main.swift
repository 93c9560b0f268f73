// Measures extraction throughput for scripts/bench.sh: reads every article in the
// folders given, extracts claims, and prints bytes, seconds and MB/s. The clock
// runs around reading, splitting, scoring and fact extraction; not around listing
// files or loading the model.
import Checkworthiness
import Extraction
import Foundation

let folders = CommandLine.arguments.dropFirst()
guard !folders.isEmpty else {
    FileHandle.standardError.write(Data("usage: claims-bench FOLDER...\n".utf8))
    exit(2)
}
var files: [[UInt8]] = []
for folder in folders {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    for name in names.sorted() where !name.hasPrefix(".") {
        if let data = FileManager.default.contents(atPath: folder + "/" + name) { files.append([UInt8](data)) }
    }
}
let extractor = ClaimExtractor(model: try CheckworthinessModel.shipped())
let bytes = files.reduce(0) { $0 + $1.count }
var claims = 0
let start = DispatchTime.now().uptimeNanoseconds
for (index, file) in files.enumerated() {
    guard let article = try? ArticleReader.read(file, name: "article \(index)") else { continue }
    claims += extractor.extract(from: article).count
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
print(String(format: "extract: %d articles, %.1f MB, %d claims in %.2f s on one core = %.1f MB/s",
             files.count, Double(bytes) / 1e6, claims, seconds, Double(bytes) / 1e6 / seconds))
