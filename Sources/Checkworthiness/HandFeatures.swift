/// The recipe's hand-made features: numbers, money, years, months, comparatives,
/// pronouns, modals, negation, questions and the like, each a fixed feature string.
enum HandFeatures {
    static func hashOf(_ feature: String) -> UInt64 { FeatureHasher.fnv1a(feature.utf8) }

    static let bias = hashOf("bias")

    private static func set(_ words: String) -> WordSet {
        WordSet(words.split(separator: " ").map { FeatureHasher.fnv1a($0.utf8) })
    }

    // "may" is left out of the months: it is far more often the modal.
    static let months = set("january february march april june july august september october november december")
    static let pronounsFirst = set("i me my mine myself we us our ours ourselves")
    static let pronounsSecond = set("you your yours yourself yourselves")
    static let pronounsThird = set("he she him her his they them their it")
    static let modals = set("will would should could can cant wont shall might must may")
    static let numberWords = set(
        "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion billions trillion trillions percent half double twice triple"
    )
    static let comparatives = set(
        "more less most least fewer higher lower larger smaller bigger biggest largest highest lowest worst best better worse increase increased decrease decreased cut cuts raised doubled tripled record"
    )
    static let negations = set("not no never nothing nobody none dont didnt doesnt wont cant isnt wasnt")
    static let pastAuxiliaries = set("has have had was were")
    static let saidWords = set("said says voted vote passed signed")
    static let opinionWords = set("think believe feel want hope")
    static let conjunctions = set("and but so well now because")

    static let percentWord = set("percent")
    static let dollarWords = set("dollar dollars")

    static let lengthBuckets = ["1-3", "4-6", "7-10", "11-15", "16-25", "26+"].map { hashOf("len:" + $0) }
    static let num = hashOf("h:num"), pct = hashOf("h:pct"), money = hashOf("h:money"), year = hashOf("h:year")
    static let month = hashOf("h:month"), numword = hashOf("h:numword"), comp = hashOf("h:comp")
    static let p1 = hashOf("h:p1"), p2 = hashOf("h:p2"), p3 = hashOf("h:p3"), modal = hashOf("h:modal")
    static let neg = hashOf("h:neg"), q = hashOf("h:q"), qend = hashOf("h:qend")
    static let caps = hashOf("h:caps"), caps3 = hashOf("h:caps3"), cut = hashOf("h:cut"), edFeature = hashOf("h:ed")
    static let auxPast = hashOf("h:aux_past"), said = hashOf("h:said"), opinion = hashOf("h:opinion")
    static let conjStart = hashOf("h:conjstart"), short = hashOf("h:short")

    /// The feature hashes above in one value, read once per sentence (each static is a
    /// guarded lazy global, one check per read).
    struct Hashes: Sendable {
        let lengthBuckets: [UInt64]
        let num: UInt64
        let pct: UInt64
        let money: UInt64
        let year: UInt64
        let month: UInt64
        let numword: UInt64
        let comp: UInt64
        let p1: UInt64
        let p2: UInt64
        let p3: UInt64
        let modal: UInt64
        let neg: UInt64
        let q: UInt64
        let qend: UInt64
        let caps: UInt64
        let caps3: UInt64
        let cut: UInt64
        let edFeature: UInt64
        let auxPast: UInt64
        let said: UInt64
        let opinion: UInt64
        let conjStart: UInt64
        let short: UInt64
    }
    static let hashes = Hashes(
        lengthBuckets: lengthBuckets, num: num, pct: pct, money: money, year: year, month: month, numword: numword,
        comp: comp, p1: p1, p2: p2, p3: p3, modal: modal, neg: neg, q: q, qend: qend, caps: caps, caps3: caps3,
        cut: cut, edFeature: edFeature, auxPast: auxPast, said: said, opinion: opinion, conjStart: conjStart,
        short: short)

