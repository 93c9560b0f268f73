import CLibXML2

/// An HTML document parsed by libxml2's HTML parser and copied into Swift values,
/// so tests can walk it without holding C pointers.
struct HTMLDocument {
    indirect enum Node {
        case element(Element)
        case text(String)
    }

    struct Element {
        var name: String
        var attributes: [String: String]
        var children: [Node]

        /// All text inside, as a browser's `textContent`.
        var text: String {
            children.map { node in
                switch node {
                case .text(let text): text
                case .element(let element): element.text
                }
            }.joined()
        }

        /// This element and every element inside it, in document order.
        var descendants: [Element] {
            [self]
                + children.flatMap { node -> [Element] in
                    if case .element(let element) = node { return element.descendants }
                    return []
                }
        }

        func all(_ name: String) -> [Element] { descendants.filter { $0.name == name } }

        func hasClass(_ name: String) -> Bool {
            (attributes["class"] ?? "").split(separator: " ").contains { $0 == name }
        }
    }

    let root: Element

    struct ParseError: Error {}

    init(_ html: String) throws {
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let bytes = Array(html.utf8)
        // One owner: the document is freed here once copied.
        guard
            let document = bytes.withUnsafeBufferPointer({ buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    htmlReadMemory($0, Int32(buffer.count), "report.html", "UTF-8", options)
                }
            })
        else { throw ParseError() }
        defer { xmlFreeDoc(document) }
        guard let element = xmlDocGetRootElement(document) else { throw ParseError() }
        root = Self.copy(element)
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func copy(_ node: xmlNodePtr) -> Element {
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            var value = ""
            var child = current.pointee.children
            while let part = child {
                value += string(part.pointee.content)
                child = part.pointee.next
            }
            attributes[string(current.pointee.name)] = value
            attribute = current.pointee.next
        }
        var children: [Node] = []
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE: children.append(.element(copy(current)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: children.append(.text(string(current.pointee.content)))
            default: break
            }
            child = current.pointee.next
        }
        return Element(name: string(node.pointee.name).lowercased(), attributes: attributes, children: children)
    }
}
