import Foundation
import Testing

@testable import ClaimsCLI

@Suite("ParallelWork")
struct ParallelWorkTests {
    /// What the producing threads and the consuming one saw, under a lock.
    final class Log: @unchecked Sendable {
        let lock = NSLock()
        var consumed = 0
        var produced: [Int] = []
        var furthestAhead = 0
        var producedAfterReturn = false
        var returned = false
    }

    struct Stop: Error {}

    @Test(arguments: [(2, 3), (2, 16), (3, 5), (1, 4)])
    func resultsArriveInOrderAndNeverMoreThanAheadAreWaiting(workers: Int, ahead: Int) throws {
        let log = Log()
        var seen: [Int] = []
        try ParallelWork.inOrder(400, workers: workers, ahead: ahead) { index, worker in
            log.lock.withLock {
                log.produced.append(index)
                log.furthestAhead = max(log.furthestAhead, index - log.consumed)
            }
            // Uneven work, so results finish out of order.
            if index % 7 == 0 { usleep(200) }
            return index * index
        } consume: { index, result in
            #expect(result == index * index)
            seen.append(index)
            log.lock.withLock { log.consumed = index + 1 }
        }
        #expect(seen == Array(0..<400))
        #expect(log.produced.sorted() == Array(0..<400))
        #expect(log.furthestAhead <= max(ahead, workers), "workers \(workers), ahead \(ahead)")
    }

    @Test func aThrowingConsumerStopsTheWorkersBeforeItReturns() {
        let log = Log()
        #expect(throws: Stop.self) {
            try ParallelWork.inOrder(10_000, workers: 2, ahead: 4) { index, _ in
                log.lock.withLock {
                    log.produced.append(index)
                    if log.returned { log.producedAfterReturn = true }
                }
                usleep(100)
                return index
            } consume: { index, _ in
                if index == 10 { throw Stop() }
            }
        }
        log.lock.withLock { log.returned = true }
        usleep(20_000)
        log.lock.withLock {
            #expect(!log.producedAfterReturn)
            #expect(log.produced.max() ?? 0 < 10 + 4 + 2)
        }
    }
}
