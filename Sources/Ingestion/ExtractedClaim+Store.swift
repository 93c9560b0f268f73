import ClaimSchema
import ClaimStore
import Extraction

extension IngestClaim {
    /// A claim extraction found in an article, as the store takes it: its facts as the
    /// `facts` column's JSON.
    public init(extracted claim: ExtractedClaim) {
        self.init(
            text: claim.text, speaker: claim.speaker, kind: claim.kind, score: claim.score,
            start: claim.start, end: claim.end, context: claim.context,
            factsJSON: ClaimFactsRecord(quantities: claim.quantities, dates: claim.dates).json)
    }
}

extension NewClaim {
    /// A claim a person typed in, read as extraction reads a claim (scored, its speaker,
    /// kind, quantities and dates found), so it queues and reports like an extracted one.
    /// `speaker` and `kind`, when given, are the person's and win over what was found.
    public init(
        typed sentence: String, sourceURL: String, sourceTitle: String?, speaker: String?, kind: ClaimKind?,
        extractor: ClaimExtractor, embedding: [Float]?
    ) {
        let found = ExtractedClaim(typed: sentence, extractor: extractor)
        self.init(
            text: sentence, sourceURL: sourceURL, sourceTitle: sourceTitle, speaker: speaker ?? found.speaker,
            kind: kind ?? found.kind, score: found.score,
            factsJSON: ClaimFactsRecord(quantities: found.quantities, dates: found.dates).json,
            embedding: embedding)
    }
}

extension ExtractedClaim {
    /// A whole sentence as a claim: scored by the extractor's model (whatever its minimum
    /// score), with its facts, and itself as its context.
    public init(typed sentence: String, extractor: ClaimExtractor) {
        let facts = FactExtractor.facts(in: sentence, published: nil)
        self.init(
            text: sentence, start: 0, end: sentence.unicodeScalars.count, score: extractor.scorer.score(sentence),
            kind: facts.kind, speaker: facts.speaker, quantities: facts.quantities, dates: facts.dates,
            context: sentence)
    }
}