    // Bits of `wordClasses`: which of the lists above a token is in.
    static let monthBit: UInt32 = 1 << 0, pronounFirstBit: UInt32 = 1 << 1, pronounSecondBit: UInt32 = 1 << 2
    static let pronounThirdBit: UInt32 = 1 << 3, modalBit: UInt32 = 1 << 4, numberWordBit: UInt32 = 1 << 5
    static let comparativeBit: UInt32 = 1 << 6, negationBit: UInt32 = 1 << 7, pastAuxiliaryBit: UInt32 = 1 << 8
    static let saidBit: UInt32 = 1 << 9, opinionBit: UInt32 = 1 << 10, conjunctionBit: UInt32 = 1 << 11
    static let percentBit: UInt32 = 1 << 12, dollarBit: UInt32 = 1 << 13

    /// Every word list in one table, so each token is looked up once.
    static let wordClasses: WordClassTable = {
        var table = WordClassTable()
        for (words, bit) in [
            (months, monthBit), (pronounsFirst, pronounFirstBit), (pronounsSecond, pronounSecondBit),
            (pronounsThird, pronounThirdBit), (modals, modalBit), (numberWords, numberWordBit),
            (comparatives, comparativeBit), (negations, negationBit), (pastAuxiliaries, pastAuxiliaryBit),
            (saidWords, saidBit), (opinionWords, opinionBit), (conjunctions, conjunctionBit),
            (percentWord, percentBit), (dollarWords, dollarBit),
        ] {
            for hash in words.hashes { table.insert(hash, bit) }
        }
        return table
    }()

