import Foundation

/// One row of `reference/properties/if97-check-values.csv`: an IAPWS-IF97 check value (or a state computed by
/// the iapws package) with its inputs.
public struct IF97CheckValue: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line in the CSV file.
    public var line: Int
    /// IF97 region or subregion as written in the file ("1", "2a", "4", "B23").
    public var region: String
    /// Quantity as written in the file ("h", "T(p,h) backward", "p_sat(T)").
    public var quantity: String
    /// Input temperature (or, for the pump row, the resulting temperature), nil when blank. [K]
    public var temperature: Double?
    /// Input pressure, nil when blank. [Pa]
    public var pressure: Double?
    /// The value exactly as printed.
    public var valueText: String
    /// Unit as printed in the file.
    public var fileUnit: String
    public var source: String
    public var note: String
    /// CoolProp's value (same unit as the file), when the file gives one.
    public var coolPropText: String

    public var description: String { "line \(line): region \(region) \(quantity)" }

    /// Reads the check-value file.
    public static func load(path: String) throws -> [IF97CheckValue] {
        let (header, records) = try ReferenceCSV.read(path: path)
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw ReferenceDataError(path: path, line: 1, column: 1, message: "expected a column named \(name)")
            }
            return i
        }
        let cRegion = try column("region"), cQuantity = try column("quantity"), cT = try column("T_K")
        let cP = try column("p_MPa"), cValue = try column("value"), cUnit = try column("unit")
        let cSource = try column("source"), cNote = try column("note"), cCool = try column("coolprop_value")
        var out: [IF97CheckValue] = []
        for (line, f) in records {
            guard f.count == header.count else {
                throw ReferenceDataError(path: path, line: line, column: 1,
                                         message: "expected \(header.count) fields, found \(f.count)")
            }
            func number(_ i: Int) throws -> Double? {
                let t = f[i].trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return nil }
                guard let x = Double(t), x.isFinite else {
                    throw ReferenceDataError(path: path, line: line, column: i + 1,
                                             message: "expected a number in column \(header[i]), found '\(t)'")
                }
                return x
            }
            guard try number(cValue) != nil else {
                throw ReferenceDataError(path: path, line: line, column: cValue + 1, message: "expected a value")
            }
            out.append(IF97CheckValue(line: line, region: f[cRegion], quantity: f[cQuantity],
                                      temperature: try number(cT), pressure: try number(cP).map { $0 * 1e6 },
                                      valueText: f[cValue], fileUnit: f[cUnit], source: f[cSource], note: f[cNote],
                                      coolPropText: f[cCool]))
        }
        return out
    }

    /// Factor from the file's unit to SI, and the SI unit.
    static func siUnit(_ unit: String) -> (factor: Double, unit: String) {
        switch unit {
        case "kJ/kg": return (1e3, "J/kg")
        case "kJ/(kg K)": return (1e3, "J/(kg·K)")
        case "MPa": return (1e6, "Pa")
        case "m3/kg": return (1, "m³/kg")
        case "-": return (1, "-")
        default: return (1, unit)
        }
    }
}

/// Rows comparing `IF97` with every check value in reference/properties/if97-check-values.csv.
public enum IF97Validation {
    public static let checkValueFile = "reference/properties/if97-check-values.csv"
    /// The issue's tolerance for IF97 rows (relative).
    public static let baseTolerance = 1e-8

    /// The validation group.
    public static var group: ValidationGroup {
        ValidationGroup(name: "IF97",
                        summary: "IAPWS-IF97 steam properties (SolarTower `IF97`) against the IAPWS R7-97(2012) "
                            + "check values and the main-steam/condenser states in \(checkValueFile).",
                        requiredSharedFiles: [checkValueFile]) { context in
            guard let path = context.sharedPath(checkValueFile) else { return [] }
            return try rows(checkValues: try IF97CheckValue.load(path: path))
        }
    }

    /// One row per check value, plus one row for the exact (iterated) isentropic pump state vs CoolProp.
    public static func rows(checkValues: [IF97CheckValue]) throws -> [ValidationRow] {
        var rows: [ValidationRow] = []
        for c in checkValues {
            rows.append(row(c, all: checkValues))
            if c.quantity == "h_after_isentropic_pump_from_8kPa_satliq", let p = c.pressure {
                // The file's T_K column is the temperature after the pump; CoolProp's value is the one from
                // the backward equation T(p,s) alone (no iteration), which we reproduce to show it.
                let sf = try IF97.saturatedLiquid(pressure: 8e3).entropy
                let exact = try? IF97.state(pressure: p, entropy: sf)
                if let t = c.temperature {
                    let text = String(format: "%.6f", t)
                    rows.append(ValidationRow(
                        caseName: "pump 8 kPa sat. liquid → \(mpa(p)) MPa", quantity: "T after isentropic pump",
                        unit: "K", ours: exact?.temperature, reference: t,
                        tolerance: printedPrecisionTolerance(text, base: baseTolerance).tolerance,
                        toleranceKind: .relative, source: "\(checkValueFile):\(c.line) (T_K column) — \(c.source)",
                        note: "ours: IF97.state(pressure:entropy:), backward T(p,s) refined by Newton iteration"))
                }
                if let cool = Double(c.coolPropText) {
                    let tb = IF97.region1Temperature(pressure: p, entropy: sf)
                    let hb = try? IF97.region1(pressure: p, temperature: tb).enthalpy
                    rows.append(ValidationRow(
                        caseName: "pump 8 kPa sat. liquid → \(mpa(p)) MPa (backward eq. only)", quantity: "h",
                        unit: "J/kg", ours: hb, reference: cool * 1e3,
                        tolerance: printedPrecisionTolerance(c.coolPropText, base: baseTolerance).tolerance,
                        toleranceKind: .relative,
                        source: "CoolProp 8.0.0 IF97 backend (coolprop_value column, line \(c.line))",
                        note: "ours: T from the region-1 backward equation T(p,s) alone (\(String(format: "%.6f", tb)) K), "
                            + "then h(p,T): this reproduces CoolProp's figure, so CoolProp is the one without iteration "
                            + "(the file's note says the opposite); the exact state is the row above"))
                }
            }
        }
        return rows
    }

