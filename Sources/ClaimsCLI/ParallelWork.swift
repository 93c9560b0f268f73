import Foundation

/// Work spread over threads with results in input order.
enum ParallelWork {
    /// `body(index, worker)` for every index in 0..<count, on `workers` threads (each
    /// worker number is used by one thread at a time, so per-worker state needs no lock);
    /// the results in index order.
    static func map<Result>(_ count: Int, workers: Int, _ body: (Int, Int) -> Result) -> [Result] {
        guard count > 0 else { return [] }
        let workers = max(1, min(workers, count))
        if workers == 1 { return (0..<count).map { body($0, 0) } }
        return withoutActuallyEscaping(body) { body in
            let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
            results.initialize(repeating: nil)
            defer {
                results.deinitialize()
                results.deallocate()
            }
            let lock = NSLock()
            nonisolated(unsafe) var next = 0
            nonisolated(unsafe) let shared = results
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                while true {
                    let index: Int = lock.withLock {
                        defer { next += 1 }
                        return next
                    }
                    guard index < count else { return }
                    shared[index] = work(index, worker)
                }
            }
            return results.map { $0! }
        }
    }
}
