import Foundation

/// Page furniture that is never a claim: bylines, credits, share and follow prompts.
enum Boilerplate {
    static let phrases = [
        "leave a reply", "leave a comment", "follow him on", "follow her on", "follow them on", "follow us on",
        "sign up for", "subscribe to", "all rights reserved", "click here", "read more", "share this",
        "contributed reporting", "contributed to this report", "reporting by", "editing by", "photo by",
        "image credit", "copyright", "cookie", "newsletter", "advertisement", "terms of service", "privacy policy",
        "comments are closed", "you must be logged in", "this article was", "updated at", "published at",
        "send your tips", "we would love to hear",
    ]
    static let by = Array("by ".utf8)
    static let said = Array(" said".utf8)
    static let copyright = Array("©".utf8)

    /// The byline and copyright tests; the phrases are searched with the stance markers.
    static func matchesStart(_ lower: UnsafeBufferPointer<UInt8>, words: Int) -> Bool {
        if lower.starts(with: by), words <= 8, !Marker.contains(lower, said) { return true }
        if lower.starts(with: copyright) { return true }
        return false
    }
}

/// Opinions and statements of intent: no checkable fact, even when a number rides along
/// ("She plans to ask the state for another $300 million next year").
enum Stance {
    static let opinionMarkers = [
        "i think", "i believe", "i feel", "we believe", "we think", "in my opinion", "in my view", "in our view",
        "in our opinion", "i hope", "we hope", "i want", "we want", "it is time to", "it's time to", "ought to",
        "should have", "must be", "deserves better",
    ]
    static let intentMarkers = [
        "i will", "we will", "i'll", "we'll", "i am going to", "i'm going to", "we are going to", "we're going to",
        "plans to", "plan to", "planning to", "intends to", "intend to", "expects to", "expect to", "vowed to",
        "promised to", "will keep", "will continue to", "hopes to", "aims to",
    ]
}

extension Marker {
    static let boilerplate: UInt8 = 1, intent: UInt8 = 2, opinion: UInt8 = 4

    /// Boilerplate phrases, intent markers and opinion markers, searched in one pass.
    static let furniture = Marker.Set([
        (Boilerplate.phrases, boilerplate), (Stance.intentMarkers, intent), (Stance.opinionMarkers, opinion),
    ])

    /// Page furniture, or an opinion or plan with no fact in it: an opinion marker
    /// counts only when the sentence has no digit ("I think unemployment fell to 3.4%"
    /// still states a number worth checking).
    static func isFurnitureOpinionOrPlan(_ lower: UnsafeBufferPointer<UInt8>, words: Int) -> Bool {
        if Boilerplate.matchesStart(lower, words: words) { return true }
        let found = furniture.matches(lower, stoppingAt: boilerplate | intent)
        if found & (boilerplate | intent) != 0 { return true }
        guard found & opinion != 0 else { return false }
        return !lower.contains { $0 >= 0x30 && $0 <= 0x39 }
    }
}

/// Phrase search over UTF-8 bytes, far cheaper than Foundation's String.contains per sentence.
enum Marker {
    /// Groups of phrases searched in one pass. The bytes two and three ahead of a position
    /// skip about half the positions where no phrase can start; at the rest, the next four
    /// bytes, hashed into a bit set of 8 KB that stays in cache, rule out almost all with one load.
    struct Set: Sendable {
        /// One bit per hash of a phrase's first four bytes.
        private var prefixBits: [UInt64] = Array(repeating: 0, count: 1024)
        /// Open addressing on the first four bytes: (prefix, 1 + run index), run index 0 when empty.
        private var slots: [(prefix: UInt32, run: Int)] = Array(repeating: (0, 0), count: 256)
        /// Runs of phrases sharing their first four bytes: (start, end) in `phrases`.
        private var runs: [(start: Int, end: Int)] = []
        /// Every phrase's bytes back to back.
        private var bytes: [UInt8] = []
        /// Phrases as (start, end, group) in `bytes`, grouped by first four bytes.
        private var phrases: [(start: Int, end: Int, group: UInt8)] = []
        /// How far the search may move on from a position, by the hash of the third and fourth
        /// bytes there (Wu-Manber): 0 when they may end a phrase's first four bytes, 1 or 2 when
        /// they appear one or two bytes earlier in one, else 3. Hashes that collide keep the least.
        private var shifts: [UInt8] = Array(repeating: 3, count: 4096)

        @inline(__always)
        private static func bit(_ prefix: UInt32) -> Int { Int(truncatingIfNeeded: (prefix &* 0x9E37_79B1) >> 16) }

        @inline(__always)
        private static func shiftSlot(_ block: UInt16) -> Int {
            Int(truncatingIfNeeded: (UInt32(block) &* 0x9E37_79B1) >> 20)
        }

        @inline(__always)
        private static func prefix(_ bytes: UnsafePointer<UInt8>) -> UInt32 {
            UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        }

        /// Each phrase is at least four bytes long.
        init(_ groups: [([String], UInt8)]) {
            var byPrefix: [UInt32: [([UInt8], UInt8)]] = [:]
            var order: [UInt32] = []
            for (list, group) in groups {
                for phrase in list {
                    let utf8 = Array(phrase.utf8)
                    precondition(utf8.count >= 4)
                    let prefix = utf8.withUnsafeBufferPointer { Self.prefix($0.baseAddress!) }
                    if byPrefix[prefix] == nil { order.append(prefix) }
                    byPrefix[prefix, default: []].append((utf8, group))
                }
            }
            precondition(order.count < slots.count / 2)
            for prefix in order {
                let start = phrases.count
                for (utf8, group) in byPrefix[prefix]! {
                    phrases.append((bytes.count, bytes.count + utf8.count, group))
                    bytes.append(contentsOf: utf8)
                }
                runs.append((start, phrases.count))
                var i = Int((prefix &* 0x9E37_79B1) >> 24)
                while slots[i].run != 0 { i = (i + 1) & (slots.count - 1) }
                slots[i] = (prefix, runs.count)
                let bit = Self.bit(prefix)
                prefixBits[bit >> 6] |= 1 << UInt64(bit & 63)
                for j in 0..<3 {
                    let block = UInt16(truncatingIfNeeded: prefix >> (8 * j))
                    let slot = Self.shiftSlot(block)
                    shifts[slot] = min(shifts[slot], UInt8(2 - j))
                }
            }
        }

