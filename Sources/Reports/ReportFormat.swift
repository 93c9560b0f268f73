import Foundation

/// The formats `claims report` writes.
///
/// `markdown` and `html` come from Mustache templates that a desk can replace
/// (see ``ReportFormat/defaultTemplate(for:)``); the other three are fixed,
/// documented formats for scripts and publishing.
public enum ReportFormat: String, CaseIterable, Sendable {
    case markdown, html, csv, json, claimreview

    /// Whether the format is rendered from a Mustache template a desk can replace.
    public var isTemplated: Bool { self == .markdown || self == .html }

    /// The usual file name extension, for naming an `--output` file.
    public var fileExtension: String {
        switch self {
        case .markdown: "md"
        case .html: "html"
        case .csv: "csv"
        case .json: "json"
        case .claimreview: "jsonld"
        }
    }

    /// The media type, for serving or attaching the report.
    public var mediaType: String {
        switch self {
        case .markdown: "text/markdown; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        case .csv: "text/csv; charset=utf-8; header=present"
        case .json: "application/json"
        case .claimreview: "application/ld+json"
        }
    }

    /// The template shipped with the project for a templated format, or `nil` for
    /// csv, json and claimreview.
    ///
    /// The CLI prints it so a desk can copy and customise it:
    /// ```swift
    /// print(ReportFormat.defaultTemplate(for: .html)!)
    /// ```
    public static func defaultTemplate(for format: ReportFormat) -> String? {
        let fileName: String
        switch format {
        case .markdown: fileName = "report.md.mustache"
        case .html: fileName = "report.html.mustache"
        case .csv, .json, .claimreview: return nil
        }
        // `sql` is the embedding plugin's historical field name; it holds the template text.
        return embeddedTemplates.first { $0.name == fileName }?.sql
    }
}

/// Makes the renderer for a format.
///
/// - Parameters:
///   - format: The report format.
///   - template: For `markdown` and `html`, Mustache text that replaces the default
///     template (a desk's `--template FILE`); see ``TemplateReportRenderer`` for how a
///     template is split so that it streams. Must be `nil` for the other formats.
///   - reviewURL: For `claimreview`, where each fact-check is published, with `{id}` for the
///     claim's id (``ClaimReviewRenderer/init(reviewURL:)``).
/// - Throws: ``ReportTemplateError`` when the template cannot be used.
///
/// ```swift
/// var renderer = try makeRenderer(format: .html)
/// var out = ""
/// try renderer.begin(summary, to: &out)
/// for item in items { try renderer.write(item, to: &out) }
/// try renderer.end(to: &out)
/// ```
public func makeRenderer(format: ReportFormat, template: String? = nil, reviewURL: String? = nil) throws
    -> any ReportRenderer
{
    switch format {
    case .markdown, .html:
        // The built-in templates have a direct path (the same bytes, proven by the tests).
        guard let template else { return try BuiltInReportRenderer(markdown: format == .markdown) }
        return try TemplateReportRenderer(template: template, markdown: format == .markdown)
    case .csv, .json, .claimreview:
        if template != nil { throw ReportTemplateError.notTemplated(format: format.rawValue) }
        switch format {
        case .csv: return CSVReportRenderer()
        case .json: return JSONReportRenderer()
        default: return ClaimReviewRenderer(reviewURL: reviewURL)
        }
    }
}
