/// Turns a sentence into the hashed features the check-worthiness model reads.
///
/// The recipe (tokenizer, feature templates, FNV-1a hashing into 2^18 buckets,
/// binary presence, L2 normalisation) is documented in `docs/checkworthiness-model.md`
/// and must not change without retraining the shipped model.
///
/// Not thread-safe: it keeps scratch buffers; give each thread its own.
public final class FeatureHasher {
    public static let bits = 18
    public static let bucketCount = 1 << bits
    static let mask = UInt64(bucketCount - 1)

    /// Token characters, all tokens back to back; `tokenBounds[i]` is the i-th token's range.
    private var characters: [UInt8] = []
    private var tokenBounds: [(start: Int, end: Int)] = []
    /// Bucket -> the sentence number that last used it, to de-duplicate in O(1).
    private var stamp: [UInt32]
    private var generation: UInt32 = 0
    /// Every feature's hash for the last sentence, before de-duplication.
    private var featureHashes: [UInt64] = []
    /// Each token's plain FNV-1a hash, for word-list look-ups.
    private(set) var tokenHashes: [UInt64] = []
    /// The last sentence's UTF-8 bytes.
    private(set) var textBytes: [UInt8] = []
    /// The distinct buckets of the last sentence, in first-seen order.
    public private(set) var buckets: [UInt32] = []

    public init() {
        stamp = [UInt32](repeating: 0, count: Self.bucketCount)
        characters.reserveCapacity(1024)
        tokenBounds.reserveCapacity(256)
        buckets.reserveCapacity(1024)
    }

    // MARK: FNV-1a 64

    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    @inline(__always)
    static func mix(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* prime
    }

    static func fnv1a(_ bytes: some Sequence<UInt8>, from start: UInt64 = offsetBasis) -> UInt64 {
        var hash = start
        for byte in bytes { hash = mix(hash, byte) }
        return hash
    }

    /// The bucket of a feature string, as the recipe defines it.
    public static func bucket(of feature: String) -> UInt32 {
        UInt32(truncatingIfNeeded: fnv1a(feature.utf8) & mask)
    }

    private static let w1Prefix = fnv1a("w1:".utf8)
    private static let w2Prefix = fnv1a("w2:".utf8)
    private static let charPrefix = fnv1a("c:".utf8)
    private static let sentenceStartHash = fnv1a("w2:<s> ".utf8)
    private static let sentenceEnd = Array("</s>".utf8)

    // MARK: Tokenizer

    /// The recipe's tokens: ASCII letters lower-cased and digits as `0` in runs;
    /// apostrophes dropped inside words; `$`, `%` and `?` as tokens of their own;
    /// everything else (punctuation, spaces, any non-ASCII) separates tokens.
    public static func tokenize(_ text: String) -> [String] {
        let hasher = FeatureHasher()
        hasher.tokenizeIntoScratch(text)
        return hasher.tokenBounds.map { String(decoding: hasher.characters[$0.start..<$0.end], as: UTF8.self) }
    }

    private func tokenizeIntoScratch(_ text: String) {
        characters.removeAll(keepingCapacity: true)
        tokenBounds.removeAll(keepingCapacity: true)
        var start = 0
        // UTF-8 bytes suffice: every byte of a multi-byte scalar is >= 0x80 and acts as a
        // separator, except U+2019 (E2 80 99), which the recipe deletes like an apostrophe.
        var utf8 = text.utf8.makeIterator()
        var pending: UInt8? = nil
        while let byte = pending ?? utf8.next() {
            pending = nil
            switch byte {
            case 0x41...0x5A: characters.append(byte | 0x20)
            case 0x61...0x7A: characters.append(byte)
            case 0x30...0x39: characters.append(0x30)
            case 0x27, 0x60: continue
            case 0xE2:
                // U+2019 is deleted; any other scalar starting E2 separates.
                if let second = utf8.next() {
                    if second == 0x80, let third = utf8.next() {
                        if third == 0x99 { continue }
                        endToken(&start)
                        if third < 0x80 || third >= 0xC0 { pending = third }
                    } else {
                        endToken(&start)
                        if second < 0x80 || second >= 0xC0 { pending = second }
                    }
                } else {
                    endToken(&start)
                }
            default:
                endToken(&start)
                if byte == 0x24 || byte == 0x25 || byte == 0x3F {
                    characters.append(byte)
                    tokenBounds.append((start, characters.count))
                    start = characters.count
                }
            }
        }
        endToken(&start)
    }