        /// The groups of the phrases found in `haystack`, or'ed; stops early once one of `stop` is found.
        func matches(_ haystack: UnsafeBufferPointer<UInt8>, stoppingAt stop: UInt8) -> UInt8 {
            guard haystack.count >= 4, let h = haystack.baseAddress else { return 0 }
            let count = haystack.count
            var found: UInt8 = 0
            return prefixBits.withUnsafeBufferPointer { prefixBits in
                slots.withUnsafeBufferPointer { slots in
                    bytes.withUnsafeBufferPointer { bytes in
                        phrases.withUnsafeBufferPointer { phrases in
                            shifts.withUnsafeBufferPointer { shifts in
                                // Skip the positions where no phrase can start by the bytes two and
                                // three ahead (reading at most to the last byte); about half are skipped.
                                let last = count &- 4
                                let shiftTable = shifts.baseAddress!
                                @inline(__always) func shift(at i: Int) -> Int {
                                    let block = UInt16(
                                        littleEndian: UnsafeRawPointer(h + i + 2).loadUnaligned(as: UInt16.self))
                                    return Int(truncatingIfNeeded: shiftTable[Self.shiftSlot(block)])
                                }
                                var next = 0
                                while next <= last {
                                    var skip = shift(at: next)
                                    while skip != 0 {
                                        next &+= skip
                                        guard next <= last else { return found }
                                        skip = shift(at: next)
                                    }
                                    let i = next
                                    next &+= 1
                                    let prefix = UInt32(
                                        littleEndian: UnsafeRawPointer(h + i).loadUnaligned(as: UInt32.self))
                                    let bit = Self.bit(prefix)
                                    guard prefixBits[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { continue }
                                    var slot = Int((prefix &* 0x9E37_79B1) >> 24)
                                    while slots[slot].run != 0 && slots[slot].prefix != prefix {
                                        slot = (slot + 1) & 255
                                    }
                                    guard slots[slot].run != 0 else { continue }
                                    let (start, end) = runs[slots[slot].run - 1]
                                    for p in start..<end {
                                        let phrase = phrases[p]
                                        let length = phrase.end - phrase.start
                                        guard length <= count - i, found & phrase.group == 0 else { continue }
                                        var k = 4
                                        while k < length && h[i + k] == bytes[phrase.start + k] { k += 1 }
                                        // A phrase that starts or ends with a letter or digit must start or end a word there.
                                        if k == length,
                                            !Marker.isASCIIWordByte(bytes[phrase.start]) || Marker.startsWord(h, at: i),
                                            !Marker.isASCIIWordByte(bytes[phrase.end - 1])
                                                || Marker.endsWord(h, at: i + length, count: count)
                                        {
                                            found |= phrase.group
                                            if found & stop != 0 { return found }
                                        }
                                    }
                                }
                                return found
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether a phrase found at `i` starts a word: "aims to" is not found in "claims
    /// to", nor "i will" in "Hawaii will". A letter or digit before it, ASCII or not,
    /// joins it to a longer word; spaces, ASCII punctuation, NBSP and the General
    /// Punctuation block (curly quotes, dashes: E2 80 xx) do not.
    @inline(__always)
    static func startsWord(_ h: UnsafePointer<UInt8>, at i: Int) -> Bool {
        guard i > 0 else { return true }
        let b = h[i - 1]
        if b < 0x80 { return !isASCIIWordByte(b) }
        if i >= 3 && h[i - 3] == 0xE2 && h[i - 2] == 0x80 { return true }
        return i >= 2 && h[i - 2] == 0xC2 && b == 0xA0
    }

    /// Whether a phrase ending before `end` ends a word ("ought to" is not found in
    /// "brought to", nor "plan to" in "plan toward").
    @inline(__always)
    static func endsWord(_ h: UnsafePointer<UInt8>, at end: Int, count: Int) -> Bool {
        guard end < count else { return true }
        let b = h[end]
        if b < 0x80 { return !isASCIIWordByte(b) }
        if end + 1 < count && b == 0xE2 && h[end + 1] == 0x80 { return true }
        return end + 1 < count && b == 0xC2 && h[end + 1] == 0xA0
    }

    @inline(__always)
    static func isASCIIWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A)
    }

    /// The byte offset of the first occurrence of `needle` in `haystack`.
    static func firstMatch(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count, let base = haystack.baseAddress,
            let needleBase = needle.baseAddress
        else { return nil }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last, let found = memchr(base + i, Int32(first), last - i + 1) {
            i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            if memcmp(base + i, needleBase, needle.count) == 0 { return i }
            i += 1
        }
        return nil
    }

    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
        let h = haystack
        return needle.withUnsafeBufferPointer { n in
            var i = 0
            let last = h.count - n.count
            while i <= last {
                if h[i] == first {
                    var k = 1
                    while k < n.count && h[i + k] == n[k] { k += 1 }
                    if k == n.count { return true }
                }
                i += 1
            }
            return false
        }
    }
}
