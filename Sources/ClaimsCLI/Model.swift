import ArgumentParser

extension Claims {
    /// `claims model ...`: the check-worthiness model, and the sentence model's status.
    struct Model: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the check-worthiness model; show which models are in use.",
            subcommands: [ModelTrain.self, ModelStatus.self]
        )
    }
}
