import Foundation
import PackagePlugin

/// Embeds `models/checkworthiness.model` into the target as a base64 string, so a
/// built `claims` binary carries its check-worthiness model with no file beside it.
@main
struct EmbedModelPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let model = context.package.directoryURL.appending(path: "models/checkworthiness.model")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedModel.swift")
        return [
            .buildCommand(
                displayName: "Embedding the check-worthiness model",
                executable: try context.tool(named: "embed-sql").url,
                arguments: ["--base64", "embeddedModelBase64", output.path, model.path],
                inputFiles: [model],
                outputFiles: [output])
        ]
    }
}
