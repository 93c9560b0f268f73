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

    // Scratch space, grown to fit the longest sentence seen. Plain pointers rather than
    // arrays: the hot loops write them without uniqueness, capacity or exclusivity checks.
    /// How many text bytes the buffers below are sized for.
    private var capacity = 0
    /// Token characters, each token between spaces (" tok1 tok2 "), so that the padded
    /// " token " of the character n-grams is in place; token i is `characters[tokenStarts[i]..<tokenEnds[i]]`.
    private var characters: UnsafeMutablePointer<UInt8>
    private var tokenStarts: UnsafeMutablePointer<Int>
    private var tokenEnds: UnsafeMutablePointer<Int>
    /// Each token's plain FNV-1a hash, for word-list look-ups.
    private var tokenHashes: UnsafeMutablePointer<UInt64>
    /// Each token's bigram hash (the previous token or <s>, then this one), held back until
    /// the unigrams are out.
    private var bigramHashes: UnsafeMutablePointer<UInt64>
    /// The distinct buckets of the last sentence, in first-seen order.
    private var bucketStorage: UnsafeMutablePointer<UInt32>
    /// One bit per bucket, set while a sentence is hashed and cleared after, to de-duplicate
    /// in O(1) in 32 KB that stay in cache: the bucket's low 12 bits pick the word, its top 6 the bit.
    private let seen: UnsafeMutablePointer<UInt64>
    /// The hand features of the sentence being hashed (at most 24).
    private let handScratch: UnsafeMutablePointer<UInt64>
    /// "c:" and each byte, hashed: where every character n-gram's hash starts, one load.
    private let charGramStarts: UnsafeMutablePointer<UInt64>
    private(set) var tokenCount = 0
    /// Which of `$`, `%` and `?` the last text tokenized holds, as `HandFeatures` byte classes
    /// (each is always a token of its own, so the tokenizer sees every one).
    private var signClasses: UInt8 = 0
    private var distinctCount = 0

    /// The distinct buckets of the last sentence, in first-seen order.
    public var buckets: [UInt32] { Array(UnsafeBufferPointer(start: bucketStorage, count: distinctCount)) }

    /// Calls `body` with the distinct buckets of the last sentence, in first-seen order, without copying.
    @inline(__always)
    func withBuckets<R>(_ body: (UnsafeBufferPointer<UInt32>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: bucketStorage, count: distinctCount))
    }

    public init() {
        seen = .allocate(capacity: Self.bucketCount / 64)
        seen.initialize(repeating: 0, count: Self.bucketCount / 64)
        handScratch = .allocate(capacity: 32)
        charGramStarts = .allocate(capacity: 256)
        for byte in 0...255 { charGramStarts[byte] = Self.mix(Self.charPrefix, UInt8(byte)) }
        characters = .allocate(capacity: 1)
        tokenStarts = .allocate(capacity: 1)
        tokenEnds = .allocate(capacity: 1)
        tokenHashes = .allocate(capacity: 1)
        bigramHashes = .allocate(capacity: 1)
        bucketStorage = .allocate(capacity: 1)
        reserve(1024)
    }

    deinit {
        seen.deallocate()
        handScratch.deallocate()
        charGramStarts.deallocate()
        deallocateSentenceBuffers()
    }

    /// The buffers `reserve` sizes to the longest sentence.
    private func deallocateSentenceBuffers() {
        characters.deallocate()
        tokenStarts.deallocate()
        tokenEnds.deallocate()
        tokenHashes.deallocate()
        bigramHashes.deallocate()
        bucketStorage.deallocate()
    }

    /// Sizes the scratch buffers for a text of `count` UTF-8 bytes: at most one token and
    /// one token character (plus a space) per byte, and at most 10 features per byte plus
    /// the fixed ones, or one per bucket (and one spare slot, written and not counted).
    private func reserve(_ count: Int) {
        guard count > capacity else { return }
        let size = max(count, capacity * 2)
        deallocateSentenceBuffers()
        characters = .allocate(capacity: 2 * size + 2)
        tokenStarts = .allocate(capacity: size)
        tokenEnds = .allocate(capacity: size)
        tokenHashes = .allocate(capacity: size)
        bigramHashes = .allocate(capacity: size)
        bucketStorage = .allocate(capacity: min(10 * size + 64, Self.bucketCount + 1))
        capacity = size
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
    /// Tokens longer than this get no character n-grams (the recipe's 4096-byte padded buffer).
    private static let longestCharGramToken = 4096 - 2

    // MARK: Tokenizer

    /// The recipe's tokens: ASCII letters lower-cased and digits as `0` in runs;
    /// apostrophes dropped inside words; `$`, `%` and `?` as tokens of their own;
    /// everything else (punctuation, spaces, any non-ASCII) separates tokens.
    public static func tokenize(_ text: String) -> [String] {
        let hasher = FeatureHasher()
        var text = text
        let count = text.withUTF8 { hasher.tokenizeIntoScratch($0) }
        return (0..<count).map {
            String(
                decoding: UnsafeBufferPointer(
                    start: hasher.characters + hasher.tokenStarts[$0],
                    count: hasher.tokenEnds[$0] - hasher.tokenStarts[$0]),
                as: UTF8.self)
        }
    }

    /// Tokenizes into `characters`, `tokenStarts` and `tokenEnds`; returns the token count.
    private func tokenizeIntoScratch(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        reserve(text.count)
        guard let bytes = text.baseAddress else {
            tokenCount = 0
            signClasses = 0
            return 0
        }
        let characters = self.characters
        let starts = tokenStarts
        let ends = tokenEnds
        let count = text.count
        characters[0] = 0x20
        var c = 1
        var t = 0
        var start = 1
        var signs: UInt8 = 0
        var i = 0
        // UTF-8 bytes suffice: every byte of a multi-byte scalar is >= 0x80 and acts as a
        // separator, except U+2019 (E2 80 99), which the recipe deletes like an apostrophe.
        Self.tokenBytes.withUnsafeBufferPointer { map in
            while i < count {
                var mapped = map[Int(bytes[i])]
                if mapped >= 0x30 {
                    // A letter (lower-cased) or a digit (as 0): the token goes on, in a loop of its
                    // own to the first byte that is neither (or the end).
                    repeat {
                        characters[c] = mapped
                        c &+= 1
                        i &+= 1
                        guard i < count else { break }
                        mapped = map[Int(bytes[i])]
                    } while mapped >= 0x30
                    guard i < count else { break }
                }
                let byte = bytes[i]
                switch mapped {
                case Self.deleted:
                    i += 1
                case Self.maybeRightQuote:
                    // U+2019 is deleted; any other scalar starting E2 separates. A byte that
                    // cannot continue the scalar is read again on its own.
                    if i + 2 < count && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x99 {
                        i += 3
                        continue
                    }
                    if c > start {
                        starts[t] = start
                        ends[t] = c
                        t += 1
                        characters[c] = 0x20
                        c += 1
                        start = c
                    }
                    if i + 1 < count {
                        let second = bytes[i + 1]
                        if second == 0x80 && i + 2 < count {
                            let third = bytes[i + 2]
                            i += third < 0x80 || third >= 0xC0 ? 2 : 3
                        } else {
                            i += second < 0x80 || second >= 0xC0 ? 1 : 2
                        }
                    } else {
                        i += 1
                    }
                default:
                    if c > start {
                        starts[t] = start
                        ends[t] = c
                        t += 1
                        characters[c] = 0x20
                        c += 1
                        start = c
                    }
                    if mapped == Self.ownToken {
                        signs |=
                            byte == 0x24
                            ? HandFeatures.dollarClass
                            : byte == 0x25 ? HandFeatures.percentClass : HandFeatures.questionClass
                        starts[t] = c
                        ends[t] = c + 1
                        t += 1
                        characters[c] = byte
                        characters[c + 1] = 0x20
                        c += 2
                        start = c
                    }
                    i += 1
                }
            }
        }
        if c > start {
            starts[t] = start
            ends[t] = c
            t += 1
            characters[c] = 0x20
        }
        tokenCount = t
        signClasses = signs
        return t
    }

    /// What each byte is to the tokenizer: a token character (a letter lower-cased, a digit
    /// as `0`), or one of the codes below.
    private static let separator: UInt8 = 0, deleted: UInt8 = 1, maybeRightQuote: UInt8 = 2, ownToken: UInt8 = 3
    private static let tokenBytes: [UInt8] = (0...255).map { (byte: Int) -> UInt8 in
        switch byte {
        case 0x41...0x5A: return UInt8(byte) | 0x20
        case 0x61...0x7A: return UInt8(byte)
        case 0x30...0x39: return 0x30
        case 0x27, 0x60: return deleted
        case 0xE2: return maybeRightQuote
        case 0x24, 0x25, 0x3F: return ownToken
        default: return separator
        }
    }

    // MARK: Features

    /// Computes the distinct buckets of `text` into `buckets`; returns their count.
    @discardableResult
    public func hash(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { hash(utf8: $0) }
    }

    /// Computes the distinct buckets of the UTF-8 `text` into `buckets`; returns their count.
    @discardableResult
    public func hash(utf8 text: UnsafeBufferPointer<UInt8>) -> Int {
        hash(utf8: text, summing: nil).count
    }

    /// Computes the distinct buckets of the UTF-8 `text` into `buckets`, and with `weights`
    /// the sum of their weights in first-seen order (as a scorer adds them); returns both.
    @inline(__always)
    func hash(utf8 text: UnsafeBufferPointer<UInt8>, summing weights: UnsafePointer<Float>?) -> (
        count: Int, sum: Double
    ) {
        let n = tokenizeIntoScratch(text)
        let chars = characters
        let starts = tokenStarts
        let ends = tokenEnds
        let tokenHashes = self.tokenHashes
        let bigrams = bigramHashes
        let out = bucketStorage
        let seen = self.seen
        let basis = Self.offsetBasis
        let w1 = Self.w1Prefix
        let w2 = Self.w2Prefix
        let gramStart = charGramStarts
        let start2 = Self.sentenceStartHash
        let mask = UInt32(truncatingIfNeeded: Self.mask)
        var distinct = 0

        // De-duplicate by bucket as features are made, keeping first-seen order. Branch-free:
        // the bucket is always written after the last distinct one and counted only if new.
        @inline(__always) func emit(_ h: UInt64) {
            let bucket = UInt32(truncatingIfNeeded: h) & mask
            let word = Int(truncatingIfNeeded: h) & 4095  // the bucket's low 12 bits
            let bit: UInt64 = 1 &<< (h &>> 12)  // and its top 6: &<< takes the shift modulo 64
            let bits = seen[word]
            seen[word] = bits | bit
            out[distinct] = bucket
            distinct &+= bits & bit == 0 ? 1 : 0
        }

        // One pass over the token bytes for the plain hash, the unigram "w1:" token, and the
        // bigrams "w2:" first " " second over <s> tokens </s>: `chain` runs on from "w2:"
        // and the previous token and a space. The bigrams wait their turn after the unigrams.
        var chain = start2
        for t in 0..<n {
            var plain = basis
            var unigram = w1
            var next = w2
            var i = starts[t]
            let end = ends[t]
            while i < end {
                let c = chars[i]
                plain = Self.mix(plain, c)
                unigram = Self.mix(unigram, c)
                chain = Self.mix(chain, c)
                next = Self.mix(next, c)
                i &+= 1
            }
            tokenHashes[t] = plain
            bigrams[t] = chain
            emit(unigram)
            chain = Self.mix(next, 0x20)
        }
        for t in 0..<n { emit(bigrams[t]) }
        // chain is now "w2:" last " " (or "w2:<s> " for no tokens); append "</s>".
        emit(Self.mix(Self.mix(Self.mix(Self.mix(chain, 0x3C), 0x2F), 0x73), 0x3E))
        // Character 2- to 5-grams of " token ", which sits in place between the spaces.
        for t in 0..<n {
            let padded = chars + (starts[t] &- 1)
            let length = ends[t] &- starts[t] &+ 2
            guard length &- 2 <= Self.longestCharGramToken else { continue }
            var i = 0
            // Extend one byte at a time: the 2-, 3-, 4- and 5-gram starting at i.
            while i &+ 5 <= length {
                var g = gramStart[Int(padded[i])]
                g = Self.mix(g, padded[i &+ 1])
                emit(g)
                g = Self.mix(g, padded[i &+ 2])
                emit(g)
                g = Self.mix(g, padded[i &+ 3])
                emit(g)
                g = Self.mix(g, padded[i &+ 4])
                emit(g)
                i &+= 1
            }
            // The last three starts (two for a one-letter token), written out: fewer than five bytes remain.
            let a = padded[i]
            let b = padded[i &+ 1]
            let c = padded[i &+ 2]
            var g = Self.mix(gramStart[Int(a)], b)
            emit(g)
            g = Self.mix(g, c)
            emit(g)
            if length &- i == 4 {
                let d = padded[i &+ 3]
                emit(Self.mix(g, d))
                g = Self.mix(gramStart[Int(b)], c)
                emit(g)
                emit(Self.mix(g, d))
                emit(Self.mix(gramStart[Int(c)], d))
            } else {
                emit(Self.mix(gramStart[Int(b)], c))
            }
        }
        let handCount = HandFeatures.features(
            text: text, characters: chars, starts: starts, ends: ends, tokenHashes: tokenHashes, tokenCount: n,
            signClasses: signClasses, into: handScratch)
        for k in 0..<handCount { emit(handScratch[k]) }
        emit(HandFeatures.bias)

        // Forget this sentence's bits: every set bit belongs to one of its buckets. A scorer's
        // sum is taken in the same pass.
        var sum = 0.0
        if let weights {
            for k in 0..<distinct {
                let bucket = out[k]
                seen[Int(truncatingIfNeeded: bucket & 4095)] = 0
                sum += Double(weights[Int(truncatingIfNeeded: bucket)])
            }
        } else {
            for k in 0..<distinct { seen[Int(truncatingIfNeeded: out[k] & 4095)] = 0 }
        }
        distinctCount = distinct
        return (distinct, sum)
    }
}
