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

/// Whole-run figures of a simulation without its per-record series: what the text report needs. Energies [J].
///
/// `AnnualSimulation.runSummary` produces it chunk by chunk in bounded memory (long, e.g. 10-year 1-minute, series);
/// `SimulationResult.summary` derives it from a full result.
public struct SimulationSummary: Sendable {
    public var plant: PlantDescription
    /// Weather file, or nil if generated.
    public var weatherSource: String?
    /// Where the weather was measured.
    public var site: Site
    /// Number of weather records (steps).
    public var recordCount: Int
    /// Start of the first record and of the last record, local standard time (typical years on their placed year).
    public var firstLocal: LocalTime?
    public var lastLocal: LocalTime?
    /// DNI summed over the series (`WeatherYear.annualDNI`). [J/m²]
    public var dniSum: Double
    /// Thermal chain sums, monthly net and figures of merit.
    public var thermal: ThermalSummary
    /// Energy-weighted field efficiency chain over the tracking records.
    public var fieldChain: FieldEfficiencyComponents
    /// Energy on the receiver over the series. [J]
    public var energyOnReceiver: Double
    /// DNI × reflective area over the tracking records. [J]
    public var energyOnMirrors: Double
    /// Records with the field stowed (sun up but below the stow elevation, or wind above the stow speed).
    public var stowedRecords: Int
    /// Number of chunks the run was split into (1 for a one-shot run).
    public var chunks: Int
    /// Wall time of each stage (summed over the chunks). [s]
    public var timings: [(stage: String, seconds: Double)]

    /// Whole-run loss chain, from DNI on the mirrors to net electricity: (stage, energy [J], stage efficiency).
    public var lossChain: [(stage: String, energy: Double, efficiency: Double?)] { thermal.lossChain }

    /// Simulated time (sum of the record intervals). [s]
    public var duration: Double { thermal.duration }
    /// Simulated time in years of 365.25 days. [-]
    public var years: Double { thermal.duration / (365.25 * 86_400) }
    /// True when the run covers one year: between 364 and 366 days of records (8,760-hour typical years, leap years).
    public var coversOneYear: Bool { (364 * 86_400.0...366 * 86_400.0).contains(thermal.duration) }
}

/// One chunk of a chunked run (`AnnualSimulation.runSummary`'s per-chunk hook), or a whole one-shot run as a single
/// chunk: records `range` of the prepared weather with their sun positions, field optics and thermal steps. `sun`,
/// the field result's per-record arrays and `steps` are indexed from 0 (= record `range.lowerBound`); the field
/// result's whole-run figures (annual chain, per-heliostat energies) cover this chunk only.
public struct SimulationChunk: Sendable {
    /// Position of the chunk (0-based) and number of chunks in the run.
    public var index: Int
    public var count: Int
    /// Indices of the chunk's records in the whole series.
    public var range: Range<Int>
    /// The chunk's weather records (indices as in the whole series).
    public var records: ArraySlice<WeatherRecord>
    /// Sun position at each record's midpoint (NREL SPA).
    public var sun: [SunPosition]
    /// Field optics of the chunk's records.
    public var field: FieldYearResult
    /// Thermal-chain output of each record.
    public var steps: [ThermalStep]

    public init(index: Int, count: Int, range: Range<Int>, records: ArraySlice<WeatherRecord>, sun: [SunPosition],
                field: FieldYearResult, steps: [ThermalStep]) {
        self.index = index; self.count = count; self.range = range; self.records = records; self.sun = sun
        self.field = field; self.steps = steps
    }
}

extension SimulationResult {
    /// The whole run as one chunk (what the archive and CSV writers read per-record values from).
    public var asChunk: SimulationChunk {
        SimulationChunk(index: 0, count: 1, range: 0..<weather.records.count, records: weather.records[...], sun: sun,
                        field: field, steps: thermal.steps)
    }

    /// The whole-run figures of this result (identical to what `AnnualSimulation.runSummary` gives in one chunk).
    public var summary: SimulationSummary {
        SimulationSummary(plant: plant, weatherSource: weather.sourcePath, site: weather.site,
                          recordCount: weather.records.count, firstLocal: weather.records.first?.local,
                          lastLocal: weather.records.last?.local, dniSum: weather.annualDNI, thermal: thermal.summary,
                          fieldChain: field.annual, energyOnReceiver: field.energyOnReceiver,
                          energyOnMirrors: field.energyOnMirrors, stowedRecords: field.stowed.filter { $0 }.count,
                          chunks: 1, timings: timings)
    }
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

    /// Per-chunk hook of `runSummary`.
    public typealias ChunkHandler = (SimulationChunk) throws -> Void

    /// Records per chunk of `runSummary`: 50,000 (≈ 35 days of 1-minute data; an hourly year is one chunk).
    public static let defaultChunkRecords = 50_000

