import ArgumentParser

extension Claims {
    /// `claims model ...`: the check-worthiness model.
    struct Model: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the check-worthiness model, choose the desk's, show which is in use.",
            subcommands: [ModelShow.self, ModelTrain.self, ModelUse.self],
            defaultSubcommand: ModelShow.self
        )
    }
}
