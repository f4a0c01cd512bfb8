import Foundation

/// Result of a Monte Carlo trace of the whole field at one sun position.
public struct RayTraceResult: Sendable {
    /// Efficiency chain from the traced rays (same definitions as `FieldEfficiencyComponents`).
    public var components: FieldEfficiencyComponents
    /// Field efficiency. [-]
    public var efficiency: Double { components.total }
    /// One standard error of the efficiency estimate. [-]
    public var standardError: Double
    /// Rays traced.
    public var rays: Int
    /// Wall-clock time of the trace. [s]
    public var seconds: Double
    /// Per heliostat efficiency (power on receiver / DNI / reflective area). [-]
    public var heliostatEfficiency: [Double]
}

/// What the traced rays must hit.
public enum RayTarget: Sendable, Equatable {
    /// The spec's external cylindrical receiver (mantle only; caps absorb nothing).
    case receiverCylinder
    /// A flat rectangle ("billboard"), absorbing on the side its normal points to (Wang et al. 2020 round B/C).
    /// centre [m], width (horizontal edge) [m], height [m], unit normal (horizontal).
    /// A horizontal target (vertical normal, e.g. facing down in Wang's round A) has its width along x and its height along y.
    case billboard(centre: SIMD3<Double>, width: Double, height: Double, normal: SIMD3<Double>)
}

/// Monte Carlo ray tracer of a heliostat field (the reference for `FieldOptics`).
///
/// Rays start uniformly on each heliostat's outline; their direction is drawn from the sun shape
/// (pillbox, Buie or Gaussian); the local mirror normal is the focused (paraboloid, focal length = slant
/// range) or flat normal perturbed by a circular-normal slope and tracking error per axis; a ray is lost if
/// the reverse sun ray or the reflected ray meets any neighbour's rectangle (exact ray–rectangle tests,
/// neighbours pre-selected conservatively), and counts if the reflected ray's first crossing of the
/// receiver cylinder's mantle lies between its bottom and top. Attenuation (per slant range), reflectance ×
/// cleanliness and availability are applied as weights, as in the analytical model.
/// Reproducible: each slice of 16 heliostats has its own RNG stream (seed, slice), so results are identical
/// for any thread count.
public struct FieldRayTracer: Sendable {
    public let spec: FieldSpec
    public let neighbours: NeighbourLists
    let aim: [(x: Double, y: Double, z: Double)]
    let buie: BuieSunShape?
    public let target: RayTarget
    /// How slope errors are drawn (default: circular normal with per-axis σ = slope error).
    public let slopeErrorDistribution: SlopeErrorDistribution

    /// - Parameters:
    ///   - neighbourRadiusFactor: search radius as a multiple of the largest diagonal; rays are tested against
    ///     every heliostat within it. [-]
    ///   - target: what rays must hit (default: the receiver cylinder of the spec).
    ///   - aimPoint: one aim point for every heliostat [m] (default: the receiver surface point facing each heliostat).
    ///   - slopeErrorDistribution: normal (per-axis σ) or pillbox (cone half-angle) slope errors.
    public init(spec: FieldSpec, neighbourRadiusFactor: Double = 6, target: RayTarget = .receiverCylinder,
                aimPoint: SIMD3<Double>? = nil, slopeErrorDistribution: SlopeErrorDistribution = .normal) throws {
        try spec.validate()
        self.spec = spec
        self.target = target
        self.slopeErrorDistribution = slopeErrorDistribution
        let maxDiag = spec.classes.map(\.diagonal).max() ?? 1
        neighbours = NeighbourLists(layout: spec.layout, radius: neighbourRadiusFactor * maxDiag)
        if let a = aimPoint {
            aim = [(x: Double, y: Double, z: Double)](repeating: (a.x, a.y, a.z), count: spec.layout.count)
        } else {
            aim = (0..<spec.layout.count).map { FieldOptics.aimPoint(x: spec.layout.x[$0], y: spec.layout.y[$0], receiver: spec.receiver) }
        }
        if case let .buie(csr, convention) = spec.sunShape { buie = BuieSunShape(csr: csr, convention: convention) } else { buie = nil }
    }

    /// Largest angle between a sun ray and the sun centre. [rad]
    var sunMaxAngle: Double {
        switch spec.sunShape {
        case let .pillbox(d): return d
        case let .gaussian(s): return 6 * s
        case .buie: return BuieSunShape.outerRadius
        }
    }

