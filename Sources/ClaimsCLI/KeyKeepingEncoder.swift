import Foundation

/// Encodes any `Encodable` value into a `JSONTree` that keeps every key: an optional that is
/// nil becomes `null` instead of disappearing, as the README promises scripts ("every key is
/// present, null when empty"). Foundation's `JSONEncoder` drops such keys, because synthesised
/// conformances call `encodeIfPresent`; this encoder's containers answer that call with `null`.
///
/// Keys are converted to snake_case as `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase`
/// does, dates are ISO 8601 in UTC, URLs are their absolute string.
///
/// ```swift
/// struct Event: Encodable { var fromStatus: String? }
/// try KeyKeepingEncoder.encode(Event(fromStatus: nil))   // .object(["from_status": .null])
/// ```
enum KeyKeepingEncoder {
    static func encode(_ value: some Encodable) throws -> JSONTree {
        try box(value, codingPath: [])
    }

    fileprivate static func box(_ value: some Encodable, codingPath: [any CodingKey]) throws -> JSONTree {
        switch value {
        case let date as Date: return .string(iso8601(date))
        case let url as URL: return .string(url.absoluteString)
        case let string as String: return .string(string)
        case let bool as Bool: return .bool(bool)
        case let int as Int: return .number(String(int))
        case let int as Int64: return .number(String(int))
        case let int as Int32: return .number(String(int))
        case let double as Double: return try number(double, codingPath: codingPath)
        default:
            let encoder = TreeEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.storage.tree
        }
    }

    fileprivate static func number(_ value: Double, codingPath: [any CodingKey]) throws -> JSONTree {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: codingPath, debugDescription: "\(value) is not a JSON number."))
        }
        return .number(JSONEncoderText.number(value))
    }

    static func iso8601(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = Int(parts.tm_year) + 1900
        return
            "\(year)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// `fromStatus` -> `from_status`, `sourceID` -> `source_id`, `myURLValue` -> `my_url_value`:
    /// `JSONEncoder`'s `convertToSnakeCase`.
    static func snakeCase(_ key: String) -> String {
        guard !key.isEmpty else { return key }
        let characters = Array(key)
        var words: [String] = []
        var current = ""
        for (i, character) in characters.enumerated() {
            if character.isUppercase && !current.isEmpty {
                let previousIsLower = characters[i - 1].isLowercase || characters[i - 1].isNumber
                let nextIsLower = i + 1 < characters.count && characters[i + 1].isLowercase
                let previousIsUpper = characters[i - 1].isUppercase
                if previousIsLower || (previousIsUpper && nextIsLower) {
                    words.append(current)
                    current = ""
                }
            }
            current.append(character)
        }
        words.append(current)
        return words.map { $0.lowercased() }.joined(separator: "_")
    }
}

