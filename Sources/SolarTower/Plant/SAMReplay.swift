import Foundation

/// Replays NREL SAM's hourly molten-salt-tower output (`hourly.csv` of ../shared/reference/sam-mspt-*) through the
/// SolarTower thermal chain, so the receiver/storage/cycle/dispatch can be validated without the field model.
///
/// Input power on the receiver = SAM `q_sf_inc × eta_field` (what SAM's field offers, including hours SAM spent
/// starting the receiver, which SAM's `q_dot_rec_inc` omits) divided by the receiver absorptance: ssc's receiver
/// treats its flux as already absorbed (`csp_solver_mspt_receiver_222.cpp`: "q_dot_inc_sum … power absorbed";
/// its energy balance q_dot_rec_inc − q_thermal_loss − piping = Q_thermal has no reflection term), whereas
/// SolarTower applies absorptance in the receiver.
public struct SAMHourlyReplay: Sendable {
    /// Thermal inputs, one per CSV row.
    public var inputs: [ThermalInput]
    /// SAM receiver thermal output per hour. [W]
    public var receiverOutput: [Double]
    /// SAM power incident on the receiver while on (`q_dot_rec_inc`). [W]
    public var receiverIncidentOn: [Double]
    /// SAM cycle gross output. [W]
    public var gross: [Double]
    /// SAM net output to grid (`gen`, after the availability derate). [W]
    public var net: [Double]
    /// SAM net output before its availability derate (`P_out_net`). [W]
    public var netBeforeAvailability: [Double]
    /// Month of each row (1–12).
    public var month: [Int]

    /// Reads `path` (columns month,day,hour,beam,tdry,wspd,…,eta_field,q_sf_inc,q_dot_rec_inc,Q_thermal,…,P_cycle,
    /// …,gen). `absorptance` [0–1] converts SAM's absorbed-basis flux; `mirrorArea` [m²] gives DNI × area;
    /// `pressure` [Pa] is used for every hour (the CSV has none).
    public static func load(path: String, absorptance: Double, mirrorArea: Double, pressure: Double) throws -> SAMHourlyReplay {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw WeatherError(.unreadable, path: path, "cannot read SAM hourly CSV")
        }
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { throw WeatherError(.tooShort, path: path, "empty file") }
        let header = lines.removeFirst().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        func col(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw WeatherError(.missingColumn, path: path, line: 1, "missing column \(name)")
            }
            return i
        }
        let cMonth = try col("month"), cHour = try col("hour"), cBeam = try col("beam"), cT = try col("tdry")
        let cW = try col("wspd"), cEta = try col("eta_field"), cSf = try col("q_sf_inc")
        let cInc = try col("q_dot_rec_inc"), cQ = try col("Q_thermal"), cP = try col("P_cycle"), cGen = try col("gen"), cNet = try col("P_out_net")
        var r = SAMHourlyReplay(inputs: [], receiverOutput: [], receiverIncidentOn: [], gross: [], net: [], netBeforeAvailability: [], month: [])
        for (i, line) in lines.enumerated() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= header.count else {
                throw WeatherError(.missingField, path: path, line: i + 2, "expected \(header.count) fields, found \(f.count)")
            }
            func num(_ c: Int) throws -> Double {
                guard let v = Double(f[c].trimmingCharacters(in: .whitespaces)), v.isFinite else {
                    throw WeatherError(.notANumber, path: path, line: i + 2, column: c + 1,
                                       "\(header[c]): expected a number, found '\(f[c])'")
                }
                return v
            }
            let m = Int(try num(cMonth))
            let sf = try num(cSf), eta = try num(cEta), beam = try num(cBeam)
            let inc = sf * eta * 1e6 / absorptance
            r.inputs.append(ThermalInput(month: m, hourOfDay: try num(cHour) + 0.5, interval: 3600,
                                         receiverIncident: inc, fieldIncident: beam * mirrorArea,
                                         dryBulb: try num(cT) + 273.15, windSpeed: try num(cW), pressure: pressure))
            r.receiverOutput.append(try num(cQ) * 1e6)
            r.receiverIncidentOn.append(try num(cInc) * 1e6)
            r.gross.append(try num(cP) * 1e6)
            r.net.append(try num(cGen) * 1e3)
            r.netBeforeAvailability.append(try num(cNet) * 1e6)
            r.month.append(m)
        }
        return r
    }
}

/// Pearson correlation coefficient of two equally long series. [-]
public func pearsonCorrelation(_ a: [Double], _ b: [Double]) -> Double {
    let n = Double(min(a.count, b.count))
    guard n > 1 else { return .nan }
    let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
    var sab = 0.0, saa = 0.0, sbb = 0.0
    for i in 0..<Int(n) {
        let x = a[i] - ma, y = b[i] - mb
        sab += x * y; saa += x * x; sbb += y * y
    }
    return sab / (saa * sbb).squareRoot()
}