    @inline(__always)
    private func endToken(_ start: inout Int) {
        if characters.count > start {
            tokenBounds.append((start, characters.count))
            start = characters.count
        }
    }

    // MARK: Features

    /// Computes the distinct buckets of `text` into `buckets`; returns their count.
    @discardableResult
    public func hash(_ text: String) -> Int {
        tokenizeIntoScratch(text)
        textBytes.removeAll(keepingCapacity: true)
        textBytes.append(contentsOf: text.utf8)

        // The hot loops work on locals: stored properties of a class would pay a dynamic
        // exclusivity check on every access.
        var hashes = featureHashes
        featureHashes = []
        hashes.removeAll(keepingCapacity: true)
        var tokenHashes = self.tokenHashes
        self.tokenHashes = []
        tokenHashes.removeAll(keepingCapacity: true)
        let bounds = tokenBounds
        let basis = Self.offsetBasis, w1 = Self.w1Prefix, w2 = Self.w2Prefix, cp = Self.charPrefix
        let start2 = Self.sentenceStartHash, endTail = Self.sentenceEnd

        characters.withUnsafeBufferPointer { chars in
            for (start, end) in bounds {
                var plain = basis
                var unigram = w1
                for i in start..<end {
                    plain = Self.mix(plain, chars[i])
                    unigram = Self.mix(unigram, chars[i])
                }
                tokenHashes.append(plain)
                hashes.append(unigram)
            }
            // Word bigrams over <s> tokens </s>: "w2:" first " " second.
            var previous: (Int, Int)? = nil
            for index in 0...bounds.count {
                var h: UInt64
                if let (s, e) = previous {
                    h = w2
                    for i in s..<e { h = Self.mix(h, chars[i]) }
                    h = Self.mix(h, 0x20)
                } else {
                    h = start2
                }
                if index < bounds.count {
                    let (s, e) = bounds[index]
                    for i in s..<e { h = Self.mix(h, chars[i]) }
                    previous = bounds[index]
                } else {
                    for b in endTail { h = Self.mix(h, b) }
                }
                hashes.append(h)
            }
            // Character 2- to 5-grams of " token ".
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { padded in
                for (start, end) in bounds where end - start + 2 <= padded.count {
                    let length = end - start + 2
                    padded[0] = 0x20
                    for i in start..<end { padded[i - start + 1] = chars[i] }
                    padded[length - 1] = 0x20
                    for i in 0..<(length - 1) {
                        var h = cp
                        // Extend one byte at a time: the 2-, 3-, 4- and 5-gram starting at i.
                        h = Self.mix(h, padded[i])
                        var k = i + 1
                        while k < length && k - i < 5 {
                            h = Self.mix(h, padded[k])
                            hashes.append(h)
                            k += 1
                        }
                    }
                }
            }
        }
        self.tokenHashes = tokenHashes
        hashes.append(contentsOf: HandFeatures.features(text: text, hasher: self))
        hashes.append(HandFeatures.bias)

        // De-duplicate by bucket, in first-seen order.
        generation &+= 1
        var stamp = self.stamp
        self.stamp = []
        if generation == 0 {  // wrapped: forget every old stamp
            for i in stamp.indices { stamp[i] = 0 }
            generation = 1
        }
        var buckets = self.buckets
        self.buckets = []
        buckets.removeAll(keepingCapacity: true)
        let current = generation, mask = Self.mask
        stamp.withUnsafeMutableBufferPointer { stamp in
            for h in hashes {
                let bucket = Int(h & mask)
                if stamp[bucket] != current {
                    stamp[bucket] = current
                    buckets.append(UInt32(truncatingIfNeeded: bucket))
                }
            }
        }
        self.stamp = stamp
        self.buckets = buckets
        featureHashes = hashes
        return buckets.count
    }

    // Token access for the hand features.
    var tokenCount: Int { tokenBounds.count }

    func tokenEquals(_ index: Int, _ word: [UInt8]) -> Bool {
        let (start, end) = tokenBounds[index]
        guard end - start == word.count else { return false }
        for k in 0..<word.count where characters[start + k] != word[k] { return false }
        return true
    }

    func tokenLength(_ index: Int) -> Int { tokenBounds[index].end - tokenBounds[index].start }

    func tokenHasSuffix(_ index: Int, _ suffix: [UInt8]) -> Bool {
        let (start, end) = tokenBounds[index]
        guard end - start >= suffix.count else { return false }
        let offset = end - suffix.count
        for k in 0..<suffix.count where characters[offset + k] != suffix[k] { return false }
        return true
    }
}
