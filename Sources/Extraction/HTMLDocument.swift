import CLibXML2

/// libxml2 needs a one-time global set-up before parsing from several threads at once;
/// a Swift global is initialised exactly once, thread-safely, on first use.
private let libxml2Initialized: Void = xmlInitParser()

/// An HTML document parsed by libxml2, and the sole owner of its `xmlDoc`.
///
/// Node pointers obtained from it are valid only while it is alive; use them inside
/// `withExtendedLifetime(document)`. Not thread-safe: libxml2 trees have no locking.
final class HTMLDocument {
    private let pointer: htmlDocPtr

    /// Parses `bytes` leniently (recovering from errors, silently, never touching the network).
    ///
    /// `XML_PARSE_HUGE` lifts libxml2's default caps, which otherwise silently cut text
    /// nodes at 10 MB and drop everything below 256 levels of nesting (common in pages
    /// with unclosed tags). Deep trees are safe here: `HTMLNode.walk` does not recurse.
    ///
    /// - Parameter encoding: the encoding to decode with, e.g. "UTF-8" or "windows-1252".
    /// - Returns: nil when libxml2 produces no document at all.
    init?(bytes: UnsafeBufferPointer<UInt8>, encoding: String) {
        _ = libxml2Initialized
        let options =
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
            | HTML_PARSE_COMPACT.rawValue | XML_PARSE_HUGE.rawValue
        guard bytes.count <= Int(Int32.max) else { return nil }
        let parsed = bytes.withMemoryRebound(to: CChar.self) { chars in
            htmlReadMemory(chars.baseAddress, Int32(chars.count), nil, encoding, Int32(options))
        }
        guard let parsed else { return nil }
        pointer = parsed
    }

    deinit { xmlFreeDoc(pointer) }

    /// The `<html>` element (libxml2 implies one even when the source omits it).
    var rootElement: xmlNodePtr? { xmlDocGetRootElement(pointer) }
}

@available(*, unavailable)
extension HTMLDocument: Sendable {}
