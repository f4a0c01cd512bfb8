import Foundation

/// Buie et al. sun shape: limb-darkened disc plus circumsolar aureole.
/// φ(θ) = cos(0.326 θ)/cos(0.308 θ) for θ ≤ 4.65 mrad; φ(θ) = e^κ θ^γ for 4.65 < θ ≤ 43.6 mrad (θ in mrad),
/// κ = 0.9 ln(13.5 χ) χ^−0.3, γ = 2.2 ln(0.52 χ) χ^0.43 − 0.1, χ = CSR.
/// Source: Buie, Monger & Dey (2003), Solar Energy 74, 113–122, eqs. 1–4.
public struct BuieSunShape: Sendable {
    public let csr: Double
    /// Fraction of the energy inside the disc (θ ≤ 4.65 mrad). [-]
    public let discEnergy: Double
    /// Per-axis variance of the disc part. [rad²]
    public let discVariance: Double
    /// Per-axis variance of the aureole part. [rad²]
    public let aureoleVariance: Double
    /// Inverse cumulative distribution of the radial angle, tabulated on equal probability steps. [rad]
    let inverseCDF: [Double]

    public static let discRadius = 4.65e-3
    public static let outerRadius = 43.6e-3

    public init(csr: Double) {
        self.csr = csr
        let chi = max(csr, 1e-6)
        let kappa = 0.9 * log(13.5 * chi) * pow(chi, -0.3)
        let gamma = 2.2 * log(0.52 * chi) * pow(chi, 0.43) - 0.1
        func phi(_ thetaMrad: Double) -> Double {
            thetaMrad <= 4.65 ? cos(0.326 * thetaMrad) / cos(0.308 * thetaMrad) : exp(kappa) * pow(thetaMrad, gamma)
        }
        // Radial density ∝ φ(θ)·θ, integrated by the midpoint rule on a fine grid.
        let steps = 20000
        let dt = 43.6 / Double(steps)
        var cdf = [Double](repeating: 0, count: steps + 1)
        var eDisc = 0.0, m2Disc = 0.0, eAll = 0.0, m2All = 0.0
        for k in 0..<steps {
            let th = (Double(k) + 0.5) * dt
            let p = phi(th) * th * dt
            cdf[k + 1] = cdf[k] + p
            eAll += p; m2All += p * th * th
            if th <= 4.65 { eDisc += p; m2Disc += p * th * th }
        }
        discEnergy = eDisc / eAll
        discVariance = m2Disc / eDisc * 1e-6 / 2
        let aE = eAll - eDisc
        aureoleVariance = aE > 0 ? (m2All - m2Disc) / aE * 1e-6 / 2 : discVariance
        // Invert the CDF on 4096 equal-probability steps.
        let m = 4096
        var inv = [Double](repeating: 0, count: m + 1)
        var k = 0
        for q in 0...m {
            let target = Double(q) / Double(m) * eAll
            while k < steps && cdf[k + 1] < target { k += 1 }
            let lo = cdf[k], hi = cdf[min(steps, k + 1)]
            let f = hi > lo ? (target - lo) / (hi - lo) : 0
            inv[q] = (Double(k) + f) * dt * 1e-3
        }
        inverseCDF = inv
    }

    /// Radial angle from the sun centre for a uniform deviate u ∈ [0, 1). [rad]
    @inline(__always) func sampleAngle(_ u: Double) -> Double {
        let x = u * Double(inverseCDF.count - 1)
        let k = min(Int(x), inverseCDF.count - 2)
        let f = x - Double(k)
        return inverseCDF[k] + f * (inverseCDF[k + 1] - inverseCDF[k])
    }
}

/// xoshiro256** pseudo-random generator (Blackman & Vigna 2018), seeded through SplitMix64.
/// A value type: every parallel slice owns its own stream, so results do not depend on threads.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Stream `stream` of generator `seed` (streams are decorrelated by SplitMix64 hashing).
    public init(seed: UInt64, stream: UInt64 = 0) {
        var x = seed &+ stream &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019
        func next() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = next(); s1 = next(); s2 = next(); s3 = next()
    }

    @inline(__always) public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1).
    @inline(__always) public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Two independent standard normal deviates (Box–Muller).
    @inline(__always) public mutating func normalPair() -> (Double, Double) {
        let u1 = 1 - uniform(), u2 = uniform()
        let r = (-2 * log(u1)).squareRoot()
        let a = 2 * Double.pi * u2
        return (r * cos(a), r * sin(a))
    }
}
