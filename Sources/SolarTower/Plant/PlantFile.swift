import Foundation
import TOMLKit

/// Why a plant file was rejected: names the file, the key (as `table.key`), the line where known, and
/// what was expected.
public struct PlantFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is (tests assert on this).
    public enum Kind: String, Sendable, Equatable {
        case unreadable, syntax, missingKey, wrongType, outOfRange, unknownKey
    }
    public var kind: Kind
    public var path: String
    /// Dotted key, e.g. `storage.hours` (empty for whole-file problems).
    public var key: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    public var message: String

    public init(_ kind: Kind, path: String, key: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.kind = kind; self.path = path; self.key = key; self.line = line; self.column = column
        self.message = message
    }

    /// `path:line:column: message`.
    public var description: String {
        var s = path
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s + ": " + message
    }
}

/// Reads plant files (`Plants/*.toml`, TOML decoded with TOMLKit) into a `PlantSpec`, converting to SI.
///
/// Units are in the key names (`_m`, `_C`, `_MW`, `_h`, …). Every key is required unless listed below with its
/// default. A `[field]` table (written by the field model) is ignored here.
///
/// Optional keys and defaults:
/// - `plant.weather` (none), `plant.availability` = 1.0;
/// - `power_block.approach_C` = 5 (used only when `cooling = "wet"`);
/// - `dispatch.*`: the whole table may be omitted: `initial_charge_fraction` = 0, `allow_standby` = false,
///   `start_reserve_h` = 1.
public enum PlantFile {
    /// Largest plant file accepted. [bytes]
    public static let maximumFileSize: Int64 = 16 << 20

    /// Loads and checks the plant file at `path`.
    public static func load(path: String) throws -> PlantSpec {
        try parse(readText(path: path), path: path)
    }

    /// Parses the bytes of a plant file (UTF-8 TOML); `path` is used in error messages.
    public static func parse(data: Data, path: String) throws -> PlantSpec {
        try parse(text(data, path: path), path: path)
    }

    /// The text of the plant file at `path`, refused when larger than `maximumFileSize` or not UTF-8.
    static func readText(path: String) throws -> String {
        // A plant file is a few kB (its layout CSV is read separately): refuse anything huge before reading it, so a
        // wrong argument (a 2 GB binary) is rejected at once instead of after reading it all into memory.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
           size.int64Value > maximumFileSize {
            throw PlantFileError(.unreadable, path: path, key: "",
                                 "file is \(size.int64Value) bytes; a plant file (TOML) of at most \(maximumFileSize) bytes expected")
        }
        if let problem = InputFile.problem(at: path) {
            throw PlantFileError(.unreadable, path: path, key: "",
                                 problem + "; expected a plant file (TOML), e.g. Plants/delingha-50mw.toml")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlantFileError(.unreadable, path: path, key: "", "cannot read the file (permission?); expected a plant file (TOML)")
        }
        return try text(data, path: path)
    }

    /// Plant-file bytes as text: at most `maximumFileSize` bytes of UTF-8.
    static func text(_ data: Data, path: String) throws -> String {
        if Int64(data.count) > maximumFileSize {
            throw PlantFileError(.unreadable, path: path, key: "",
                                 "file is \(data.count) bytes; a plant file (TOML) of at most \(maximumFileSize) bytes expected")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PlantFileError(.unreadable, path: path, key: "", "cannot read the file as UTF-8 text")
        }
        return text
    }

