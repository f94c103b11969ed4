import Foundation

/// Reads an MJCF file and splices every `<include file="…"/>` in place: the included file's root
/// `<mujoco>` element is replaced by its children. Paths are relative to the including file's
/// folder; an include cycle, a missing file or a bad root is an error at the include's line.
enum MJCFIncludes {
  static func load(path: String) throws -> XMLNode {
    try load(path: path, stack: [], includedFrom: nil)
  }

  /// Also used for text held in memory (tests): `baseFolder` resolves relative includes.
  static func load(text: String, file: String) throws -> XMLNode {
    let root = try parse(text, file: file)
    return try expand(root, folder: (file as NSString).deletingLastPathComponent,
      stack: [canonical(file)])
  }

  private static func load(path: String, stack: [String], includedFrom: XMLNode?) throws -> XMLNode {
    let key = canonical(path)
    guard let data = FileManager.default.contents(atPath: path) else {
      if let node = includedFrom {
        throw ModelError(file: node.file, line: node.line, message: "<include>: cannot read file '\(path)'")
      }
      throw ModelError(file: path, line: 0, message: "cannot read the model file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ModelError(file: path, line: 0, message: "the file is not UTF-8 text")
    }
    let root = try parse(text, file: path)
    return try expand(root, folder: (path as NSString).deletingLastPathComponent, stack: stack + [key])
  }

  private static func parse(_ text: String, file: String) throws -> XMLNode {
    do {
      return try XMLReader.parse(text, file: file)
    } catch let error as XMLSyntaxError {
      throw ModelError(file: error.file, line: error.line, message: "malformed XML: \(error.message)")
    }
  }

  private static func expand(_ node: XMLNode, folder: String, stack: [String]) throws -> XMLNode {
    var result = node
    result.children = []
    for child in node.children {
      guard child.name == "include" else {
        result.children.append(try expand(child, folder: folder, stack: stack))
        continue
      }
      try AttributeSet.rejectUnknown(child, allowed: ["file"])
      guard let relative = child.attribute("file"), !relative.isEmpty else {
        throw ModelError(file: child.file, line: child.line, message: "<include> needs a file attribute")
      }
      guard child.children.isEmpty else {
        throw ModelError(file: child.file, line: child.line, message: "<include> must be empty")
      }
      let path = relative.hasPrefix("/") ? relative : (folder as NSString).appendingPathComponent(relative)
      if stack.contains(canonical(path)) {
        throw ModelError(
          file: child.file, line: child.line,
          message: "<include file=\"\(relative)\"> forms a cycle: "
            + (stack + [canonical(path)]).map { ($0 as NSString).lastPathComponent }.joined(separator: " → "))
      }
      guard stack.count < 32 else {
        throw ModelError(file: child.file, line: child.line, message: "<include> nested more than 32 deep")
      }
      let included = try load(path: path, stack: stack, includedFrom: child)
      guard included.name == "mujoco" else {
        throw ModelError(
          file: included.file, line: included.line,
          message: "an included file's root must be <mujoco>, found <\(included.name)>")
      }
      result.children.append(contentsOf: included.children)
    }
    return result
  }

  private static func canonical(_ path: String) -> String {
    (path as NSString).standardizingPath
  }
}
