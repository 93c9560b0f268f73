import ClaimSchema
import Foundation
import Testing

@testable import Extraction

/// 2026-03-10T15:00:00Z, a Tuesday.
private let tuesdayMarch10 = Date(timeIntervalSince1970: 1_773_154_800)
/// 2026-01-01T02:00:00Z, a Thursday.
private let newYearsDay = Date(timeIntervalSince1970: 1_767_232_800)

private func quantities(_ sentence: String) -> [Quantity] {
    FactExtractor.facts(in: sentence, published: nil).quantities
}

private func dates(_ sentence: String, published: Date? = tuesdayMarch10) -> [DateMention] {
    FactExtractor.facts(in: sentence, published: published).dates
}

private func speaker(_ sentence: String) -> String? {
    FactExtractor.facts(in: sentence, published: nil).speaker
}

@Suite("FactExtractor quantities")
struct FactExtractorQuantityTests {
    @Test func sanctionedEntitiesKeepTheirExactCount() {
        #expect(
            quantities("The U.S. sanctioned 32 entities.") == [
                Quantity(text: "32 entities", value: 32, unit: "entities")
            ])
        #expect(
            quantities("The U.S. sanctioned 23 entities.") == [
                Quantity(text: "23 entities", value: 23, unit: "entities")
            ])
    }

    @Test func thousandsSeparatorsAndDecimals() {
        #expect(
            quantities("About 1,000,000 people fled.") == [
                Quantity(text: "1,000,000 people", value: 1_000_000, unit: "people")
            ])
        #expect(quantities("It fell 2.75 points.") == [Quantity(text: "2.75 points", value: 2.75, unit: "points")])
    }

    @Test(arguments: [
        ("Inflation hit 3.4% in May.", Quantity(text: "3.4%", value: 3.4, unit: "percent")),
        ("Inflation hit 3.4 % in May.", Quantity(text: "3.4 %", value: 3.4, unit: "percent")),
        ("Turnout rose 12 percent.", Quantity(text: "12 percent", value: 12, unit: "percent")),
        ("Turnout rose 12 per cent.", Quantity(text: "12 per cent", value: 12, unit: "percent")),
        (
            "Rates rose 0.5 percentage points.",
            Quantity(text: "0.5 percentage points", value: 0.5, unit: "percentage points")
        ),
        ("Rates rose 25 basis points.", Quantity(text: "25 basis points", value: 25, unit: "basis points")),
        ("The rate is -0.1%.", Quantity(text: "-0.1%", value: -0.1, unit: "percent")),
        ("The rate stayed at minus 0.1 percent.", Quantity(text: "minus 0.1 percent", value: -0.1, unit: "percent")),
        ("Garment exports rose 3pc last year.", Quantity(text: "3pc", value: 3, unit: "percent")),
        ("Garment exports rose 3 pc last year.", Quantity(text: "3 pc", value: 3, unit: "percent")),
    ])
    func percentages(sentence: String, expected: Quantity) {
        #expect(quantities(sentence) == [expected])
    }

    /// A minus sign is the number's only when a space comes before it and none after: the
    /// hyphen of "COVID-19", a score's "7-2" and a spaced range "5 - 10" are no sign.
    @Test func aSignIsReadOnlyWhereItIsOne() {
        #expect(quantities("Temperatures fell to -3 degrees.").first?.value == -3)
        #expect(quantities("Temperatures fell to \u{2212}3 degrees.").first?.value == -3)
        #expect(quantities("Covid-19 cases fell.").allSatisfy { $0.value >= 0 })
        #expect(quantities("They won 7-2 at home.").allSatisfy { $0.value >= 0 })
        #expect(quantities("It rose by between 5 - 10 degrees.").allSatisfy { $0.value >= 0 })
    }

    @Test(arguments: [
        ("The deal is worth $1.2 billion.", Quantity(text: "$1.2 billion", value: 1_200_000_000, unit: "USD")),
        ("It cost €40 million.", Quantity(text: "€40 million", value: 40_000_000, unit: "EUR")),
        ("It cost £300.", Quantity(text: "£300", value: 300, unit: "GBP")),
        ("Exports reached US$5.5 trillion.", Quantity(text: "US$5.5 trillion", value: 5_500_000_000_000, unit: "USD")),
        ("The fund holds $2bn.", Quantity(text: "$2bn", value: 2_000_000_000, unit: "USD")),
        ("The fund holds $10m.", Quantity(text: "$10m", value: 10_000_000, unit: "USD")),
        ("Fans paid $5k each.", Quantity(text: "$5k", value: 5_000, unit: "USD")),
        ("He paid 20 dollars.", Quantity(text: "20 dollars", value: 20, unit: "USD")),
        ("He paid 3 million dollars.", Quantity(text: "3 million dollars", value: 3_000_000, unit: "USD")),
        ("The $2,019 bill was paid.", Quantity(text: "$2,019", value: 2_019, unit: "USD")),
    ])
    func money(sentence: String, expected: Quantity) {
        #expect(quantities(sentence) == [expected])
    }

    @Test(arguments: [
        (
            "Officials said five million people voted.",
            Quantity(text: "five million people", value: 5_000_000, unit: "people")
        ),
        ("Twenty-five troops died.", Quantity(text: "Twenty-five troops", value: 25, unit: "troops")),
        (
            "It took three hundred and fifty days.",
            Quantity(text: "three hundred and fifty days", value: 350, unit: "days")
        ),
        ("A dozen ships sailed.", Quantity(text: "A dozen ships", value: 12, unit: "ships")),
        ("They hired a million workers.", Quantity(text: "a million workers", value: 1_000_000, unit: "workers")),
        ("Half a million people marched.", Quantity(text: "Half a million people", value: 500_000, unit: "people")),
        ("Two-thirds of voters agreed.", Quantity(text: "Two-thirds of voters", value: 2.0 / 3.0, unit: "voters")),
        ("They walked 2.5 million miles.", Quantity(text: "2.5 million miles", value: 2_500_000, unit: "miles")),
    ])
    func numberWordsAndScales(sentence: String, expected: Quantity) {
        #expect(quantities(sentence) == [expected])
    }

    @Test func adjectivesBeforeTheNounAreSkipped() {
        #expect(quantities("It sanctioned 32 new Russian entities.").first?.unit == "entities")
    }

    @Test func numberWithoutANounHasNoUnit() {
        #expect(quantities("The count rose to 32.") == [Quantity(text: "32", value: 32, unit: nil)])
    }

    @Test(arguments: [
        "It happened in 2019.", "Since 1969 nothing changed.", "The 2019 election was close.",
        "He finished third.", "He finished 1st in the 1990s.", "They met at 10:30.", "They met at 9 a.m.",
        "Call 555-0100 today.", "Call (202) 555-0100 today.", "COVID-19 spread.", "The F-16 crashed.",
        "One of them left.", "Dozens of people fled.",
    ])
    func notQuantities(sentence: String) {
        #expect(quantities(sentence) == [])
    }

    @Test func yearShapedCountOfAPluralNounIsAQuantity() {
        #expect(quantities("They sent 2000 troops.") == [Quantity(text: "2000 troops", value: 2000, unit: "troops")])
    }

    @Test func severalQuantitiesInOrder() {
        let found = quantities("Unemployment fell to 3.9% as 250,000 jobs were added, worth $3 billion.")
        #expect(found.map(\.value) == [3.9, 250_000, 3_000_000_000])
        #expect(found.map(\.unit) == ["percent", "jobs", "USD"])
    }
}

