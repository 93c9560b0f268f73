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

extension ParallelWork {
    /// `produce(index, worker)` for every index in 0..<count on `workers` threads, each result
    /// handed to `consume` on the calling thread in index order as soon as it and those before
    /// it are done, so consuming one result overlaps producing the next ones (`map` waits for
    /// all of them). At most `ahead` results are produced ahead of the one being consumed.
    /// Each worker number is used by one thread at a time. When `consume` throws, the workers
    /// stop after what they are producing and the error is rethrown once they have.
    static func inOrder<Result>(
        _ count: Int, workers: Int, ahead: Int, produce: (Int, Int) -> Result, consume: (Int, Result) throws -> Void
    ) throws {
        guard count > 0 else { return }
        let workers = max(1, min(workers, count))
        if workers == 1 {
            for index in 0..<count { try consume(index, produce(index, 0)) }
            return
        }
        let ahead = max(ahead, workers)
        let state = InOrderState<Result>(ahead: ahead)
        try withoutActuallyEscaping(produce) { produce in
            nonisolated(unsafe) let work = produce
            let group = DispatchGroup()
            for worker in 0..<workers {
                DispatchQueue.global().async(group: group) {
                    state.condition.lock()
                    while true {
                        while !state.stopped && state.next < count && state.next >= state.consumed + ahead {
                            state.condition.wait()
                        }
                        guard !state.stopped && state.next < count else { break }
                        let index = state.next
                        state.next += 1
                        state.condition.unlock()
                        let result = work(index, worker)
                        state.condition.lock()
                        state.slots[index % ahead] = result
                        state.condition.broadcast()
                    }
                    state.condition.unlock()
                }
            }
            // Every path out waits for the workers: `produce` must not outlive this call.
            defer {
                state.condition.lock()
                state.stopped = true
                state.condition.broadcast()
                state.condition.unlock()
                group.wait()
            }
            for index in 0..<count {
                state.condition.lock()
                while state.slots[index % ahead] == nil { state.condition.wait() }
                let result = state.slots[index % ahead].take()!
                state.consumed = index + 1
                state.condition.broadcast()
                state.condition.unlock()
                try consume(index, result)
            }
        }
    }
}

/// What `ParallelWork.inOrder`'s threads share, under `condition`'s lock: a ring of `ahead`
/// slots (index i in slot i % ahead, free once index i - ahead was consumed).
private final class InOrderState<Result>: @unchecked Sendable {
    let condition = NSCondition()
    var slots: [Result?]
    /// The next index a worker takes, and the next one the caller consumes.
    var next = 0
    var consumed = 0
    var stopped = false

    init(ahead: Int) { slots = Array(repeating: nil, count: ahead) }
}
