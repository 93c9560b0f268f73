/// ASCII words to their index in a list, looked up by their bytes: open addressing on
/// FNV-1a. For ASCII text, byte equality is `String` equality, so this answers exactly
/// what a `Set<String>` or `[String: Int]` of the words would, without building a String
/// or hashing one.
struct ASCIIWordTable: Sendable {
    /// 1 + index into `offsets`, 0 when empty.
    private var slots: [UInt16]
    private var offsets: [Int]
    private var bytes: [UInt8] = []
    private let mask: Int
    /// One bit per (length, first byte, last byte) of some word, to turn most other words away
    /// before hashing them.
    private var shapes = [UInt64](repeating: 0, count: 256)
    /// The index of the empty word, which has no shape; 0 when it is not in the list.
    private var emptyID: UInt16 = 0

    @inline(__always)
    private static func shape(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        min(word.count, 15) << 10 | Int(word[0] & 31) << 5 | Int(word[word.count - 1] & 31)
    }

    /// Indexes the ASCII words of `words` (others are left out; index 0 is never found, so a
    /// list may reserve it for "none").
    init(_ words: [String]) {
        precondition(words.count < Int(UInt16.max))
        var size = 64
        while size < words.count * 4 { size *= 2 }
        slots = [UInt16](repeating: 0, count: size)
        mask = size - 1
        offsets = [0]
        for word in words {
            bytes.append(contentsOf: word.utf8)
            offsets.append(bytes.count)
        }
        for id in 1..<max(words.count, 1) where words[id].utf8.allSatisfy({ $0 < 0x80 }) {
            let utf8 = Array(words[id].utf8)
            var i = Self.hash(utf8) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = UInt16(id + 1)
            if utf8.isEmpty {
                if emptyID == 0 { emptyID = UInt16(id) }
            } else {
                let shape = utf8.withUnsafeBufferPointer { Self.shape($0) }
                shapes[shape >> 6] |= 1 << UInt64(shape & 63)
            }
        }
    }

    /// A set of words: `contains` is `Set(words).contains`.
    init(set words: some Sequence<String>) {
        self.init([""] + words.sorted())
    }

    @inline(__always)
    private static func hash(_ bytes: some Sequence<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    /// The index of the word with these bytes, 0 when none.
    func id(of word: UnsafeBufferPointer<UInt8>) -> UInt16 {
        guard !word.isEmpty else { return emptyID }
        let shape = Self.shape(word)
        guard shapes.withUnsafeBufferPointer({ $0[shape >> 6] & (1 << UInt64(shape & 63)) != 0 }) else { return 0 }
        var i = Self.hash(word) & mask
        return slots.withUnsafeBufferPointer { slots in
            offsets.withUnsafeBufferPointer { offsets in
                bytes.withUnsafeBufferPointer { bytes in
                    while true {
                        let slot = Int(slots[i])
                        if slot == 0 { return 0 }
                        let start = offsets[slot - 1], end = offsets[slot]
                        if end - start == word.count {
                            var k = 0
                            while k < word.count && bytes[start + k] == word[k] { k += 1 }
                            if k == word.count { return UInt16(slot - 1) }
                        }
                        i = (i + 1) & mask
                    }
                }
            }
        }
    }

    /// Whether the word with these bytes is in the table.
    func contains(_ word: UnsafeBufferPointer<UInt8>) -> Bool { id(of: word) != 0 }
}