@Suite("FactExtractor dates")
struct FactExtractorDateTests {
    @Test(arguments: [
        "Feb. 4, 2026", "February 4, 2026", "4 February 2026", "4 Feb. 2026", "2026-02-04", "02/04/2026",
        "Feb 4 2026", "February 4th, 2026",
    ])
    func fullDatesNormaliseToADay(written: String) {
        #expect(
            dates("The treaty expires on \(written).", published: nil) == [
                DateMention(text: written, iso: "2026-02-04")
            ])
    }

    @Test func monthAndYear() {
        #expect(dates("Prices peaked in June 2025.") == [DateMention(text: "June 2025", iso: "2025-06")])
        #expect(dates("Prices peaked in Sept. 2024.") == [DateMention(text: "Sept. 2024", iso: "2024-09")])
    }

    @Test func yearsAlone() {
        #expect(dates("It happened in 2019.", published: nil) == [DateMention(text: "2019", iso: "2019")])
        #expect(dates("Since 1969 nothing changed.", published: nil) == [DateMention(text: "1969", iso: "1969")])
        #expect(dates("The 2019 election was close.", published: nil) == [DateMention(text: "2019", iso: "2019")])
        #expect(dates("They sent 2000 troops.", published: nil) == [])
    }

    @Test func monthAndDayTakesTheRecentYear() {
        // Published 2026-03-10: June 16 would be three months ahead, so it is last June.
        #expect(dates("The vote was on June 16.") == [DateMention(text: "June 16", iso: "2025-06-16")])
        #expect(dates("The summit is on April 2.") == [DateMention(text: "April 2", iso: "2026-04-02")])
        #expect(dates("It began on 3 March.") == [DateMention(text: "3 March", iso: "2026-03-03")])
        #expect(dates("It began Dec. 30.", published: newYearsDay) == [DateMention(text: "Dec. 30", iso: "2025-12-30")])
    }

    @Test func monthAndDayWithoutPublicationDateIsOmitted() {
        #expect(dates("The vote was on June 16.", published: nil) == [])
    }

    @Test(arguments: [
        ("It happened today.", "today", "2026-03-10"),
        ("It happened yesterday.", "yesterday", "2026-03-09"),
        ("It happens tomorrow.", "tomorrow", "2026-03-11"),
        ("It happened last week.", "last week", "2026-03-02"),
        ("It happens this week.", "this week", "2026-03-09"),
        ("It happens next week.", "next week", "2026-03-16"),
        ("It happened last month.", "last month", "2026-02"),
        ("It happens next month.", "next month", "2026-04"),
        ("It happened last year.", "last year", "2025"),
        ("It happened on Tuesday.", "Tuesday", "2026-03-10"),
        ("It happened on Friday.", "Friday", "2026-03-06"),
        ("It happened Wednesday.", "Wednesday", "2026-03-04"),
        ("It happened last Tuesday.", "last Tuesday", "2026-03-03"),
        ("It happens next Tuesday.", "next Tuesday", "2026-03-17"),
        ("Yesterday's vote passed.", "Yesterday's", "2026-03-09"),
    ])
    func relativeDatesResolveAgainstPublication(sentence: String, text: String, iso: String) {
        #expect(dates(sentence) == [DateMention(text: text, iso: iso)])
    }

    @Test func relativeDatesAcrossAYearBoundary() {
        #expect(
            dates("It happened last month.", published: newYearsDay) == [
                DateMention(text: "last month", iso: "2025-12")
            ])
        #expect(
            dates("It happened last week.", published: newYearsDay) == [
                DateMention(text: "last week", iso: "2025-12-22")
            ])
        #expect(
            dates("It happened yesterday.", published: newYearsDay) == [
                DateMention(text: "yesterday", iso: "2025-12-31")
            ])
        #expect(
            dates("It happened on Monday.", published: newYearsDay) == [DateMention(text: "Monday", iso: "2025-12-29")])
    }

    @Test func relativeDatesWithoutPublicationDateAreOmitted() {
        #expect(dates("It happened last month on Tuesday, yesterday.", published: nil) == [])
    }

    @Test(arguments: ["Feb. 30, 2026", "February 29, 2026", "2026-13-01", "02/30/2026", "31 April 2026"])
    func impossibleDatesAreNotDates(written: String) {
        let facts = FactExtractor.facts(in: "It was signed on \(written).", published: tuesdayMarch10)
        #expect(facts.dates == [])
        #expect(facts.quantities == [])
    }

    @Test func leapDayIsADate() {
        #expect(dates("It was Feb. 29, 2024.") == [DateMention(text: "Feb. 29, 2024", iso: "2024-02-29")])
    }

    @Test func weekdayBeforeAFullDateIsNotCountedTwice() {
        #expect(dates("It ends Tuesday, Feb. 4, 2026.") == [DateMention(text: "Feb. 4, 2026", iso: "2026-02-04")])
    }

    @Test func modalMayIsNotAMonth() {
        #expect(dates("Prices may 5 times rise.", published: nil) == [])
        #expect(
            dates("It opened May 5, 2025.", published: nil) == [DateMention(text: "May 5, 2025", iso: "2025-05-05")])
    }

    @Test func calendarArithmeticRoundTrips() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let (year, month, day) = DateNormalizer.civil(days: days)
            #expect(DateNormalizer.daysFromCivil(year, month, day) == days)
        }
        #expect(DateNormalizer.weekday(days: DateNormalizer.daysFromCivil(2026, 3, 10)) == 2)  // Tuesday
        #expect(DateNormalizer.weekday(days: DateNormalizer.daysFromCivil(1969, 7, 20)) == 0)  // Sunday
    }
}

