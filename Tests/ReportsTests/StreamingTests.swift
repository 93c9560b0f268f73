import ClaimStore
import Foundation
import Testing

@testable import Reports

/// A stream that keeps nothing: it counts bytes, so a renderer that buffered
/// would show it as output arriving only at `end`.
struct ByteCounter: TextOutputStream {
    var bytes = 0
    mutating func write(_ string: String) { bytes += string.utf8.count }
}

@Suite struct StreamingTests {
    static let count = 10_000

    /// A verified claim so ClaimReview writes it too.
    static func item(_ id: Int) -> ReviewedClaim {
        var item = ReportFixtures.items[0]
        item.id = Int64(id)
        item.text = "Claim \(id): " + ReportFixtures.hostile
        return item
    }

    @Test(arguments: ReportFormat.allCases)
    func tenThousandClaimsAreWrittenAsTheyArrive(format: ReportFormat) throws {
        var renderer = try makeRenderer(format: format)
        var out = ByteCounter()
        try renderer.begin(ReportFixtures.summary, to: &out)
        var before = out.bytes
        var grewEveryTime = true
        for id in 1...Self.count {
            try renderer.write(Self.item(id), to: &out)
            if out.bytes <= before { grewEveryTime = false }
            before = out.bytes
        }
        try renderer.end(to: &out)
        #expect(grewEveryTime, "every write() emits its claim")
        // end() closes the document; it must not hold claims back.
        #expect(out.bytes - before < 2_000)
        #expect(before > Self.count * 100)
    }
}