    static func mpa(_ p: Double) -> String { String(format: "%g", p / 1e6) }

    /// Number after "key=" in a note such as "h=500 kJ/kg".
    static func input(_ key: String, in text: String) -> Double? {
        guard let r = text.range(of: key + "=") else { return nil }
        let rest = text[r.upperBound...].prefix { "0123456789.eE+-".contains($0) }
        return Double(rest)
    }

    /// Computes our value of one check value (SI), and a note on how.
    static func ours(_ c: IF97CheckValue, all: [IF97CheckValue]) throws -> (value: Double, caseName: String, note: String) {
        let q = c.quantity
        let t = c.temperature, p = c.pressure
        func property(_ s: SteamState) throws -> Double {
            switch q {
            case "v": return s.specificVolume
            case "h": return s.enthalpy
            case "u": return s.internalEnergy
            case "s": return s.entropy
            case "cp": return s.cp
            case "cv": return s.cv
            case "w": return s.speedOfSound
            case "p": return s.pressure
            default: throw IF97Error(function: "IF97Validation", message: "unknown quantity \(q)")
            }
        }
        func need<T>(_ x: T?, _ what: String) throws -> T {
            guard let x else { throw IF97Error(function: "IF97Validation", message: "line \(c.line): missing \(what)") }
            return x
        }
        switch (c.region, q) {
        case ("1", "T(p,h) backward"):
            let h = try need(input("h", in: c.note), "input h") * 1e3
            let pp = try need(p, "p")
            return (IF97.region1Temperature(pressure: pp, enthalpy: h), "R1 T(p,h) p=\(mpa(pp)) MPa h=\(h / 1e3) kJ/kg",
                    "IF97.region1Temperature(pressure:enthalpy:), eq. 11")
        case ("1", "T(p,s) backward"):
            let s = try need(input("s", in: c.note), "input s") * 1e3
            let pp = try need(p, "p")
            return (IF97.region1Temperature(pressure: pp, entropy: s), "R1 T(p,s) p=\(mpa(pp)) MPa s=\(s / 1e3) kJ/(kg·K)",
                    "IF97.region1Temperature(pressure:entropy:), eq. 13")
        case ("2a", "T(p,h) backward"), ("2b", "T(p,h) backward"), ("2c", "T(p,h) backward"):
            let h = try need(input("h", in: c.note), "input h") * 1e3
            let pp = try need(p, "p")
            let sub = IF97.Region2Subregion(rawValue: c.region)!
            let chosen = IF97.region2Subregion(pressure: pp, enthalpy: h)
            return (IF97.region2Temperature(pressure: pp, enthalpy: h, subregion: sub),
                    "R\(c.region) T(p,h) p=\(mpa(pp)) MPa h=\(h / 1e3) kJ/kg",
                    "eqs. 22–24, subregion \(c.region)" + (chosen == sub ? "" : " (B2bc selects \(chosen.rawValue))"))
        case ("2a", "T(p,s) backward"), ("2b", "T(p,s) backward"), ("2c", "T(p,s) backward"):
            let s = try need(input("s", in: c.note), "input s") * 1e3
            let pp = try need(p, "p")
            let sub = IF97.Region2Subregion(rawValue: c.region)!
            return (IF97.region2Temperature(pressure: pp, entropy: s, subregion: sub),
                    "R\(c.region) T(p,s) p=\(mpa(pp)) MPa s=\(s / 1e3) kJ/(kg·K)", "eqs. 25–27, subregion \(c.region)")
        case ("B23", "p_B23(T)"):
            let tt = try need(t, "T")
            return (IF97.boundary23Pressure(temperature: tt), "B23 T=\(tt) K", "IF97.boundary23Pressure, eq. 5")
        case ("B23", "T_B23(p)"):
            let pp = try need(p, "p")
            return (IF97.boundary23Temperature(pressure: pp), "B23 p=\(mpa(pp)) MPa", "IF97.boundary23Temperature, eq. 6")
        case ("3", _):
            let rho = try need(input("rho", in: c.note), "input rho")
            let tt = try need(t, "T")
            return (try property(try IF97.region3(density: rho, temperature: tt)), "R3 T=\(tt) K rho=\(rho) kg/m³",
                    "IF97.region3(density:temperature:), eq. 28")
        case ("4", "p_sat(T)"):
            let tt = try need(t, "T")
            return (try IF97.saturationPressure(temperature: tt), "R4 T=\(tt) K", "eq. 30")
        case ("4", "T_sat(p)"):
            let pp = try need(p, "p")
            return (try IF97.saturationTemperature(pressure: pp), "R4 p=\(mpa(pp)) MPa", "eq. 31")
        case ("4", "h_f"), ("4", "s_f"), ("4", "v_f"), ("4", "h_g"), ("4", "s_g"), ("4", "v_g"):
            let pp = try need(p, "p")
            let liquid = q.hasSuffix("_f")
            let st = liquid ? try IF97.saturatedLiquid(pressure: pp) : try IF97.saturatedVapour(pressure: pp)
            let value: Double
            switch q.prefix(1) {
            case "h": value = st.enthalpy
            case "s": value = st.entropy
            default: value = st.specificVolume
            }
            return (value, "R4 sat. \(liquid ? "liquid" : "vapour") p=\(mpa(pp)) MPa",
                    liquid ? "region 1 at T_sat(p)" : "region 2 at T_sat(p)")
        case ("4", "x_isentropic_to_8kPa"), ("4", "h_isentropic_to_8kPa"):
            // Main steam: the rows whose note is the part of this note before ':'.
            let key = String(c.note.split(separator: ":").first ?? "")
            guard let main = all.first(where: { $0.note == key && $0.temperature != nil && $0.pressure != nil }) else {
                throw IF97Error(function: "IF97Validation", message: "line \(c.line): no main-steam row with note '\(key)'")
            }
            let inlet = try IF97.state(pressure: main.pressure!, temperature: main.temperature!)
            let out = try IF97.state(pressure: try need(p, "p"), entropy: inlet.entropy)
            let value = q.hasPrefix("x") ? try need(out.quality, "two-phase outlet") : out.enthalpy
            return (value, "\(key) → \(mpa(p!)) MPa isentropic",
                    "inlet T=\(main.temperature!) K p=\(mpa(main.pressure!)) MPa (line \(main.line)); "
                        + "IF97.state(pressure:entropy:) in the two-phase region")
        case ("1", "h_after_isentropic_pump_from_8kPa_satliq"):
            let pp = try need(p, "p")
            let s = try IF97.saturatedLiquid(pressure: 8e3).entropy
            let out = try IF97.state(pressure: pp, entropy: s)
            return (out.enthalpy, "pump 8 kPa sat. liquid → \(mpa(pp)) MPa",
                    "ours: IF97.state(pressure:entropy:) — backward T(p,s) refined by Newton iteration on the forward "
                        + "equation (exact isentropic state, T = \(String(format: "%.6f", out.temperature)) K)")
        case ("1", _), ("2", _), ("5", _):
            let tt = try need(t, "T"), pp = try need(p, "p")
            let st: SteamState
            switch c.region {
            case "1": st = try IF97.region1(pressure: pp, temperature: tt)
            case "2": st = try IF97.region2(pressure: pp, temperature: tt)
            default: st = try IF97.region5(pressure: pp, temperature: tt)
            }
            return (try property(st), "R\(c.region) T=\(tt) K p=\(mpa(pp)) MPa", "IF97.region\(c.region)(pressure:temperature:)")
        default:
            throw IF97Error(function: "IF97Validation", message: "line \(c.line): no rule for region \(c.region) \(q)")
        }
    }

