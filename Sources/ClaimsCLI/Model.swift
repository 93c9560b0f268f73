import ArgumentParser

extension Claims {
    /// `claims model ...`: the check-worthiness model.
    struct Model: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the check-worthiness model on labelled sentences.",
            subcommands: [ModelTrain.self]
        )
    }
}
