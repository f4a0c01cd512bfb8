import Foundation

extension SimulationResult {
    /// Hourly results as CSV: local time stamp, weather and sun used, field efficiency chain, then every thermal-chain
    /// column (`PlantResult.hourlyCSV`). Engineering units in the column names.
    public func hourlyCSV() -> String {
        let thermalLines = thermal.hourlyCSV().split(separator: "\n", omittingEmptySubsequences: false)
        var out = "time_local,dni_W_m2,dry_bulb_C,wind_m_s,sun_zenith_deg,sun_azimuth_deg,field_stowed,field_efficiency,"
            + "cosine,shading,blocking,attenuation,intercept,reflectance,availability,field_to_receiver_MW,"
            + thermalLines[0] + "\n"
        let deg = 180 / Double.pi
        for (i, r) in weather.records.enumerated() {
            let c = field.components[i]
            let values: [String] = [
                r.local.iso8601, String(format: "%.1f", r.dni), String(format: "%.2f", r.dryBulb - 273.15),
                String(format: "%.2f", r.windSpeed), String(format: "%.4f", sun[i].zenith * deg),
                String(format: "%.4f", sun[i].azimuth * deg), field.stowed[i] ? "1" : "0",
            ] + [field.efficiency[i], c.cosine, c.shading, c.blocking, c.attenuation, c.intercept, c.reflectance,
                 c.availability].map { String(format: "%.5f", $0) }
              + [String(format: "%.4f", field.powerOnReceiver[i] / 1e6)]
            out += values.joined(separator: ",") + "," + thermalLines[i + 1] + "\n"
        }
        return out
    }
}
