import Foundation

extension SimulationResult {
    /// Hourly results as CSV: local time stamp, weather and sun used, field efficiency chain, then every thermal-chain
    /// column (`PlantResult.hourlyCSV`). Engineering units in the column names.
    public func hourlyCSV() -> String {
        SimulationResult.hourlyCSVHeader + "\n"
            + SimulationResult.hourlyCSVRows(records: weather.records[...], sun: sun[...], field: field, fieldOffset: 0,
                                             steps: thermal.steps[...])
    }

    /// Column names of `hourlyCSV` (no line end).
    public static let hourlyCSVHeader = "time_local,dni_W_m2,dry_bulb_C,wind_m_s,sun_zenith_deg,sun_azimuth_deg,"
        + "field_stowed,field_efficiency,cosine,shading,blocking,attenuation,intercept,reflectance,availability,"
        + "field_to_receiver_MW," + PlantResult.hourlyCSVHeader

    /// Rows of `hourlyCSV` (each ending in a line end) for consecutive records: `records`, `sun` and `steps` have the
    /// same length; the field result's arrays are read from index `fieldOffset` on (a chunk's own optics run: 0).
    public static func hourlyCSVRows(records: ArraySlice<WeatherRecord>, sun: ArraySlice<SunPosition>,
                                     field: FieldYearResult, fieldOffset: Int, steps: ArraySlice<ThermalStep>) -> String {
        let deg = 180 / Double.pi
        var out = ""
        for k in 0..<records.count {
            let r = records[records.startIndex + k], p = sun[sun.startIndex + k], i = fieldOffset + k
            let c = field.components[i]
            let values: [String] = [
                r.local.iso8601, String(format: "%.1f", r.dni), String(format: "%.2f", r.dryBulb - 273.15),
                String(format: "%.2f", r.windSpeed), String(format: "%.4f", p.zenith * deg),
                String(format: "%.4f", p.azimuth * deg), field.stowed[i] ? "1" : "0",
            ] + [field.efficiency[i], c.cosine, c.shading, c.blocking, c.attenuation, c.intercept, c.reflectance,
                 c.availability].map { String(format: "%.5f", $0) }
              + [String(format: "%.4f", field.powerOnReceiver[i] / 1e6)]
            out += values.joined(separator: ",") + "," + PlantResult.hourlyCSVRow(steps[steps.startIndex + k]) + "\n"
        }
        return out
    }
}
