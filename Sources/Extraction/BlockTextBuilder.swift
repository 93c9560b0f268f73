/// Accumulates article text as UTF-8 bytes, collapsing whitespace and separating blocks
/// with a blank line, so `Article.body` has one shape whatever the source format.
///
/// Separators are held back until the next visible text arrives; that keeps the output
/// free of leading, trailing and doubled separators without a clean-up pass.
///
/// The bytes go to an array (HTML, where the text's length is not known ahead) or straight
/// into a `String`'s own storage (`FixedTextBuffer`, plain text), so a long article's text
/// is not copied again to become a String.
struct BlockTextBuilder<Output: BlockTextOutput> {
    private enum Separator { case none, space, block }

    private(set) var utf8: Output
    private var pending = Separator.none
    private var newlinesInRun = 0
    /// Plain text marks paragraphs with blank lines; in HTML a newline is just whitespace.
    private let blankLinesSeparateBlocks: Bool

    init(blankLinesSeparateBlocks: Bool, output: Output) {
        self.blankLinesSeparateBlocks = blankLinesSeparateBlocks
        utf8 = output
    }

    var isEmpty: Bool { utf8.count == 0 }
    var count: Int { utf8.count }

    mutating func endBlock() { pending = .block }

    mutating func addSpace() {
        if case .none = pending { pending = .space }
    }

    /// Appends UTF-8 text; runs of visible bytes are copied in bulk, so long lines stay linear.
    mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        guard let base = text.baseAddress else { return }
        let end = text.count
        var i = 0
        while i < end {
            let byte = base[i]
            if byte <= 0x20 || byte == 0x7F {
                addSpace()
                if blankLinesSeparateBlocks && (byte == 0x0A || byte == 0x0D) {
                    if byte == 0x0D && i + 1 < end && base[i + 1] == 0x0A { i += 1 }
                    newlinesInRun += 1
                    if newlinesInRun >= 2 { pending = .block }
                }
                i += 1
                continue
            }
            if byte >= 0xC2, let special = Self.unicodeSpecial(base, i, end) {
                switch special.kind {
                case .space: addSpace()
                case .paragraph: pending = .block
                case .ignorable: break
                }
                i += special.length
                continue
            }
            let runStart = i
            i += 1
            while i < end {
                // Eight bytes at a time while they are visible ASCII, each space between two
                // visible bytes: what the byte steps below would pass over.
                while i + 8 <= end {
                    let x = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                    guard x & SWAR.high == 0 else { break }
                    let visible = SWAR.bytes(of: x, from: 0x21, through: 0x7E)
                    let spaces = SWAR.bytes(of: x, equalTo: 0x20)
                    guard visible | spaces == SWAR.high, visible >> 63 == 1, spaces & ~(visible >> 8) == 0 else {
                        break
                    }
                    i += 8
                }
                guard i < end else { break }
                let b = base[i]
                if b > 0x20 && b < 0x7F {
                    i += 1
                    continue
                }
                // A single space between visible ASCII is copied as it is: the same single space
                // the separator logic would write, in one copy instead of two.
                if b == 0x20 && i + 1 < end && base[i + 1] > 0x20 && base[i + 1] < 0x7F {
                    i += 2
                    continue
                }
                if b <= 0x20 || b == 0x7F { break }
                if b >= 0xC2 && Self.unicodeSpecial(base, i, end) != nil { break }
                i += 1
            }
            flushSeparator()
            utf8.append(UnsafeBufferPointer(start: base + runStart, count: i - runStart))
            newlinesInRun = 0
        }
    }

    private mutating func flushSeparator() {
        if utf8.count > 0 {
            switch pending {
            case .none: break
            case .space: utf8.append(0x20)
            case .block:
                utf8.append(0x0A)
                utf8.append(0x0A)
            }
        }
        pending = .none
    }

    private enum SpecialKind { case space, paragraph, ignorable }

    /// Non-ASCII characters that are whitespace or invisible, by their UTF-8 bytes.
    /// No-break spaces (common via `&nbsp;`) must collapse like spaces, and soft hyphens
    /// or zero-width spaces must vanish, or sentence splitting and claim matching suffer.
    @inline(__always)
    private static func unicodeSpecial(
        _ base: UnsafePointer<UInt8>, _ i: Int, _ end: Int
    ) -> (length: Int, kind: SpecialKind)? {
        let lead = base[i]
        if lead == 0xC2, i + 1 < end {
            switch base[i + 1] {
            case 0xA0, 0x85: return (2, .space)  // no-break space, next line
            case 0xAD: return (2, .ignorable)  // soft hyphen
            default: return nil
            }
        }
        if lead == 0xE2, i + 2 < end {
            let second = base[i + 1]
            let third = base[i + 2]
            if second == 0x80 {
                switch third {
                case 0x80...0x8A, 0xAF, 0xA8: return (3, .space)  // en/em/thin… spaces, line separator
                case 0xA9: return (3, .paragraph)  // paragraph separator
                case 0x8B: return (3, .ignorable)  // zero-width space
                default: return nil
                }
            }
            if second == 0x81 && third == 0x9F { return (3, .space) }  // medium mathematical space
            if second == 0x81 && third == 0xA0 { return (3, .ignorable) }  // word joiner
            return nil
        }
        if lead == 0xE3, i + 2 < end, base[i + 1] == 0x80, base[i + 2] == 0x80 {
            return (3, .space)  // ideographic space
        }
        if lead == 0xEF, i + 2 < end, base[i + 1] == 0xBB, base[i + 2] == 0xBF {
            return (3, .ignorable)  // zero-width no-break space (a stray BOM)
        }
        return nil
    }
}

extension BlockTextBuilder where Output == [UInt8] {
    init(blankLinesSeparateBlocks: Bool) { self.init(blankLinesSeparateBlocks: blankLinesSeparateBlocks, output: []) }

    func makeString() -> String { String(decoding: utf8, as: UTF8.self) }
}

/// Where a `BlockTextBuilder` writes its bytes.
protocol BlockTextOutput {
    var count: Int { get }
    mutating func append(_ byte: UInt8)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension [UInt8]: BlockTextOutput {
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// Memory of a known size that the text is written into, for example a `String`'s storage from
/// `String(unsafeUninitializedCapacity:initializingUTF8With:)`; writing past its end is a
/// programming error and traps.
struct FixedTextBuffer: BlockTextOutput {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    mutating func append(_ byte: UInt8) {
        precondition(count < buffer.count, "the text outgrew the room made for it")
        buffer[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, let base = buffer.baseAddress else { return }
        precondition(bytes.count <= buffer.count - count, "the text outgrew the room made for it")
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }
}
