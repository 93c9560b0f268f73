import ArgumentParser

extension Claims {
    /// `claims model ...`: the check-worthiness model, and the sentence model's status.
    struct Model: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the check-worthiness model, choose the desk's, show which models are in use.",
            subcommands: [ModelShow.self, ModelTrain.self, ModelUse.self, ModelStatus.self, ModelEmbed.self],
            defaultSubcommand: ModelShow.self
        )
    }
}
