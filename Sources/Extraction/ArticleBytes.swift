/// Byte-level checks made before any parsing: byte order marks, emptiness, binary content
/// and UTF-8 validity. All are single linear passes over the raw bytes.
enum ArticleBytes {
    static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func hasUTF8BOM(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    static func hasUTF16BOM(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 2
            && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
    }

    @inline(__always)
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Index of the first byte that is not ASCII whitespace, or `bytes.count`.
    static func firstNonWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        while i < bytes.count && isASCIIWhitespace(bytes[i]) { i += 1 }
        return i
    }

    /// The kind of a well-known binary format whose signature opens `bytes`, if any.
    static func binarySignature(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        for (magic, kind) in signatures where bytes.count >= magic.count {
            if zip(magic, bytes).allSatisfy({ $0 == $1 }) { return kind }
        }
        return nil
    }

    /// File signatures of the binary formats most often given by mistake, built once.
    private static let signatures: [(magic: [UInt8], kind: String)] = [
        (Array("%PDF-".utf8), "PDF"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG image"),
        ([0xFF, 0xD8, 0xFF], "JPEG image"),
        (Array("GIF87a".utf8), "GIF image"),
        (Array("GIF89a".utf8), "GIF image"),
        ([0x50, 0x4B, 0x03, 0x04], "ZIP archive"),
        ([0x50, 0x4B, 0x05, 0x06], "ZIP archive"),
        ([0x1F, 0x8B], "gzip archive"),
        (Array("BZh91AY&SY".utf8), "bzip2 archive"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz archive"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "7z archive"),
        (Array("Rar!".utf8), "RAR archive"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "Microsoft Office document"),
        ([0x7F, 0x45, 0x4C, 0x46], "ELF executable"),
        (Array("RIFF".utf8), "RIFF media"),
        (Array("OggS".utf8), "Ogg media"),
        ([0x49, 0x44, 0x33, 0x03, 0x00], "MP3 audio"),
        ([0x49, 0x44, 0x33, 0x04, 0x00], "MP3 audio"),
        (Array("SQLite format 3".utf8), "SQLite database"),
    ]

    /// Why `bytes` look binary (NUL bytes, or more than 1% control characters other than
    /// tab, newline, carriage return and form feed), or nil for text.
    static func binaryContent(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return nil }
        let end = bytes.count
        var controls = 0
        var i = 0
        while i < end {
            // Skip eight bytes at a time when none is below 0x20 or equal to 0x7F.
            while i + 8 <= end {
                let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080
                let below20 = (word &- 0x2020_2020_2020_2020) & ~word & high
                let del = word ^ 0x7F7F_7F7F_7F7F_7F7F
                let is7F = (del &- 0x0101_0101_0101_0101) & ~del & high
                if below20 | is7F != 0 { break }
                i += 8
            }
            let stop = min(i + 8, end)
            while i < stop {
                let byte = bytes[i]
                i += 1
                guard byte < 0x20 || byte == 0x7F else { continue }
                switch byte {
                case 0x00: return "it contains NUL bytes"
                case 0x09, 0x0A, 0x0D, 0x0C: continue
                default: controls += 1
                }
            }
        }
        if controls * 100 > bytes.count {
            let percent = (controls * 100 + bytes.count - 1) / bytes.count
            return "\(percent)% control characters"
        }
        return nil
    }

    /// Offset of the first byte that does not start a well-formed UTF-8 sequence
    /// (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), or nil.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return nil }
        let end = bytes.count
        var i = 0
        while i < end {
            // ASCII dominates articles: check eight bytes at a time.
            while i + 8 <= end,
                base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                i += 8
            }
            guard i < end else { break }
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            @inline(__always) func continuation(_ at: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
                at < end && bytes[at] >= low && bytes[at] <= high
            }
            switch lead {
            case 0xC2...0xDF:
                guard continuation(i + 1) else { return i }
                i += 2
            case 0xE0...0xEF:
                let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
                let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
                guard continuation(i + 1, low, high), continuation(i + 2) else { return i }
                i += 3
            case 0xF0...0xF4:
                let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
                let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
                guard continuation(i + 1, low, high), continuation(i + 2), continuation(i + 3)
                else { return i }
                i += 4
            default:
                return i
            }
        }
        return nil
    }
}