    /// Parses plant-file text; `path` is used in error messages.
    public static func parse(_ text: String, path: String) throws -> PlantSpec {
        if let bad = TOMLGuard.firstProblem(text) {
            throw PlantFileError(.syntax, path: path, key: "", line: bad.line, column: bad.column,
                                 "\(bad.message), found '\(bad.found)'")
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw PlantFileError(.syntax, path: path, key: "", line: e.source.begin.line,
                                 column: e.source.begin.column, "TOML syntax error: \(e.description)")
        }
        // Lines end at LF (CR LF is one Character in a String, so split the scalars), without a trailing CR.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(String.UnicodeScalarView($0.last == "\r" ? $0.dropLast() : $0))
        }
        let r = Reader(root: root, path: path, lines: lines)
        return try r.spec()
    }

    /// Typed access to the TOML tree with errors naming key and line.
    struct Reader {
        let root: TOMLTable
        let path: String
        let lines: [String]

        /// Line of `key` inside `[table]`, or of the table header, by scanning the text.
        func line(_ table: String, _ key: String?) -> Int? {
            var inTable = false
            var headerLine: Int?
            for (i, raw) in lines.enumerated() {
                let l = raw.trimmingCharacters(in: .whitespaces)
                if l.hasPrefix("[") {
                    let name = l.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).split(separator: "#").first
                        .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")) } ?? ""
                    inTable = name == table
                    if inTable { headerLine = i + 1 }
                    continue
                }
                if inTable, let key, l.hasPrefix(key) {
                    let rest = l.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
                    if rest.hasPrefix("=") { return i + 1 }
                }
            }
            return headerLine
        }

        func table(_ name: String) throws -> TOMLTable {
            guard let v = root[name] else {
                throw PlantFileError(.missingKey, path: path, key: name, "missing table [\(name)]")
            }
            guard let t = v.table else {
                throw PlantFileError(.wrongType, path: path, key: name, line: line(name, nil),
                                     "'\(name)' must be a table, found \(v.type)")
            }
            return t
        }

        func optionalNumber(_ t: String, _ k: String) throws -> Double? {
            guard let tab = root[t]?.table, let v = tab[k] else { return nil }
            if let d = v.double { return d }
            if let i = v.int { return Double(i) }
            throw PlantFileError(.wrongType, path: path, key: "\(t).\(k)", line: line(t, k),
                                 "\(t).\(k) must be a number, found \(v.type)")
        }

        func number(_ t: String, _ k: String, _ range: ClosedRange<Double>? = nil, what: String = "") throws -> Double {
            _ = try table(t)
            guard let d = try optionalNumber(t, k) else {
                throw PlantFileError(.missingKey, path: path, key: "\(t).\(k)", line: line(t, nil),
                                     "missing required key \(t).\(k)\(what.isEmpty ? "" : " (\(what))")")
            }
            try check(t, k, d, range)
            return d
        }

        func check(_ t: String, _ k: String, _ d: Double, _ range: ClosedRange<Double>?) throws {
            guard d.isFinite else {
                throw PlantFileError(.outOfRange, path: path, key: "\(t).\(k)", line: line(t, k), "\(t).\(k) must be finite")
            }
            if let range, !range.contains(d) {
                throw PlantFileError(.outOfRange, path: path, key: "\(t).\(k)", line: line(t, k),
                                     "\(t).\(k) = \(d) is out of range; expected \(range.lowerBound) … \(range.upperBound)")
            }
        }

        func integer(_ t: String, _ k: String, _ range: ClosedRange<Int>) throws -> Int {
            let tab = try table(t)
            guard let v = tab[k] else {
                throw PlantFileError(.missingKey, path: path, key: "\(t).\(k)", line: line(t, nil), "missing required key \(t).\(k)")
            }
            guard let i = v.int else {
                throw PlantFileError(.wrongType, path: path, key: "\(t).\(k)", line: line(t, k),
                                     "\(t).\(k) must be an integer, found \(v.type)")
            }
            guard range.contains(i) else {
                throw PlantFileError(.outOfRange, path: path, key: "\(t).\(k)", line: line(t, k),
                                     "\(t).\(k) = \(i) is out of range; expected \(range.lowerBound) … \(range.upperBound)")
            }
            return i
        }

        func string(_ t: String, _ k: String, optional: Bool = false) throws -> String? {
            let tab = try table(t)
            guard let v = tab[k] else {
                if optional { return nil }
                throw PlantFileError(.missingKey, path: path, key: "\(t).\(k)", line: line(t, nil), "missing required key \(t).\(k)")
            }
            guard let s = v.string else {
                throw PlantFileError(.wrongType, path: path, key: "\(t).\(k)", line: line(t, k),
                                     "\(t).\(k) must be a string, found \(v.type)")
            }
            return s
        }

        func bool(_ t: String, _ k: String, default def: Bool) throws -> Bool {
            guard let tab = root[t]?.table, let v = tab[k] else { return def }
            guard let b = v.bool else {
                throw PlantFileError(.wrongType, path: path, key: "\(t).\(k)", line: line(t, k),
                                     "\(t).\(k) must be true or false, found \(v.type)")
            }
            return b
        }

        func celsius(_ t: String, _ k: String) throws -> Double { try number(t, k, -90...1000) + 273.15 }

        /// Keys each thermal table may hold; anything else is a typo and an error (`[field]` and other tables
        /// are left to their own readers).
        static let knownKeys: [String: Set<String>] = [
            "plant": ["name", "description", "weather", "availability"],
            "site": ["latitude_deg", "longitude_deg", "elevation_m", "utc_offset_h"],
            "receiver": ["height_m", "diameter_m", "optical_height_m", "panels", "flow_paths", "tube_outer_diameter_mm",
                         "tube_wall_thickness_mm", "tube_conductivity_W_mK", "absorptance", "emissivity",
                         "outlet_temperature_C", "inlet_temperature_C", "solar_multiple", "min_turndown_fraction",
                         "max_flow_fraction", "startup_time_h", "startup_energy_h", "preheat_flux_kW_m2",
                         "max_flux_kW_m2", "piping_loss_W_per_m", "piping_length_m", "convection_multiplier",
                         "pump_efficiency", "tube_pressure_drop_MPa"],
            "storage": ["hours", "tank_height_m", "heel_fraction", "tank_loss_W_m2K", "hot_heater_setpoint_C",
                        "cold_heater_setpoint_C", "hot_heater_MW", "cold_heater_MW", "heater_efficiency"],
            "power_block": ["gross_MW", "design_efficiency", "cooling", "design_ambient_C", "condenser_delta_T_C",
                            "approach_C", "min_condenser_pressure_kPa", "heat_addition_temperature_C",
                            "no_load_fraction", "min_load_fraction", "max_load_fraction", "startup_time_h",
                            "startup_energy_h", "standby_fraction", "cooling_power_fraction"],
            "parasitics": ["fixed_fraction", "bop_fraction", "cycle_pump_kW_per_kg_s", "tracking_kW", "field_startup_kWh"],
            "dispatch": ["initial_charge_fraction", "allow_standby", "start_reserve_h"],
        ]

        func rejectUnknownKeys() throws {
            for (table, known) in Self.knownKeys.sorted(by: { $0.key < $1.key }) {
                guard let t = root[table]?.table else { continue }
                for key in t.keys.sorted() where !known.contains(key) {
                    throw PlantFileError(.unknownKey, path: path, key: "\(table).\(key)", line: line(table, key),
                                         "unknown key \(table).\(key); expected one of: \(known.sorted().joined(separator: ", "))")
                }
            }
        }

        func spec() throws -> PlantSpec {
            try rejectUnknownKeys()
            let frac: ClosedRange<Double> = 0...1
            // Open-ended quantities stop at 1e9 (in their file units): far above any plant, and low enough that
            // the SI conversions and design quantities built from them stay finite (gross_MW = 1e308 gave an
            // infinite design thermal power; diameter_m = 1e300 a tube count beyond Int).
            let pos: ClosedRange<Double> = 1e-12...1e9
            let nonneg: ClosedRange<Double> = 0...1e9
            // [plant]
            let name = try string("plant", "name")!
            let description = try string("plant", "description")!
            let weather = try string("plant", "weather", optional: true)
            let availability = try optionalNumber("plant", "availability") ?? 1.0
            try check("plant", "availability", availability, frac)
            // [site]
            let site = Site(name: name,
                            latitude: try number("site", "latitude_deg", -90...90),
                            longitude: try number("site", "longitude_deg", -180...180),
                            elevation: try number("site", "elevation_m", -500...9000),
                            utcOffset: try number("site", "utc_offset_h", -14...14))
            // [power_block]
            let pbT = "power_block"
            let tHot = try celsius("receiver", "outlet_temperature_C")
            let tCold = try celsius("receiver", "inlet_temperature_C")
            for (k, t) in [("outlet_temperature_C", tHot), ("inlet_temperature_C", tCold)] where !SolarSalt.isValid(t) {
                throw PlantFileError(.outOfRange, path: path, key: "receiver.\(k)", line: line("receiver", k),
                                     "receiver.\(k) = \(t - 273.15) °C is outside solar salt's range 238 … 593 °C")
            }
            guard tHot > tCold + 10 else {
                throw PlantFileError(.outOfRange, path: path, key: "receiver.outlet_temperature_C",
                                     line: line("receiver", "outlet_temperature_C"),
                                     "receiver.outlet_temperature_C must exceed inlet_temperature_C by more than 10 K")
            }
            let coolingName = try string(pbT, "cooling")!
            guard let cooling = RankineCycle.Cooling(rawValue: coolingName) else {
                throw PlantFileError(.outOfRange, path: path, key: "\(pbT).cooling", line: line(pbT, "cooling"),
                                     "\(pbT).cooling = \"\(coolingName)\"; expected \"dry\" or \"wet\"")
            }
            let approach = try optionalNumber(pbT, "approach_C") ?? 5
            try check(pbT, "approach_C", approach, 0...30)
            let pb = RankineCycle.Spec(
                grossRating: try number(pbT, "gross_MW", pos) * 1e6,
                designEfficiency: try number(pbT, "design_efficiency", 0.05...0.7),
                hotTemperature: tHot, coldTemperature: tCold, cooling: cooling,
                designAmbient: try celsius(pbT, "design_ambient_C"),
                condenserDeltaT: try number(pbT, "condenser_delta_T_C", 3.5...60),
                approach: approach,
                minCondenserPressure: try number(pbT, "min_condenser_pressure_kPa", 1...50) * 1e3,
                heatAdditionTemperature: try celsius(pbT, "heat_addition_temperature_C"),
                noLoadFraction: try number(pbT, "no_load_fraction", 0...0.5),
                minLoadFraction: try number(pbT, "min_load_fraction", frac),
                maxLoadFraction: try number(pbT, "max_load_fraction", 0.5...1.5),
                startupTime: try number(pbT, "startup_time_h", 0...24) * 3600,
                startupEnergyFraction: try number(pbT, "startup_energy_h", 0...24),
                standbyFraction: try number(pbT, "standby_fraction", frac),
                coolingPowerFraction: try number(pbT, "cooling_power_fraction", frac))
            // [receiver]
            let rT = "receiver"
            let geometry = ReceiverGeometry(height: try number(rT, "height_m", pos),
                                            diameter: try number(rT, "diameter_m", pos),
                                            opticalHeight: try number(rT, "optical_height_m", pos))
            let sm = try number(rT, "solar_multiple", 0.1...10)
            let od = try number(rT, "tube_outer_diameter_mm", 1...500) / 1000
            let th = try number(rT, "tube_wall_thickness_mm", 0.1...50) / 1000
            guard 2 * th < od else {
                throw PlantFileError(.outOfRange, path: path, key: "\(rT).tube_wall_thickness_mm",
                                     line: line(rT, "tube_wall_thickness_mm"), "tube wall thicker than half the tube diameter")
            }
            let receiver = ExternalCylindricalReceiver.Spec(
                geometry: geometry,
                panels: try integer(rT, "panels", 1...1000),
                flowPaths: try integer(rT, "flow_paths", 1...100),
                tubeOuterDiameter: od, tubeWallThickness: th,
                tubeConductivity: try number(rT, "tube_conductivity_W_mK", pos),
                absorptance: try number(rT, "absorptance", frac),
                emissivity: try number(rT, "emissivity", frac),
                hotTemperature: tHot, coldTemperature: tCold,
                designThermalPower: sm * pb.designHeatInput,
                minTurndownFraction: try number(rT, "min_turndown_fraction", frac),
                maxFlowFraction: try number(rT, "max_flow_fraction", 1...5),
                startupTime: try number(rT, "startup_time_h", 0...24) * 3600,
                startupEnergyFraction: try number(rT, "startup_energy_h", 0...24),
                preheatFlux: try number(rT, "preheat_flux_kW_m2", nonneg) * 1e3,
                maxFlux: try number(rT, "max_flux_kW_m2", pos) * 1e3,
                pipingLossPerLength: try number(rT, "piping_loss_W_per_m", nonneg),
                pipingLength: try number(rT, "piping_length_m", nonneg),
                convectionMultiplier: try number(rT, "convection_multiplier", 0...20),
                pumpEfficiency: try number(rT, "pump_efficiency", 0.05...1),
                tubePressureDropDesign: try number(rT, "tube_pressure_drop_MPa", nonneg) * 1e6)
            guard receiver.panels % receiver.flowPaths == 0 else {
                throw PlantFileError(.outOfRange, path: path, key: "\(rT).flow_paths", line: line(rT, "flow_paths"),
                                     "receiver.panels must be a multiple of receiver.flow_paths")
            }
            // [storage]
            let sT = "storage"
            let hours = try number(sT, "hours", 0...1000, what: "full-load hours of storage")
            let storage = TwoTankStorage.Spec(
                capacity: hours * 3600 * pb.designHeatInput,
                hotTemperature: tHot, coldTemperature: tCold,
                tankHeight: try number(sT, "tank_height_m", pos),
                heelFraction: try number(sT, "heel_fraction", 0...0.9),
                lossCoefficient: try number(sT, "tank_loss_W_m2K", nonneg),
                hotHeaterSetPoint: try celsius(sT, "hot_heater_setpoint_C"),
                coldHeaterSetPoint: try celsius(sT, "cold_heater_setpoint_C"),
                hotHeaterPower: try number(sT, "hot_heater_MW", nonneg) * 1e6,
                coldHeaterPower: try number(sT, "cold_heater_MW", nonneg) * 1e6,
                heaterEfficiency: try number(sT, "heater_efficiency", 0.05...1))
            // [parasitics]
            let pT = "parasitics"
            let par = ParasiticSpec(
                fixedFraction: try number(pT, "fixed_fraction", frac),
                balanceOfPlantFraction: try number(pT, "bop_fraction", frac),
                cyclePumpPerFlow: try number(pT, "cycle_pump_kW_per_kg_s", nonneg) * 1e3,
                trackingPower: try number(pT, "tracking_kW", nonneg) * 1e3,
                fieldStartupEnergy: try number(pT, "field_startup_kWh", nonneg) * 3.6e6)
            // [dispatch] (optional table)
            let dT = "dispatch"
            if let v = root[dT], v.table == nil {
                throw PlantFileError(.wrongType, path: path, key: dT, line: line(dT, nil), "'dispatch' must be a table")
            }
            let initial = try optionalNumber(dT, "initial_charge_fraction") ?? 0
            try check(dT, "initial_charge_fraction", initial, frac)
            let reserve = try optionalNumber(dT, "start_reserve_h") ?? 1
            try check(dT, "start_reserve_h", reserve, 0...48)
            let dispatch = DispatchSpec(initialChargeFraction: initial,
                                        allowStandby: try bool(dT, "allow_standby", default: false),
                                        startReserveHours: reserve)
            return PlantSpec(name: name, description: description, weather: weather, site: site, receiver: receiver,
                             storage: storage, powerBlock: pb, parasitics: par, dispatch: dispatch,
                             availability: availability, sourcePath: path)
        }
    }
}

