#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the blocks of an article's body that are page furniture rather than story:
/// headlines and standfirsts, captions and photo credits, bylines and staff bios,
/// share / app / newsletter prompts, timestamps, and lines repeated further down.
///
/// Works from the body's blocks (`Article.body` separates them with a blank line), so
/// it serves plain text and HTML alike; HTML's own structure (figcaption, nav, aside,
/// header, byline classes) has already removed most furniture there. Each finding
/// carries the reason `claims extract --explain` prints, so nothing is dropped silently.
/// One pass over the body's bytes, with the phrase lists searched as extraction's own
/// (`Marker.Set`), so it costs a small part of extraction.
///
/// ```swift
/// let furniture = PageFurniture(body: article.body)
/// furniture.reason(forSentenceAt: 0)  // "no sentence-final punctuation: a headline, label or caption"
/// ```
public struct PageFurniture: Sendable {
    /// A furniture block: its Unicode-scalar range in the body and why it is furniture.
    public struct Block: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var reason: String
    }

    /// Furniture blocks in body order.
    public private(set) var blocks: [Block] = []

    public init(body: String) {
        var body = body
        blocks = body.withUTF8 { Self.find(in: $0) }
    }

    public init(utf8 body: UnsafeBufferPointer<UInt8>) {
        blocks = Self.find(in: body)
    }

    /// Why the sentence starting at `offset` (Unicode scalars into the body) is furniture,
    /// or nil when it belongs to the story.
    public func reason(forSentenceAt offset: Int) -> String? {
        let first = blocks.partitioningIndex { $0.end > offset }
        guard first < blocks.count, blocks[first].start <= offset else { return nil }
        return blocks[first].reason
    }

    /// The headline on top of a body: the first of its first blocks that reads as a
    /// title (no final full stop, three to thirty words, not all capitals, not a caption,
    /// prompt or byline).
    public static func headline(in body: String) -> String? {
        var body = body
        return body.withUTF8 { bytes -> String? in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: longestFurniture) { lower -> String? in
                for block in Self.blocks(of: bytes).prefix(headBlocks) {
                    let shape = Shape(bytes, block, lower: lower.baseAddress!)
                    guard shape.isShort, !shape.endsLikeSentence, shape.words >= 3, shape.words <= 30,
                        shape.lowercaseLetters > 0,
                        reasonByPhrase(UnsafeBufferPointer(start: lower.baseAddress!, count: block.bytes.count), shape)
                            == nil
                    else { continue }
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[block.bytes]), as: UTF8.self)
                }
                return nil
            }
        }
    }

    // MARK: - The rules

    /// How many blocks from the top count as the page's head (headline, standfirst, byline).
    static let headBlocks = 8
    /// Share of a standfirst's content words found again in one block of the story.
    static let restatement = 0.6
    /// How many blocks after the head a standfirst's restatement is looked for in.
    static let storyBlocksSearched = 30

    /// Phrases that make a whole block a caption or photo credit.
    static let captionPhrases = [
        "file photo", "photo:", "photo by", "photo credit", "photograph:", "photographer:", "image:", "image credit",
        "image by", "pictured:", "(ap photo", "ap photo/", "getty images", "license photo", "[photo", "(photo",
        "reuters/", "/reuters", "afp/", "/afp", "— afp", "- afp", "/upi", "via getty", "shutterstock", "caption:",
    ]
    /// Phrases of share, follow, app, newsletter and related-story prompts.
    static let promptPhrases = [
        "download the", "get the app", "our app", "mobile app", "email article", "email this", "share this",
        "share on", "tweet this", "follow us", "follow him on", "follow her on", "follow them on", "sign up",
        "subscribe", "newsletter", "read more", "related:", "related stories", "related articles", "see also",
        "more from", "click here", "watch:", "listen:", "advertisement", "sponsored", "recommended",
    ]
    /// Words for newsroom roles, for bylines and staff bios.
    static let rolePhrases = [
        "reporter", "writer", "correspondent", "editor", "columnist", "producer", "contributor", "journalist",
        "staff", "intern", "freelance", "bureau chief", "anchor",
    ]
    /// "1 hour ago", "Updated 10:42 a.m. ET", "Published: March 3".
    static let agoPhrases = ["minute ago", "minutes ago", "hour ago", "hours ago", "days ago", "day ago", "weeks ago"]
    static let stampStarts = ["updated", "published", "posted", "last updated", "first published"]
    static let bioPhrases = [" is a ", " is an ", " is the "]
    static let beatVerbs = [" covers ", " writes about ", " reports on ", " reports for ", " writes for "]

    static let caption: UInt8 = 1, prompt: UInt8 = 2, role: UInt8 = 4, ago: UInt8 = 8
    static let phrases = Marker.Set([
        (captionPhrases, caption), (promptPhrases, prompt), (rolePhrases, role), (agoPhrases, ago),
    ])

    /// Why a block is furniture by its phrases and shape, nil when the story.
    static func reasonByPhrase(_ lower: UnsafeBufferPointer<UInt8>, _ shape: Shape) -> String? {
        if shape.letters == 0 { return "no words: a rule, symbol or number" }
        let found = phrases.matches(lower, stoppingAt: 0)
        if found & caption != 0 { return "a photo caption or credit" }
        if shape.words <= 25, found & prompt != 0 { return "a share, follow, app or newsletter prompt" }
        if shape.words <= 12, found & ago != 0 || stampStarts.contains(where: { lower.starts(with: $0.utf8) }) {
            return "a timestamp"
        }
        if shape.words <= 16, isBylineOrBio(lower, shape, hasRole: found & role != 0) { return "a byline or staff bio" }
        if shape.letters >= 4, shape.lowercaseLetters == 0 { return "in capitals only: a label or promo" }
        return nil
    }

    /// "By Karen Graham", "Joris Evers Staff Writer, CNET", "X is a politics reporter for
    /// Fox News.", "Joris Evers covers security."
    static func isBylineOrBio(_ lower: UnsafeBufferPointer<UInt8>, _ shape: Shape, hasRole: Bool) -> Bool {
        if lower.starts(with: "by ".utf8) && !Marker.contains(lower, Array(" said".utf8)) { return true }
        if hasRole && (!shape.endsLikeSentence || bioPhrases.contains { Marker.contains(lower, Array($0.utf8)) }) {
            return true
        }
        // "<Name> covers security.": a capitalised name of up to three words, then the beat.
        if shape.words <= 10 && shape.startsCapitalised {
            for verb in beatVerbs {
                let needle = Array(verb.utf8)
                guard let at = needle.withUnsafeBufferPointer({ Marker.firstMatch(of: $0, in: lower) }) else {
                    continue
                }
                if lower[..<at].lazy.filter({ $0 == 0x20 }).count <= 2 { return true }
            }
        }
        return false
    }

    // MARK: - Blocks and their shape

    struct Bounds {
        var bytes: Range<Int>
        var start: Int, end: Int  // Unicode scalars
    }

    /// The "\n\n"-separated blocks, with byte and scalar ranges.
    static func blocks(of body: UnsafeBufferPointer<UInt8>) -> [Bounds] {
        var out: [Bounds] = []
        guard let base = body.baseAddress else { return out }
        let count = body.count
        var blockStart = 0
        var blockScalar = 0
        var i = 0
        while i < count, let found = memchr(base + i, 0x0A, count - i) {
            let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            guard at + 1 < count, base[at + 1] == 0x0A else {
                i = at + 1
                continue
            }
            let end =
                blockScalar + SWAR.scalarCount(UnsafeBufferPointer(start: base + blockStart, count: at - blockStart))
            out.append(Bounds(bytes: blockStart..<at, start: blockScalar, end: end))
            blockStart = at + 2
            blockScalar = end + 2
            i = blockStart
        }
        let end =
            blockScalar + SWAR.scalarCount(UnsafeBufferPointer(start: base + blockStart, count: count - blockStart))
        out.append(Bounds(bytes: blockStart..<count, start: blockScalar, end: end))
        return out
    }

    /// Blocks longer than this (in bytes) are story, not furniture, whatever their
    /// phrases: only their repeats and final punctuation are checked.
    static let longestFurniture = 600

    /// What the rules read of a block. Counting stops once a count can no longer
    /// change a rule (past 31 words, a lower-case letter seen), so a long paragraph
    /// costs little more than its hash.
    struct Shape {
        var words = 0, letters = 0, lowercaseLetters = 0
        var endsLikeSentence = false
        var startsCapitalised = false
        /// Whether the block is short enough for the phrase rules (`lower` then holds it lower-cased).
        var isShort = false
        /// A hash of the block's bytes: equal text, equal key.
        var key: UInt64 = 0

        /// Reads the block; when it is short, writes it lower-cased (ASCII) into `lower`,
        /// which has room for `longestFurniture` bytes. Words are runs of bytes other than
        /// white space; letters and lower-case letters are ASCII ones, and every non-ASCII
        /// byte counts as a lower-case letter (no all-capitals verdict on other scripts).
        /// Eight bytes at a time while they are ASCII.
        init(_ body: UnsafeBufferPointer<UInt8>, _ block: Bounds, lower: UnsafeMutablePointer<UInt8>) {
            let bytes = UnsafeBufferPointer(rebasing: body[block.bytes])
            key = Self.hash(bytes)
            endsLikeSentence = Self.endsLikeSentence(bytes)
            isShort = bytes.count <= PageFurniture.longestFurniture
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            startsCapitalised = base[0] &- 0x41 < 26
            let count = bytes.count
            var previousIsSpace: UInt64 = 1
            var i = 0
            @inline(__always) func byteStep(_ byte: UInt8) {
                let isUpper = byte &- 0x41 < 26
                let isLower = byte &- 0x61 < 26 || byte >= 0x80
                if isShort { lower[i] = isUpper ? byte | 0x20 : byte }
                if isUpper || isLower { letters &+= 1 }
                if isLower { lowercaseLetters &+= 1 }
                let isSpace: UInt64 = byte <= 0x20 ? 1 : 0
                if isSpace == 0 && previousIsSpace == 1 { words &+= 1 }
                previousIsSpace = isSpace
                i &+= 1
            }
            while i &+ 8 <= count {
                let x = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                guard x & SWAR.high == 0 else {
                    for _ in 0..<8 { byteStep(base[i]) }
                    continue
                }
                let upper = SWAR.bytes(of: x, from: 0x41, through: 0x5A)
                let lowerCase = SWAR.bytes(of: x, from: 0x61, through: 0x7A)
                let spaces = SWAR.bytes(of: x, from: 0x00, through: 0x20)
                letters &+= SWAR.count(ofHighBits: upper | lowerCase)
                lowercaseLetters &+= SWAR.count(ofHighBits: lowerCase)
                // A word starts at a byte that is not a space after one that is.
                words &+= SWAR.count(ofHighBits: (spaces << 8 | previousIsSpace << 7) & ~spaces & SWAR.high)
                previousIsSpace = spaces >> 63
                if isShort {
                    UnsafeMutableRawPointer(lower + i).storeBytes(of: (x | upper >> 2).littleEndian, as: UInt64.self)
                }
                i &+= 8
                if !isShort && words > 31 && lowercaseLetters > 0 && letters >= 4 { return }
            }
            while i < count { byteStep(base[i]) }
        }

        /// FNV-1a over eight bytes at a time.
        static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(bytes.count)
            guard let base = bytes.baseAddress else { return h }
            var i = 0
            while i + 8 <= bytes.count {
                h = (h ^ UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) &* 0x100_0000_01B3
                h ^= h >> 29
                i += 8
            }
            while i < bytes.count {
                h = (h ^ UInt64(base[i])) &* 0x100_0000_01B3
                i += 1
            }
            return h
        }

        /// Whether the last visible character ends a sentence, closing quotes and brackets after it.
        static func endsLikeSentence(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var j = bytes.count - 1
            while j >= 0 {
                let byte = bytes[j]
                switch byte {
                case 0x20, 0x22, 0x27, 0x29, 0x5D, 0x2A, 0x5F, 0x09, 0x0A:
                    j -= 1
                    continue
                case 0x2E, 0x21, 0x3F, 0x3A, 0x3B: return true
                default: break
                }
                if j >= 2 && bytes[j - 2] == 0xE2 && bytes[j - 1] == 0x80 {
                    if byte == 0x9D || byte == 0x99 {
                        j -= 3
                        continue
                    }  // ” ’
                    return byte == 0xA6  // …
                }
                return false
            }
            return false
        }
    }

    /// Content words of a block, cut to five bytes ("accessed" meets "access").
    static func contentWords(_ lower: UnsafeBufferPointer<UInt8>) -> Set<UInt64> {
        var words = Set<UInt64>()
        var i = 0
        let count = lower.count
        while i < count {
            while i < count && !isWordByte(lower[i]) { i += 1 }
            let start = i
            while i < count && (isWordByte(lower[i]) || lower[i] == 0x27) { i += 1 }
            let length = i - start
            guard length >= 3 else { continue }
            var key: UInt64 = 0
            for k in 0..<min(length, 5) { key = key << 8 | UInt64(lower[start + k]) }
            if !stopWords.contains(key) { words.insert(key) }
        }
        return words
    }

    @inline(__always)
    static func isWordByte(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b >= 0x80 }

    /// Words that say little about what a sentence states, as content-word keys.
    static let stopWords: Set<UInt64> = Set(
        [
            "the", "and", "for", "that", "with", "was", "were", "are", "has", "have", "had", "its", "his", "her",
            "their",
            "this", "from", "said", "say", "says", "who", "which", "but", "not", "been", "will", "would", "into",
            "than",
            "they", "them", "she", "him", "our", "you", "all", "one", "also", "about", "after", "over", "more",
        ].map { word in word.utf8.prefix(5).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } })

    // MARK: - The pass

    static func find(in body: UnsafeBufferPointer<UInt8>) -> [Block] {
        let bounds = blocks(of: body)
        var reasons = [String?](repeating: nil, count: bounds.count)
        var shapes: [Shape] = []
        shapes.reserveCapacity(bounds.count)
        var lastCopy: [UInt64: Int] = [:]
        lastCopy.reserveCapacity(bounds.count)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: longestFurniture) { lower in
            let lower = lower.baseAddress!
            for (index, block) in bounds.enumerated() {
                let shape = Shape(body, block, lower: lower)
                shapes.append(shape)
                if shape.words > 0 { lastCopy[shape.key] = index }
                reasons[index] =
                    (shape.isShort
                        ? reasonByPhrase(UnsafeBufferPointer(start: lower, count: block.bytes.count), shape) : nil)
                    ?? (shape.endsLikeSentence ? nil : "no sentence-final punctuation: a headline, label or caption")
            }
        }
        for (index, shape) in shapes.enumerated() where shape.words > 0 {
            if let last = lastCopy[shape.key], last != index {
                reasons[index] = "repeated further down (the later copy is kept)"
            }
        }
        findStandfirsts(body, bounds, &reasons)
        var found: [Block] = []
        for (index, block) in bounds.enumerated() {
            if let reason = reasons[index] { found.append(Block(start: block.start, end: block.end, reason: reason)) }
        }
        return found
    }

    /// A sentence at the top, before the last furniture line of the page's head, whose
    /// words one block of the story repeats.
    static func findStandfirsts(_ body: UnsafeBufferPointer<UInt8>, _ bounds: [Bounds], _ reasons: inout [String?]) {
        guard let headEnd = (0..<min(bounds.count, headBlocks)).last(where: { reasons[$0] != nil }), headEnd > 0 else {
            return
        }
        func words(_ index: Int) -> Set<UInt64> {
            var lower = Array(body[bounds[index].bytes])
            for k in lower.indices where lower[k] >= 0x41 && lower[k] <= 0x5A { lower[k] |= 0x20 }
            return lower.withUnsafeBufferPointer(contentWords)
        }
        var story: [Int: Set<UInt64>] = [:]
        for index in 0..<headEnd where reasons[index] == nil {
            let candidate = words(index)
            guard candidate.count >= 5 else { continue }
            for later in (headEnd + 1)..<min(bounds.count, headEnd + 1 + storyBlocksSearched)
            where reasons[later] == nil {
                if story[later] == nil { story[later] = words(later) }
                let shared = candidate.filter { story[later]!.contains($0) }.count
                if Double(shared) >= restatement * Double(candidate.count) {
                    reasons[index] = "restates the story below (a standfirst)"
                    break
                }
            }
        }
    }
}
