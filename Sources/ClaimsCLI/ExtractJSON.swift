import ClaimSchema
import Extraction
import Foundation

/// `claims extract --format json`, written straight to bytes: the text `JSONOutput.encode`
/// gives for the whole array of articles (pretty-printed, keys sorted, snake_case, slashes
/// unescaped), byte for byte, at several times its speed. Each article is printed as soon
/// as it is read, so a folder of any size needs the memory of one article.
///
/// The shapes are fixed here rather than derived from `Encodable`: a new field in
/// `ExtractOutput`, `ExtractedClaim`, `Quantity` or `DateMention` must be added here too
/// (a test compares this writer with the encoder).
struct ExtractJSONWriter {
    private var count = 0
    private var out: [UInt8] = []
    /// Where written bytes go when not to standard output: `render`'s buffer, for tests.
    private var collected: [UInt8]?
    /// Publication dates go through the encoder itself, so their format is the encoder's.
    private let dateEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// Prints one article, after a separator when it is not the first. A long article's claims
    /// go out 64 KB at a time, so its JSON (three times the text) is never held whole.
    mutating func append(_ article: ExtractOutput) throws {
        try write(article)
        count += 1
        drain()
    }

    /// An article's JSON rendered apart, on a worker thread: what `append` prints for it
    /// after the separator. For an article of many claims (a long single file) `append`
    /// streams instead, so its JSON is never held whole.
    static func rendered(_ article: ExtractOutput) throws -> [UInt8] {
        var writer = ExtractJSONWriter()
        writer.collected = []
        try writer.writeBody(article)
        writer.drain()
        return writer.collected!
    }

    /// Prints an article `rendered(_:)` made, after a separator when it is not the first.
    mutating func append(rendered bytes: [UInt8]) {
        separator()
        out += bytes
        count += 1
        drain()
    }

