import ClaimSchema
import Foundation
import Testing

@testable import Extraction

/// Facts that read right on real news (#12 item 6): speakers are people or organisations,
/// a vote tally is one quantity, and a number shares the noun of the next one.

private func speaker(_ sentence: String) -> String? {
    FactExtractor.facts(in: sentence, published: nil).speaker
}

private func quantities(_ sentence: String) -> [Quantity] {
    FactExtractor.facts(in: sentence, published: nil).quantities
}

@Suite("Speakers are people or organisations")
struct SpeakerTests {
    @Test func theIssuesSentences() {
        #expect(speaker("“We sanctioned 32 entities last week,” Psaki continued.") == "Psaki")
        #expect(
            speaker(
                "Average emergency-room wait times fell to 3 hours and 12 minutes in 2025, according to an annual report published Monday by the regional health board."
            ) == "the regional health board")
        #expect(speaker("Under the arrangements, 4,000 workers lose their jobs, the arrangements said.") == nil)
        #expect(speaker("The plan adds 120 electric buses by the end of 2027.") == nil)
        #expect(speaker("Prices rose 5 percent last year, the source said.") == nil)
    }

    @Test(arguments: [
        ("Psaki continued: “We sanctioned 32 entities last week.”", "Psaki"),
        ("Sanctions rose in 2025, the ministry added.", "the ministry"),
        ("Sanctions rose in 2025, the ministry added Thursday.", "the ministry"),
        ("Sanctions rose in 2025, the ministry added in a statement.", "the ministry"),
        ("“We cut taxes,” the governor noted.", "the governor"),
        ("Sanctions rose in 2025, a spokeswoman confirmed.", "a spokeswoman"),
        ("Growth slowed to 2 percent, economists warned.", "economists"),
        ("Growth slowed to 2 percent, Treasury officials acknowledged.", "Treasury officials"),
        ("Growth slowed to 2 percent, according to Congressional committees on this.", "Congressional committees"),
        ("The court said 12 judges dissented.", "the court"),
        ("Prices fell 3 percent, the police department explained.", "the police department"),
    ])
    func commonNounSpeakersThatArePeopleOrOrganisations(sentence: String, expected: String) {
        #expect(speaker(sentence) == expected)
    }

    @Test(arguments: [
        // A document or thing said to speak names no one...
        "The LULUCF sector emitted 900mn t in 2024, the report estimated.",
        "“Prices rose 5 percent,” the statement said.",
        "The deal cuts 5,000 jobs, the plan stated.",
        "Reports said 40 people died in 2020.",
        "See, all the folks up there at the top said the attention span is 5 minutes.",
        "Part of the law said that 12 officers could stop folks.",
        // ...nor does a verb that is only speech with speech after it.
        "The United States added 661,000 jobs in September.",
        "Congress and the President have added 4.1 trillion dollars to the debt.",
        "Prices continued to rise by 5 percent in 2025.",
        // Pronouns and their contractions attribute to someone unnamed.
        "And I've said mistakes were made in 2004.",
        "What I've said is I want a tax cut for 95 percent of working Americans.",
        "Both said that the agreement was turned down in 1986.",
    ])
    func thingsAndPronounsAreNoSpeaker(sentence: String) {
        #expect(speaker(sentence) == nil)
    }

    @Test func aDocumentAttributesTheSentenceToNoOneButStillAttributesIt() {
        // A quotation attributed to a statement is still a quote.
        let facts = FactExtractor.facts(
            in: "“We will keep the sanctions in place for years,” the statement said.", published: nil)
        #expect(facts.speaker == nil)
        #expect(facts.kind == .quote)
    }

    @Test(arguments: [
        ("“The action demonstrates our commitment,” the Treasury statement added Thursday.", "Treasury"),
        ("The Duelfer report confirmed that decision in 2004.", "Duelfer"),
        ("Sales fell 5 percent, according to a Pew Research Center survey.", "Pew Research Center"),
    ])
    func aNameBeforeADocumentIsWhoseItIs(sentence: String, expected: String) {
        #expect(speaker(sentence) == expected)
    }

    @Test(arguments: [
        (
            "Apprehensions fell 28.6 percent, according to the Southwest Border Migration Report released on Wednesday afternoon by U.S. Customs and Border Protection.",
            "U.S. Customs and Border Protection"
        ),
        (
            "More than 90 million records were exposed, according to information compiled by the Privacy Rights Clearinghouse.",
            "Privacy Rights Clearinghouse"
        ),
        (
            "Emissions reached 53.2bn t in 2024, according to a report from the European Commission's emissions database for global atmospheric research.",
            "European Commission"
        ),
        (
            "The budget is $2.4 billion, according to figures released by the mayor's office.",
            "the mayor's office"
        ),
    ])
    func theAuthorAfterADocumentIsTheSpeaker(sentence: String, expected: String) {
        #expect(speaker(sentence) == expected)
    }

    @Test func aDocumentWithoutAnAuthorNamesNoOne() {
        #expect(speaker("We spent $6 trillion in the Middle East, according to a report that I just saw.") == nil)
        // A named report with no author after it is still a proper name.
        #expect(
            speaker("Apprehensions fell 28.6 percent, according to the Southwest Border Migration Report.")
                == "Southwest Border Migration Report")
    }

    @Test(arguments: [
        ("The information includes 19,000 card numbers, AT&T said in a statement.", "AT&T"),
        ("According to AT&T, 19,000 customers were affected in 2006.", "AT&T"),
        ("Johnson & Johnson said sales rose 4 percent.", "Johnson & Johnson"),
        ("The Office of Management and Budget testified that 3 programs were cut.", "Office of Management and Budget"),
        ("Mr. Bush's Bureau of Labor Statistics says that 400 new jobs were added.", "Bureau of Labor Statistics"),
        ("Russia's Foreign Ministry said 40 diplomats were expelled.", "Russia's Foreign Ministry"),
        ("The Secretary of State admitted that 12 diplomats were expelled.", "Secretary of State"),
        ("The WHO also confirmed 39 suspected cases.", "WHO"),
        ("The New York Times actually wrote that 12 reporters were fired.", "New York Times"),
        ("The president just said that 5 percent more jobs were added.", "the president"),
        // Two one-word names joined by "and" stay apart, as before.
        ("Russia and China said 40 ships sailed.", "China"),
    ])
    func namesStillReadWhole(sentence: String, expected: String) {
        #expect(speaker(sentence) == expected)
    }
}

