import Foundation
import HDF5

extension ResultsArchive {
    /// Integer code of each plant operating mode (`/plant/mode`), stable across versions of schema 1.
    public static let operatingModeCodes: [(OperatingMode, Int32)] = [
        (.idle, 0), (.charging, 1), (.discharging, 2), (.collectingAndGenerating, 3), (.startingUp, 4),
    ]
    /// Integer code of each receiver mode (`/receiver/mode`).
    public static let receiverModeCodes: [(ExternalCylindricalReceiver.Mode, Int32)] = [(.off, 0), (.startingUp, 1), (.on, 2)]
    /// Integer code of each power block mode (`/powerblock/mode`).
    public static let cycleModeCodes: [(RankineCycle.Mode, Int32)] = [(.off, 0), (.startingUp, 1), (.standby, 2), (.on, 3)]

    /// `codes` text attribute ("0=idle, 1=charging, …") and `code_names` array (name at index = code).
    static func codeAttributes<M: RawRepresentable>(_ table: [(M, Int32)]) -> [String: H5AttributeValue]
        where M.RawValue == String {
        let sorted = table.sorted { $0.1 < $1.1 }
        return ["codes": .string(sorted.map { "\($0.1)=\($0.0.rawValue)" }.joined(separator: ", ")),
                "code_names": .strings(sorted.map(\.0.rawValue))]
    }

    static func code<M: Equatable>(_ value: M, in table: [(M, Int32)]) -> Int32 {
        table.first { $0.0 == value }?.1 ?? -1
    }