    /// Traces `raysPerHeliostat` rays from every heliostat for one sun position (sun below the horizon: all zero).
    public func trace(sun: SunPosition, raysPerHeliostat: Int, seed: UInt64 = 1, threads: Int = defaultThreadCount) -> RayTraceResult {
        let clock = Date()
        let L = spec.layout, n = L.count
        guard sun.elevation > 0, sun.zenith.isFinite, sun.azimuth.isFinite else {
            // Sun below the horizon (or not a number): nothing reaches the field.
            var none = FieldEfficiencyComponents()
            none.availability = spec.availability
            return RayTraceResult(components: none, standardError: 0, rays: 0, seconds: 0,
                                  heliostatEfficiency: [Double](repeating: 0, count: n))
        }
        let s = sun.direction
        // Orientation of every heliostat for this sun position.
        var nx = [Double](repeating: 0, count: n), ny = nx, nz = nx, ux = nx, uy = nx, vx = nx, vy = nx, vz = nx
        var tX = nx, tY = nx, tZ = nx, dist = nx
        for i in 0..<n {
            let a = aim[i]
            var t0 = a.x - L.x[i], t1 = a.y - L.y[i], t2 = a.z - L.z[i]
            let d = (t0 * t0 + t1 * t1 + t2 * t2).squareRoot()
            t0 /= d; t1 /= d; t2 /= d
            tX[i] = t0; tY[i] = t1; tZ[i] = t2; dist[i] = d
            var m0 = s.x + t0, m1 = s.y + t1, m2 = s.z + t2
            let mn = (m0 * m0 + m1 * m1 + m2 * m2).squareRoot()
            m0 /= mn; m1 /= mn; m2 /= mn
            nx[i] = m0; ny[i] = m1; nz[i] = m2
            let h = (m0 * m0 + m1 * m1).squareRoot()
            let u0 = h > 1e-9 ? -m1 / h : 1, u1 = h > 1e-9 ? m0 / h : 0
            ux[i] = u0; uy[i] = u1
            vx[i] = -m2 * u1; vy[i] = m2 * u0; vz[i] = m0 * u1 - m1 * u0
        }
        let sliceSize = 16
        let nSlices = (n + sliceSize - 1) / sliceSize
        let stages = 7
        let sums = SliceBuffer<Double>(nSlices * (stages + 1), initial: 0)
        let perHelio = SliceBuffer<Double>(n, initial: 0)
        defer { sums.free(); perHelio.free() }
        let geo = TraceGeometry(nx: nx, ny: ny, nz: nz, ux: ux, uy: uy, vx: vx, vy: vy, vz: vz,
                                tx: tX, ty: tY, tz: tZ, dist: dist)
        let nRays = max(1, raysPerHeliostat)
        parallelSlices(nSlices, threads: threads) { c in
            var rng = Xoshiro256(seed: seed, stream: UInt64(c))
            let lo = c * sliceSize, hi = min(n, lo + sliceSize)
            let out = sums.base + c * (stages + 1)
            for i in lo..<hi {
                self.traceHeliostat(i, sun: s, rays: nRays, geo: geo, rng: &rng, out: out, perHelio: perHelio.base)
            }
        }
        var tot = [Double](repeating: 0, count: stages + 1)
        for c in 0..<nSlices { for q in 0...stages { tot[q] += sums.base[c * (stages + 1) + q] } }
        var comp = FieldEfficiencyComponents(cumulative: Array(tot[0..<stages]), availability: spec.availability)
        if tot[6] == 0 { comp.availability = spec.availability }
        let se = tot[7].squareRoot() / tot[0] * spec.availability
        return RayTraceResult(components: comp, standardError: se, rays: nRays * n,
                              seconds: Date().timeIntervalSince(clock), heliostatEfficiency: perHelio.array())
    }

    struct TraceGeometry: Sendable {
        let nx: [Double], ny: [Double], nz: [Double], ux: [Double], uy: [Double], vx: [Double], vy: [Double], vz: [Double]
        let tx: [Double], ty: [Double], tz: [Double], dist: [Double]
    }

    /// Candidate neighbours whose rectangle a ray leaving heliostat i within `spread` of direction (d0,d1,d2) may meet.
    private func candidates(_ i: Int, _ d0: Double, _ d1: Double, _ d2: Double, spread: Double, into out: inout [Int]) {
        out.removeAll(keepingCapacity: true)
        let L = spec.layout
        let ri = spec.classes[L.classIndex[i]].diagonal / 2
        for q in Int(neighbours.start[i])..<Int(neighbours.start[i + 1]) {
            let j = Int(neighbours.index[q])
            let px = neighbours.dx[q], py = neighbours.dy[q], pz = neighbours.dz[q]
            let along = px * d0 + py * d1 + pz * d2
            let rj = spec.classes[L.classIndex[j]].diagonal / 2
            if along < -(ri + rj) { continue }
            let qx = px - along * d0, qy = py - along * d1, qz = pz - along * d2
            let perp = (qx * qx + qy * qy + qz * qz).squareRoot()
            let reach = (px * px + py * py + pz * pz).squareRoot() + ri + rj
            if perp <= ri + rj + reach * spread { out.append(j) }
        }
    }

