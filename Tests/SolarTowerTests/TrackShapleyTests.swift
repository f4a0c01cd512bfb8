import Foundation
import Testing
@testable import SolarTower

@Suite struct TrackShapleyTests {
    /// A game with interactions: v over 3 players by mask.
    let v: [Double] = [0, 5, 3, 9, 2, 8, 6, 15]

    @Test func valuesSumToGrandCoalition() {
        let phi = ShapleyAttribution.values(v, players: 3)
        #expect(abs(phi.reduce(0, +) - v[7]) < 1e-12)
    }

    @Test func subsetFormulaEqualsMeanOverAllOrderings() {
        let a = ShapleyAttribution.values(v, players: 3)
        let b = ShapleyAttribution.valuesByOrderings(v, players: 3)
        for i in 0..<3 { #expect(abs(a[i] - b[i]) < 1e-12) }
    }

    @Test func additiveGameGivesStandaloneValues() {
        // No interaction: v(S) = Σ_{i∈S} a_i → φ_i = a_i.
        let a = [4.0, 1.5, 0.25]
        let game = (0..<8).map { m in (0..<3).reduce(0.0) { $0 + (m & (1 << $1) != 0 ? a[$1] : 0) } }
        let phi = ShapleyAttribution.values(game, players: 3)
        for i in 0..<3 { #expect(abs(phi[i] - a[i]) < 1e-12) }
    }

    @Test(arguments: [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]])
    func relabellingPlayersPermutesValues(_ perm: [Int]) {
        // Player i of the relabelled game is player perm[i] of the original.
        func remap(_ m: Int) -> Int { (0..<3).reduce(0) { $0 | (m & (1 << $1) != 0 ? 1 << perm[$1] : 0) } }
        let w = (0..<8).map { v[remap($0)] }
        let phi = ShapleyAttribution.values(v, players: 3)
        let psi = ShapleyAttribution.values(w, players: 3)
        for i in 0..<3 { #expect(abs(psi[i] - phi[perm[i]]) < 1e-12) }
    }
}
