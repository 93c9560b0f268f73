import Testing

@testable import Extraction

@Suite("ASCIIWordTable")
struct ASCIIWordTableTests {
    /// Short, 8-, 9-, 16- and 17-byte words: both halves of the packed key and the long list.
    static let words = [
        "", "a", "of", "said", "according", "abcdefgh", "abcdefghi", "spokespersonship", "internationalists",
        "co-founder", "o'clock", "said",
    ]

    private func id(_ word: String, in table: ASCIIWordTable) -> UInt16 {
        Array(word.utf8).withUnsafeBufferPointer { table.id(of: $0) }
    }

    /// `id(of:readable:)` on `word` followed by `padding` more bytes.
    private func id(_ word: String, padding: Int, in table: ASCIIWordTable) -> UInt16 {
        let bytes = Array(word.utf8) + Array(repeating: UInt8(ascii: "x"), count: padding)
        return bytes.withUnsafeBufferPointer {
            table.id(of: UnsafeBufferPointer(rebasing: $0[0..<word.utf8.count]), readable: bytes.count)
        }
    }

    @Test func findsEachWordAtItsFirstIndex() {
        let table = ASCIIWordTable(Self.words)
        for (index, word) in Self.words.enumerated().dropFirst() {
            let first = UInt16(Self.words.firstIndex(of: word)!)
            #expect(id(word, in: table) == first, "\(word) at \(index)")
            #expect(id(word, padding: 16, in: table) == first, "\(word) read 8 bytes at a time")
        }
        #expect(id("", in: table) == 0)  // index 0 is never found
    }

    @Test func turnsAwayOtherWordsWhateverFollowsThem() {
        let table = ASCIIWordTable(Self.words)
        for word in ["b", "sai", "saidx", "abcdefg", "abcdefghij", "spokespersonshi", "internationalist", "Said"] {
            #expect(id(word, in: table) == 0, "\(word)")
            #expect(id(word, padding: 16, in: table) == 0, "\(word) read 8 bytes at a time")
            #expect(id(word, padding: 1, in: table) == 0, "\(word) near the end of its buffer")
        }
    }

    @Test func aSetAnswersAsSetContains() {
        let table = ASCIIWordTable(set: ["", "mr", "dr"])
        #expect(Array("".utf8).withUnsafeBufferPointer { table.contains($0) })
        #expect(Array("mr".utf8).withUnsafeBufferPointer { table.contains($0) })
        #expect(!Array("ms".utf8).withUnsafeBufferPointer { table.contains($0) })
    }
}
