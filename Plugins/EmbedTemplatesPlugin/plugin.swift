import Foundation
import PackagePlugin

/// Embeds the target's `Templates/*.mustache` as Swift strings, so a built `claims`
/// carries its default report templates with no files beside it.
@main
struct EmbedTemplatesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "Sources/\(target.name)/Templates")
        let files = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "mustache" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) report templates",
                executable: try context.tool(named: "embed-sql").url,
                arguments: ["--files", "embeddedTemplates", output.path] + files.map(\.path),
                inputFiles: files + [folder],
                outputFiles: [output])
        ]
    }
}
