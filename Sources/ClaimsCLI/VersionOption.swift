import ArgumentParser

/// `--expect-version N`: the version the caller saw, for scripts.
struct VersionOption: ParsableArguments {
    @Option(
        name: .customLong("expect-version"),
        help: ArgumentHelp("Refuse the change unless the claim is still at this version.", valueName: "n"))
    var expectVersion: Int?

    /// A version names one claim's state; refuse it with several ids.
    func check(ids: [String]) throws {
        if expectVersion != nil, ids.count != 1 || ids == ["-"] {
            throw ValidationError("--expect-version applies to one claim; give exactly one id with it.")
        }
    }
}
