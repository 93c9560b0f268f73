// Measures sentence-encoder throughput for scripts/bench.sh: loads the model from
// MODEL_DIR, reads SENTENCES (one a line), encodes all of them RUNS times (5 by
// default) with THREADS workers (else the cores this process may use), and prints
// the sentences, their mean token count, and the best and median sentences/s.
// The clock runs around tokenizing, the forward pass, pooling and normalising; not
// around loading the model or reading the file. With --write-tokens and
// --write-embeddings it also saves the token ids (one sentence a line) and the
// embeddings (raw float32) for scripts/encoder_reference.py to run and check against.
// --parallelism blas runs one worker and lets OpenBLAS thread the matrix products,
// to compare with the default of one worker per core.
import Foundation
import SentenceModel

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("encoder-bench: \(message)\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var runs = 5
var threads: Int?
var batchTokens: Int?
var parallelism = SentenceEncoder.Parallelism.workers
var tokensOut: String?
var embeddingsOut: String?
while let first = arguments.first, first.hasPrefix("--") {
    if first == "--parallelism", arguments.count >= 2, let value = SentenceEncoder.Parallelism(rawValue: arguments[1]) {
        parallelism = value
        arguments.removeFirst(2)
        continue
    }
    if first == "--write-tokens" || first == "--write-embeddings", arguments.count >= 2 {
        if first == "--write-tokens" { tokensOut = arguments[1] } else { embeddingsOut = arguments[1] }
        arguments.removeFirst(2)
        continue
    }
    guard arguments.count >= 2, let value = Int(arguments[1]), value >= 1 else {
        fail("\(first) takes a whole number of at least 1")
    }
    switch first {
    case "--runs": runs = value
    case "--threads": threads = value
    case "--batch-tokens": batchTokens = value
    default: fail("unknown option \(first)")
    }
    arguments.removeFirst(2)
}
guard arguments.count == 2 else {
    fail(
        "usage: encoder-bench [--runs N] [--threads N] [--batch-tokens N] [--write-tokens FILE] [--write-embeddings FILE] MODEL_DIR SENTENCES"
    )
}
let encoder: SentenceEncoder
do {
    encoder = try SentenceEncoder(
        directory: URL(fileURLWithPath: arguments[0]), threads: threads, batchTokens: batchTokens ?? 1024,
        parallelism: parallelism)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
guard let text = try? String(contentsOfFile: arguments[1], encoding: .utf8) else { fail("cannot read \(arguments[1])") }
let sentences = text.split(separator: "\n").map(String.init)
guard !sentences.isEmpty else { fail("\(arguments[1]) has no sentences") }
let tokenized = encoder.tokenize(sentences)
let tokens = tokenized.reduce(0) { $0 + $1.count }
if let tokensOut {
    let lines = tokenized.map { $0.map(String.init).joined(separator: " ") }.joined(separator: "\n") + "\n"
    guard FileManager.default.createFile(atPath: tokensOut, contents: Data(lines.utf8)) else {
        fail("cannot write \(tokensOut)")
    }
}
_ = encoder.encode(Array(sentences.prefix(64)))  // warm up: page in the weights, start the threads
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(
        usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
var seconds: [Double] = []
let cpuStart = cpuSeconds()
for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    let vectors = encoder.encode(sentences)
    seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    precondition(vectors.count == sentences.count)
    if let embeddingsOut {
        let data = vectors.flatMap { $0 }.withUnsafeBufferPointer { Data(buffer: $0) }
        guard FileManager.default.createFile(atPath: embeddingsOut, contents: data) else {
            fail("cannot write \(embeddingsOut)")
        }
    }
}
let cpu = cpuSeconds() - cpuStart
let sorted = seconds.sorted()
let best = sorted[0]
let median = sorted[sorted.count / 2]
let count = Double(sentences.count)
// CPU time beside the clock: on a shared machine a neighbour steals wall time, not CPU time.
print(
    String(
        format:
            "encoder: %d sentences, %.1f tokens each; %d threads (%@), %d passes: best %.2f s = %.0f sentences/s, median %.2f s = %.0f sentences/s; %.0f sentences per CPU-second",
        sentences.count, Double(tokens) / count, encoder.threadCount, parallelism.rawValue, runs, best, count / best,
        median, count / median,
        count * Double(runs) / cpu))