    /// Runs the plant on the weather in chunks of `chunkRecords` records and keeps only the whole-run figures, so
    /// memory does not grow with the series beyond the weather itself (≈ 18 MB of working arrays per 50,000-record
    /// chunk; a 10-year 1-minute series holds 5.3 M records).
    ///
    /// Per chunk: sun positions (SPA), field optics, thermal inputs (checked as in `run`) and the thermal steps; the
    /// plant state is carried from chunk to chunk and the sums are added step by step in record order. Sun
    /// positions, optics and thermal steps of a record do not depend on the chunking, so the thermal summary (loss
    /// chain, monthly net, capacity factor, full-load hours) is bit-identical to `run`'s for any chunk size. The
    /// field efficiency chain and its energies are combined from the chunks' energy-weighted chains (cumulative sums
    /// rebuilt from each chunk's ratios), so with more than one chunk they differ from `run`'s in the last bits — the
    /// summation order differs: 4e-13 relative on the 10-year 1-minute file's energy on the mirrors, where `run`
    /// adds 2.6 M tracking records in one running sum — and are identical with one chunk (e.g. any hourly year).
    ///
    /// Per-record output is streamed through hooks called once per chunk, in record order, after the chunk is
    /// simulated (outside the stage timings): `hourlyCSV` receives the header then the chunk's rows of
    /// `SimulationResult.hourlyCSV` (byte-identical to the one-shot CSV), then `onChunk` receives the chunk itself
    /// (e.g. `ResultsArchive.Stream`). A hook that throws stops the run with its error.
    public static func runSummary(plant: PlantDescription, weather rawWeather: WeatherYear,
                                  threads: Int = defaultThreadCount, optics prebuilt: FieldOptics? = nil,
                                  chunkRecords: Int = defaultChunkRecords,
                                  progress: Progress? = nil,
                                  hourlyCSV: AtomicFile.Stream? = nil,
                                  onChunk: ChunkHandler? = nil) throws -> SimulationSummary {
        let weather = prepare(rawWeather)
        let records = weather.records
        let n = records.count
        let chunk = max(1, chunkRecords)
        let chunks = max(1, (n + chunk - 1) / chunk)
        var stageSeconds: [String: Double] = [:]
        let stageOrder = ["sun position", "field layout", "field optics", "thermal chain"]
        func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
            if chunks == 1 { progress?(stage, 0) }
            let t0 = DispatchTime.now().uptimeNanoseconds
            let value = try body()
            stageSeconds[stage, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
            if chunks == 1 { progress?(stage, 1) }
            return value
        }
        let optics = try timed("field layout") { try prebuilt ?? FieldOptics(spec: plant.field) }
        let spec = plant.spec
        var state = ThermalSimulation.initialState(spec)
        var thermal = ThermalSummary()
        thermal.initialStoredEnthalpy = state.storage.enthalpy
        var fieldSums = [Double](repeating: 0, count: 7)
        var singleChain: FieldEfficiencyComponents?
        var energyOnReceiver = 0.0, energyOnMirrors = 0.0
        var stowed = 0
        let mirrorArea = plant.field.reflectiveArea
        let keepSteps = hourlyCSV != nil || onChunk != nil
        for c in 0..<chunks {
            if chunks > 1 { progress?("simulation", Double(c) / Double(chunks)) }
            let range = (c * chunk)..<min(n, (c + 1) * chunk)
            let part = WeatherYear(site: weather.site, records: Array(records[range]), format: weather.format,
                                   sourcePath: weather.sourcePath, gaps: [], isTypicalYear: weather.isTypicalYear)
            let sun = try timed("sun position") { try part.sunPositions(threads: threads) }
            let field = try timed("field optics") { try optics.run(weather: part, sun: sun, threads: threads) }
            var steps: [ThermalStep] = []
            try timed("thermal chain") {
                let inputs = ThermalInput.series(weather: part, receiverIncident: field.powerOnReceiver,
                                                 mirrorArea: mirrorArea)
                for (i, input) in inputs.enumerated() { try input.check(index: range.lowerBound + i) }
                if keepSteps { steps.reserveCapacity(inputs.count) }
                for input in inputs {
                    let (next, out) = ThermalSimulation.step(spec, state, input)
                    state = next
                    thermal.add(out, of: input)
                    if keepSteps { steps.append(out) }
                }
            }
            if let hourlyCSV {
                if c == 0 { try hourlyCSV.write(SimulationResult.hourlyCSVHeader + "\n") }
                try hourlyCSV.write(SimulationResult.hourlyCSVRows(records: part.records[...], sun: sun[...], field: field,
                                                                   fieldOffset: 0, steps: steps[...]))
            }
            try onChunk?(SimulationChunk(index: c, count: chunks, range: range, records: part.records[...], sun: sun,
                                         field: field, steps: steps))
            // Field chain: cumulative sums s[0] = energy on mirrors, s[q] = s[q−1] × stage q's ratio.
            let a = field.annual
            var cumulative = field.energyOnMirrors
            fieldSums[0] += cumulative
            for (q, ratio) in [a.cosine, a.shading, a.blocking, a.attenuation, a.intercept, a.reflectance].enumerated() {
                cumulative *= ratio
                fieldSums[q + 1] += cumulative
            }
            singleChain = chunks == 1 ? a : nil
            energyOnReceiver += field.energyOnReceiver
            energyOnMirrors += field.energyOnMirrors
            stowed += field.stowed.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        if chunks > 1 { progress?("simulation", 1) }
        thermal.finish(plant: spec, finalEnthalpy: state.storage.enthalpy)
        let chain = singleChain ?? FieldEfficiencyComponents(cumulative: fieldSums, availability: optics.spec.availability)
        return SimulationSummary(
            plant: plant, weatherSource: weather.sourcePath, site: weather.site, recordCount: n,
            firstLocal: records.first?.local, lastLocal: records.last?.local, dniSum: weather.annualDNI,
            thermal: thermal, fieldChain: chain, energyOnReceiver: energyOnReceiver, energyOnMirrors: energyOnMirrors,
            stowedRecords: stowed, chunks: chunks,
            timings: stageOrder.compactMap { st in stageSeconds[st].map { (st, $0) } })
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
