import Foundation

extension FieldLayout {
    /// Reads heliostat positions from CSV text: columns x, y [, z] [, class] in metres (x east, y north,
    /// tower at the origin). A first line that is not numeric is a header; a header naming `x…`, `y…`,
    /// `z…`, `class`/`type` columns selects them by name (so `id,x_m,y_m,z_m` works). Blank lines and
    /// lines starting with `#` are skipped. Errors name the file, line and column.
    /// - Parameter classCount: number of heliostat classes (class values must be 0..<classCount).
    public static func csv(text: String, path: String, classCount: Int = 1) throws -> FieldLayout {
        var xs: [Double] = [], ys: [Double] = [], zs: [Double] = [], cs: [Int] = []
        var col = (x: 0, y: 1, z: Optional<Int>.none, cls: Optional<Int>.none)
        var sawHeader = false, sawData = false
        var lineNo = 0
        var minFields = 2
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNo += 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if !sawData && !sawHeader && Double(f[0]) == nil {
                sawHeader = true
                let lower = f.map { $0.lowercased() }
                func find(_ p: (String) -> Bool) -> Int? { lower.firstIndex(where: p) }
                if let xi = find({ $0 == "x" || $0.hasPrefix("x_") || $0.hasPrefix("x ") || $0.hasPrefix("x[") }),
                   let yi = find({ $0 == "y" || $0.hasPrefix("y_") || $0.hasPrefix("y ") || $0.hasPrefix("y[") }) {
                    col.x = xi; col.y = yi
                    col.z = find({ $0 == "z" || $0.hasPrefix("z_") || $0.hasPrefix("z ") || $0.hasPrefix("z[") })
                    col.cls = find({ $0 == "class" || $0 == "type" || $0.hasPrefix("class") })
                } else if f.count >= 2 {
                    col = (0, 1, f.count >= 3 ? 2 : nil, f.count >= 4 ? 3 : nil)
                }
                minFields = max(col.x, col.y, col.z ?? 0, col.cls ?? 0) + 1
                continue
            }
            if !sawHeader && !sawData {
                // No header: x, y [, z] [, class] by position.
                col = (0, 1, f.count >= 3 ? 2 : nil, f.count >= 4 ? 3 : nil)
                minFields = f.count >= 4 ? 4 : (f.count >= 3 ? 3 : 2)
            }
            sawData = true
            if f.count < minFields {
                throw FieldError(.missingField, path: path, line: lineNo, column: f.count + 1,
                                 "expected \(minFields) comma-separated fields (x, y[, z][, class]), found \(f.count)")
            }
            func num(_ k: Int, _ what: String) throws -> Double {
                guard let v = Double(f[k]), v.isFinite else {
                    throw FieldError(.notANumber, path: path, line: lineNo, column: k + 1, "expected \(what) as a number, found '\(f[k])'")
                }
                return v
            }
            xs.append(try num(col.x, "x [m]")); ys.append(try num(col.y, "y [m]"))
            zs.append(try col.z.map { try num($0, "z [m]") } ?? 0)
            if let ci = col.cls {
                let v = try num(ci, "a heliostat class index")
                guard v == v.rounded(), v >= 0, v < Double(classCount) else {
                    throw FieldError(.outOfRange, path: path, line: lineNo, column: ci + 1,
                                     "class \(f[ci]) is not an integer in 0..<\(classCount)")
                }
                cs.append(Int(v))
            } else { cs.append(0) }
            if abs(xs.last!) > 1e5 || abs(ys.last!) > 1e5 || abs(zs.last!) > 1e4 {
                throw FieldError(.outOfRange, path: path, line: lineNo, column: nil, "position beyond 100 km of the tower: expected metres")
            }
        }
        if xs.isEmpty { throw FieldError(.emptyField, path: path, "no heliostat positions found") }
        return FieldLayout(x: xs, y: ys, z: zs, classIndex: cs)
    }

    /// Reads a CSV layout file (see `csv(text:path:classCount:)`).
    public static func csv(url: URL, classCount: Int = 1) throws -> FieldLayout {
        guard let data = try? Data(contentsOf: url) else {
            throw FieldError(.unreadable, path: url.path, "cannot read the layout file as UTF-8 text")
        }
        return try csv(data: data, path: url.path, classCount: classCount)
    }

    /// Reads the bytes of a CSV layout file (UTF-8; see `csv(text:path:classCount:)`).
    public static func csv(data: Data, path: String, classCount: Int = 1) throws -> FieldLayout {
        guard let text = String(data: data, encoding: .utf8) else {
            throw FieldError(.unreadable, path: path, "cannot read the layout file as UTF-8 text")
        }
        return try csv(text: text, path: path, classCount: classCount)
    }

    /// Writes x, y, z, class as CSV (atomically).
    public func writeCSV(to url: URL) throws {
        var s = "x_m,y_m,z_m,class\n"
        s.reserveCapacity(count * 40)
        for i in 0..<count {
            s += String(format: "%.3f,%.3f,%.3f,%d\n", x[i], y[i], z[i], classIndex[i])
        }
        try s.write(to: url, atomically: true, encoding: .utf8)
    }
}