    private func traceHeliostat(_ i: Int, sun s: (x: Double, y: Double, z: Double), rays: Int, geo g: TraceGeometry,
                                rng: inout Xoshiro256, out: UnsafeMutablePointer<Double>, perHelio: UnsafeMutablePointer<Double>) {
        let L = spec.layout
        let cls = spec.classes[L.classIndex[i]]
        let hw = cls.width / 2, hh = cls.height / 2
        let cx = L.x[i], cy = L.y[i], cz = L.z[i]
        let n0 = g.nx[i], n1 = g.ny[i], n2 = g.nz[i]
        let u0 = g.ux[i], u1 = g.uy[i], v0 = g.vx[i], v1 = g.vy[i], v2 = g.vz[i]
        let d = g.dist[i]
        let invF = cls.focusing == .flat ? 0 : 1 / d        // paraboloid z = r²/(4f): slope r/(2f)
        let pillboxSlope = slopeErrorDistribution == .pillbox
        // Normal part of the error: slope (when normal) and tracking; a pillbox slope error is drawn separately.
        let errSigma = pillboxSlope ? cls.trackingError
            : (cls.slopeError * cls.slopeError + cls.trackingError * cls.trackingError).squareRoot()
        let att = spec.attenuation.transmittance(slantRange: d)
        let rho = cls.reflectance * cls.cleanliness
        let A = cls.reflectiveArea
        let base = A / Double(rays)
        // Conservative neighbour pre-selection for shading (around the sun vector) and blocking (around t).
        var shadeC: [Int] = [], blockC: [Int] = []
        candidates(i, s.x, s.y, s.z, spread: sunMaxAngle, into: &shadeC)
        let reflSpread = sunMaxAngle + 2 * (6 * errSigma + (pillboxSlope ? cls.slopeError : 0) + cls.diagonal / 2 * invF / 2)
            + cls.diagonal / d
        candidates(i, g.tx[i], g.ty[i], g.tz[i], spread: reflSpread, into: &blockC)
        // Orthonormal basis around the sun vector for sun-shape sampling.
        var e1x = -s.y, e1y = s.x, e1z = 0.0
        var en = (e1x * e1x + e1y * e1y).squareRoot()
        if en < 1e-9 { e1x = 1; e1y = 0; en = 1 }
        e1x /= en; e1y /= en
        let e2x = s.y * e1z - s.z * e1y, e2y = s.z * e1x - s.x * e1z, e2z = s.x * e1y - s.y * e1x
        let R = spec.receiver.diameter / 2, R2 = R * R
        let zlo = spec.receiver.opticalHeight - spec.receiver.height / 2, zhi = zlo + spec.receiver.height

        var t1 = 0.0, t2 = 0.0, t3 = 0.0, t5 = 0.0, y1 = 0.0, y2 = 0.0
        for _ in 0..<rays {
            let a = (2 * rng.uniform() - 1) * hw, b = (2 * rng.uniform() - 1) * hh
            let px = cx + a * u0 + b * v0, py = cy + a * u1 + b * v1, pz = cz + b * v2
            // Sun ray direction (towards the sun).
            let theta: Double
            switch spec.sunShape {
            case let .pillbox(delta): theta = delta * rng.uniform().squareRoot()
            case let .gaussian(sig):
                let (g1, g2) = rng.normalPair(); theta = sig * (g1 * g1 + g2 * g2).squareRoot()
            case .buie: theta = buie!.sampleAngle(rng.uniform())
            }
            let phi = 2 * Double.pi * rng.uniform()
            let st = sin(theta), ct = cos(theta), cp = cos(phi), sp = sin(phi)
            let w0 = s.x * ct + st * (cp * e1x + sp * e2x)
            let w1 = s.y * ct + st * (cp * e1y + sp * e2y)
            let w2 = s.z * ct + st * (cp * e1z + sp * e2z)
            // Local normal: focusing + slope/tracking error.
            var (g1, g2) = rng.normalPair()
            g1 *= errSigma; g2 *= errSigma
            if pillboxSlope {   // uniform over the cone: radius δ√u, uniform direction
                let rr = cls.slopeError * rng.uniform().squareRoot(), pp = 2 * Double.pi * rng.uniform()
                g1 += rr * cos(pp); g2 += rr * sin(pp)
            }
            let da = -a * 0.5 * invF + g1, db = -b * 0.5 * invF + g2
            var m0 = n0 + da * u0 + db * v0, m1 = n1 + da * u1 + db * v1, m2 = n2 + db * v2
            let mn = 1 / (m0 * m0 + m1 * m1 + m2 * m2).squareRoot()
            m0 *= mn; m1 *= mn; m2 *= mn
            let cosi = w0 * m0 + w1 * m1 + w2 * m2
            if cosi <= 0 { continue }
            t1 += cosi
            if hits(px, py, pz, w0, w1, w2, shadeC, g) { continue }
            t2 += cosi
            let r0 = 2 * cosi * m0 - w0, r1 = 2 * cosi * m1 - w1, r2 = 2 * cosi * m2 - w2
            if hits(px, py, pz, r0, r1, r2, blockC, g) { continue }
            t3 += cosi
            if receiverHit(px, py, pz, r0, r1, r2, R2: R2, zlo: zlo, zhi: zhi) {
                t5 += cosi
                let yv = cosi * att * rho
                y1 += yv; y2 += yv * yv
            }
        }
        out[0] += A
        out[1] += base * t1
        out[2] += base * t2
        out[3] += base * t3
        out[4] += base * t3 * att
        out[5] += base * t5 * att
        out[6] += base * t5 * att * rho
        // Variance of this heliostat's contribution A·mean(y): A² · var(y) / N.
        let nr = Double(rays)
        let mean = y1 / nr
        out[7] += A * A * max(0, y2 / nr - mean * mean) / nr
        perHelio[i] = mean * spec.availability
    }

