/// Byte tests on eight bytes at once in a UInt64 ("SIMD within a register"): each answers
/// with the high bit of every byte that passes, and no carry or borrow crosses bytes.
enum SWAR {
    static let high: UInt64 = 0x8080_8080_8080_8080
    static let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    static let ones: UInt64 = 0x0101_0101_0101_0101

    /// Bytes of `x` equal to `byte`.
    @inline(__always)
    static func bytes(of x: UInt64, equalTo byte: UInt8) -> UInt64 {
        let v = x ^ (ones &* UInt64(byte))
        return ~(((v & low) &+ low) | v) & high
    }

    /// Bytes of the ASCII word `x` (every byte below 0x80) from `first` through `last`, both below 0x80.
    @inline(__always)
    static func bytes(of x: UInt64, from first: UInt8, through last: UInt8) -> UInt64 {
        // (0x80 | b) - n keeps its high bit exactly when b >= n, and never borrows.
        let atLeastFirst = ((x | high) &- ones &* UInt64(first)) & high
        let aboveLast = ((x | high) &- ones &* UInt64(last + 1)) & high
        return atLeastFirst & ~aboveLast
    }

    /// How many bytes have their high bit set in `mask`, which has no other bits: a multiply
    /// sums them into the top byte (the baseline x86-64 target has no popcount instruction).
    @inline(__always)
    static func count(ofHighBits mask: UInt64) -> Int {
        Int(truncatingIfNeeded: ((mask >> 7) &* ones) >> 56)
    }

    /// Unicode scalars in UTF-8 `bytes`: the bytes that do not continue one (10xxxxxx),
    /// eight at a time.
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        var continuation = 0
        var i = 0
        while i &+ 8 <= count {
            let x = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            if x & high != 0 { continuation &+= SWAR.count(ofHighBits: x & ~(x << 1) & high) }
            i &+= 8
        }
        while i < count {
            if base[i] & 0xC0 == 0x80 { continuation &+= 1 }
            i &+= 1
        }
        return count &- continuation
    }
}
