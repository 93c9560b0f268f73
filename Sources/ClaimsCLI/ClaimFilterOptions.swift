import ArgumentParser
import ClaimSchema
import ClaimStore

/// The claim filters `list` and `search` take, in the order their help shows them, each
/// option declared once with one wording. `next` and `report` take the ones that apply to
/// them (`--source`, `--kind`, `--min-score`; `--status`, `--source`) from the same pieces,
/// so an option reads and behaves alike wherever it appears.
///
/// ```swift
/// @OptionGroup var filters: ClaimFilterOptions
/// let claims = try store.list(filters.claimFilter(limit: 20))
/// ```
struct ClaimFilterOptions: ParsableArguments {
    @OptionGroup var statusOption: StatusFilterOption
    @OptionGroup var sourceOption: SourceFilterOption

    @Option(name: .long, help: ArgumentHelp("Only claims assigned to this reviewer.", valueName: "name"))
    var assignee: String?

    @OptionGroup var minScoreOption: MinScoreFilterOption
    @OptionGroup var kindOption: KindFilterOption

    @Option(
        name: .long,
        help: ArgumentHelp("Only claims added on or after this date (YYYY-MM-DD or ISO 8601).", valueName: "date"))
    var since: Day?

    var status: ClaimStatus? { statusOption.status }
    var source: Int64? { sourceOption.source }
    var minScore: Double? { minScoreOption.minScore }
    var kind: ClaimKind? { kindOption.kind }

    /// The store's filter for these options.
    func claimFilter(sort: ClaimFilter.Sort = .score, limit: Int?) -> ClaimFilter {
        ClaimFilter(
            status: status, sourceID: source, assignee: assignee, minScore: minScore, kind: kind, since: since?.date,
            sort: sort, limit: limit)
    }
}

/// `--status`: one of the workflow's statuses.
struct StatusFilterOption: ParsableArguments {
    @Option(name: .long, help: "Only claims with this status.")
    var status: ClaimStatus?
}

/// `--source ID`: claims found in one source.
struct SourceFilterOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Only claims that appeared in this source (its id in `claims sources`).", valueName: "id"))
    var source: Int64?
}

/// `--min-score X`: claims the check-worthiness model scored at least X.
struct MinScoreFilterOption: ParsableArguments {
    @Option(
        name: .customLong("min-score"),
        help: ArgumentHelp("Only claims scored at least this (0 to 1).", valueName: "x"),
        transform: ScoreArgument.parse)
    var minScore: Double?
}

/// `--kind`: one kind of fact (quantity, date, ...).
struct KindFilterOption: ParsableArguments {
    @Option(name: .long, help: "Only claims of this kind.")
    var kind: ClaimKind?
}