/// A JSON value with its object keys in the order they were encoded.
indirect enum JSONTree: Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONTree])
    case object([(key: String, value: JSONTree)])

    static func == (a: JSONTree, b: JSONTree) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)), (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        default: return false
        }
    }

    /// Pretty-printed with keys sorted and slashes unescaped, in `JSONEncoder`'s layout.
    func text() -> String {
        var out: [UInt8] = []
        write(to: &out, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    private func write(to out: inout [UInt8], indent: Int) {
        func pad(_ n: Int) { out += repeatElement(0x20, count: n) }
        switch self {
        case .null: out += "null".utf8
        case .bool(let value): out += (value ? "true" : "false").utf8
        case .number(let text): out += text.utf8
        case .string(let text): JSONEncoderText.appendString(text, to: &out)
        case .array(let items):
            out += "[\n".utf8
            if items.isEmpty { out.append(0x0A) }
            for (i, item) in items.enumerated() {
                pad(indent + 2)
                item.write(to: &out, indent: indent + 2)
                out += (i + 1 < items.count ? ",\n" : "\n").utf8
            }
            pad(indent)
            out.append(0x5D)
        case .object(let members):
            // A key encoded twice keeps its last value, as in JSONEncoder.
            var last: [String: JSONTree] = [:]
            for member in members { last[member.key] = member.value }
            let keys = last.keys.sorted()
            out += "{\n".utf8
            if keys.isEmpty { out.append(0x0A) }
            for (i, key) in keys.enumerated() {
                pad(indent + 2)
                JSONEncoderText.appendString(key, to: &out)
                out += " : ".utf8
                last[key]!.write(to: &out, indent: indent + 2)
                out += (i + 1 < keys.count ? ",\n" : "\n").utf8
            }
            pad(indent)
            out.append(0x7D)
        }
    }
}

// MARK: - The encoder

/// Where a container's values go: shared by reference so nested containers fill their parent.
private final class TreeStorage {
    enum Kind {
        case empty
        case single(JSONTree)
        case keyed([(key: String, value: TreeStorage)])
        case unkeyed([TreeStorage])
    }
    var kind: Kind = .empty

    var tree: JSONTree {
        switch kind {
        case .empty: return .object([])
        case .single(let value): return value
        case .keyed(let members): return .object(members.map { ($0.key, $0.value.tree) })
        case .unkeyed(let items): return .array(items.map(\.tree))
        }
    }

    static func value(_ tree: JSONTree) -> TreeStorage {
        let storage = TreeStorage()
        storage.kind = .single(tree)
        return storage
    }
}

private final class TreeEncoder: Encoder {
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any] = [:]
    let storage: TreeStorage

    init(codingPath: [any CodingKey], storage: TreeStorage = TreeStorage()) {
        self.codingPath = codingPath
        self.storage = storage
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed = storage.kind {} else { storage.kind = .keyed([]) }
        return KeyedEncodingContainer(KeyedTreeContainer<Key>(storage: storage, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed = storage.kind {} else { storage.kind = .unkeyed([]) }
        return UnkeyedTreeContainer(storage: storage, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleTreeContainer(storage: storage, codingPath: codingPath)
    }
}

private struct KeyedTreeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let storage: TreeStorage
    let codingPath: [any CodingKey]

    private func add(_ key: Key, _ child: TreeStorage) {
        guard case .keyed(var members) = storage.kind else { return }
        members.append((KeyKeepingEncoder.snakeCase(key.stringValue), child))
        storage.kind = .keyed(members)
    }

    mutating func encodeNil(forKey key: Key) throws { add(key, .value(.null)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        add(key, .value(try KeyKeepingEncoder.box(value, codingPath: codingPath + [key])))
    }

    // Every key stays: a nil optional is written as null.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeIfPresent(value as Bool?, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        try encodeIfPresent(value as String?, key)
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        try encodeIfPresent(value as Double?, key)
    }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws {
        try encodeIfPresent(value.map(Double.init), key)
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeIfPresent(value as Int?, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws {
        try encodeIfPresent(value.map(Int.init), key)
    }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws {
        try encodeIfPresent(value.map(Int.init), key)
    }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws {
        try encodeIfPresent(value.map(Int.init), key)
    }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeIfPresent(value as Int64?, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws {
        try encodeIfPresent(value.map(String.init), number: key)
    }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws {
        try encodeIfPresent(value.map(Int.init), key)
    }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws {
        try encodeIfPresent(value.map(Int.init), key)
    }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws {
        try encodeIfPresent(value.map(Int.init), key)
    }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws {
        try encodeIfPresent(value.map(String.init), number: key)
    }

    private mutating func encodeIfPresent<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    private mutating func encodeIfPresent(_ digits: String?, number key: Key) throws {
        add(key, .value(digits.map(JSONTree.number) ?? .null))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = TreeStorage()
        add(key, child)
        return TreeEncoder(codingPath: codingPath + [key], storage: child).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = TreeStorage()
        add(key, child)
        return TreeEncoder(codingPath: codingPath + [key], storage: child).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = TreeStorage()
        add(key, child)
        return TreeEncoder(codingPath: codingPath + [key], storage: child)
    }
}

private struct IndexKey: CodingKey {
    var stringValue: String { String(intValue!) }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedTreeContainer: UnkeyedEncodingContainer {
    let storage: TreeStorage
    let codingPath: [any CodingKey]

    var count: Int {
        if case .unkeyed(let items) = storage.kind { return items.count }
        return 0
    }

    private func add(_ child: TreeStorage) {
        guard case .unkeyed(var items) = storage.kind else { return }
        items.append(child)
        storage.kind = .unkeyed(items)
    }

    mutating func encodeNil() throws { add(.value(.null)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        add(.value(try KeyKeepingEncoder.box(value, codingPath: codingPath + [IndexKey(count)])))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let child = TreeStorage()
        let path = codingPath + [IndexKey(count)]
        add(child)
        return TreeEncoder(codingPath: path, storage: child).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = TreeStorage()
        let path = codingPath + [IndexKey(count)]
        add(child)
        return TreeEncoder(codingPath: path, storage: child).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = TreeStorage()
        let path = codingPath + [IndexKey(count)]
        add(child)
        return TreeEncoder(codingPath: path, storage: child)
    }
}

private struct SingleTreeContainer: SingleValueEncodingContainer {
    let storage: TreeStorage
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { storage.kind = .single(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        storage.kind = .single(try KeyKeepingEncoder.box(value, codingPath: codingPath))
    }
}
