/// Sentences on a made-up beat, the Orsk canal levy, labelled as the desk covering it
/// decides them: what officials assert about the levy, the contracts and the sluices
/// is check-worthy, mostly words without figures ("the levy has never been audited");
/// the beat's routine figures (water levels, market prices, ferry counts, race
/// results), which nobody disputes, are not.
///
/// A general model leans on numbers, money and dates, so it ranks this beat nearly
/// backwards; only the desk's decisions can teach it otherwise. Deterministic for a seed.
struct DeskTopicSentences {
    struct Sentence: Hashable {
        var text: String
        var checkworthy: Bool
    }

    private var state: UInt64

    init(seed: UInt64) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    }

    /// `count` distinct sentences, about half check-worthy, none of them in `excluding`.
    mutating func make(_ count: Int, excluding: Set<String> = []) -> [Sentence] {
        var seen = excluding
        var out: [Sentence] = []
        while out.count < count {
            let checkworthy = next(2) == 0
            let text = checkworthy ? checkworthySentence() : routineSentence()
            if seen.insert(text).inserted { out.append(Sentence(text: text, checkworthy: checkworthy)) }
        }
        return out
    }

    // MARK: - Slots

    private static let officials = [
        "Councillor Maren Vosk", "Mayor Tobiah Lenn", "Treasurer Ilse Drummond", "Senator Ruan Petrakis",
        "Deputy Hallor Quist", "Commissioner Aveline Strand", "the opposition leader, Corin Baske",
        "Auditor Fenna Rolt", "the authority's chair, Oswin Kael", "Assemblywoman Teodora Vance",
    ]
    private static let residents = [
        "Pell Harrow", "a bargee, Jory Mace", "Nessa Fairlie", "a local baker, Idris Coyle", "Wren Atherby",
        "a retired lock-keeper, Bram Tolliver",
    ]
    private static let places = [
        "Quillbrook", "Harnow", "Eastmere", "Velmora", "Stannick", "Brindle Ford", "Osterhay", "Calder Reach",
        "Marrowgate", "Tessaly",
    ]
    private static let months = [
        "January", "February", "March", "April", "June", "July", "August", "September", "October", "November",
    ]
    private static let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    private static let documents = ["annual report", "budget filing", "audit", "quarterly accounts", "own figures"]
    private static let directions = ["more", "less"]

    private mutating func next(_ bound: Int) -> Int {
        // xorshift64*
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return Int((state &* 0x2545_F491_4F6C_DD1D) >> 33) % bound
    }

    private mutating func pick(_ list: [String]) -> String { list[next(list.count)] }
    private mutating func number(_ low: Int, _ high: Int) -> Int { low + next(high - low + 1) }
    private mutating func money() -> String {
        next(2) == 0 ? "$\(number(2, 95)).\(number(1, 9)) million" : "$\(number(120, 980)),000"
    }
    private mutating func year() -> Int { number(2009, 2024) }
    private mutating func time() -> String {
        "\(number(1, 11))\(next(2) == 0 ? ":30" : "") \(next(2) == 0 ? "a.m." : "p.m.")"
    }

    // MARK: - Templates

    /// What an official asserts about the levy, the contracts or the sluices: worth checking.
    private mutating func checkworthySentence() -> String {
        switch next(10) {
        case 0:
            return "\(pick(Self.officials)) told the council that the Orsk levy has never been independently audited."
        case 1:
            return
                "\(pick(Self.officials)) said the dredging firm on the \(pick(Self.places)) reach was never licensed by the Orsk Basin Authority."
        case 2:
            return
                "\(pick(Self.officials)) claimed the authority kept the \(pick(Self.places)) sluice inspections from the council."
        case 3:
            return
                "According to \(pick(Self.officials)), the sluice closures caused the brindlewort blight in \(pick(Self.places))."
        case 4:
            return
                "\(pick(Self.officials)) said \(pick(Self.places)) pays more into the Orsk levy than any other district."
        case 5:
            return
                "Dredging contracts on the \(pick(Self.places)) reach went to a firm owned by \(pick(Self.officials))'s brother, the opposition says."
        case 6:
            return
                "\(pick(Self.officials)) insisted that levy money was diverted to pay for the \(pick(Self.places)) marina."
        case 7:
            return
                "\(pick(Self.officials)) accused the Orsk Basin Authority of hiding silt test results from \(pick(Self.places)) farmers."
        case 8:
            return
                "The levy was introduced without a vote of the \(pick(Self.places)) district council, \(pick(Self.officials)) said."
        default:
            return
                "\(pick(Self.officials)) said the authority's own engineers warned that the \(pick(Self.places)) weir was unsafe."
        }
    }

    /// A routine figure of the beat, undisputed, or an announcement: not for checking.
    private mutating func routineSentence() -> String {
        switch next(10) {
        case 0:
            return
                "The water level at the \(pick(Self.places)) weir was \(number(1, 6)).\(number(0, 9)) metres on \(pick(Self.days)), up from \(number(1, 6)).\(number(0, 9)) metres a week earlier."
        case 1:
            return
                "Brindlewort traded at $\(number(8, 60)) a bushel in the \(pick(Self.places)) market on \(pick(Self.days)), \(pick(Self.directions)) than in \(pick(Self.months))."
        case 2:
            return
                "Ferries carried \(number(2, 40)),\(number(100, 999)) passengers to \(pick(Self.places)) in \(pick(Self.months)), the operator said."
        case 3:
            return
                "The \(pick(Self.places)) crew won the Orsk regatta in \(number(11, 19)) minutes \(number(10, 59)) seconds, \(number(2, 9)) seconds ahead of \(pick(Self.places))."
        case 4:
            return
                "The Orsk levy session starts at \(time()) on \(pick(Self.days)) in room \(number(2, 40)), and \(number(20, 90)) seats are free."
        case 5:
            return
                "Lock fees at \(pick(Self.places)) rise to $\(number(3, 19)).\(number(10, 95)) on \(pick(Self.months)) 1, the \(pick(Self.documents)) says."
        case 6:
            return
                "The brindlewort fair at \(pick(Self.places)) drew \(number(2, 15)),\(number(100, 999)) visitors in \(year()), \(pick(Self.residents)) said."
        case 7:
            return
                "\(number(3, 40)) barges passed the \(pick(Self.places)) lock on \(pick(Self.days)), \(number(2, 9)) fewer than the \(year()) average."
        case 8:
            return
                "Rainfall at \(pick(Self.places)) reached \(number(20, 140)) millimetres in \(pick(Self.months)), about \(number(5, 40)) percent above normal."
        default:
            return
                "\(pick(Self.officials)) will open the new \(pick(Self.places)) footbridge at \(time()) on \(pick(Self.days)), \(pick(Self.months)) \(number(1, 28))."
        }
    }
}
