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
        let totals = RunTotals(result: result, designPoint: designPoint)
        let whole = result.asChunk
        return entries(records: result.weather.records[...], designPoint: designPoint != nil).map { e in
            switch e.source {
            case .records(_, let values): return Dataset(e.path, values(whole), units: e.units, e.description, attributes: e.attributes)
            case .totals(let scalar, let values):
                return Dataset(e.path, values(totals), shape: scalar ? [] : nil, units: e.units, e.description,
                               attributes: e.attributes)
            }
        }
    }

    /// Whole-run figures the archive records besides its per-record series: the plant, per-heliostat energies and
    /// chains, the field chain and its energies, the thermal summary and the design point.
    struct RunTotals {
        var plant: PlantDescription
        var heliostatIncident: [Double]
        var heliostatDelivered: [Double]
        var heliostatComponents: [FieldEfficiencyComponents]
        var fieldAnnual: FieldEfficiencyComponents
        var energyOnMirrors: Double
        var energyOnReceiver: Double
        var thermal: ThermalSummary
        var designPoint: DesignPoint?

        init(result: SimulationResult, designPoint: DesignPoint?) {
            let f = result.field
            plant = result.plant; heliostatIncident = f.heliostatIncident; heliostatDelivered = f.heliostatDelivered
            heliostatComponents = f.heliostatComponents; fieldAnnual = f.annual; energyOnMirrors = f.energyOnMirrors
            energyOnReceiver = f.energyOnReceiver; thermal = result.thermal.summary; self.designPoint = designPoint
        }

        /// Zero figures of the right shapes for `plant` (to create datasets before the run's figures exist).
        init(provisionalFor plant: PlantDescription, designPoint: DesignPoint?) {
            let n = plant.field.layout.count
            self.plant = plant; heliostatIncident = [Double](repeating: 0, count: n); heliostatDelivered = heliostatIncident
            heliostatComponents = [FieldEfficiencyComponents](repeating: .init(), count: n); fieldAnnual = .init()
            energyOnMirrors = 0; energyOnReceiver = 0; thermal = ThermalSummary(); self.designPoint = designPoint
        }

        init(plant: PlantDescription, heliostatIncident: [Double], heliostatDelivered: [Double],
             heliostatComponents: [FieldEfficiencyComponents], summary: SimulationSummary, designPoint: DesignPoint?) {
            self.plant = plant; self.heliostatIncident = heliostatIncident; self.heliostatDelivered = heliostatDelivered
            self.heliostatComponents = heliostatComponents; fieldAnnual = summary.fieldChain
            energyOnMirrors = summary.energyOnMirrors; energyOnReceiver = summary.energyOnReceiver
            thermal = summary.thermal; self.designPoint = designPoint
        }
    }

    /// Element type of a per-record dataset.
    enum Element { case double, int32, strings }

    /// One dataset of the layout: per-record values read from a chunk of records (the whole run or one chunk of a
    /// streamed run: the values of consecutive chunks, concatenated, are the whole run's), or whole-run values.
    struct Entry {
        enum Source {
            case records(Element, (SimulationChunk) -> Values)
            case totals(scalar: Bool, (RunTotals) -> Values)
        }
        var path: String
        var units: String
        var description: String
        var attributes: [String: H5AttributeValue] = [:]
        var source: Source
    }

    /// The archive's layout, in writing order. Which optional weather series appear (and their note) depends on
    /// the whole run's `records` (`optionalSeries`' rule); the design-point datasets on `designPoint`.
    static func entries(records: ArraySlice<WeatherRecord>, designPoint: Bool) -> [Entry] {
        var out: [Entry] = []
        func add(_ path: String, _ units: String, _ description: String, _ values: @escaping (SimulationChunk) -> [Double]) {
            out.append(Entry(path: path, units: units, description: description, source: .records(.double, { .double(values($0)) })))
        }
        func int32(_ path: String, _ units: String, _ description: String, attributes: [String: H5AttributeValue] = [:],
                   _ values: @escaping (SimulationChunk) -> [Int32]) {
            out.append(Entry(path: path, units: units, description: description, attributes: attributes,
                             source: .records(.int32, { .int32(values($0)) })))
        }
        func whole(_ path: String, _ units: String, _ description: String, _ values: @escaping (RunTotals) -> Values) {
            out.append(Entry(path: path, units: units, description: description, source: .totals(scalar: false, values)))
        }
        func wholeDoubles(_ path: String, _ units: String, _ description: String, _ values: @escaping (RunTotals) -> [Double]) {
            whole(path, units, description) { .double(values($0)) }
        }
        func scalar(_ path: String, _ units: String, _ description: String, _ value: @escaping (RunTotals) -> Double) {
            out.append(Entry(path: path, units: units, description: description, source: .totals(scalar: true, { .double([value($0)]) })))
        }
        func optional(_ path: String, _ key: KeyPath<WeatherRecord, Double?>, _ units: String, _ description: String) {
            // Same rule as `optionalSeries`: absent when no record has a value, NaN-filled with a note when some lack one.
            var present = 0
            for r in records where r[keyPath: key] != nil { present += 1 }
            if present == 0 { return }
            let note = present == records.count ? "" : "; NaN where the weather file has no value"
            add(path, units, description + note) { $0.records.map { $0[keyPath: key] ?? .nan } }
        }

        // /time
        out.append(Entry(path: "/time/local_iso8601", units: "ISO-8601",
                         description: "Interval start in local standard time (ISO-8601, no zone; see the root time_convention)",
                         source: .records(.strings, { .strings($0.records.map(\.local.iso8601)) })))
        add("/time/utc_seconds", "s", "Interval start, seconds since 1970-01-01T00:00:00Z") { $0.records.map(\.start) }
        add("/time/interval_s", "s", "Interval (record) length") { $0.records.map(\.interval) }

        // /weather
        add("/weather/dni", "W/m2", "Direct normal irradiance (interval average)") { $0.records.map(\.dni) }
        optional("/weather/ghi", \.ghi, "W/m2", "Global horizontal irradiance")
        optional("/weather/dhi", \.dhi, "W/m2", "Diffuse horizontal irradiance")
        add("/weather/dry_bulb", "K", "Dry-bulb air temperature") { $0.records.map(\.dryBulb) }
        optional("/weather/dew_point", \.dewPoint, "K", "Dew-point temperature")
        optional("/weather/relative_humidity", \.relativeHumidity, "1", "Relative humidity (fraction 0-1)")
        add("/weather/pressure", "Pa", "Station pressure") { $0.records.map(\.pressure) }
        add("/weather/wind_speed", "m/s", "Wind speed at measurement height (usually 10 m)") { $0.records.map(\.windSpeed) }
        optional("/weather/wind_direction", \.windDirection, "deg", "Wind direction, clockwise from north, where from")

        // /sun
        add("/sun/zenith", "rad", "Topocentric zenith angle with refraction, at the record's midpoint") { $0.sun.map(\.zenith) }
        add("/sun/azimuth", "rad", "Topocentric azimuth, eastward from north, at the record's midpoint") { $0.sun.map(\.azimuth) }
        add("/sun/elevation", "rad", "Elevation above the horizon (pi/2 - zenith)") { $0.sun.map(\.elevation) }

        // /field
        add("/field/efficiency", "1",
            "Field optical efficiency: power on receiver / (DNI x reflective area); 0 when dark or stowed") { $0.field.efficiency }
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
            add("/field/" + name, "1", text + " (0 when dark or stowed)") { $0.field.components.map { $0[keyPath: key] } }
        }
        add("/field/power_on_receiver", "W", "Power the field puts on the receiver (before absorptance)") { $0.field.powerOnReceiver }
        int32("/field/stowed", "1",
              "1 where the sun is up with DNI but the field is stowed (sun below stow elevation or wind above stow speed), else 0") {
            $0.field.stowed.map { $0 ? 1 : 0 }
        }

        // /field/heliostats
        wholeDoubles("/field/heliostats/x", "m", "Pivot position east of the tower") { $0.plant.field.layout.x }
        wholeDoubles("/field/heliostats/y", "m", "Pivot position north of the tower") { $0.plant.field.layout.y }
        wholeDoubles("/field/heliostats/z", "m",
                     "Pivot height above the pivot plane (the plane the receiver optical height is measured from)") { $0.plant.field.layout.z }
        whole("/field/heliostats/size_class", "1", "Index into /field/classes") {
            .int32($0.plant.field.layout.classIndex.map { Int32($0) })
        }
        wholeDoubles("/field/heliostats/reflective_area", "m2", "Reflective area") { t in
            t.plant.field.layout.classIndex.map { t.plant.field.classes[$0].reflectiveArea }
        }
        wholeDoubles("/field/heliostats/incident_energy", "J", "DNI x reflective area over the hours the field tracked") {
            $0.heliostatIncident
        }
        wholeDoubles("/field/heliostats/delivered_energy", "J", "Energy put on the receiver over the run") { $0.heliostatDelivered }
        wholeDoubles("/field/heliostats/efficiency", "1", "Energy-weighted optical efficiency over the run (delivered / incident)") {
            $0.heliostatComponents.map(\.total)
        }
        for (name, key, text) in chain {
            wholeDoubles("/field/heliostats/" + name, "1", text + " (energy-weighted over the run)") {
                $0.heliostatComponents.map { $0[keyPath: key] }
            }
        }

        // /field/classes
        let classColumns: [(String, String, String, KeyPath<HeliostatClass, Double>)] = [
            ("width", "m", "Heliostat width", \.width), ("height", "m", "Heliostat height", \.height),
            ("reflective_area", "m2", "Reflective area of one heliostat", \.reflectiveArea),
            ("reflectance", "1", "Mirror reflectance (clean)", \.reflectance), ("cleanliness", "1", "Cleanliness factor", \.cleanliness),
            ("slope_error", "rad", "Mirror slope error (1 sigma)", \.slopeError),
            ("tracking_error", "rad", "Tracking error (1 sigma)", \.trackingError),
        ]
        for (name, units, text, key) in classColumns {
            wholeDoubles("/field/classes/" + name, units, text) { $0.plant.field.classes.map { $0[keyPath: key] } }
        }
        whole("/field/classes/focused", "1", "1 for focused mirrors, 0 for flat") {
            .int32($0.plant.field.classes.map { $0.focusing == .flat ? 0 : 1 })
        }
        whole("/field/classes/count", "1", "Number of heliostats of the class") { t in
            let layout = t.plant.field.layout
            return .int32(t.plant.field.classes.indices.map { c in Int32(layout.classIndex.filter { $0 == c }.count) })
        }

        // /receiver
        func series(_ path: String, _ key: KeyPath<ThermalStep, Double>, _ units: String, _ text: String) {
            add(path, units, text) { $0.steps.map { $0[keyPath: key] } }
        }
        series("/receiver/incident", \.receiverIncident, "W", "Power offered on the receiver")
        series("/receiver/defocused", \.defocused, "W", "Offered power not focused (flux/flow limits, full storage, receiver off)")
        series("/receiver/losses", \.receiverLosses, "W", "Reflected, convective, radiative and piping losses")
        series("/receiver/startup_heat", \.receiverStartup, "W", "Heat used to start the receiver")
        series("/receiver/output", \.receiverOutput, "W", "Heat delivered to the salt")
        int32("/receiver/mode", "1", "Receiver mode code (see attribute codes)", attributes: codeAttributes(receiverModeCodes)) {
            $0.steps.map { code($0.receiverMode, in: receiverModeCodes) }
        }

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
        int32("/powerblock/mode", "1", "Power block mode code (see attribute codes)", attributes: codeAttributes(cycleModeCodes)) {
            $0.steps.map { code($0.cycleMode, in: cycleModeCodes) }
        }

        // /plant
        series("/plant/net", \.net, "W", "Net electric output after parasitics and availability")
        series("/plant/parasitics", \.parasitics, "W", "Sum of the parasitic loads below")
        series("/plant/receiver_pump", \.receiverPump, "W", "Receiver salt pump")
        series("/plant/cycle_pump", \.cyclePump, "W", "Steam-generator salt pump")
        series("/plant/cooling", \.cooling, "W", "Condenser fans and pumps")
        series("/plant/tracking", \.tracking, "W", "Heliostat tracking and field startup")
        series("/plant/heaters", \.heaters, "W", "Tank heaters (electric)")
        series("/plant/fixed_and_bop", \.fixedAndBOP, "W", "Fixed and balance-of-plant loads")
        series("/plant/field_incident", \.fieldIncident, "W", "DNI x total mirror area (0 if unknown)")
        int32("/plant/mode", "1", "Plant operating mode code (see attribute codes)", attributes: codeAttributes(operatingModeCodes)) {
            $0.steps.map { code($0.mode, in: operatingModeCodes) }
        }

        // /summary
        whole("/summary/loss_chain_stage", "text", "Stage of the annual loss chain") { .strings($0.thermal.lossChain.map(\.stage)) }
        wholeDoubles("/summary/loss_chain_energy", "J", "Energy reaching each stage over the run") { $0.thermal.lossChain.map(\.energy) }
        wholeDoubles("/summary/loss_chain_efficiency", "1",
                     "Stage energy / previous stage energy; NaN for the first stage (it has no previous stage)") {
            $0.thermal.lossChain.map { $0.efficiency ?? .nan }
        }
        wholeDoubles("/summary/monthly_net_energy", "J", "Net electric energy per calendar month (index 0 = January)") {
            $0.thermal.monthlyNet
        }
        scalar("/summary/capacity_factor", "1", "Net energy / (design net rating x run duration)") { $0.thermal.capacityFactor }
        scalar("/summary/full_load_hours", "h", "Net energy / design net rating") { $0.thermal.fullLoadHours }
        scalar("/summary/duration", "s", "Duration of the run") { $0.thermal.duration }
        let energies: [(String, KeyPath<ThermalSummary, Double>, String)] = [
            ("field_incident", \.fieldIncident, "DNI x mirror area"), ("receiver_incident", \.receiverIncident, "Offered on the receiver"),
            ("defocused", \.defocused, "Defocused"), ("receiver_losses", \.receiverLosses, "Receiver losses"),
            ("receiver_startup", \.receiverStartup, "Receiver startup heat"), ("receiver_output", \.receiverOutput, "Heat into the salt"),
            ("tank_losses", \.tankLosses, "Tank heat losses"), ("tank_heater_heat", \.tankHeaterHeat, "Tank heater heat"),
            ("cycle_heat", \.cycleHeat, "Heat into the power block"), ("cycle_startup", \.cycleStartup, "Power block startup heat"),
            ("cycle_rejected", \.cycleRejected, "Heat rejected by the power block"), ("gross", \.gross, "Gross electricity"),
            ("parasitics", \.parasitics, "Parasitic electricity"),
            ("net_before_availability", \.netBeforeAvailability, "Net electricity before the availability factor"),
            ("net", \.net, "Net electricity"),
            ("initial_stored_enthalpy", \.initialStoredEnthalpy, "Stored salt enthalpy at the start"),
            ("final_stored_enthalpy", \.finalStoredEnthalpy, "Stored salt enthalpy at the end"),
        ]
        for (name, key, text) in energies { scalar("/summary/energy/" + name, "J", text + " over the run") { $0.thermal[keyPath: key] } }
        scalar("/summary/field/efficiency", "1", "Energy-weighted field efficiency over the tracking hours") { $0.fieldAnnual.total }
        for (name, key, text) in chain {
            scalar("/summary/field/" + name, "1", text + " (energy-weighted)") { $0.fieldAnnual[keyPath: key] }
        }
        scalar("/summary/field/energy_on_mirrors", "J", "DNI x reflective area over tracking hours") { $0.energyOnMirrors }
        scalar("/summary/field/energy_on_receiver", "J", "Energy on the receiver over the run") { $0.energyOnReceiver }
        if designPoint {
            let p = "/summary/design_point/"
            let items: [(String, String, String, (DesignPoint) -> Double)] = [
                ("dni", "W/m2", "Design direct normal irradiance", { $0.dni }),
                ("sun_zenith", "rad", "Sun zenith at spring-equinox solar noon", { $0.sun.zenith }),
                ("sun_azimuth", "rad", "Sun azimuth at spring-equinox solar noon", { $0.sun.azimuth }),
                ("field_efficiency", "1", "Field optical efficiency at the design point", { $0.field.total }),
                ("receiver_efficiency", "1", "Receiver thermal efficiency (incl. absorptance)", { $0.receiver }),
                ("cycle_efficiency", "1", "Gross cycle efficiency", { $0.cycle }),
                ("net_to_gross", "1", "Net over gross electricity", { $0.netToGross }),
                ("solar_to_electric", "1", "Design solar-to-electric (net) efficiency", { $0.solarToElectric }),
            ]
            for (name, units, text, value) in items { scalar(p + name, units, text) { $0.designPoint.map(value) ?? .nan } }
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

