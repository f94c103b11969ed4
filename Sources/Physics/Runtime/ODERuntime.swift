import CODE
import Foundation
import Synchronization

/// Process-wide ODE set-up: `dInitODE2` once, and Odessa's error, debug and message handlers.
///
/// ODE's own handlers print and then `exit` (errors) or `abort` (internal errors); a handler
/// cannot prevent that. Odessa therefore validates every input before it reaches ODE and checks
/// the state between steps, so these handlers fire only on a bug; when they do, they say clearly
/// that ODE stopped the process and why. Non-fatal messages (ODE's warnings, such as LCP solver
/// notes) are collected in `ODEDiagnostics` instead of being printed on every step.
package enum ODERuntime {
  /// Forces the one-time initialisation; cheap after the first call.
  package static func ensureInitialized() {
    _ = initialization
  }

  /// Held while a world with triangle meshes collides. This ODE build has no thread-local
  /// storage (`dGetConfiguration` lists no `ODE_OU_enabled`), so its trimesh colliders share one
  /// cache across the process: two worlds colliding meshes on two threads at once raced on it
  /// and found different contacts (a mesh cube dropped sixteen times at once came to rest at
  /// five different heights).
  package static let triangleMeshCollision = Mutex<Void>(())

  private static let initialization: Void = {
    dInitODE2(0)
    _ = dAllocateODEDataForThread(UInt32(bitPattern: dAllocateMaskAll.rawValue))
    dSetErrorHandler(fatalHandler)
    dSetDebugHandler(internalErrorHandler)
    dSetMessageHandler(messageHandler)
  }()
}

/// ODE's non-fatal messages, recorded so that callers can inspect them without a flood on stderr.
public enum ODEDiagnostics {
  /// One message ODE reported through `dMessage`.
  public struct Message: Sendable, Equatable {
    /// The message number ODE passed with it.
    public var number: Int32
    /// The formatted message.
    public var text: String
  }

  private struct Log {
    var count = 0
    var recent: [Message] = []
  }

  private static let log = Mutex(Log())
  private static let recentLimit = 32

  /// How many messages ODE has reported in this process.
  public static var messageCount: Int { log.withLock { $0.count } }

  /// The most recent messages (at most 32), oldest first.
  public static var recentMessages: [Message] { log.withLock { $0.recent } }

  static func record(_ message: Message) {
    log.withLock { log in
      log.count += 1
      log.recent.append(message)
      if log.recent.count > recentLimit { log.recent.removeFirst() }
    }
  }
}

/// Formats an ODE printf-style message with its argument list.
private func formatODEMessage(_ format: UnsafePointer<CChar>?, _ arguments: CVaListPointer?) -> String {
  guard let format, let arguments else { return format.map { String(cString: $0) } ?? "(no message)" }
  var buffer = [CChar](repeating: 0, count: 1024)
  _ = vsnprintf(&buffer, buffer.count, format, arguments)
  return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

private func writeToStandardError(_ text: String) {
  var bytes = Array(text.utf8)
  _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}

private func fatalHandler(_ number: Int32, _ format: UnsafePointer<CChar>?, _ arguments: CVaListPointer?) {
  let text = formatODEMessage(format, arguments)
  writeToStandardError(
    "odessa: ODE error \(number): \(text)\n"
      + "odessa: ODE stops the process after this error; this is a bug in Odessa's physics layer "
      + "(it should have rejected the input first). Please report it with the command you ran.\n")
}

private func internalErrorHandler(
  _ number: Int32, _ format: UnsafePointer<CChar>?, _ arguments: CVaListPointer?
) {
  let text = formatODEMessage(format, arguments)
  writeToStandardError(
    "odessa: ODE internal error \(number): \(text)\n"
      + "odessa: ODE aborts the process after this error. It usually means a body's state became "
      + "non-finite inside a single step, or an invalid call reached ODE. Please report it with the "
      + "command you ran.\n")
}

private func messageHandler(_ number: Int32, _ format: UnsafePointer<CChar>?, _ arguments: CVaListPointer?) {
  ODEDiagnostics.record(.init(number: number, text: formatODEMessage(format, arguments)))
}
