/// One element of a parsed XML document, with the line it starts on, for error messages.
package struct XMLNode: Sendable {
  /// One attribute and the line it appears on.
  package struct Attribute: Sendable {
    package var name: String
    package var value: String
    package var line: Int
  }

  package var name: String
  package var attributes: [Attribute]
  package var children: [XMLNode]
  /// The file the element was read from.
  package var file: String
  /// The 1-based line of the element's opening `<`.
  package var line: Int
  /// Lines where text stood between this element's children (MJCF has no text content; MuJoCo
  /// ignores it, and so does Odessa, saying so).
  package var textLines: [Int] = []

  /// The value of the attribute `name`, if present.
  package func attribute(_ name: String) -> String? {
    attributes.first { $0.name == name }?.value
  }
}

/// A syntax error in an XML file, with its position.
package struct XMLSyntaxError: Error, Sendable, CustomStringConvertible {
  package var file: String
  package var line: Int
  package var message: String

  package var description: String { "\(file):\(line): \(message)" }
}

/// A small, strict XML reader for MJCF files: elements, attributes, comments, the XML declaration
/// and the five predefined entities plus numeric character references. Text between elements is
/// allowed only as white space (MJCF carries no text content). DOCTYPE and CDATA are rejected.
package enum XMLReader {
  /// Parses `text` (the contents of `file`) and returns its root element.
  package static func parse(_ text: String, file: String) throws -> XMLNode {
    var scanner = XMLScanner(bytes: Array(text.utf8), file: file)
    return try scanner.document()
  }
}

private struct XMLScanner {
  let bytes: [UInt8]
  let file: String
  var index = 0
  var line = 1
  /// Deepest element nesting accepted (guards the recursion against hostile files).
  let maximumDepth = 200

  init(bytes: [UInt8], file: String) {
    self.bytes = bytes
    self.file = file
  }

  func error(_ message: String, line: Int? = nil) -> XMLSyntaxError {
    XMLSyntaxError(file: file, line: line ?? self.line, message: message)
  }

  var atEnd: Bool { index >= bytes.count }

  func peek(_ offset: Int = 0) -> UInt8? {
    index + offset < bytes.count ? bytes[index + offset] : nil
  }

  mutating func advance() {
    if bytes[index] == UInt8(ascii: "\n") { line += 1 }
    index += 1
  }

  func lookingAt(_ literal: String) -> Bool {
    let utf8 = Array(literal.utf8)
    guard index + utf8.count <= bytes.count else { return false }
    return Array(bytes[index..<(index + utf8.count)]) == utf8
  }

  mutating func skip(_ literal: String) {
    for _ in 0..<literal.utf8.count { advance() }
  }

  static func isSpace(_ c: UInt8) -> Bool {
    c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
  }

