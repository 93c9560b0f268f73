import Foundation

/// One row of a check-worthiness TSV: `Sentence_id<TAB>Text[<TAB>class_label]`.
public struct LabelledSentence: Sendable, Equatable {
    public var id: String
    public var text: String
    /// `Yes` is true, `No` false, nil when the file has no label column.
    public var label: Bool?

    public init(id: String, text: String, label: Bool?) {
        self.id = id
        self.text = text
        self.label = label
    }
}

/// Reads the CheckThat! TSV format: a header row, tab-separated fields, and
/// fields optionally quoted the CSV way (`"..."`, with `""` for a quote, and
/// tabs or newlines allowed inside quotes).
public enum LabelledSentenceReader {
    public struct FormatError: Error, CustomStringConvertible, Sendable {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public static func parse(_ text: String) throws(FormatError) -> [LabelledSentence] {
        let records = try records(text)
        guard let header = records.first else {
            throw FormatError(
                line: 1, reason: "the file is empty; it needs a header Sentence_id<TAB>Text[<TAB>class_label]")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let idColumn = names.firstIndex(of: "sentence_id"), let textColumn = names.firstIndex(of: "text") else {
            throw FormatError(line: 1, reason: "the header must name the columns Sentence_id and Text (tab-separated)")
        }
        let labelColumn = names.firstIndex(of: "class_label")
        var out: [LabelledSentence] = []
        out.reserveCapacity(records.count)
        for record in records.dropFirst() {
            if record.fields.count == 1 && record.fields[0].isEmpty { continue }  // blank line
            guard record.fields.count > max(idColumn, textColumn) else {
                throw FormatError(
                    line: record.line,
                    reason:
                        "it has \(record.fields.count) fields; each row needs Sentence_id and Text separated by a tab")
            }
            var label: Bool?
            if let labelColumn, labelColumn < record.fields.count {
                switch record.fields[labelColumn].trimmingCharacters(in: .whitespaces).lowercased() {
                case "yes", "1", "true": label = true
                case "no", "0", "false": label = false
                case "": label = nil
                case let other:
                    throw FormatError(line: record.line, reason: "the class_label \"\(other)\" is neither Yes nor No")
                }
            }
            out.append(LabelledSentence(id: record.fields[idColumn], text: record.fields[textColumn], label: label))
        }
        return out
    }

    struct Record {
        var line: Int
        var fields: [String]
    }

    static func records(_ text: String) throws(FormatError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var i = 0
        var fieldStart = true
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldStart = true
        }
        while i < bytes.count {
            let b = bytes[i]
            if fieldStart && b == 0x22 {
                // Quoted field: runs to the closing quote, "" is a quote.
                fieldStart = false
                let openedAt = line
                i += 1
                var closed = false
                while i < bytes.count {
                    if bytes[i] == 0x22 {
                        if i + 1 < bytes.count && bytes[i + 1] == 0x22 {
                            field.append(0x22)
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    if bytes[i] == 0x0A { line += 1 }
                    field.append(bytes[i])
                    i += 1
                }
                if !closed { throw FormatError(line: openedAt, reason: "a quoted field is never closed") }
                continue
            }
            fieldStart = false
            switch b {
            case 0x09:
                endField()
            case 0x0A:
                if field.last == 0x0D { field.removeLast() }
                endField()
                records.append(Record(line: recordLine, fields: fields))
                fields.removeAll()
                line += 1
                recordLine = line
            default:
                field.append(b)
            }
            i += 1
        }
        if !fieldStart || !fields.isEmpty {
            if field.last == 0x0D { field.removeLast() }
            endField()
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