/// Parameters of a radial-staggered field (DELSOL/SolarPILOT style).
public struct RadialStaggeredParameters: Sendable, Equatable {
    /// No heliostat closer to the tower than this. [m]
    public var exclusionRadius: Double
    /// Land boundary: no heliostat farther than this. [m]
    public var maxRadius: Double
    /// Latitude used to rank candidate positions (north field in the northern hemisphere). [rad]
    public var latitude: Double
    /// Clearance added to the heliostat diagonal for the minimum pivot spacing. [m]
    public var clearance: Double
    /// Multiplies the DELSOL radial spacing (1 = as published). [-]
    public var radialSpacingFactor: Double
    /// Multiplies the DELSOL azimuthal spacing (1 = as published). [-]
    public var azimuthalSpacingFactor: Double
    /// Pivot height above ground (z of each heliostat is 0: optical height is measured from the pivot plane). [m]
    public init(exclusionRadius: Double, maxRadius: Double, latitude: Double, clearance: Double = 0.5,
                radialSpacingFactor: Double = 1, azimuthalSpacingFactor: Double = 1) {
        self.exclusionRadius = exclusionRadius; self.maxRadius = maxRadius; self.latitude = latitude
        self.clearance = clearance; self.radialSpacingFactor = radialSpacingFactor
        self.azimuthalSpacingFactor = azimuthalSpacingFactor
    }
}

extension FieldLayout {
    /// DELSOL3 empirical no-blocking spacing for radial-staggered fields, as functions of the tower
    /// elevation angle θ seen from the heliostat [rad]: radial row spacing ΔR/H = 1.1442 cot θ − 1.0935 +
    /// 3.0684 θ − 1.1256 θ², azimuthal spacing ΔAz/W = 1.7491 + 0.6396 θ + 0.02873/(θ − 0.04902).
    /// Source: Kistler (1986) SAND86-8018, as given in the SolarPILOT reference manual (Wagner 2018).
    /// Returns (radial, azimuthal) spacing [m].
    public static func delsolSpacing(towerElevation th: Double, width: Double, height: Double) -> (radial: Double, azimuthal: Double) {
        let t = max(th, 0.06)
        let dr = height * (1.1442 / tan(t) - 1.0935 + 3.0684 * t - 1.1256 * t * t)
        let daz = width * (1.7491 + 0.6396 * t + 0.02873 / (t - 0.04902))
        return (dr, daz)
    }

