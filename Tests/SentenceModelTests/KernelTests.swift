import Foundation
import Testing

@testable import SentenceModel

/// The hand-written elementwise functions against the C library's.
@Suite("Encoder kernels")
struct KernelTests {
    @Test func geluUsesTheExactErrorFunction() {
        var worst = 0.0
        var x: [Float] = stride(from: -9.0, through: 9.0, by: 0.0037).map { Float($0) }
        let inputs = x
        x.withUnsafeMutableBufferPointer { Kernels.gelu($0.baseAddress!, count: $0.count) }
        for (input, output) in zip(inputs, x) {
            let exact = 0.5 * Double(input) * (1 + Foundation.erf(Double(input) / 2.0.squareRoot()))
            worst = max(worst, abs(Double(output) - exact) / max(1, abs(exact)))
        }
        // float32 rounding of the result is 6e-8; the tanh approximation would be off by 1e-3.
        #expect(worst < 2e-7, "worst error \(worst)")
    }

    @Test func softmaxRowsSumToOneAndMatchTheLibraryExponential() {
        let width = 37
        var scores = (0..<(2 * width)).map { Float(sin(Double($0)) * 20) }
        let inputs = scores
        scores.withUnsafeMutableBufferPointer { Kernels.softmaxRows($0.baseAddress!, rows: 2, width: width) }
        for row in 0..<2 {
            let slice = inputs[row * width..<(row + 1) * width].map(Double.init)
            let largest = slice.max()!
            let total = slice.reduce(0) { $0 + Foundation.exp($1 - largest) }
            for j in 0..<width {
                let exact = Foundation.exp(slice[j] - largest) / total
                #expect(abs(Double(scores[row * width + j]) - exact) <= 1e-6 * max(exact, 1e-3))
            }
        }
    }

    @Test func batchesSplitByTokensAndCoverEveryItemOnce() {
        let counts = [10, 30, 5, 5, 50, 20, 25, 8]
        for (target, minimum) in [(1024, 1), (40, 1), (1024, 2), (10, 2), (1, 3)] {
            let ranges = SentenceEncoder.batches(counts, total: counts.reduce(0, +), target: target, minimum: minimum)
            #expect(ranges.flatMap { Array($0) } == Array(counts.indices), "target \(target), minimum \(minimum)")
            #expect(ranges.count >= min(minimum, counts.count))
        }
    }
}
