import Foundation

/// Buie et al. sun shape: limb-darkened disc plus circumsolar aureole.
/// φ(θ) = cos(0.326 θ)/cos(0.308 θ) for θ ≤ 4.65 mrad; φ(θ) = e^κ θ^γ for 4.65 < θ ≤ 43.6 mrad (θ in mrad),
/// κ = 0.9 ln(13.5 χ) χ^−0.3, γ = 2.2 ln(0.52 χ) χ^0.43 − 0.1, χ = CSR.
/// Source: Buie, Monger & Dey (2003), Solar Energy 74, 113–122, eqs. 1–4.
/// Buie's χ is not the circumsolar ratio the profile actually has (for χ = 0.02 the aureole holds 0.6 % of the
/// energy); tools differ in how they map a nominal CSR to χ (Wang et al. 2020). Here `csr` is the ACTUAL CSR —
/// aureole energy / total energy within 43.6 mrad — and χ is solved for by bisection.
public struct BuieSunShape: Sendable {
    /// Circumsolar ratio of the profile (aureole / total energy). [-]
    public let csr: Double
    /// Buie's shape parameter χ giving that CSR. [-]
    public let chi: Double
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
        self.init(chi: BuieSunShape.chi(forCSR: csr), csr: csr)
    }

    /// Aureole energy fraction of Buie's profile with parameter χ. [-]
    public static func aureoleFraction(chi: Double) -> Double {
        let kappa = 0.9 * log(13.5 * chi) * pow(chi, -0.3)
        let gamma = 2.2 * log(0.52 * chi) * pow(chi, 0.43) - 0.1
        // Aureole in closed form; disc by the midpoint rule (θ in mrad).
        let aureole = 2 * Double.pi * exp(kappa) * (pow(43.6, gamma + 2) - pow(4.65, gamma + 2)) / (gamma + 2)
        var disc = 0.0
        let m = 2000, h = 4.65 / Double(m)
        for k in 0..<m { let th = (Double(k) + 0.5) * h; disc += 2 * Double.pi * th * cos(0.326 * th) / cos(0.308 * th) * h }
        return aureole / (aureole + disc)
    }

    /// χ whose profile has the given actual CSR (bisection on log χ; CSR grows monotonically with χ).
    public static func chi(forCSR csr: Double) -> Double {
        let target = min(max(csr, 1e-5), 0.6)
        var lo = log(1e-5), hi = log(0.9)
        for _ in 0..<60 {
            let mid = 0.5 * (lo + hi)
            if aureoleFraction(chi: exp(mid)) < target { lo = mid } else { hi = mid }
        }
        return exp(0.5 * (lo + hi))
    }

    /// Profile with Buie's χ given directly (csr records the nominal value asked for).
    init(chi: Double, csr: Double) {
        self.csr = csr
        self.chi = chi
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
