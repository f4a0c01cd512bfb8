import Foundation

/// The real plant model behind the tracker: weather → sun (NREL SPA) → field optics → receiver → storage →
/// power block, as `AnnualSimulation.run`, with the tracker's adjustments applied inside the thermal chain
/// (`AdjustedSimulation`).
///
/// The optics pass (seconds a year) does not depend on any adjustment — they only scale the field's power on the
/// receiver, receiver output, storage and power-block capacity, net caps and start times — so it runs once per
/// weather series; its thermal inputs are cached and every counterfactual run re-runs only the thermal pass
/// (tens of milliseconds a year). Deterministic; safe to call concurrently (the first caller computes the optics,
/// the others wait for it).
public struct SimulatedPlant: PlantModel {
    /// The plant file.
    public let plant: PlantDescription
    /// Worker threads for the optics pass (results do not depend on it).
    public let threads: Int
    private let cache: ThermalInputCache

    /// Rated net output: the plant's design-point net rating (`PlantSpec.designNetRating`). [W]
    public var ratedNetPower: Double { plant.spec.designNetRating }

    public init(plant: PlantDescription, threads: Int = defaultThreadCount) {
        self.plant = plant
        self.threads = max(1, threads)
        self.cache = ThermalInputCache()
    }

    /// Reads a plant file (`PlantDescription.load`).
    public static func load(path: String, threads: Int = defaultThreadCount) throws -> SimulatedPlant {
        SimulatedPlant(plant: try PlantDescription.load(path: path), threads: threads)
    }

    /// Number of optics passes run so far (one per distinct weather series). [-]
    public var opticsPasses: Int { cache.passes }

    /// The unadjusted thermal inputs for `weather` (sun, optics and field power on the receiver), computed on the
    /// first call for a weather series and reused after. Typical years are placed on `AnnualSimulation.typicalYear`
    /// for the sun, as `AnnualSimulation.run` does.
    public func thermalInputs(for weather: WeatherYear) throws -> [ThermalInput] {
        try cache.inputs(for: weather) {
            let prepared = AnnualSimulation.prepare(weather)
            let sun = try prepared.sunPositions(threads: threads)
            let optics = try FieldOptics(spec: plant.field)
            let field = try optics.run(weather: prepared, sun: sun, threads: threads)
            let inputs = ThermalInput.series(weather: prepared, receiverIncident: field.powerOnReceiver,
                                             mirrorArea: plant.field.reflectiveArea)
            let path = weather.sourcePath ?? "weather"
            for (i, input) in inputs.enumerated() {
                do {
                    try input.check(index: i)
                } catch let e as ThermalInputError {
                    throw TrackingError(.impossibleValue, path: path,
                                        "record \(i + 1) (\(weather.records[i].local.iso8601)): \(e.field): \(e.message)")
                }
            }
            return inputs
        }
    }

    /// The whole thermal result of the period under `adjustments` (hourly steps and sums; for checks and reports).
    public func simulateThermal(period weather: WeatherYear, adjustments: OperatingAdjustments) throws -> PlantResult {
        let n = weather.records.count
        guard adjustments.count == n else {
            throw TrackingError(.modelOutput, path: weather.sourcePath ?? "weather",
                                "adjustments cover \(adjustments.count) records, the weather has \(n)")
        }
        let inputs = try thermalInputs(for: weather)
        return try AdjustedSimulation.run(plant: plant.spec, inputs: inputs, adjustments: adjustments,
                                      localStarts: weather.records.map(EventSchedule.localSeconds),
                                      ratedNetPower: ratedNetPower)
    }

    public func simulate(period weather: WeatherYear, adjustments: OperatingAdjustments) throws -> [IntervalNet] {
        let result = try simulateThermal(period: weather, adjustments: adjustments)
        return zip(weather.records, result.steps).map { r, s in
            IntervalNet(start: r.start, interval: r.interval, energy: s.net * r.interval)
        }
    }
}

/// Thermal inputs of the last few weather series, computed once each (a lock serialises the computation, so
/// concurrent first calls do not repeat the optics pass).
private final class ThermalInputCache: @unchecked Sendable {
    private struct Entry {
        var site: Site
        var records: [WeatherRecord]
        var inputs: [ThermalInput]
    }
    private let lock = NSLock()
    private var entries: [Entry] = []
    private var count = 0
    private static let capacity = 2

    var passes: Int { lock.lock(); defer { lock.unlock() }; return count }

    func inputs(for weather: WeatherYear, compute: () throws -> [ThermalInput]) throws -> [ThermalInput] {
        lock.lock()
        defer { lock.unlock() }
        if let hit = entries.first(where: { $0.site == weather.site && $0.records == weather.records }) {
            return hit.inputs
        }
        let inputs = try compute()
        count += 1
        entries.append(Entry(site: weather.site, records: weather.records, inputs: inputs))
        if entries.count > Self.capacity { entries.removeFirst() }
        return inputs
    }
}