/// Finds text that TOMLKit 0.6's bundled toml++ aborts on instead of reporting a syntax error (assertions that
/// stop the process in debug builds and become unchecked assumptions in release builds), so that such text
/// never reaches TOMLKit. Both were found by the plant-toml fuzz harness:
/// - a table header that does not start with a key (`[.`, `[[+`, `[é`): toml++ enters its key parser
///   unchecked (fixed upstream in toml++ pull request 301);
/// - a `}` where an array expects a value (`x = [}`): toml++ enters its value parser unchecked.
/// Tracks strings, comments and values over several lines so that only document-level `[` are taken as
/// headers; text it passes that is still malformed is left to TOMLKit's own error.
enum TOMLGuard {
    struct Problem: Equatable {
        var line: Int, column: Int
        /// The offending character.
        var found: String
        var message: String
    }

    static func firstProblem(_ text: String) -> Problem? {
        let c = Array(text.unicodeScalars)
        var i = 0, line = 1, lineStart = 0
        var open: [Unicode.Scalar] = []   // [ and { open in the current value, innermost last
        var inValue = false               // after `key =`, until the value's line ends with nothing open
        if c.first == "\u{FEFF}" { i = 1; lineStart = 1 }
        // toml++'s bare-key characters (ASCII only: its Unicode bare keys are an unreleased feature, off) and quotes.
        func isKeyStart(_ u: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(u) || ("A"..."Z").contains(u) || ("0"..."9").contains(u)
                || u == "_" || u == "-" || u == "\"" || u == "'"
        }
        func problem(at j: Int, _ message: String) -> Problem {
            Problem(line: line, column: j - lineStart + 1, found: String(c[j]), message: message)
        }
        /// Skips the string opening at `i`; stops at the end of its line when it is not multi-line.
        func skipString() {
            let q = c[i]
            let triple = i + 2 < c.count && c[i + 1] == q && c[i + 2] == q
            i += triple ? 3 : 1
            while i < c.count {
                let u = c[i]
                if u == "\\" && q == "\"" { i += 2; continue }
                if u == "\n" {
                    if !triple { return }
                    line += 1; lineStart = i + 1
                }
                if u == q {
                    if !triple { i += 1; return }
                    if i + 2 < c.count && c[i + 1] == q && c[i + 2] == q {
                        i += 3
                        // Up to two more quotes belong to the string (`"""a""""`).
                        var extra = 0
                        while extra < 2 && i < c.count && c[i] == q { i += 1; extra += 1 }
                        return
                    }
                }
                i += 1
            }
        }
        func skipToEndOfLine() { while i < c.count && c[i] != "\n" { i += 1 } }
        while i < c.count {
            let u = c[i]
            if u == "\n" {
                line += 1; lineStart = i + 1; i += 1
                if open.isEmpty { inValue = false }
                continue
            }
            if u == " " || u == "\t" || u == "\r" { i += 1; continue }
            if u == "#" { skipToEndOfLine(); continue }
            if u == "\"" || u == "'" { skipString(); continue }
            if inValue {
                switch u {
                case "[", "{": open.append(u)
                case "]": if open.last == "[" { open.removeLast() }
                case "}":
                    if open.last == "[" {
                        return problem(at: i, "TOML syntax error: '}' inside an array; expected a value, ',' or ']'")
                    }
                    if open.last == "{" { open.removeLast() }
                default: break
                }
                i += 1
                continue
            }
            if u == "[" {
                // Document-level `[`: a table header `[key]` or `[[key]]`.
                var j = i + 1
                var spaced = false
                while j < c.count && (c[j] == " " || c[j] == "\t") { j += 1; spaced = true }
                if j < c.count && c[j] == "[" && !spaced {
                    j += 1
                    while j < c.count && (c[j] == " " || c[j] == "\t") { j += 1 }
                }
                if j < c.count && c[j] != "]" && !isKeyStart(c[j]) {
                    return problem(at: j, "TOML syntax error: a table header must start with a key (letters, digits, _ or -, or a quoted key)")
                }
                i += 1
                skipToEndOfLine()
                continue
            }
            if u == "=" { inValue = true; open = [] }
            i += 1
        }
        return nil
    }
}
