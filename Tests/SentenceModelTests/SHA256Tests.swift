import Checksums
import Foundation
import SentenceModel
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    func digest(_ bytes: [UInt8]) -> String {
        var hash = SHA256()
        hash.update(bytes)
        return hash.finish().hex
    }

    @Test func matchesTheStandardTestVectors() {
        #expect(digest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(digest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func givesTheSameDigestWhateverTheChunking() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = digest(bytes)
        for size in [1, 3, 63, 64, 65, 200] {
            var hash = SHA256()
            var offset = 0
            while offset < bytes.count {
                hash.update(Array(bytes[offset..<min(offset + size, bytes.count)]))
                offset += size
            }
            #expect(hash.finish().hex == whole, "pieces of \(size)")
        }
    }
}
