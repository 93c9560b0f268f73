import Checkworthiness
import Foundation
import Testing

@Suite("Check-worthiness features follow the documented recipe")
struct FeatureHasherTests {
    @Test func fnvBucketsMatchTheRecipesTestVectors() {
        #expect(FeatureHasher.bucket(of: "w1:tax") == UInt32(0x5d7f_4fa5_ea81_a642 & 0x3FFFF))
        #expect(FeatureHasher.bucket(of: "w1:tax") == 108_098)
        #expect(FeatureHasher.bucket(of: "c: ta") == 47_695)
    }

    @Test func tokenizerFoldsCaseDigitsAndApostrophes() {
        #expect(
            FeatureHasher.tokenize("We've cut taxes by 12.5% since 2017 \u{2014} \"$1,000\" more?")
                == ["weve", "cut", "taxes", "by", "00", "0", "%", "since", "0000", "$", "0", "000", "more", "?"])
        #expect(FeatureHasher.tokenize("Don\u{2019}t `quote` café naïve") == ["dont", "quote", "caf", "na", "ve"])
    }

    /// Bucket sets computed by the reference implementation (docs/checkworthiness-model.md).
    @Test(arguments: [
        (
            "We've cut taxes by 12.5% since 2017 \u{2014} \"$1,000\" more?",
            [
                1044, 6128, 6856, 10626, 11240, 16422, 18852, 19039, 23263, 25952, 27509, 28861, 30692, 34730, 39704,
                43826, 47695, 50668, 52031, 53871, 60632, 61488, 64040, 64215, 64717, 66345, 73336, 73559, 74837, 78171,
                78297, 79635, 80050, 80296, 81282, 82079, 85759, 86421, 87154, 90866, 91122, 93626, 93925, 97176, 97693,
                100728, 101012, 101396, 103680, 104136, 107513, 107688, 110133, 111085, 113017, 113286, 113503, 116405,
                118505, 122541, 123587, 126000, 126115, 127420, 128376, 133573, 133637, 136150, 137154, 138913, 139808,
                142250, 145701, 148332, 149334, 154296, 154336, 154472, 156888, 157723, 158843, 160856, 161256, 161484,
                163442, 164710, 164716, 165575, 167361, 167816, 168728, 169149, 170354, 173647, 174667, 175513, 175688,
                180626, 183727, 186871, 198277, 202067, 202144, 203427, 204812, 204895, 207187, 216891, 217701, 217827,
                218620, 219007, 221182, 221617, 227625, 228577, 229012, 229900, 230317, 235365, 237445, 241068, 243324,
                244294, 247800, 248028, 248235, 248456, 249892, 250327, 252150, 254677, 255112, 255204, 255945, 255976,
                256935,
            ]
        ),
        (
            "Unemployment fell to 3.4% in January.",
            [
                140, 3791, 5579, 7151, 8863, 10325, 14352, 18258, 18852, 22780, 23181, 25061, 25873, 30567, 37939,
                38033, 40631, 49226, 50305, 50668, 53172, 53574, 54452, 54621, 54954, 61108, 61196, 65034, 66345, 68496,
                68573, 68775, 75044, 76056, 77077, 80050, 81394, 82197, 82245, 87014, 87583, 88770, 89205, 92535, 93702,
                94236, 98970, 100728, 104136, 104269, 104535, 107910, 112376, 114481, 114928, 115627, 116363, 116405,
                120847, 122635, 123070, 123108, 123505, 126733, 133637, 138506, 138643, 139461, 145701, 148481, 150215,
                151836, 152643, 155152, 155493, 157575, 158661, 158803, 164297, 165399, 167527, 169641, 181453, 181675,
                183778, 185083, 186190, 186871, 194067, 205829, 206494, 207312, 207828, 210759, 213404, 215629, 215935,
                215984, 217267, 217702, 218495, 220688, 221993, 222922, 226812, 228189, 229012, 229447, 236676, 237445,
                237540, 238813, 242230, 245206, 246188, 247156, 247800, 248066, 249977, 250327, 253748, 254586, 255112,
                256935, 258627, 259589,
            ]
        ),
        (
            "I think we will win.",
            [
                4770, 8547, 10325, 11756, 18852, 20516, 26308, 36683, 37925, 50740, 52891, 56216, 58892, 60632, 62300,
                62949, 64040, 68496, 69639, 80123, 80528, 81398, 83115, 86545, 86963, 93925, 99068, 104874, 107910,
                121411, 123740, 124048, 125385, 131602, 136761, 138028, 156764, 161783, 166704, 174440, 174550, 178705,
                186871, 187741, 189035, 198289, 203952, 210361, 211508, 217267, 220688, 226592, 227377, 227462, 229012,
                230317, 236572, 240207, 241660, 246804, 253748, 259428,
            ]
        ),
    ])
    func bucketsMatchTheReferenceImplementation(sentence: String, expected: [UInt32]) {
        let hasher = FeatureHasher()
        hasher.hash(sentence)
        #expect(hasher.buckets.sorted() == expected)
    }

    /// The hand features read eight bytes at a time where they can. Whatever the offsets and
    /// the spaces, capitalised words, years, digits, money, percentages and questions must
    /// come out as the plain byte-by-byte reading below finds them.
    @Test func handFeaturesAgreeWithAByteByByteReading() {
        let pieces = [
            "Beta", "gamma", "Delta.", "x", "1999", "x1999", "19999", "2100", "2004,", "$5", "7%", "why?", "I",
            "caf\u{E9}", "don\u{2019}t", "\u{201C}Quoted\u{201D}", " ", " ", " ", "\t", "\n", "\u{1F}", "\u{A0}",
            "\u{2003}", "\u{3000}", "\u{202F}", "\u{85}",
        ]
        let buckets = ["h:caps", "h:caps3", "h:year", "h:num", "h:money", "h:pct", "h:q"].map(FeatureHasher.bucket(of:))
        let hasher = FeatureHasher()
        var random = SplitMix64(seed: 7)
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int(random.next() % 14) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            hasher.hash(text)
            let found = Set(hasher.buckets)
            let expected = Self.byteByByte(Array(text.utf8))
            let wanted = [
                expected.capitalised >= 1, expected.capitalised >= 3, expected.year, expected.digit, expected.dollar,
                expected.percent, expected.question,
            ]
            for (bucket, want) in zip(buckets, wanted) {
                // An absent feature may still share its bucket with one of the text's n-grams.
                #expect(
                    found.contains(bucket) == want || !want && Self.collides(bucket, text), "\(text.debugDescription)")
            }
        }
    }

    /// Whether a bucket also comes from the text's n-grams (so its presence proves nothing).
    static func collides(_ bucket: UInt32, _ text: String) -> Bool {
        let tokens = FeatureHasher.tokenize(text)
        var grams = Set<UInt32>()
        for token in tokens {
            grams.insert(FeatureHasher.bucket(of: "w1:" + token))
            let padded = Array((" " + token + " ").utf8)
            for i in 0..<padded.count {
                for n in 2...5 where i + n <= padded.count {
                    grams.insert(FeatureHasher.bucket(of: "c:" + String(decoding: padded[i..<(i + n)], as: UTF8.self)))
                }
            }
        }
        let words = ["<s>"] + tokens + ["</s>"]
        for k in 1..<words.count { grams.insert(FeatureHasher.bucket(of: "w2:" + words[k - 1] + " " + words[k])) }
        return grams.contains(bucket)
    }

    /// The hand features' reading of the bytes, one at a time, as it was before the eight-byte path.
    static func byteByByte(_ bytes: [UInt8]) -> (
        capitalised: Int, year: Bool, digit: Bool, dollar: Bool, percent: Bool, question: Bool
    ) {
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func isUnicodeSpace(_ i: Int) -> Bool {
            let b = bytes[i]
            let count = bytes.count
            if b == 0xC2, i + 1 < count { return bytes[i + 1] == 0xA0 || bytes[i + 1] == 0x85 }
            if b == 0xE2, i + 2 < count {
                let (b1, b2) = (bytes[i + 1], bytes[i + 2])
                if b1 == 0x80 { return (0x80...0x8A).contains(b2) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF }
                if b1 == 0x81 { return b2 == 0x9F }
            }
            if b == 0xE3, i + 2 < count { return bytes[i + 1] == 0x80 && bytes[i + 2] == 0x80 }
            if b == 0xE1, i + 2 < count { return bytes[i + 1] == 0x9A && bytes[i + 2] == 0x80 }
            return false
        }
        func isYear(_ i: Int) -> Bool {
            guard i + 4 <= bytes.count, bytes[i..<(i + 4)].allSatisfy(isDigit) else { return false }
            guard ["18", "19", "20"].contains(String(decoding: bytes[i..<(i + 2)], as: UTF8.self)) else { return false }
            func wordByte(_ b: UInt8) -> Bool {
                isDigit(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x5F
            }
            if i > 0, wordByte(bytes[i - 1]) { return false }
            if i + 4 < bytes.count, wordByte(bytes[i + 4]) { return false }
            return true
        }
        var capitalised = 0
        var words = 0
        var atWordStart = true
        for (i, b) in bytes.enumerated() {
            let space = b == 0x20 || (0x09...0x0D).contains(b) || (0x1C...0x1F).contains(b) || isUnicodeSpace(i)
            if atWordStart && !space {
                if words > 0 && (0x41...0x5A).contains(b) { capitalised += 1 }
                words += 1
            }
            atWordStart = space
        }
        return (
            capitalised, bytes.indices.contains(where: isYear), bytes.contains(where: isDigit), bytes.contains(0x24),
            bytes.contains(0x25), bytes.contains(0x3F)
        )
    }

    @Test func splitMixMatchesItsPublishedOutputs() {
        var rng = SplitMix64(seed: 42)
        #expect(rng.next() == 0xbdd7_3226_2feb_6e95)
        #expect(rng.next() == 0x28ef_e333_b266_f103)
        #expect(rng.next() == 0x4752_6757_130f_9f52)
    }
}