@Suite("A vote tally is one quantity")
struct TallyTests {
    @Test func theIssuesTally() {
        #expect(
            quantities("The council voted 7-2 on Tuesday to approve the budget.") == [
                Quantity(text: "7-2", value: 7, unit: "tally")
            ])
    }

    @Test(arguments: [
        ("The Senate passed the bill 67-28.", "67-28", 67.0),
        ("The court upheld the law in a 5–4 decision.", "5–4", 5.0),
        ("The bill passed 284-149 in the House earlier.", "284-149", 284.0),
        ("Several cases ended in a 4-4 tie after the death of Justice Scalia.", "4-4", 4.0),
        ("The justices ruled 6-3 against the state.", "6-3", 6.0),
        ("Arsenal won 3-1 against Chelsea.", "3-1", 3.0),
        ("The vote was 51-49.", "51-49", 51.0),
        ("It was approved by a 218-210 margin.", "218-210", 218.0),
    ])
    func tallies(sentence: String, text: String, value: Double) {
        #expect(quantities(sentence) == [Quantity(text: text, value: value, unit: "tally")])
    }

    @Test(arguments: [
        "The team's 2019-2020 season ended early.",
        "COVID-19 spread across 3 states.",
        "The F-16 crashed near 2 villages.",
        "Call 555-0100 to vote.",
        "Call 1-800-555-0100 to vote.",
        "Children aged 5-11 received shots.",
        "He lost 10-15 pounds after the diet.",
    ])
    func notTallies(sentence: String) {
        #expect(!quantities(sentence).contains { $0.unit == "tally" })
    }

    @Test func aRangeWithoutAVoteStaysTwoNumbers() {
        #expect(quantities("Children aged 5-11 received shots.").map(\.value) == [5, 11])
    }
}

@Suite("A number shares the noun of the next")
struct SharedNounTests {
    @Test func theIssuesOfficials() {
        let found = quantities("The delegation included seven mid-level and a dozen government officials.")
        #expect(found.map(\.value) == [7, 12])
        #expect(found.map(\.unit) == ["officials", "officials"])
        #expect(found.first?.text == "seven mid-level")
    }

    @Test(arguments: [
        ("Between 300 and 400 troops were deployed.", [300.0, 400], ["troops", "troops"]),
        ("Unemployment rose from 5 to 10 percent.", [5, 10], ["percent", "percent"]),
        ("They sent 7 senior and 12 junior diplomats.", [7, 12], ["diplomats", "diplomats"]),
        ("It takes four or five years.", [4, 5], ["years", "years"]),
    ])
    func sharedNouns(sentence: String, values: [Double], units: [String]) {
        let found = quantities(sentence)
        #expect(found.map(\.value) == values)
        #expect(found.map(\.unit) == units.map { Optional($0) })
    }

    @Test func aScaledNumberDoesNotLendItsNoun() {
        // "2" is not 2 people: it is two million, which the sentence does not say outright.
        #expect(quantities("Between 2 and 3 million people fled.").map(\.unit) == [nil, "people"])
        #expect(quantities("It cost the average family 6 to $7,000 a year.").map(\.unit) == [nil, "USD"])
    }

    @Test func nounsWithTheirOwnNounKeepIt() {
        #expect(quantities("They had 2 children and 3 grandchildren.").map(\.unit) == ["children", "grandchildren"])
        #expect(quantities("It was just four or five people plus my wife.").map(\.unit) == ["people", "people"])
    }

    @Test(arguments: [
        ("A dozen government officials resigned.", "officials"),
        ("The city bought 120 electric buses.", "buses"),
        ("We lost 357,000 manufacturing jobs.", "jobs"),
        ("Two police chiefs retired.", "chiefs"),
        ("The border lies 30 kilometers east of the city.", "kilometers"),
    ])
    func thePluralHeadOfANounCompoundIsTheUnit(sentence: String, unit: String) {
        #expect(quantities(sentence).first?.unit == unit)
    }
}
