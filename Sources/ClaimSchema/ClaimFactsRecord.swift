/// The `claims.facts` column: the quantities and dates found in a claim, as JSON.
///
/// The one definition of that JSON's shape: the keys are these properties' coding keys
/// and ``Quantity``'s and ``DateMention``'s, the types theirs. ``json`` writes it (as
/// ingest and `add` store it) and `Decodable` reads it back:
///
/// ```json
/// {"dates":[{"iso":"2026-03","text":"March 2026"}],"quantities":[{"text":"3.7%","unit":"percent","value":3.7}]}
/// ```
public struct ClaimFactsRecord: Codable, Sendable, Equatable {
    public var quantities: [Quantity]
    public var dates: [DateMention]

    public init(quantities: [Quantity] = [], dates: [DateMention] = []) {
        self.quantities = quantities
        self.dates = dates
    }

    /// A missing list reads as empty (a hand-added claim's facts were once `{}`).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        quantities = try c.decodeIfPresent([Quantity].self, forKey: .quantities) ?? []
        dates = try c.decodeIfPresent([DateMention].self, forKey: .dates) ?? []
    }

    enum CodingKeys: String, CodingKey { case quantities, dates }

    /// The facts as a JSON object, keys in sorted order, a value that is not finite as `null`.
    ///
    /// Written by hand: JSONEncoder costs more than the rest of ingest per claim.
    public var json: String {
        var out = "{" + Self.datesKey + "["
        for (index, date) in dates.enumerated() {
            if index > 0 { out += "," }
            out += "{" + Self.isoKey + Self.string(date.iso) + "," + Self.dateTextKey + Self.string(date.text) + "}"
        }
        out += "]," + Self.quantitiesKey + "["
        for (index, quantity) in quantities.enumerated() {
            if index > 0 { out += "," }
            out += "{" + Self.quantityTextKey + Self.string(quantity.text) + ","
            out += Self.unitKey + (quantity.unit.map(Self.string) ?? "null") + ","
            out += Self.valueKey + (quantity.value.isFinite ? "\(quantity.value)" : "null") + "}"
        }
        return out + "]}"
    }

    // `"key":` for each key, from the coding keys that read them back.
    private static let datesKey = key(CodingKeys.dates)
    private static let quantitiesKey = key(CodingKeys.quantities)
    private static let isoKey = key(DateMention.CodingKeys.iso)
    private static let dateTextKey = key(DateMention.CodingKeys.text)
    private static let quantityTextKey = key(Quantity.CodingKeys.text)
    private static let unitKey = key(Quantity.CodingKeys.unit)
    private static let valueKey = key(Quantity.CodingKeys.value)

    private static func key(_ key: some CodingKey) -> String {
        "\"" + key.stringValue + "\":"
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
        out += [0x5C, 0x75]
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hexDigits[Int((scalar >> UInt32(shift)) & 0xF)])
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