    /// The hand features of a sentence, in the recipe's order, written to `out` (room for 24);
    /// returns how many. `signClasses`: the classes of the `$`, `%` and `?` in `text`, which
    /// the tokenizer found (so the byte scan below need not look for them).
    static func features(
        text: UnsafeBufferPointer<UInt8>, characters: UnsafeMutablePointer<UInt8>, starts: UnsafeMutablePointer<Int>,
        ends: UnsafeMutablePointer<Int>, tokenHashes: UnsafeMutablePointer<UInt64>, tokenCount n: Int,
        signClasses: UInt8, into out: UnsafeMutablePointer<UInt64>
    ) -> Int {
        var count = 0
        let h = hashes
        @inline(__always) func append(_ feature: UInt64) {
            out[count] = feature
            count += 1
        }
        append(h.lengthBuckets[n <= 3 ? 0 : n <= 6 ? 1 : n <= 10 ? 2 : n <= 15 ? 3 : n <= 25 ? 4 : 5])

        let length = text.count
        // Locals inside the closure stay in registers; captured ones would go through memory.
        let (scanned, capitalised, hasYear) = byteClasses.withUnsafeBufferPointer { classes -> (UInt8, Int, Bool) in
            guard let bytes = text.baseAddress else { return (0, 0, false) }
            // Python's str.split(): words between runs of white space; count those after the
            // first that start with A-Z. A year: four digits from 1800 to 2099 standing alone.
            var seen: UInt8 = 0
            var capitalised = 0
            var words = 0
            var atWordStart = 1
            var hasYear = false
            /// One byte, exactly: branch-free but for the rare non-ASCII space and digit.
            @inline(__always) func step(_ i: Int) {
                let c = classes[Int(bytes[i])]
                seen |= c
                var space = Int(c &>> 4) & 1  // spaceClass
                if c & unicodeLeadClass != 0 && isUnicodeSpace(bytes, length, at: i) { space = 1 }
                let startsWord = atWordStart & (1 &- space)
                capitalised &+= startsWord & (Int(c &>> 5) & 1) & min(words, 1)  // upperClass, not the first word
                words &+= startsWord
                atWordStart = space
                if c & digitClass != 0 && !hasYear { hasYear = isYear(bytes, length, at: i) }
            }
            /// Eight ASCII bytes from `i` at once: their ranges are their classes, and a space is
            /// never more than one byte. Word starts count only in `lanes`; `seen` (digits only: `$ % ?`
            /// come from the tokenizer) and the year test may see a byte twice, to no effect. Returns
            /// false, doing nothing, if a byte is not ASCII.
            @inline(__always) func eight(from i: Int, lanes: UInt64) -> Bool {
                let x = UInt64(littleEndian: UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self))
                guard x & ASCIILanes.high == 0 else { return false }
                let spaces = ASCIILanes.inRange(x, 0x09, 0x0D) | ASCIILanes.inRange(x, 0x1C, 0x20)
                let starts = ~spaces & ((spaces &<< 8) | (UInt64(truncatingIfNeeded: atWordStart) &<< 7)) & lanes
                if starts != 0 {
                    let upperStarts = starts & ASCIILanes.inRange(x, 0x41, 0x5A)
                    // The text's first word does not count, capitalised or not.
                    if words == 0 && upperStarts & (starts & (0 &- starts)) != 0 { capitalised &-= 1 }
                    capitalised &+= ASCIILanes.count(upperStarts)
                    words = 1  // only whether there was one matters
                }
                atWordStart = Int(truncatingIfNeeded: spaces &>> 63)
                var digits = ASCIILanes.inRange(x, 0x30, 0x39)
                if digits != 0 {
                    seen |= digitClass
                    while digits != 0 && !hasYear {
                        hasYear = isYear(bytes, length, at: i &+ digits.trailingZeroBitCount &>> 3)
                        digits &= digits &- 1
                    }
                }
                return true
            }
            var i = 0
            while i &+ 8 <= length {
                if !eight(from: i, lanes: ASCIILanes.high) {
                    for k in i..<(i &+ 8) { step(k) }
                }
                i &+= 8
            }
            // The last bytes as the end of the text's last eight, the lanes already counted masked
            // off (the byte before the first new one is in the load, so its space bit carries over).
            if i < length {
                let remaining = length &- i
                if length < 8 || !eight(from: length &- 8, lanes: ASCIILanes.high &<< (8 &* (8 &- remaining))) {
                    while i < length {
                        step(i)
                        i &+= 1
                    }
                }
            }
            return (seen, capitalised, hasYear)
        }
        let seen = scanned | signClasses
        let hasDigit = seen & digitClass != 0
        let hasPercent = seen & percentClass != 0
        let hasDollar = seen & dollarClass != 0
        let hasQuestion = seen & questionClass != 0

        // One pass over the tokens for the word lists and the token shapes.
        let table = wordClasses
        var found: UInt32 = 0
        var superlative = false
        var pastParticiple = false
        var goingTo = false
        for t in 0..<n {
            found |= table.classes(of: tokenHashes[t])
            let start = starts[t]
            let end = ends[t]
            let tokenLength = end - start
            if tokenLength > 5, characters[end - 3] == 0x65, characters[end - 2] == 0x73, characters[end - 1] == 0x74 {
                superlative = true  // "-est"
            }
            if tokenLength > 4, characters[end - 2] == 0x65, characters[end - 1] == 0x64 {
                pastParticiple = true  // "-ed"
            }
            if tokenLength == 5, t + 1 < n, ends[t + 1] - starts[t + 1] == 2, characters[start] == 0x67,
                characters[start + 1] == 0x6F, characters[start + 2] == 0x69, characters[start + 3] == 0x6E,
                characters[start + 4] == 0x67, characters[starts[t + 1]] == 0x74, characters[starts[t + 1] + 1] == 0x6F
            {
                goingTo = true  // "going to"
            }
        }
        let classes = found  // a constant, so the loop above keeps `found` in a register
        @inline(__always) func has(_ bit: UInt32) -> Bool { classes & bit != 0 }

