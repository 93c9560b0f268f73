/// ASCII words to their index in a list, looked up by their bytes. For ASCII text, byte
/// equality is `String` equality, so this answers exactly what a `Set<String>` or
/// `[String: Int]` of the words would, without building a String or hashing one.
///
/// A word of up to 16 bytes is its own key: its bytes packed into two integers, so a lookup
/// is one multiplicative hash and one comparison of two integers, with open addressing.
/// Longer words (rare in the lists) are compared byte by byte.
struct ASCIIWordTable: Sendable {
    /// A word of up to 16 bytes: bytes 0-7 and 8-15 little-endian, zero-padded.
    private struct Entry: Sendable {
        var low: UInt64
        var high: UInt64
        var count: UInt8
        /// 0 when the slot is empty.
        var id: UInt16
    }

    private var entries: [Entry]
    private let mask: Int
    private var longWords: [(bytes: [UInt8], id: UInt16)] = []
    /// One bit per (length, first byte, last byte) of some word, to turn most other words away
    /// before packing them.
    private var shapes = [UInt64](repeating: 0, count: 256)
    /// The index of the empty word, which has no shape; 0 when it is not in the list.
    private var emptyID: UInt16 = 0

    @inline(__always)
    private static func shape(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        min(word.count, 15) << 10 | Int(word[0] & 31) << 5 | Int(word[word.count - 1] & 31)
    }

    /// The bytes of a word of 1 to 16 bytes, packed.
    @inline(__always)
    private static func pack(_ word: UnsafeBufferPointer<UInt8>) -> (low: UInt64, high: UInt64) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for k in 0..<min(word.count, 8) { low |= UInt64(word[k]) &<< UInt64(k &* 8) }
        if word.count > 8 {
            for k in 8..<word.count { high |= UInt64(word[k]) &<< UInt64((k &- 8) &* 8) }
        }
        return (low, high)
    }

    @inline(__always)
    private static func slot(_ low: UInt64, _ high: UInt64, mask: Int) -> Int {
        let mixed = (low ^ (high &* 0x9E37_79B9_7F4A_7C15)) &* 0xFF51_AFD7_ED55_8CCD
        return Int(truncatingIfNeeded: mixed >> 32) & mask
    }

    /// Indexes the ASCII words of `words` (others are left out; index 0 is never found, so a
    /// list may reserve it for "none"). A word listed twice has its first index.
    init(_ words: [String]) {
        precondition(words.count < Int(UInt16.max))
        var size = 64
        while size < words.count * 4 { size *= 2 }
        entries = [Entry](repeating: Entry(low: 0, high: 0, count: 0, id: 0), count: size)
        mask = size - 1
        for id in 1..<max(words.count, 1) where words[id].utf8.allSatisfy({ $0 < 0x80 }) {
            let utf8 = Array(words[id].utf8)
            if utf8.isEmpty {
                if emptyID == 0 { emptyID = UInt16(id) }
                continue
            }
            utf8.withUnsafeBufferPointer { word in
                let shape = Self.shape(word)
                shapes[shape >> 6] |= 1 << UInt64(shape & 63)
                guard word.count <= 16 else {
                    if !longWords.contains(where: { $0.bytes == utf8 }) { longWords.append((utf8, UInt16(id))) }
                    return
                }
                let (low, high) = Self.pack(word)
                var i = Self.slot(low, high, mask: mask)
                while entries[i].id != 0 {
                    if entries[i].low == low && entries[i].high == high && Int(entries[i].count) == word.count {
                        return
                    }
                    i = (i + 1) & mask
                }
                entries[i] = Entry(low: low, high: high, count: UInt8(word.count), id: UInt16(id))
            }
        }
    }

    /// A set of words: `contains` is `Set(words).contains`.
    init(set words: some Sequence<String>) {
        self.init([""] + words.sorted())
    }

    /// The index of the word with these bytes, 0 when none.
    func id(of word: UnsafeBufferPointer<UInt8>) -> UInt16 {
        guard !word.isEmpty else { return emptyID }
        let shape = Self.shape(word)
        return shapes.withUnsafeBufferPointer { shapes in
            guard shapes[shape >> 6] & (1 << UInt64(shape & 63)) != 0 else { return 0 }
            guard word.count <= 16 else {
                return longWords.first(where: { $0.bytes.elementsEqual(word) })?.id ?? 0
            }
            let (low, high) = Self.pack(word)
            return entries.withUnsafeBufferPointer { entries in
                var i = Self.slot(low, high, mask: mask)
                while true {
                    let entry = entries[i]
                    if entry.id == 0 { return 0 }
                    if entry.low == low && entry.high == high && Int(entry.count) == word.count { return entry.id }
                    i = (i + 1) & mask
                }
            }
        }
    }

    /// `id(of: word)`, for a word followed in memory by at least `16 - word.count` more
    /// readable bytes (`readable` counts from the word's start): the word is then packed by two
    /// 8-byte loads, masked, instead of byte by byte, and an absent word is turned away by its
    /// empty slot rather than by its shape.
    @inline(__always)
    func id(of word: UnsafeBufferPointer<UInt8>, readable: Int) -> UInt16 {
        guard let base = word.baseAddress, word.count >= 1, word.count <= 16, readable >= 16 else {
            return id(of: word)
        }
        let raw = UnsafeRawPointer(base)
        let count = word.count
        var low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        var high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        if count < 8 {
            low &= (1 &<< UInt64(count &* 8)) &- 1
            high = 0
        } else if count < 16 {
            high &= (1 &<< UInt64((count &- 8) &* 8)) &- 1
        }
        return entries.withUnsafeBufferPointer { entries in
            var i = Self.slot(low, high, mask: mask)
            while true {
                let entry = entries[i]
                if entry.id == 0 { return 0 }
                if entry.low == low && entry.high == high && Int(entry.count) == count { return entry.id }
                i = (i + 1) & mask
            }
        }
    }

    /// Whether the word with these bytes is in the table.
    func contains(_ word: UnsafeBufferPointer<UInt8>) -> Bool { id(of: word) != 0 }
}
