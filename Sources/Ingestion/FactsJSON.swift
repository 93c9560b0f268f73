import Extraction

/// The `facts` column: quantities and dates as extraction found them, as JSON.
///
/// Written by hand: JSONEncoder costs more than the rest of ingest per claim.
enum FactsJSON {
    static func encode(_ claim: ExtractedClaim) -> String {
        var out = "{\"dates\":["
        for (index, date) in claim.dates.enumerated() {
            if index > 0 { out += "," }
            out += "{\"iso\":" + string(date.iso) + ",\"text\":" + string(date.text) + "}"
        }
        out += "],\"quantities\":["
        for (index, quantity) in claim.quantities.enumerated() {
            if index > 0 { out += "," }
            let value = quantity.value.isFinite ? "\(quantity.value)" : "null"
            out +=
                "{\"text\":" + string(quantity.text) + ",\"unit\":" + (quantity.unit.map(string) ?? "null")
                + ",\"value\":" + value + "}"
        }
        return out + "]}"
    }

    /// A JSON string literal (RFC 8259), quotes included. `<`, `>`, `&`, U+2028 and U+2029
    /// are escaped too, as the reports escape them, so the text is the same wherever it is shown.
    static func string(_ text: String) -> String {
        var out: [UInt8] = [0x22]
        out.reserveCapacity(text.utf8.count + 2)
        var text = text
        text.withUTF8 { utf8 in
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                switch byte {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                case 0x08: out += [0x5C, 0x62]
                case 0x0C: out += [0x5C, 0x66]
                case 0x00..<0x20, 0x3C, 0x3E, 0x26: appendEscape(UInt32(byte), to: &out)
                case 0xE2
                where index + 2 < utf8.count && utf8[index + 1] == 0x80
                    && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    appendEscape(utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029, to: &out)
                    index += 2
                default: out.append(byte)
                }
                index += 1
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendEscape(_ scalar: UInt32, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out += [0x5C, 0x75]
        for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int((scalar >> UInt32(shift)) & 0xF)]) }
    }
}