        if hasDigit { append(h.num) }
        if hasPercent || has(percentBit) { append(h.pct) }
        if hasDollar || has(dollarBit) { append(h.money) }
        if hasYear { append(h.year) }
        if has(monthBit) { append(h.month) }
        if has(numberWordBit) { append(h.numword) }
        if has(comparativeBit) || superlative { append(h.comp) }
        if has(pronounFirstBit) { append(h.p1) }
        if has(pronounSecondBit) { append(h.p2) }
        if has(pronounThirdBit) { append(h.p3) }
        if has(modalBit) || goingTo { append(h.modal) }
        if has(negationBit) { append(h.neg) }
        if hasQuestion { append(h.q) }
        var end = length
        if let bytes = text.baseAddress { end = trimmedEnd(bytes, length) }
        let last: UInt8? = end > 0 ? text[end - 1] : nil
        if last == 0x3F { append(h.qend) }
        if capitalised >= 1 { append(h.caps) }
        if capitalised >= 3 { append(h.caps3) }
        if last == 0x2D || (end >= 3 && text[end - 3] == 0x2E && text[end - 2] == 0x2E && text[end - 1] == 0x2E) {
            append(h.cut)
        }
        if pastParticiple { append(h.edFeature) }
        if has(pastAuxiliaryBit) { append(h.auxPast) }
        if has(saidBit) { append(h.said) }
        if has(opinionBit) { append(h.opinion) }
        if n > 0, table.classes(of: tokenHashes[0]) & conjunctionBit != 0 { append(h.conjStart) }
        if n <= 4, !hasQuestion { append(h.short) }
        return count
    }

    // What a byte is to the hand features (`byteClasses`).
    static let digitClass: UInt8 = 1, percentClass: UInt8 = 2, dollarClass: UInt8 = 4, questionClass: UInt8 = 8
    static let spaceClass: UInt8 = 16, upperClass: UInt8 = 32, unicodeLeadClass: UInt8 = 64

    /// Each byte's classes: ASCII digit, `%`, `$`, `?`, ASCII white space (as Python's split()
    /// sees it), A-Z, and the first bytes of the Unicode spaces `isUnicodeSpace` knows.
    static let byteClasses: [UInt8] = (0...255).map { (b: Int) -> UInt8 in
        var c: UInt8 = 0
        if b >= 0x30 && b <= 0x39 { c |= digitClass }
        if b == 0x25 { c |= percentClass }
        if b == 0x24 { c |= dollarClass }
        if b == 0x3F { c |= questionClass }
        if b == 0x20 || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F) { c |= spaceClass }
        if b >= 0x41 && b <= 0x5A { c |= upperClass }
        if b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3 { c |= unicodeLeadClass }
        return c
    }

    /// Four ASCII digits from 1800 to 2099 with no ASCII letter, digit or _ on either side.
    private static func isYear(_ bytes: UnsafePointer<UInt8>, _ count: Int, at i: Int) -> Bool {
        guard i + 4 <= count else { return false }
        for k in i..<(i + 4) where !(0x30...0x39).contains(bytes[k]) { return false }
        let century = (bytes[i], bytes[i + 1])
        guard century == (0x31, 0x38) || century == (0x31, 0x39) || century == (0x32, 0x30) else { return false }
        func wordByte(_ b: UInt8) -> Bool {
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x5F
        }
        if i > 0, wordByte(bytes[i - 1]) { return false }
        if i + 4 < count, wordByte(bytes[i + 4]) { return false }
        return true
    }

    /// The common non-ASCII spaces Python's split() also splits on (NBSP, U+2000-200A, U+3000 and friends).
    @inline(__always)
    private static func isUnicodeSpace(_ bytes: UnsafePointer<UInt8>, _ count: Int, at i: Int) -> Bool {
        let b = bytes[i]
        if b == 0xC2, i + 1 < count { return bytes[i + 1] == 0xA0 || bytes[i + 1] == 0x85 }
        if b == 0xE2, i + 2 < count {
            let (b1, b2) = (bytes[i + 1], bytes[i + 2])
            if b1 == 0x80 { return (0x80...0x8A).contains(b2) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF }
            if b1 == 0x81 { return b2 == 0x9F }
        }
        if b == 0xE3, i + 2 < count { return bytes[i + 1] == 0x80 && bytes[i + 2] == 0x80 }
        if b == 0xE1, i + 2 < count { return bytes[i + 1] == 0x9A && bytes[i + 2] == 0x80 }
        return false
    }

    /// The length of the text without trailing white space (ASCII and the Unicode spaces above).
    private static func trimmedEnd(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var end = count
        while end > 0 {
            let b = bytes[end - 1]
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F) {
                end -= 1
            } else if end >= 2, bytes[end - 2] == 0xC2, b == 0xA0 || b == 0x85 {
                end -= 2
            } else if end >= 3, isUnicodeSpace(bytes, count, at: end - 3) {
                end -= 3
            } else {
                break
            }
        }
        return end
    }
}