@Suite("FactExtractor attribution")
struct FactExtractorAttributionTests {
    @Test(arguments: [
        ("Sanctions rose, according to the State Department.", "State Department"),
        ("According to Reuters, sanctions rose.", "Reuters"),
        // A surname that is also a name particle used to empty the name and crash.
        ("The budget rose 5 percent in 2025, according to Senator Van.", "Senator Van"),
        ("Prices fell sharply last year, President Al said.", "President Al"),
        ("Sanctions rose, according to the ministry.", "the ministry"),
        ("Psaki said sanctions rose.", "Psaki"),
        ("Sanctions rose, said Psaki.", "Psaki"),
        ("Psaki said on Tuesday that sanctions rose.", "Psaki"),
        ("White House press secretary Jen Psaki said sanctions rose.", "Jen Psaki"),
        ("“Sanctions rose,” said White House press secretary Jen Psaki.", "Jen Psaki"),
        ("President Joe Biden told reporters sanctions rose.", "Joe Biden"),
        ("Secretary of State Antony Blinken announced new sanctions.", "Antony Blinken"),
        ("Sen. Elizabeth Warren claimed prices doubled.", "Elizabeth Warren"),
        ("George W. Bush wrote that taxes fell.", "George W. Bush"),
        ("The State Department said it sanctioned 32 entities.", "State Department"),
        ("The ministry said troops withdrew.", "the ministry"),
        ("Prices fell, the Russian foreign ministry stated.", "the Russian foreign ministry"),
        ("Prices fell, officials said.", "officials"),
        ("Prices fell, a spokesman noted.", "a spokesman"),
        ("The Bank of England reported that inflation fell.", "Bank of England"),
        ("Psaki also said taxes fell.", "Psaki"),
        ("Smith: “We cut taxes.”", "Smith"),
        ("Sanctions rose, the ministry added.", "the ministry"),
        ("Warren testified that costs doubled.", "Warren"),
        ("Analysts estimated the cost at $4 billion.", "Analysts"),
    ])
    func namesTheSpeaker(sentence: String, expected: String) {
        #expect(speaker(sentence) == expected)
    }

