/// JSON text exactly as Foundation's `JSONEncoder` writes it, shared by the two writers that
/// must match it byte for byte: `ExtractJSONWriter` (extract's streamed output) and
/// `JSONTree` (every other command's JSON).
enum JSONEncoderText {
    /// Swift's shortest form, without a trailing ".0": 12, 0.5, 1e-07, 1e+22.
    static func number(_ value: Double) -> String {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// `text` as a JSON string, quotes included: `"` and `\`, the short forms `\b \t \n \f \r`,
    /// other control characters as `\u00xx`; everything else, `/` included, as it is.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        var text = text
        text.withUTF8 { bytes in
            var plainFrom = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainFrom..<index]))
                plainFrom = index + 1
                switch byte {
                case 0x22: out += "\\\"".utf8
                case 0x5C: out += "\\\\".utf8
                case 0x08: out += "\\b".utf8
                case 0x09: out += "\\t".utf8
                case 0x0A: out += "\\n".utf8
                case 0x0C: out += "\\f".utf8
                case 0x0D: out += "\\r".utf8
                default:
                    out += "\\u00".utf8
                    let hex: StaticString = "0123456789abcdef"
                    out.append(hex.utf8Start[Int(byte >> 4)])
                    out.append(hex.utf8Start[Int(byte & 0x0F)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainFrom...]))
        }
        out.append(0x22)
    }
}