    /// Hands the bytes written so far to standard output (or `render`'s buffer).
    private mutating func drain() {
        if collected != nil {
            collected! += out
        } else {
            // Bytes straight into stdio's buffer (where print goes too, and whose write errors
            // main reports): no String to build and validate for tens of megabytes.
            if let stream = ClaimsMain.standardOutputStream {
                out.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, stream) }
            } else {
                print(String(decoding: out, as: UTF8.self), terminator: "")
            }
        }
        out.removeAll(keepingCapacity: true)
    }

    /// Closes the array; an empty one is printed as the encoder prints it.
    func finish() {
        print(count == 0 ? "[\n\n]" : "\n]")
    }

    /// The bytes `append` prints for `articles`, then `finish`: for tests. The articles at the
    /// positions `renderedApart` names go through `rendered(_:)` and `append(rendered:)`, as a
    /// worker's do; those `streamed` names, claim by claim through `beginStreamed`, as a long
    /// article's do.
    static func render(
        _ articles: [ExtractOutput], renderedApart: (Int) -> Bool = { _ in false },
        streamed: (Int) -> Bool = { _ in false }
    ) throws -> String {
        var writer = ExtractJSONWriter()
        writer.collected = []
        for (position, article) in articles.enumerated() {
            if streamed(position) {
                writer.beginStreamed(article)
                for claim in article.claims { writer.appendStreamed(claim) }
                try writer.endStreamed(article)
            } else if renderedApart(position) {
                writer.append(rendered: try rendered(article))
            } else {
                try writer.append(article)
            }
        }
        var all = writer.collected!
        all += Array((writer.count == 0 ? "[\n\n]\n" : "\n]\n").utf8)
        return String(decoding: all, as: UTF8.self)
    }

    private mutating func write(_ article: ExtractOutput) throws {
        separator()
        try writeBody(article)
    }

    /// The array's opening bracket before the first article, a comma before the others.
    private mutating func separator() {
        raw(count == 0 ? "[\n" : ",\n")
    }

    private mutating func writeBody(_ article: ExtractOutput) throws {
        writeHead(article)
        for claim in article.claims { appendStreamed(claim) }
        try writeTail(article)
    }

    /// Claims written since the head of the article being streamed.
    private var streamedClaims = 0

    /// Starts an article whose claims follow one at a time (`appendStreamed`), as extraction
    /// finds them, and `endStreamed` closes; `article.claims` is not read. The bytes are
    /// those `append` prints for the article with all its claims.
    mutating func beginStreamed(_ article: ExtractOutput) {
        separator()
        writeHead(article)
    }

    /// Ends the article `beginStreamed` started.
    mutating func endStreamed(_ article: ExtractOutput) throws {
        try writeTail(article)
        count += 1
        drain()
    }

    /// Up to the claims array's opening bracket (the `array` layout, written in pieces).
    private mutating func writeHead(_ article: ExtractOutput) {
        raw("  {\n")
        key("author", 4)
        string(article.author)
        raw(",\n")
        key("claims", 4)
        raw("[\n")
        streamedClaims = 0
    }

    /// One claim of the article `beginStreamed` (or `writeBody`) started.
    mutating func appendStreamed(_ claim: ExtractedClaim) {
        if streamedClaims > 0 { raw(",\n") }
        indent(6)
        write(claim)
        streamedClaims += 1
        if out.count >= 1 << 16 { drain() }
    }

    /// Claims rendered apart on a worker thread, as `appendStreamed` writes them one after
    /// another (without a separator before the first): for `appendStreamed(rendered:count:)`.
    static func renderedClaims(_ claims: [ExtractedClaim]) -> [UInt8] {
        var writer = ExtractJSONWriter()
        writer.collected = []
        for claim in claims { writer.appendStreamed(claim) }
        writer.drain()
        return writer.collected!
    }

    /// `count` claims of the article being streamed, rendered by `renderedClaims`.
    mutating func appendStreamed(rendered bytes: [UInt8], count: Int) {
        guard count > 0 else { return }
        if streamedClaims > 0 { raw(",\n") }
        out += bytes
        streamedClaims += count
        if out.count >= 1 << 16 { drain() }
    }

    /// From the claims array's closing bracket to the article's.
    private mutating func writeTail(_ article: ExtractOutput) throws {
        raw("\n")
        indent(4)
        raw("]")
        raw(",\n")
        key("file", 4)
        string(article.file)
        raw(",\n")
        key("outlet", 4)
        string(article.outlet)
        raw(",\n")
        key("published_at", 4)
        if let date = article.publishedAt {
            // The encoder writes `["…"]`: keep what is between the brackets.
            let encoded = try dateEncoder.encode([date])
            out += encoded.dropFirst().dropLast()
        } else {
            raw("null")
        }
        raw(",\n")
        key("title", 4)
        string(article.title)
        raw(",\n")
        key("url", 4)
        string(article.url)
        raw("\n")
        raw("  }")
    }

    private mutating func write(_ claim: ExtractedClaim) {
        raw("{\n")
        key("context", 8)
        string(claim.context)
        raw(",\n")
        key("dates", 8)
        array(claim.dates, indent: 8) { writer, date in
            writer.raw("{\n")
            writer.key("iso", 12)
            writer.string(date.iso)
            writer.raw(",\n")
            writer.key("text", 12)
            writer.string(date.text)
            writer.raw("\n")
            writer.indent(10)
            writer.raw("}")
        }
        raw(",\n")
        key("end", 8)
        number(claim.end)
        raw(",\n")
        key("kind", 8)
        string(claim.kind.rawValue)
        raw(",\n")
        key("quantities", 8)
        array(claim.quantities, indent: 8) { writer, quantity in
            writer.raw("{\n")
            writer.key("text", 12)
            writer.string(quantity.text)
            writer.raw(",\n")
            // Every key present, null when empty, as in every JSON output.
            writer.key("unit", 12)
            writer.string(quantity.unit)
            writer.raw(",\n")
            writer.key("value", 12)
            writer.number(quantity.value)
            writer.raw("\n")
            writer.indent(10)
            writer.raw("}")
        }
        raw(",\n")
        key("score", 8)
        number(claim.score)
        raw(",\n")
        key("speaker", 8)
        string(claim.speaker)
        raw(",\n")
        key("start", 8)
        number(claim.start)
        raw(",\n")
        key("text", 8)
        string(claim.text)
        raw("\n")
        indent(6)
        raw("}")
    }

    /// An array whose key sits at `indent` spaces: its elements at `indent + 2`, each
    /// written by `element` from its opening brace; an empty one as `[`, a blank line, `]`.
    private mutating func array<Element>(
        _ elements: [Element], indent: Int, _ element: (inout ExtractJSONWriter, Element) -> Void
    ) {
        raw("[\n")
        if elements.isEmpty {
            raw("\n")
        } else {
            for (index, value) in elements.enumerated() {
                if index > 0 { raw(",\n") }
                self.indent(indent + 2)
                element(&self, value)
            }
            raw("\n")
        }
        self.indent(indent)
        raw("]")
    }

    // MARK: Tokens

    private mutating func raw(_ text: StaticString) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// At most 12 spaces: the deepest key.
    private mutating func indent(_ spaces: Int) {
        let blanks: StaticString = "            "
        out.append(contentsOf: UnsafeBufferPointer(start: blanks.utf8Start, count: spaces))
    }

    private mutating func key(_ name: StaticString, _ spaces: Int) {
        indent(spaces)
        out.append(0x22)
        raw(name)
        raw("\" : ")
    }

    private mutating func number(_ value: Int) {
        out += value.description.utf8
    }

    /// Doubles as the encoder writes them.
    private mutating func number(_ value: Double) {
        out += JSONEncoderText.number(value).utf8
    }

    private mutating func string(_ text: String?) {
        guard let text else { return raw("null") }
        string(text)
    }

    /// A string as the encoder escapes it.
    private mutating func string(_ text: String) {
        JSONEncoderText.appendString(text, to: &out)
    }
}
