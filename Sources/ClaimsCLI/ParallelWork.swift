import Foundation

/// Work spread over threads with results in input order.
enum ParallelWork {}

extension ParallelWork {
    /// `produce(index, worker)` for every index in 0..<count, each result handed to `consume`
    /// on the calling thread in index order as soon as it and those before it are done, so
    /// printing one result overlaps producing the next ones.
    /// `workers - 1` threads produce, and so does the calling thread whenever the result it
    /// needs next is not in yet: no core is left idle and none is shared by two busy threads.
    /// At most `ahead` results wait at once (at least `workers`). Each worker number is used by
    /// one thread at a time; the calling thread's is `workers - 1` (after `workers` is cut to
    /// `count`), never in use while `consume` runs. When `consume` throws, the other threads stop after what they are
    /// producing and the error is rethrown once they have.
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
        // A permit from `space` for each index a thread takes (a result may wait in its slot
        // only once index - ahead was consumed); `ready[slot]` says a slot's result is in.
        // (Made at 0 and raised: a semaphore below its starting value when freed is a trap.)
        let space = DispatchSemaphore(value: 0)
        for _ in 0..<ahead { space.signal() }
        let ready = (0..<ahead).map { _ in DispatchSemaphore(value: 0) }
        let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: ahead)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        let lock = NSLock()
        nonisolated(unsafe) var next = 0
        nonisolated(unsafe) var stopped = false
        nonisolated(unsafe) let shared = slots
        /// Takes the next index when a permit is there (waiting for one with `wait`).
        @Sendable func take(wait: Bool) -> Int? {
            if wait { space.wait() } else if space.wait(timeout: .now()) == .timedOut { return nil }
            let index: Int? = lock.withLock {
                guard !stopped && next < count else { return nil }
                defer { next += 1 }
                return next
            }
            // A permit not used goes back, for the thread that finds it next.
            if index == nil { space.signal() }
            return index
        }
        try withoutActuallyEscaping(produce) { produce in
            nonisolated(unsafe) let work = produce
            let group = DispatchGroup()
            for worker in 0..<(workers - 1) {
                DispatchQueue.global().async(group: group) {
                    while let index = take(wait: true) {
                        shared[index % ahead] = work(index, worker)
                        ready[index % ahead].signal()
                    }
                }
            }
            // Every path out waits for the workers: `produce` must not outlive this call.
            defer {
                lock.withLock { stopped = true }
                space.signal()
                group.wait()
            }
            for index in 0..<count {
                // Produce while the next result is not in, then wait for it.
                while ready[index % ahead].wait(timeout: .now()) == .timedOut {
                    guard let mine = take(wait: false) else {
                        ready[index % ahead].wait()
                        break
                    }
                    shared[mine % ahead] = work(mine, workers - 1)
                    ready[mine % ahead].signal()
                }
                let result = shared[index % ahead].take()!
                space.signal()
                try consume(index, result)
            }
        }
    }
}
