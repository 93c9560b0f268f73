import Mustache

/// Why a report template cannot be used; `description` is one sentence for stderr.
public enum ReportTemplateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The Mustache text does not parse.
    case syntax(line: Int, column: Int, reason: String)
    /// There is no `{{#claims}}` section, so the report would show no claims.
    case missingClaimsSection
    /// `{{#claims}}` sits inside another section, so it cannot be streamed.
    case claimsSectionNested(inside: String)
    /// A template was given for a format that has none.
    case notTemplated(format: String)
    /// The build carries no default template for the format.
    case missingDefault(format: String)
    /// Sections nest deeper than the renderer allows.
    case nestedTooDeep(limit: Int)

    public var description: String {
        switch self {
        case .syntax(let line, let column, let reason):
            "The report template has an error at line \(line), column \(column): \(reason)."
        case .missingClaimsSection:
            "The report template has no {{#claims}}...{{/claims}} section, so it would show no claims; wrap the part that repeats for each claim in one."
        case .claimsSectionNested(let outer):
            "The report template's {{#claims}} section is inside {{#\(outer)}}; move it to the top level so the report can be written claim by claim."
        case .notTemplated(let format):
            "The \(format) format does not use a template; --template works only with markdown and html."
        case .missingDefault(let format):
            "This build of claims carries no default \(format) template; rebuild it from a complete checkout."
        case .nestedTooDeep(let limit):
            "The report template nests sections more than \(limit) deep; flatten it, as a report needs only a few levels."
        }
    }

    /// Maps swift-mustache's parse error to a sentence a desk editor can act on.
    init(_ error: MustacheTemplate.ParserError) {
        let reason: String
        switch error.error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: reason = "a closing tag does not match the section it closes"
        case .unfinishedName: reason = "a tag is not closed, or its name has characters a tag name cannot have"
        case .expectedSectionEnd: reason = "a section is opened but never closed"
        case .invalidSetDelimiter: reason = "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: reason = "a transform is applied to an inheritance block"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection:
            reason = "a parent partial holds something other than block overrides"
        case .invalidConfigVariableSyntax: reason = "a pragma tag such as {{%CONTENT_TYPE: HTML}} is malformed"
        case .unrecognisedConfigVariable: reason = "a pragma names an unknown setting or content type"
        case nil: reason = "\(error.error)"
        }
        self = .syntax(line: error.context.lineNumber, column: error.context.columnNumber, reason: reason)
    }
}
