import Foundation

/// Everything one simulation produced: the weather actually used, sun positions, field optics, thermal chain.
public struct SimulationResult: Sendable {
    public var plant: PlantDescription
    /// The weather as simulated (typical years placed on `AnnualSimulation.typicalYear`).
    public var weather: WeatherYear
    /// Sun position at each record's midpoint (NREL SPA).
    public var sun: [SunPosition]
    /// Per-hour and per-heliostat optics.
    public var field: FieldYearResult
    /// Thermal chain, hour by hour, and the annual summary.
    public var thermal: PlantResult
    /// Wall time of each stage. [s]
    public var timings: [(stage: String, seconds: Double)]

    /// Annual loss chain, from DNI on the mirrors to net electricity: (stage, energy [J], stage efficiency).
    public var lossChain: [(stage: String, energy: Double, efficiency: Double?)] { thermal.lossChain }
}

/// The annual (or any-period) simulation: weather → sun (SPA) → field optics → receiver → storage → power block.
///
/// Typical years (TMY2/TMY3/EPW, typical SAM CSV) are assembled from months of different years; they are placed on
/// one non-leap calendar year, `typicalYear` (1990, the calendar NREL SAM's reference run computed its sun in:
/// SPA agrees with SAM's hourly zenith to 0.0075° that way, against 0.17° with each month's source year).
public enum AnnualSimulation {
    /// Calendar year typical-year weather is placed on.
    public static let typicalYear = 1990

    /// Progress callback: stage name and fraction done (0…1).
    public typealias Progress = @Sendable (String, Double) -> Void

    /// Puts a typical year on `typicalYear`; leaves measured series as they are.
    public static func prepare(_ weather: WeatherYear) -> WeatherYear {
        weather.isTypicalYear ? weather.coerced(toYear: typicalYear) : weather
    }

    /// Runs the plant on the weather. `weather` should come from `prepare(_:)` (done here if not).
    /// - Parameter optics: the field's precomputed optics (`FieldOptics(spec: plant.field)`), to share it with
    ///   `DesignPoint.compute`; built here when nil.
    public static func run(plant: PlantDescription, weather rawWeather: WeatherYear, threads: Int = defaultThreadCount,
                           optics prebuilt: FieldOptics? = nil, progress: Progress? = nil) throws -> SimulationResult {
        var timings: [(String, Double)] = []
        func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
            progress?(stage, 0)
            let t0 = DispatchTime.now().uptimeNanoseconds
            let value = try body()
            timings.append((stage, Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9))
            progress?(stage, 1)
            return value
        }
        let weather = prepare(rawWeather)
        let sun = try timed("sun position") { try weather.sunPositions(threads: threads) }
        let optics = try timed("field layout") { try prebuilt ?? FieldOptics(spec: plant.field) }
        let field = try timed("field optics") { try optics.run(weather: weather, sun: sun, threads: threads) }
        let thermal = try timed("thermal chain") {
            let inputs = ThermalInput.series(weather: weather, receiverIncident: field.powerOnReceiver,
                                             mirrorArea: plant.field.reflectiveArea)
            return try PlantSimulation.runThermalChecked(plant: plant.spec, inputs: inputs)
        }
        return SimulationResult(plant: plant, weather: weather, sun: sun, field: field, thermal: thermal,
                                timings: timings)
    }

    /// Loads the plant's default weather file (`[plant] weather`, relative to the plant file or the working folder).
    public static func defaultWeather(for plant: PlantDescription) throws -> WeatherYear {
        guard let path = plant.spec.defaultWeatherPath else {
            throw PlantFileError(.missingKey, path: plant.path, key: "plant.weather",
                                 "no weather file given: pass --weather FILE or set plant.weather in the plant file")
        }
        return try WeatherReader.read(path: path)
    }
}