  static func isNameCharacter(_ c: UInt8) -> Bool {
    (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
      || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
      || c == UInt8(ascii: ":")
  }

  mutating func skipSpace() {
    while let c = peek(), Self.isSpace(c) { advance() }
  }

  /// Skips white space, comments and processing instructions between elements.
  mutating func skipMisc() throws {
    while true {
      skipSpace()
      if lookingAt("<!--") {
        let start = line
        skip("<!--")
        while !lookingAt("-->") {
          guard !atEnd else { throw error("comment opened here is never closed", line: start) }
          advance()
        }
        skip("-->")
      } else if lookingAt("<?") {
        let start = line
        skip("<?")
        while !lookingAt("?>") {
          guard !atEnd else { throw error("processing instruction is never closed", line: start) }
          advance()
        }
        skip("?>")
      } else {
        return
      }
    }
  }

  mutating func document() throws -> XMLNode {
    if lookingAt("\u{FEFF}") { skip("\u{FEFF}") }
    try skipMisc()
    guard !atEnd else { throw error("the file is empty: expected a root element such as <mujoco>") }
    if lookingAt("<!") { throw error("DOCTYPE and CDATA sections are not supported in model files") }
    guard peek() == UInt8(ascii: "<") else { throw error("expected '<' to open the root element") }
    let root = try element(depth: 0)
    try skipMisc()
    guard atEnd else { throw error("unexpected content after the root element <\(root.name)>") }
    return root
  }

  mutating func name() throws -> String {
    let start = index
    while let c = peek(), Self.isNameCharacter(c) { advance() }
    guard index > start else {
      throw error("expected a name, found '\(peek().map { String(UnicodeScalar($0)) } ?? "end of file")'")
    }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  mutating func element(depth: Int) throws -> XMLNode {
    guard depth < maximumDepth else { throw error("elements are nested more than \(maximumDepth) deep") }
    let startLine = line
    advance()  // '<'
    let elementName = try name()
    var node = XMLNode(name: elementName, attributes: [], children: [], file: file, line: startLine)
    while true {
      let hadSpace = peek().map(Self.isSpace) ?? false
      skipSpace()
      guard let c = peek() else { throw error("element <\(elementName)> is not closed", line: startLine) }
      if c == UInt8(ascii: "/") {
        advance()
        guard peek() == UInt8(ascii: ">") else { throw error("expected '>' after '/' in <\(elementName)>") }
        advance()
        return node
      }
      if c == UInt8(ascii: ">") {
        advance()
        break
      }
      guard hadSpace else { throw error("expected white space before an attribute in <\(elementName)>") }
      let attributeLine = line
      let attributeName = try name()
      skipSpace()
      guard peek() == UInt8(ascii: "=") else {
        throw error("attribute '\(attributeName)' of <\(elementName)> needs '=' and a quoted value")
      }
      advance()
      skipSpace()
      let value = try quotedValue(attributeName)
      if node.attributes.contains(where: { $0.name == attributeName }) {
        throw error("attribute '\(attributeName)' is given twice in <\(elementName)>", line: attributeLine)
      }
      node.attributes.append(.init(name: attributeName, value: value, line: attributeLine))
    }
    // Content: child elements, comments and white space, then the closing tag.
    while true {
      try skipMisc()
      guard !atEnd else { throw error("element <\(elementName)> opened here is never closed", line: startLine) }
      if lookingAt("</") {
        skip("</")
        let closing = try name()
        guard closing == elementName else {
          throw error("closing tag </\(closing)> does not match <\(elementName)> opened on line \(startLine)")
        }
        skipSpace()
        guard peek() == UInt8(ascii: ">") else { throw error("expected '>' to end </\(closing)>") }
        advance()
        return node
      }
      if lookingAt("<!") { throw error("DOCTYPE and CDATA sections are not supported in model files") }
      if peek() == UInt8(ascii: "<") {
        node.children.append(try element(depth: depth + 1))
        continue
      }
      node.textLines.append(line)
      while let c = peek(), c != UInt8(ascii: "<") { advance() }
    }
  }

  mutating func quotedValue(_ attributeName: String) throws -> String {
    guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
      throw error("the value of attribute '\(attributeName)' must be in quotes")
    }
    let startLine = line
    advance()
    var value = [UInt8]()
    while true {
      guard let c = peek() else {
        throw error("the value of attribute '\(attributeName)' is never closed", line: startLine)
      }
      if c == quote {
        advance()
        break
      }
      if c == UInt8(ascii: "<") { throw error("'<' is not allowed inside the value of '\(attributeName)'") }
      if c == UInt8(ascii: "&") {
        value.append(contentsOf: try entity())
        continue
      }
      value.append(c)
      advance()
    }
    guard let text = String(validating: value, as: UTF8.self) else {
      throw error("the value of attribute '\(attributeName)' is not valid UTF-8")
    }
    return text
  }

  mutating func entity() throws -> [UInt8] {
    let table: [(String, String)] = [
      ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"), ("&quot;", "\""), ("&apos;", "'"),
    ]
    for (entity, replacement) in table where lookingAt(entity) {
      skip(entity)
      return Array(replacement.utf8)
    }
    if lookingAt("&#") {
      skip("&#")
      var hex = false
      if peek() == UInt8(ascii: "x") {
        hex = true
        advance()
      }
      var digits = ""
      while let c = peek(), c != UInt8(ascii: ";"), digits.count < 8 {
        digits.append(Character(UnicodeScalar(c)))
        advance()
      }
      guard peek() == UInt8(ascii: ";"), let code = UInt32(digits, radix: hex ? 16 : 10),
        let scalar = UnicodeScalar(code)
      else { throw error("malformed character reference '&#\(digits)'") }
      advance()
      return Array(String(Character(scalar)).utf8)
    }
    throw error("unknown entity: use &lt; &gt; &amp; &quot; &apos; or &#NNN;")
  }
}