    @Test(arguments: [
        "He said sanctions rose.", "She told reporters sanctions rose.", "They said prices fell.",
        "“Prices fell,” he said.", "Sanctions rose sharply in 2019.", "The report was said to be late.",
    ])
    func pronounsAndUnattributedSentencesHaveNoSpeaker(sentence: String) {
        #expect(speaker(sentence) == nil)
    }
}

@Suite("FactExtractor kinds")
struct FactExtractorKindTests {
    @Test(arguments: [
        ("Psaki said: “We will not back down from this fight.”", ClaimKind.quote),
        ("“We will win this war, whatever it costs,” he said.", .quote),
        ("Psaki said the ministry sanctioned 32 entities.", .quantity),
        ("Unemployment is higher than it was under Obama.", .comparison),
        ("It was the deadliest attack in a decade.", .comparison),
        ("Prices hit a record.", .comparison),
        ("The treaty expires on Feb. 4, 2026.", .date),
        ("Elections were held in 2019.", .date),
        ("The Senate passed the bill.", .event),
        ("Russia and Ukraine signed the accord.", .event),
        ("The weather is nice.", .other),
        ("Psaki said “yes.”", .other),
        ("“We will win this war, whatever it costs.”", .other),
    ])
    func kindFollowsTheDocumentedOrder(sentence: String, kind: ClaimKind) {
        #expect(FactExtractor.facts(in: sentence, published: tuesdayMarch10).kind == kind)
    }

    @Test func quoteWinsOverQuantityAndQuantityOverDate() {
        #expect(
            FactExtractor.facts(in: "Psaki said: “We sanctioned 32 entities last week.”", published: tuesdayMarch10)
                .kind == .quote)
        #expect(FactExtractor.facts(in: "In 2019, 32 entities were sanctioned.", published: nil).kind == .quantity)
        #expect(FactExtractor.facts(in: "In 2019 more entities were sanctioned.", published: nil).kind == .comparison)
    }

    @Test func fullExampleClaim() {
        let facts = FactExtractor.facts(
            in: "The State Department said on Tuesday it sanctioned 32 entities, up from 23 last year.",
            published: tuesdayMarch10)
        #expect(
            facts
                == ClaimFacts(
                    kind: .quantity, speaker: "State Department",
                    quantities: [
                        Quantity(text: "32 entities", value: 32, unit: "entities"),
                        Quantity(text: "23", value: 23, unit: nil),
                    ],
                    dates: [
                        DateMention(text: "Tuesday", iso: "2026-03-10"), DateMention(text: "last year", iso: "2025"),
                    ]))
    }

    @Test func newStartExampleClaim() {
        let facts = FactExtractor.facts(
            in: "The U.S. and Russia agreed to extend New START through Feb. 4, 2026.", published: tuesdayMarch10)
        #expect(facts.kind == .date)
        #expect(facts.dates == [DateMention(text: "Feb. 4, 2026", iso: "2026-02-04")])
        #expect(facts.speaker == nil)
    }
}