    /// True if the reflected ray (p, dir) lands on the target.
    @inline(__always)
    private func receiverHit(_ px: Double, _ py: Double, _ pz: Double, _ r0: Double, _ r1: Double, _ r2: Double,
                             R2: Double, zlo: Double, zhi: Double) -> Bool {
        switch target {
        case .receiverCylinder:
            // Mantle: first crossing of the infinite cylinder, then the height window.
            let qa = r0 * r0 + r1 * r1
            let qb = px * r0 + py * r1
            let qc = px * px + py * py - R2
            let disc = qb * qb - qa * qc
            if qa > 0 && disc >= 0 && qc > 0 {
                let mu = (-qb - disc.squareRoot()) / qa
                if mu > 0 {
                    let z = pz + mu * r2
                    return z >= zlo && z <= zhi
                }
            }
            return false
        case let .billboard(c, w, h, nrm):
            let den = r0 * nrm.x + r1 * nrm.y + r2 * nrm.z
            if den >= 0 { return false }                 // must arrive on the front face
            let mu = ((c.x - px) * nrm.x + (c.y - py) * nrm.y + (c.z - pz) * nrm.z) / den
            if mu <= 0 { return false }
            let qx = px + mu * r0 - c.x, qy = py + mu * r1 - c.y, qz = pz + mu * r2 - c.z
            let hl = (nrm.x * nrm.x + nrm.y * nrm.y).squareRoot()
            if hl < 1e-9 { return abs(qx) <= w / 2 && abs(qy) <= h / 2 }   // horizontal target
            let ex = -nrm.y / hl, ey = nrm.x / hl           // horizontal edge direction
            return abs(qx * ex + qy * ey) <= w / 2 && abs(qz) <= h / 2
        }
    }

    /// True if the ray (p, dir) meets the rectangle of any candidate heliostat in front of p.
    @inline(__always)
    private func hits(_ px: Double, _ py: Double, _ pz: Double, _ d0: Double, _ d1: Double, _ d2: Double,
                      _ cand: [Int], _ g: TraceGeometry) -> Bool {
        let L = spec.layout
        for j in cand {
            let n0 = g.nx[j], n1 = g.ny[j], n2 = g.nz[j]
            let den = d0 * n0 + d1 * n1 + d2 * n2
            if abs(den) < 1e-12 { continue }
            let ox = L.x[j] - px, oy = L.y[j] - py, oz = L.z[j] - pz
            let lam = (ox * n0 + oy * n1 + oz * n2) / den
            if lam <= 1e-9 { continue }
            let qx = px + lam * d0 - L.x[j], qy = py + lam * d1 - L.y[j], qz = pz + lam * d2 - L.z[j]
            let c = spec.classes[L.classIndex[j]]
            if abs(qx * g.ux[j] + qy * g.uy[j]) <= c.width / 2 && abs(qx * g.vx[j] + qy * g.vy[j] + qz * g.vz[j]) <= c.height / 2 {
                return true
            }
        }
        return false
    }
}
