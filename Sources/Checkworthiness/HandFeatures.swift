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
        "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion billions trillion trillions percent half double twice triple")
    static let comparatives = set(
        "more less most least fewer higher lower larger smaller bigger biggest largest highest lowest worst best better worse increase increased decrease decreased cut cuts raised doubled tripled record")
    static let negations = set("not no never nothing nobody none dont didnt doesnt wont cant isnt wasnt")
    static let pastAuxiliaries = set("has have had was were")
    static let saidWords = set("said says voted vote passed signed")
    static let opinionWords = set("think believe feel want hope")
    static let conjunctions = set("and but so well now because")

    static let percentWord = set("percent")
    static let dollarWords = set("dollar dollars")
    static let going = Array("going".utf8)
    static let to = Array("to".utf8)
    static let est = Array("est".utf8)
    static let ed = Array("ed".utf8)

    static let lengthBuckets = ["1-3", "4-6", "7-10", "11-15", "16-25", "26+"].map { hashOf("len:" + $0) }
    static let num = hashOf("h:num"), pct = hashOf("h:pct"), money = hashOf("h:money"), year = hashOf("h:year")
    static let month = hashOf("h:month"), numword = hashOf("h:numword"), comp = hashOf("h:comp")
    static let p1 = hashOf("h:p1"), p2 = hashOf("h:p2"), p3 = hashOf("h:p3"), modal = hashOf("h:modal")
    static let neg = hashOf("h:neg"), q = hashOf("h:q"), qend = hashOf("h:qend")
    static let caps = hashOf("h:caps"), caps3 = hashOf("h:caps3"), cut = hashOf("h:cut"), edFeature = hashOf("h:ed")
    static let auxPast = hashOf("h:aux_past"), said = hashOf("h:said"), opinion = hashOf("h:opinion")
    static let conjStart = hashOf("h:conjstart"), short = hashOf("h:short")

    static func features(text: String, hasher: FeatureHasher) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(12)
        let n = hasher.tokenCount
        out.append(lengthBuckets[n <= 3 ? 0 : n <= 6 ? 1 : n <= 10 ? 2 : n <= 15 ? 3 : n <= 25 ? 4 : 5])

        var hasDigit = false, hasPercent = false, hasDollar = false, hasQuestion = false, hasYear = false
        var capitalised = 0
        let bytes = hasher.textBytes
        var wordIndex = 0
        var atWordStart = true
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x30...0x39:
                hasDigit = true
                if !hasYear, isYear(bytes, at: i) { hasYear = true }
            case 0x25: hasPercent = true
            case 0x24: hasDollar = true
            case 0x3F: hasQuestion = true
            default: break
            }
            // Python's str.split(): words between runs of white space; count those after the
            // first that start with A-Z.
            let isSpace = b == 0x20 || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F)
                || isUnicodeSpace(bytes, at: i)
            if isSpace {
                atWordStart = true
            } else if atWordStart {
                if wordIndex > 0, b >= 0x41, b <= 0x5A { capitalised += 1 }
                wordIndex += 1
                atWordStart = false
            }
            i += 1
        }

        let tokenHashes = hasher.tokenHashes
        func has(_ words: WordSet) -> Bool {
            for t in 0..<n where words.contains(tokenHashes[t]) { return true }
            return false
        }

        if hasDigit { out.append(num) }
        if hasPercent || has(percentWord) { out.append(pct) }
        if hasDollar || has(dollarWords) { out.append(money) }
        if hasYear { out.append(year) }
        if has(months) { out.append(month) }
        if has(numberWords) { out.append(numword) }
        if has(comparatives) || (0..<n).contains(where: { hasher.tokenLength($0) > 5 && hasher.tokenHasSuffix($0, est) }) {
            out.append(comp)
        }
        if has(pronounsFirst) { out.append(p1) }
        if has(pronounsSecond) { out.append(p2) }
        if has(pronounsThird) { out.append(p3) }
        var goingTo = false
        if n >= 2 {
            for t in 0..<(n - 1) where hasher.tokenEquals(t, going) && hasher.tokenEquals(t + 1, to) {
                goingTo = true
                break
            }
        }
        if has(modals) || goingTo { out.append(modal) }
        if has(negations) { out.append(neg) }
        if hasQuestion { out.append(q) }
        let trimmed = trimmedEnd(bytes)
        if trimmed.last == 0x3F { out.append(qend) }
        if capitalised >= 1 { out.append(caps) }
        if capitalised >= 3 { out.append(caps3) }
        if trimmed.last == 0x2D || trimmed.suffix(3).elementsEqual([0x2E, 0x2E, 0x2E]) { out.append(cut) }
        if (0..<n).contains(where: { hasher.tokenLength($0) > 4 && hasher.tokenHasSuffix($0, ed) }) { out.append(edFeature) }
        if has(pastAuxiliaries) { out.append(auxPast) }
        if has(saidWords) { out.append(said) }
        if has(opinionWords) { out.append(opinion) }
        if n > 0, conjunctions.contains(tokenHashes[0]) { out.append(conjStart) }
        if n <= 4, !hasQuestion { out.append(short) }
        return out
    }

    /// Four ASCII digits from 1800 to 2099 with no ASCII letter, digit or _ on either side.
    private static func isYear(_ bytes: [UInt8], at i: Int) -> Bool {
        guard i + 4 <= bytes.count else { return false }
        for k in i..<(i + 4) where !(0x30...0x39).contains(bytes[k]) { return false }
        let century = (bytes[i], bytes[i + 1])
        guard century == (0x31, 0x38) || century == (0x31, 0x39) || century == (0x32, 0x30) else { return false }
        func wordByte(_ b: UInt8) -> Bool {
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x5F
        }
        if i > 0, wordByte(bytes[i - 1]) { return false }
        if i + 4 < bytes.count, wordByte(bytes[i + 4]) { return false }
        return true
    }

    /// The common non-ASCII spaces Python's split() also splits on (NBSP, U+2000-200A, U+3000 and friends).
    @inline(__always)
    private static func isUnicodeSpace(_ bytes: [UInt8], at i: Int) -> Bool {
        let b = bytes[i]
        if b == 0xC2, i + 1 < bytes.count { return bytes[i + 1] == 0xA0 || bytes[i + 1] == 0x85 }
        if b == 0xE2, i + 2 < bytes.count {
            let (b1, b2) = (bytes[i + 1], bytes[i + 2])
            if b1 == 0x80 { return (0x80...0x8A).contains(b2) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF }
            if b1 == 0x81 { return b2 == 0x9F }
        }
        if b == 0xE3, i + 2 < bytes.count { return bytes[i + 1] == 0x80 && bytes[i + 2] == 0x80 }
        if b == 0xE1, i + 2 < bytes.count { return bytes[i + 1] == 0x9A && bytes[i + 2] == 0x80 }
        return false
    }

    /// The text without trailing white space (ASCII and the Unicode spaces above).
    private static func trimmedEnd(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var end = bytes.count
        while end > 0 {
            let b = bytes[end - 1]
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F) {
                end -= 1
            } else if end >= 2, bytes[end - 2] == 0xC2, b == 0xA0 || b == 0x85 {
                end -= 2
            } else if end >= 3, isUnicodeSpace(bytes, at: end - 3) {
                end -= 3
            } else {
                break
            }
        }
        return bytes[0..<end]
    }
}

/// A small set of words by their FNV-1a hash: open addressing on the hash itself,
/// so a look-up is one multiply-free probe instead of hashing the word again.
struct WordSet: Sendable {
    private var slots: [UInt64]
    private let mask: Int

    init(_ hashes: [UInt64]) {
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
