/// BipedalWalker's own state, for exact snapshots: everything an episode carries beyond the
/// physics.
extension BipedalWalker {
  /// Ground pieces a foot's contacts are remembered for (a foot spans at most three edges).
  static let rememberedPieces = 4

  /// terrain seed (two 32-bit halves), shaping, previous shaping (each with a flag saying it is
  /// set), fallen, the two leg contact flags, and per leg the pieces it touched (−1 for none).
  public var state: [Double] {
    get {
      var values: [Double] = [
        Double(terrainSeed >> 32), Double(terrainSeed & 0xFFFF_FFFF),
        shaping == nil ? 0 : 1, shaping ?? 0, previousShaping == nil ? 0 : 1, previousShaping ?? 0,
        gameOver ? 1 : 0, legContact[0] ? 1 : 0, legContact[1] ? 1 : 0,
      ]
      for pieces in touching {
        let listed = pieces.sorted().prefix(Self.rememberedPieces).map(Double.init)
        values += listed + Array(repeating: -1, count: Self.rememberedPieces - listed.count)
      }
      return values
    }
    set {
      guard newValue.count == 9 + 2 * Self.rememberedPieces else { return }
      terrainSeed = UInt64(newValue[0]) << 32 | UInt64(newValue[1])
      shaping = newValue[2] != 0 ? newValue[3] : nil
      previousShaping = newValue[4] != 0 ? newValue[5] : nil
      gameOver = newValue[6] != 0
      legContact = [newValue[7] != 0, newValue[8] != 0]
      touching = (0..<2).map { leg in
        Set(newValue[(9 + leg * Self.rememberedPieces)..<(9 + (leg + 1) * Self.rememberedPieces)].filter { $0 >= 0 }.map { Int($0) })
      }
    }
  }
}