    /// Every dataset the archive holds for `result` (the per-heliostat hourly matrix aside), in writing order.
    /// Doubles are the model's values unchanged, so reading them back is bit-exact.
    public static func datasets(of result: SimulationResult, designPoint: DesignPoint? = nil) -> [Dataset] {
        var out: [Dataset] = []
        func add(_ path: String, _ values: [Double], _ units: String, _ description: String) {
            out.append(Dataset(path, .double(values), units: units, description))
        }
        func scalar(_ path: String, _ value: Double, _ units: String, _ description: String) {
            out.append(Dataset(path, .double([value]), shape: [], units: units, description))
        }
        let records = result.weather.records
        let steps = result.thermal.steps

        // /time
        out.append(Dataset("/time/local_iso8601", .strings(records.map(\.local.iso8601)), units: "ISO-8601",
                           "Interval start in local standard time (ISO-8601, no zone; see the root time_convention)"))
        add("/time/utc_seconds", records.map(\.start), "s", "Interval start, seconds since 1970-01-01T00:00:00Z")
        add("/time/interval_s", records.map(\.interval), "s", "Interval (record) length")

        // /weather
        add("/weather/dni", records.map(\.dni), "W/m2", "Direct normal irradiance (interval average)")
        optionalSeries(records.map(\.ghi)).map { add("/weather/ghi", $0.values, "W/m2", "Global horizontal irradiance" + $0.note) }
        optionalSeries(records.map(\.dhi)).map { add("/weather/dhi", $0.values, "W/m2", "Diffuse horizontal irradiance" + $0.note) }
        add("/weather/dry_bulb", records.map(\.dryBulb), "K", "Dry-bulb air temperature")
        optionalSeries(records.map(\.dewPoint)).map { add("/weather/dew_point", $0.values, "K", "Dew-point temperature" + $0.note) }
        optionalSeries(records.map(\.relativeHumidity)).map {
            add("/weather/relative_humidity", $0.values, "1", "Relative humidity (fraction 0-1)" + $0.note)
        }
        add("/weather/pressure", records.map(\.pressure), "Pa", "Station pressure")
        add("/weather/wind_speed", records.map(\.windSpeed), "m/s", "Wind speed at measurement height (usually 10 m)")
        optionalSeries(records.map(\.windDirection)).map {
            add("/weather/wind_direction", $0.values, "deg", "Wind direction, clockwise from north, where from" + $0.note)
        }

        // /sun
        let sun = result.sun
        add("/sun/zenith", sun.map(\.zenith), "rad", "Topocentric zenith angle with refraction, at the record's midpoint")
        add("/sun/azimuth", sun.map(\.azimuth), "rad", "Topocentric azimuth, eastward from north, at the record's midpoint")
        add("/sun/elevation", sun.map(\.elevation), "rad", "Elevation above the horizon (pi/2 - zenith)")

        // /field
        let f = result.field
        add("/field/efficiency", f.efficiency, "1",
            "Field optical efficiency: power on receiver / (DNI x reflective area); 0 when dark or stowed")
        let chain: [(String, KeyPath<FieldEfficiencyComponents, Double>, String)] = [
            ("cosine", \.cosine, "Mean cosine of incidence on the mirrors (area weighted)"),
            ("shading", \.shading, "Fraction not lost to shading by neighbours"),
            ("blocking", \.blocking, "Fraction of reflected light not blocked by neighbours"),
            ("attenuation", \.attenuation, "Atmospheric transmittance mirrors to receiver"),
            ("intercept", \.intercept, "Fraction of the reflected image that falls on the receiver"),
            ("reflectance", \.reflectance, "Mirror reflectance x cleanliness"),
            ("availability", \.availability, "Heliostat availability"),
        ]
        for (name, key, text) in chain {
            add("/field/" + name, f.components.map { $0[keyPath: key] }, "1", text + " (0 when dark or stowed)")
        }
        add("/field/power_on_receiver", f.powerOnReceiver, "W", "Power the field puts on the receiver (before absorptance)")
        out.append(Dataset("/field/stowed", .int32(f.stowed.map { $0 ? 1 : 0 }), units: "1",
                           "1 where the sun is up with DNI but the field is stowed (sun below stow elevation or wind above stow speed), else 0"))

        // /field/heliostats
        let layout = result.plant.field.layout, classes = result.plant.field.classes
        add("/field/heliostats/x", layout.x, "m", "Pivot position east of the tower")
        add("/field/heliostats/y", layout.y, "m", "Pivot position north of the tower")
        add("/field/heliostats/z", layout.z, "m", "Pivot height above the pivot plane (the plane the receiver optical height is measured from)")
        out.append(Dataset("/field/heliostats/size_class", .int32(layout.classIndex.map { Int32($0) }), units: "1",
                           "Index into /field/classes"))
        add("/field/heliostats/reflective_area", layout.classIndex.map { classes[$0].reflectiveArea }, "m2", "Reflective area")
        add("/field/heliostats/incident_energy", f.heliostatIncident, "J",
            "DNI x reflective area over the hours the field tracked")
        add("/field/heliostats/delivered_energy", f.heliostatDelivered, "J", "Energy put on the receiver over the run")
        add("/field/heliostats/efficiency", f.heliostatComponents.map(\.total), "1",
            "Energy-weighted optical efficiency over the run (delivered / incident)")
        for (name, key, text) in chain {
            add("/field/heliostats/" + name, f.heliostatComponents.map { $0[keyPath: key] }, "1", text + " (energy-weighted over the run)")
        }

        // /field/classes
        add("/field/classes/width", classes.map(\.width), "m", "Heliostat width")
        add("/field/classes/height", classes.map(\.height), "m", "Heliostat height")
        add("/field/classes/reflective_area", classes.map(\.reflectiveArea), "m2", "Reflective area of one heliostat")
        add("/field/classes/reflectance", classes.map(\.reflectance), "1", "Mirror reflectance (clean)")
        add("/field/classes/cleanliness", classes.map(\.cleanliness), "1", "Cleanliness factor")
        add("/field/classes/slope_error", classes.map(\.slopeError), "rad", "Mirror slope error (1 sigma)")
        add("/field/classes/tracking_error", classes.map(\.trackingError), "rad", "Tracking error (1 sigma)")
        out.append(Dataset("/field/classes/focused", .int32(classes.map { $0.focusing == .flat ? 0 : 1 }), units: "1",
                           "1 for focused mirrors, 0 for flat"))
        out.append(Dataset("/field/classes/count", .int32(classes.indices.map { c in Int32(layout.classIndex.filter { $0 == c }.count) }),
                           units: "1", "Number of heliostats of the class"))

        // /receiver
        func series(_ path: String, _ key: KeyPath<ThermalStep, Double>, _ units: String, _ text: String) {
            add(path, steps.map { $0[keyPath: key] }, units, text)
        }
        series("/receiver/incident", \.receiverIncident, "W", "Power offered on the receiver")
        series("/receiver/defocused", \.defocused, "W", "Offered power not focused (flux/flow limits, full storage, receiver off)")
        series("/receiver/losses", \.receiverLosses, "W", "Reflected, convective, radiative and piping losses")
        series("/receiver/startup_heat", \.receiverStartup, "W", "Heat used to start the receiver")
        series("/receiver/output", \.receiverOutput, "W", "Heat delivered to the salt")
        out.append(Dataset("/receiver/mode", .int32(steps.map { code($0.receiverMode, in: receiverModeCodes) }), units: "1",
                           "Receiver mode code (see attribute codes)", attributes: codeAttributes(receiverModeCodes)))

        // /storage
        series("/storage/charge", \.storageCharge, "J", "Usable stored heat at the end of the step")
        series("/storage/hot_tank_temperature", \.hotTankTemperature, "K", "Hot-tank temperature at the end of the step")
        series("/storage/cold_tank_temperature", \.coldTankTemperature, "K", "Cold-tank temperature at the end of the step")
        series("/storage/tank_losses", \.tankLosses, "W", "Tank heat losses")
        series("/storage/heater_heat", \.tankHeaterHeat, "W", "Heat from the tank heaters")

        // /powerblock
        series("/powerblock/heat_input", \.cycleHeat, "W", "Heat into the power block (incl. startup and standby)")
        series("/powerblock/startup_heat", \.cycleStartup, "W", "Power block startup heat")
        series("/powerblock/rejected_heat", \.cycleRejected, "W", "Heat rejected (condenser, startup, standby)")
        series("/powerblock/gross", \.gross, "W", "Gross electric output")
        series("/powerblock/load", \.cycleLoad, "1", "Cycle load fraction while generating")
        out.append(Dataset("/powerblock/mode", .int32(steps.map { code($0.cycleMode, in: cycleModeCodes) }), units: "1",
                           "Power block mode code (see attribute codes)", attributes: codeAttributes(cycleModeCodes)))

        // /plant
        series("/plant/net", \.net, "W", "Net electric output after parasitics and availability")
        add("/plant/parasitics", steps.map(\.parasitics), "W", "Sum of the parasitic loads below")
        series("/plant/receiver_pump", \.receiverPump, "W", "Receiver salt pump")
        series("/plant/cycle_pump", \.cyclePump, "W", "Steam-generator salt pump")
        series("/plant/cooling", \.cooling, "W", "Condenser fans and pumps")
        series("/plant/tracking", \.tracking, "W", "Heliostat tracking and field startup")
        series("/plant/heaters", \.heaters, "W", "Tank heaters (electric)")
        series("/plant/fixed_and_bop", \.fixedAndBOP, "W", "Fixed and balance-of-plant loads")
        series("/plant/field_incident", \.fieldIncident, "W", "DNI x total mirror area (0 if unknown)")
        out.append(Dataset("/plant/mode", .int32(steps.map { code($0.mode, in: operatingModeCodes) }), units: "1",
                           "Plant operating mode code (see attribute codes)", attributes: codeAttributes(operatingModeCodes)))

        // /summary
        let s = result.thermal.summary
        let loss = result.lossChain
        out.append(Dataset("/summary/loss_chain_stage", .strings(loss.map(\.stage)), units: "text", "Stage of the annual loss chain"))
        add("/summary/loss_chain_energy", loss.map(\.energy), "J", "Energy reaching each stage over the run")
        add("/summary/loss_chain_efficiency", loss.map { $0.efficiency ?? .nan }, "1",
            "Stage energy / previous stage energy; NaN for the first stage (it has no previous stage)")
        add("/summary/monthly_net_energy", s.monthlyNet, "J", "Net electric energy per calendar month (index 0 = January)")
        scalar("/summary/capacity_factor", s.capacityFactor, "1", "Net energy / (design net rating x run duration)")
        scalar("/summary/full_load_hours", s.fullLoadHours, "h", "Net energy / design net rating")
        scalar("/summary/duration", s.duration, "s", "Duration of the run")
        let energies: [(String, Double, String)] = [
            ("field_incident", s.fieldIncident, "DNI x mirror area"), ("receiver_incident", s.receiverIncident, "Offered on the receiver"),
            ("defocused", s.defocused, "Defocused"), ("receiver_losses", s.receiverLosses, "Receiver losses"),
            ("receiver_startup", s.receiverStartup, "Receiver startup heat"), ("receiver_output", s.receiverOutput, "Heat into the salt"),
            ("tank_losses", s.tankLosses, "Tank heat losses"), ("tank_heater_heat", s.tankHeaterHeat, "Tank heater heat"),
            ("cycle_heat", s.cycleHeat, "Heat into the power block"), ("cycle_startup", s.cycleStartup, "Power block startup heat"),
            ("cycle_rejected", s.cycleRejected, "Heat rejected by the power block"), ("gross", s.gross, "Gross electricity"),
            ("parasitics", s.parasitics, "Parasitic electricity"),
            ("net_before_availability", s.netBeforeAvailability, "Net electricity before the availability factor"),
            ("net", s.net, "Net electricity"),
            ("initial_stored_enthalpy", s.initialStoredEnthalpy, "Stored salt enthalpy at the start"),
            ("final_stored_enthalpy", s.finalStoredEnthalpy, "Stored salt enthalpy at the end"),
        ]
        for (name, value, text) in energies { scalar("/summary/energy/" + name, value, "J", text + " over the run") }
        scalar("/summary/field/efficiency", f.annual.total, "1", "Energy-weighted field efficiency over the tracking hours")
        for (name, key, text) in chain { scalar("/summary/field/" + name, f.annual[keyPath: key], "1", text + " (energy-weighted)") }
        scalar("/summary/field/energy_on_mirrors", f.energyOnMirrors, "J", "DNI x reflective area over tracking hours")
        scalar("/summary/field/energy_on_receiver", f.energyOnReceiver, "J", "Energy on the receiver over the run")
        if let d = designPoint {
            let p = "/summary/design_point/"
            scalar(p + "dni", d.dni, "W/m2", "Design direct normal irradiance")
            scalar(p + "sun_zenith", d.sun.zenith, "rad", "Sun zenith at spring-equinox solar noon")
            scalar(p + "sun_azimuth", d.sun.azimuth, "rad", "Sun azimuth at spring-equinox solar noon")
            scalar(p + "field_efficiency", d.field.total, "1", "Field optical efficiency at the design point")
            scalar(p + "receiver_efficiency", d.receiver, "1", "Receiver thermal efficiency (incl. absorptance)")
            scalar(p + "cycle_efficiency", d.cycle, "1", "Gross cycle efficiency")
            scalar(p + "net_to_gross", d.netToGross, "1", "Net over gross electricity")
            scalar(p + "solar_to_electric", d.solarToElectric, "1", "Design solar-to-electric (net) efficiency")
        }
        return out
    }

    /// A series of optional values: nil when none is present; NaN marks missing values when only some are.
    static func optionalSeries(_ values: [Double?]) -> (values: [Double], note: String)? {
        let present = values.filter { $0 != nil }.count
        if present == 0 { return nil }
        if present == values.count { return (values.map { $0! }, "") }
        return (values.map { $0 ?? .nan }, "; NaN where the weather file has no value")
    }
}

