import CLibXML2

/// A borrowed view of one libxml2 node; valid only while its `HTMLDocument` is alive.
struct HTMLNode: Equatable {
    let pointer: xmlNodePtr

    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }
    var isText: Bool {
        pointer.pointee.type == XML_TEXT_NODE || pointer.pointee.type == XML_CDATA_SECTION_NODE
    }

    /// The element name; libxml2's HTML parser already lower-cases it.
    var tagName: String {
        guard let name = pointer.pointee.name else { return "" }
        return String(cString: name)
    }

    /// The text of a text or CDATA node, as UTF-8 (libxml2 has already decoded entities).
    var textBytes: UnsafeBufferPointer<UInt8> {
        guard let content = pointer.pointee.content else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content)))
    }

    /// The value of an attribute (matched case-insensitively); "" for a bare attribute
    /// like `hidden`, nil when absent. Reads the attribute's own nodes rather than
    /// calling `xmlGetProp`, so there is no libxml2 allocation to free.
    func attribute(_ name: String) -> String? {
        var attribute = pointer.pointee.properties
        while let current = attribute {
            if xmlStrcasecmp(current.pointee.name, name) == 0 {
                var value: [UInt8] = []
                var child = current.pointee.children
                while let node = child {
                    if let content = node.pointee.content {
                        value.append(contentsOf: UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
                    }
                    child = node.pointee.next
                }
                return String(decoding: value, as: UTF8.self)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The text under this node with whitespace collapsed, leaving out scripts and styles.
    var text: String {
        var builder = BlockTextBuilder(blankLinesSeparateBlocks: false)
        walk { node in
            if node.isText {
                builder.append(node.textBytes)
                return false
            }
            guard node.isElement else { return false }
            switch node.tagName {
            case "script", "style", "noscript", "template": return false
            case "br", "p", "div", "li", "td", "th", "tr":
                builder.addSpace()
                return true
            default: return true
            }
        } leave: { _ in
        }
        return builder.makeString()
    }

    /// Visits this node and its descendants in document order, without recursion so that
    /// deeply nested markup cannot overflow the stack.
    ///
    /// `enter` returns whether to visit a node's children; `leave` is called after the
    /// children of each node entered that way.
    func walk(enter: (HTMLNode) -> Bool, leave: (HTMLNode) -> Void) {
        let root = pointer
        var node = root
        descending: while true {
            if enter(HTMLNode(pointer: node)) {
                if let child = node.pointee.children {
                    node = child
                    continue
                }
                leave(HTMLNode(pointer: node))
            }
            while node != root {
                if let next = node.pointee.next {
                    node = next
                    continue descending
                }
                guard let parent = node.pointee.parent else { return }
                node = parent
                leave(HTMLNode(pointer: node))
            }
            return
        }
    }
}
