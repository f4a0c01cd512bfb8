import Foundation

/// Writes a weather series in NREL SAM's CSV layout (as `daggett-tmy3-sam.csv`): one metadata header row
/// `Source,Location ID,City,State,Country,Latitude,Longitude,Time Zone,Elevation`, its values, then
/// `Year,Month,Day,Hour,GHI,DNI,DHI,Tdry,Tdew,RH,Pres,Wspd,Wdir,Albedo` with one row per record, the hour
/// 0–23 being the start of the interval in local standard time.
///
/// Units in the file (SAM's): irradiance W/m², temperatures °C, RH %, pressure mbar, wind m/s and degrees.
/// Optional fields missing from a record are written as empty cells.
public struct SAMCSVWriter: Sendable {
    /// Metadata written in the second row.
    public var source: String
    public var locationID: String
    public var city: String
    public var state: String
    public var country: String

    public init(source: String, locationID: String, city: String, state: String, country: String) {
        self.source = source
        self.locationID = locationID
        self.city = city
        self.state = state
        self.country = country
    }

    /// Why the file could not be written.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// The file's text.
    /// - Parameters:
    ///   - weather: the series (hourly or sub-hourly; `local` gives the calendar columns).
    ///   - albedo: ground albedo per record, or nil to leave the column empty. [-]
    public func text(_ weather: WeatherYear, albedo: [Double]? = nil) throws -> String {
        if let albedo, albedo.count != weather.records.count {
            throw WriteError(path: "", message: "albedo has \(albedo.count) values for \(weather.records.count) records")
        }
        for (name, value) in [("source", source), ("locationID", locationID), ("city", city), ("state", state),
                              ("country", country)] where value.contains(",") || value.contains("\n") {
            throw WriteError(path: "", message: "\(name) '\(value)' must not contain a comma or newline")
        }
        let s = weather.site
        var out = "Source,Location ID,City,State,Country,Latitude,Longitude,Time Zone,Elevation\n"
        out += "\(source),\(locationID),\(city),\(state),\(country),\(Self.number(s.latitude, 6)),"
            + "\(Self.number(s.longitude, 6)),\(Self.hours(s.utcOffset)),\(Self.number(s.elevation, 0))\n"
        out += "Year,Month,Day,Hour,GHI,DNI,DHI,Tdry,Tdew,RH,Pres,Wspd,Wdir,Albedo\n"
        out.reserveCapacity(out.utf8.count + weather.records.count * 64)
        for (i, r) in weather.records.enumerated() {
            guard [r.dni, r.dryBulb, r.pressure, r.windSpeed].allSatisfy(\.isFinite) else {
                throw WriteError(path: "", message: "record \(i + 1) (\(r.local.iso8601)) has a non-finite value")
            }
            var fields: [String] = [String(r.local.year), String(r.local.month), String(r.local.day), String(r.local.hour)]
            fields.append(r.ghi.map { Self.irradiance($0) } ?? "")
            fields.append(Self.irradiance(r.dni))
            fields.append(r.dhi.map { Self.irradiance($0) } ?? "")
            fields.append(Self.number(r.dryBulb - 273.15, 1))
            fields.append(r.dewPoint.map { Self.number($0 - 273.15, 1) } ?? "")
            fields.append(r.relativeHumidity.map { Self.number($0 * 100, 0) } ?? "")
            fields.append(Self.number(r.pressure / 100, 0))
            fields.append(Self.number(r.windSpeed, 1))
            fields.append(r.windDirection.map { Self.number($0, 0) } ?? "")
            fields.append(albedo.map { Self.number($0[i], 2) } ?? "")
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// Writes the file atomically: the text goes to a temporary file in the same folder, which is then
    /// renamed over `path`, so a killed run never leaves a half-written file.
    public func write(_ weather: WeatherYear, albedo: [Double]? = nil, to path: String) throws {
        let body: String
        do { body = try text(weather, albedo: albedo) } catch var e as WriteError {
            e.path = path
            throw e
        }
        do { try AtomicFile.write(body, to: path) } catch let e as AtomicFile.WriteError {
            throw WriteError(path: path, message: e.message)
        }
    }

    /// Irradiance: integer when whole, else the shortest decimal that reads back to the same value (one
    /// decimal could round a DNI just under the reader's extraterrestrial limit to just over it). [W/m²]
    static func irradiance(_ x: Double) -> String {
        x == x.rounded() ? number(x, 0) : "\(x)"
    }

    /// UTC offset, exact (shortest form that reads back to the same value): quarter-hour zones such as
    /// +5.75 h (Nepal) must not round to +5.8. [h]
    static func hours(_ x: Double) -> String { x == 0 ? "0.0" : "\(x)" }

    /// Fixed decimals without a negative zero.
    static func number(_ x: Double, _ decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", x)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(s.dropFirst()) }
        return s
    }
}