    /// Generates a radial-staggered field. Classes are placed in the order given, each in its own band of
    /// rows outward from the previous one; in each band, candidate positions on DELSOL-spaced staggered rows
    /// are ranked by a geometric merit (mean cosine × Barstow transmittance over equinox and solstice days at
    /// `latitude`) and the best `counts[k]` kept.
    /// Throws `countNotReached` when the land boundary cannot hold the requested count.
    /// - Parameters: classes and counts per class; towerHeight: receiver optical height [m].
    public static func radialStaggered(classes: [HeliostatClass], counts: [Int], towerHeight: Double,
                                       parameters p: RadialStaggeredParameters) throws -> FieldLayout {
        var xs: [Double] = [], ys: [Double] = [], cs: [Int] = []
        var rStart = p.exclusionRadius
        // Sun directions for the merit: equinox and solstices, hour angles −75°…75°.
        var suns: [(Double, Double, Double)] = []
        for decl in [-23.44, 0.0, 23.44] {
            let dd = decl * .pi / 180
            for hDeg in stride(from: -75.0, through: 75.0, by: 15.0) {
                let h = hDeg * .pi / 180
                let sinEl = sin(p.latitude) * sin(dd) + cos(p.latitude) * cos(dd) * cos(h)
                if sinEl < 0.1 { continue }
                // East, north, up components of the sun vector.
                let e = -cos(dd) * sin(h)
                let nn = cos(p.latitude) * sin(dd) - sin(p.latitude) * cos(dd) * cos(h)
                suns.append((e, nn, sinEl))
            }
        }
        for (k, c) in classes.enumerated() where counts[k] > 0 {
            let diag = c.diagonal + p.clearance
            var cand: [(x: Double, y: Double, r: Double)] = []
            var r = max(rStart, diag)
            var dphi = 0.0
            var row = 0
            var lastR = -Double.infinity
            let want = counts[k]
            // Rows until twice the wanted count (the merit then picks the best), or the boundary.
            while r <= p.maxRadius && cand.count < 2 * want + 64 {
                let th = atan2(towerHeight, r)
                let sp = delsolSpacing(towerElevation: th, width: c.width, height: c.height)
                let needArc = max(diag, sp.azimuthal * p.azimuthalSpacingFactor)
                if dphi == 0 || r * dphi < needArc || r * dphi > 2 * needArc {
                    // New zone: reset the angular spacing (and the stagger); its first row keeps a full
                    // diagonal from the previous zone's last row, whose angles are unrelated.
                    if r < lastR + diag { r = lastR + diag; continue }
                    dphi = needArc / r; row = 0
                }
                let nAz = max(1, Int((2 * Double.pi / dphi).rounded(.down)))
                let step = 2 * Double.pi / Double(nAz)
                dphi = step
                let off = row % 2 == 1 ? step / 2 : 0
                for a in 0..<nAz {
                    let az = off + Double(a) * step
                    cand.append((r * sin(az), r * cos(az), r))
                }
                // Radial step: DELSOL spacing, but staggered neighbours never closer than the diagonal.
                let arcHalf = r * step / 2
                let minDr = (max(0, diag * diag - arcHalf * arcHalf)).squareRoot()
                let dr = max(minDr, sp.radial * p.radialSpacingFactor / 2, diag * 0.5)
                lastR = r
                r += dr
                row += 1
            }
            if cand.count < want {
                throw FieldError(.countNotReached, path: "field.radial_staggered.max_radius_m",
                                 "only \(cand.count) positions of class \(k) fit inside \(p.maxRadius) m; \(want) requested: enlarge the land boundary")
            }
            // Merit: mean cosine × transmittance (no shading: the spacing rules avoid most of it).
            var merit = [Double](repeating: 0, count: cand.count)
            for (q, pos) in cand.enumerated() {
                let dx = -pos.x, dy = -pos.y, dz = towerHeight
                let d = (dx * dx + dy * dy + dz * dz).squareRoot()
                let t = (dx / d, dy / d, dz / d)
                var m = 0.0
                for s in suns {
                    let st = s.0 * t.0 + s.1 * t.1 + s.2 * t.2
                    m += ((1 + st) / 2).squareRoot() * s.2
                }
                merit[q] = m * AttenuationModel.samDefault.transmittance(slantRange: d)
            }
            let order = (0..<cand.count).sorted { merit[$0] != merit[$1] ? merit[$0] > merit[$1] : $0 < $1 }
            var rMax = 0.0
            for q in order.prefix(want) {
                xs.append(cand[q].x); ys.append(cand[q].y); cs.append(k); rMax = max(rMax, cand[q].r)
            }
            rStart = rMax + diag
        }
        return FieldLayout(x: xs, y: ys, z: nil, classIndex: cs)
    }
}