/// Eight ASCII bytes in a `UInt64`, tested all at once (SWAR): a mask holds the high bit of
/// each byte that passes. Every byte must be below 0x80, so no sum carries into the next byte.
enum ASCIILanes {
    static let high: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    static func repeated(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

    /// The bytes of `x` from `low` to `high`, both included.
    @inline(__always)
    static func inRange(_ x: UInt64, _ low: UInt8, _ high: UInt8) -> UInt64 {
        // A byte plus 0x80 - low reaches 0x80 when it is at least low; plus 0x7F - high, when above high.
        (x &+ repeated(0x80 &- low)) & ~(x &+ repeated(0x7F &- high)) & Self.high
    }

    /// How many bytes a mask marks, without a popcnt instruction (not in the baseline x86-64).
    @inline(__always)
    static func count(_ mask: UInt64) -> Int { Int(truncatingIfNeeded: ((mask &>> 7) &* 0x0101_0101_0101_0101) &>> 56) }
}

/// A small set of words by their FNV-1a hash: open addressing on the hash itself,
/// so a look-up is one multiply-free probe instead of hashing the word again.
struct WordSet: Sendable {
    let hashes: [UInt64]
    private var slots: [UInt64]
    private let mask: Int

    init(_ hashes: [UInt64]) {
        self.hashes = hashes
        var size = 16
        while size < hashes.count * 4 { size *= 2 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for hash in hashes {
            var i = Int(truncatingIfNeeded: hash) & mask
            while slots[i] != 0 && slots[i] != hash { i = (i + 1) & mask }
            slots[i] = hash
        }
    }

    @inline(__always)
    func contains(_ hash: UInt64) -> Bool {
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[i]
            if slot == hash { return true }
            if slot == 0 { return false }
            i = (i + 1) & mask
        }
    }
}

/// Word hashes to the lists they are in (a bit each), by open addressing on the hash.
/// Looks up like `WordSet.contains` for each list at once, including its quirk that the
/// hash 0 (the empty slot) is in every list.
struct WordClassTable: Sendable {
    private var keys = [UInt64](repeating: 0, count: 1024)
    private var values = [UInt32](repeating: 0, count: 1024)
    private let mask = 1023

    mutating func insert(_ hash: UInt64, _ bit: UInt32) {
        var i = Int(truncatingIfNeeded: hash) & mask
        while keys[i] != 0 && keys[i] != hash { i = (i + 1) & mask }
        keys[i] = hash
        values[i] |= bit
    }

    @inline(__always)
    func classes(of hash: UInt64) -> UInt32 {
        if hash == 0 { return ~0 }
        return keys.withUnsafeBufferPointer { keys in
            var i = Int(truncatingIfNeeded: hash) & mask
            while true {
                let key = keys[i]
                if key == hash { return values[i] }
                if key == 0 { return 0 }
                i = (i + 1) & mask
            }
        }
    }
}
