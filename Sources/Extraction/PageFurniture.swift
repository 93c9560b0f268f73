/// Finds the blocks of an article's body that are page furniture rather than story:
/// headlines and standfirsts, captions and photo credits, bylines and staff bios,
/// share / app / newsletter prompts, timestamps, and lines repeated further down.
///
/// Works from the body's blocks (`Article.body` separates them with a blank line), so
/// it serves plain text and HTML alike; HTML's own structure (figcaption, nav, aside,
/// header, byline classes) has already removed most furniture there. Each finding
/// carries the reason `claims extract --explain` prints, so nothing is dropped silently.
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
    /// The first headline-shaped block near the top, for the article's title.
    public private(set) var headline: String?

    public init(body: String) {
        let found = Self.blocks(of: body)
        var reasons = [String?](repeating: nil, count: found.count)
        var keys: [String: Int] = [:]
        for (index, block) in found.enumerated() {
            keys[block.key] = index  // the last occurrence of each text
        }
        for (index, block) in found.enumerated() {
            if let last = keys[block.key], last != index, !block.key.isEmpty {
                reasons[index] = "repeated further down (the later copy is kept)"
            } else {
                reasons[index] = Self.reason(block)
            }
        }
        // Standfirsts: a sentence at the top, before the last furniture line of the page's
        // head, whose words the story repeats.
        let headEnd = (0..<min(found.count, Self.headBlocks)).last { reasons[$0] != nil } ?? -1
        if headEnd > 0 {
            for index in 0..<headEnd where reasons[index] == nil {
                let words = found[index].contentWords
                guard words.count >= 5 else { continue }
                for later in (headEnd + 1)..<found.count where reasons[later] == nil {
                    let shared = words.filter { found[later].contentWords.contains($0) }.count
                    if Double(shared) >= Self.restatement * Double(words.count) {
                        reasons[index] = "restates the story below (a standfirst)"
                        break
                    }
                }
            }
        }
        for (index, block) in found.enumerated() {
            guard let reason = reasons[index] else { continue }
            blocks.append(Block(start: block.start, end: block.end, reason: reason))
            if headline == nil, index < Self.headBlocks, block.isHeadlineShaped {
                headline = block.text
            }
        }
    }

    /// Why the sentence starting at `offset` (Unicode scalars into the body) is furniture,
    /// or nil when it belongs to the story. Offsets must be asked in increasing order for
    /// `reason(forSentenceAt:after:)`; this form searches.
    public func reason(forSentenceAt offset: Int) -> String? {
        var low = 0, high = blocks.count
        while low < high {
            let mid = (low + high) / 2
            if blocks[mid].end <= offset { low = mid + 1 } else { high = mid }
        }
        guard low < blocks.count, blocks[low].start <= offset else { return nil }
        return blocks[low].reason
    }

    // MARK: - The rules

    /// How many blocks from the top count as the page's head (headline, standfirst, byline).
    static let headBlocks = 8
    /// Share of a standfirst's content words found again in one later block.
    static let restatement = 0.6

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
    static let roles = [
        "reporter", "writer", "correspondent", "editor", "columnist", "producer", "contributor", "journalist",
        "staff", "intern", "freelance", "bureau chief", "anchor",
    ]

    static func reason(_ block: Found) -> String? {
        let lower = block.lower
        if block.letters == 0 { return "no words: a rule, symbol or number" }
        if captionPhrases.contains(where: { lower.contains($0) }) { return "a photo caption or credit" }
        if block.words <= 25, promptPhrases.contains(where: { Self.containsWords(lower, $0) }) {
            return "a share, follow, app or newsletter prompt"
        }
        if block.words <= 12, isTimestamp(lower) { return "a timestamp" }
        if block.words <= 16, isBylineOrBio(block) { return "a byline or staff bio" }
        if block.letters >= 4, block.lowercaseLetters == 0 { return "in capitals only: a label or promo" }
        if !block.endsLikeSentence { return "no sentence-final punctuation: a headline, label or caption" }
        return nil
    }

    /// "By Karen Graham", "Joris Evers Staff Writer, CNET", "X is a politics reporter for
    /// Fox News", "Joris Evers covers security."
    static func isBylineOrBio(_ block: Found) -> Bool {
        let lower = block.lower
        if lower.hasPrefix("by ") && !lower.contains(" said") { return true }
        let hasRole = roles.contains { containsWords(lower, $0) }
        if hasRole && (lower.contains(" is a ") || lower.contains(" is the ") || lower.contains(" is an ")
            || !block.endsLikeSentence) {
            return true
        }
        // "<Name> covers security." / "<Name> writes about health."
        for verb in [" covers ", " writes about ", " reports on ", " reports for ", " writes for "] {
            if let range = lower.range(of: verb), block.words <= 10,
               lower[..<range.lowerBound].split(separator: " ").count <= 3,
               block.text.first?.isUppercase == true {
                return true
            }
        }
        return false
    }

    /// "1 hour ago", "Updated 10:42 a.m. ET", "Published: March 3, 2026".
    static func isTimestamp(_ lower: String) -> Bool {
        if lower.contains(" ago") && ["minute", "hour", "day", "week"].contains(where: { lower.contains($0) }) { return true }
        for prefix in ["updated", "published", "posted", "last updated", "first published"] where lower.hasPrefix(prefix) {
            return true
        }
        return false
    }

    /// `phrase` in `text` with no letter or digit joined on either side.
    static func containsWords(_ text: String, _ phrase: String) -> Bool {
        var search = text[...]
        while let range = search.range(of: phrase) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            let joined: (Character?) -> Bool = { $0.map { $0.isLetter || $0.isNumber } ?? false }
            if !joined(before) && !joined(after) { return true }
            search = text[range.upperBound...]
        }
        return false
    }

    // MARK: - Blocks

    /// Words that say little about what a sentence states.
    static let stopWords: Set<String> = [
        "the", "and", "for", "that", "with", "was", "were", "are", "has", "have", "had", "its", "his", "her", "their",
        "this", "from", "said", "say", "says", "who", "which", "but", "not", "been", "will", "would", "into", "than",
        "they", "them", "she", "him", "our", "you", "all", "one", "also", "about", "after", "over", "more", "on",
    ]

    struct Found {
        var start: Int, end: Int
        var text: String
        var lower: String
        /// The text reduced to lower-case letters and digits, for finding repeats.
        var key: String
        var words: Int
        var letters: Int
        var lowercaseLetters: Int
        var endsLikeSentence: Bool
        /// Content words cut to their first five letters ("accessed" meets "access").
        var contentWords: Set<String>

        /// A title: no final full stop, three to thirty words, some lower case.
        var isHeadlineShaped: Bool {
            !endsLikeSentence && words >= 3 && words <= 30 && lowercaseLetters > 0
                && !PageFurniture.captionPhrases.contains { lower.contains($0) }
                && !PageFurniture.promptPhrases.contains { PageFurniture.containsWords(lower, $0) }
                && !lower.hasPrefix("by ")
        }
    }

    /// Characters a sentence can end with, closing quotes and brackets after them included.
    static func endsLikeSentence(_ text: Substring) -> Bool {
        var last = text.unicodeScalars.reversed().makeIterator()
        while let scalar = last.next() {
            switch scalar {
            case "\"", "'", "\u{201D}", "\u{2019}", ")", "]", "*", "_", " ": continue
            case ".", "!", "?", "\u{2026}", ":", ";": return true
            default: return false
            }
        }
        return false
    }

    static func blocks(of body: String) -> [Found] {
        var found: [Found] = []
        var offset = 0
        for block in body.split(separator: "\n\n", omittingEmptySubsequences: false) {
            let length = block.unicodeScalars.count
            defer { offset += length + 2 }
            var key = "", words = 0, letters = 0, lowercase = 0
            var inWord = false
            var content = Set<String>()
            var word = ""
            func endWord() {
                if word.count >= 3, !stopWords.contains(word) { content.insert(String(word.prefix(5))) }
                word = ""
            }
            for scalar in block.unicodeScalars {
                let props = scalar.properties
                if props.isAlphabetic || ("0"..."9").contains(scalar) {
                    if props.isAlphabetic { letters += 1 }
                    if props.isLowercase { lowercase += 1 }
                    let lower = props.lowercaseMapping
                    key += lower
                    word += lower
                    if !inWord { words += 1; inWord = true }
                } else if scalar == "'" || scalar == "\u{2019}" || scalar == "-" {
                    continue  // inside a word: don't, U.S.-led
                } else {
                    if inWord { endWord() }
                    inWord = false
                }
            }
            endWord()
            found.append(Found(
                start: offset, end: offset + length, text: String(block), lower: block.lowercased(), key: key,
                words: words, letters: letters, lowercaseLetters: lowercase,
                endsLikeSentence: endsLikeSentence(block), contentWords: content))
        }
        return found
    }
}
