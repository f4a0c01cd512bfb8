/// Shapley values of a cooperative game: each player's average marginal contribution over all orders in
/// which the players can join. Shapley (1953), "A value for n-person games", Contributions to the Theory of
/// Games II, 307–317: φᵢ = Σ_{S ⊆ N∖{i}} |S|!(n − |S| − 1)!/n! · (v(S ∪ {i}) − v(S)).
///
/// Here the players are the cause categories and v(S) is the energy lost when the causes in S are applied
/// (plan minus the counterfactual run with S), so Σφᵢ = v(N) whatever the order the causes are considered in.
public enum ShapleyAttribution {
    /// Shapley values from `v`, indexed by coalition bit mask (bit i = player i present), count 2ⁿ.
    /// [same unit as v]
    public static func values(_ v: [Double], players n: Int) -> [Double] {
        precondition(v.count == 1 << n, "need one value per coalition")
        var factorial = [1.0]
        for k in 1...max(n, 1) { factorial.append(factorial[k - 1] * Double(k)) }
        var phi = Array(repeating: 0.0, count: n)
        for i in 0..<n {
            let bit = 1 << i
            for s in 0..<(1 << n) where s & bit == 0 {
                let size = s.nonzeroBitCount
                let weight = factorial[size] * factorial[n - size - 1] / factorial[n]
                phi[i] += weight * (v[s | bit] - v[s])
            }
        }
        return phi
    }

    /// The same values by the definition: the mean over all n! join orders of each player's marginal
    /// contribution (used to check `values`; cost grows as n!).
    public static func valuesByOrderings(_ v: [Double], players n: Int) -> [Double] {
        var phi = Array(repeating: 0.0, count: n)
        var count = 0.0
        func permute(_ order: [Int], _ rest: [Int]) {
            if rest.isEmpty {
                var s = 0
                for p in order {
                    phi[p] += v[s | (1 << p)] - v[s]
                    s |= 1 << p
                }
                count += 1
                return
            }
            for (k, p) in rest.enumerated() {
                var r = rest
                r.remove(at: k)
                permute(order + [p], r)
            }
        }
        permute([], Array(0..<n))
        return phi.map { $0 / count }
    }
}