    /// The validation row of one check value (a failure to compute is a failing row).
    public static func row(_ c: IF97CheckValue, all: [IF97CheckValue]) -> ValidationRow {
        let (factor, unit) = IF97CheckValue.siUnit(c.fileUnit)
        let reference = Double(c.valueText)! * factor
        let (tolerance, digits) = printedPrecisionTolerance(c.valueText, base: baseTolerance)
        var notes: [String] = []
        if tolerance > baseTolerance {
            notes.append("reference printed to \(digits) significant digits: tolerance = half a unit in its last digit")
        }
        if !c.note.isEmpty { notes.append("file note: \(c.note)") }
        let source = "\(checkValueFile):\(c.line) — \(c.source)"
        do {
            let (value, name, how) = try ours(c, all: all)
            return ValidationRow(caseName: name, quantity: c.quantity, unit: unit, ours: value, reference: reference,
                                 tolerance: tolerance, toleranceKind: .relative, source: source,
                                 note: ([how] + notes).joined(separator: "; "))
        } catch {
            return ValidationRow(caseName: "line \(c.line) region \(c.region)", quantity: c.quantity, unit: unit,
                                 ours: nil, reference: reference, tolerance: tolerance, toleranceKind: .relative,
                                 source: source, note: "could not compute: \(error)")
        }
    }
}
