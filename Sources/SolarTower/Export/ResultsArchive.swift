import Foundation
import HDF5

/// A simulation's results as one HDF5 file: inputs used, every hourly series, per-heliostat figures, the annual
/// summary and provenance. Schema `schema_version` 1, documented in docs/hdf5-schema.md.
///
/// Written atomically (`AtomicH5Writer`: temporary file in the same folder, fsync, rename), so a killed run leaves
/// no results file or the previous one. Hourly and per-heliostat series are float64 (bit-exact copies of the
/// model's values), chunked with shuffle + gzip; the optional per-heliostat hourly matrix is float32.
public enum ResultsArchive {
    /// Version of the layout below; bumped when a name, shape or unit changes meaning.
    public static let schemaVersion = 1
    /// Name of the per-heliostat hourly matrix. Its values are optical efficiencies (power on the receiver over
    /// DNI × reflective area, availability included). [-]
    public static let heliostatHourlyPath = "/field/heliostats/hourly_efficiency"

    /// What to write and how.
    public struct Options: Sendable {
        /// Also write `heliostatHourlyPath` (hours × heliostats, float32), computed block by block.
        public var perHeliostatHourly: Bool
        /// Workers for the per-heliostat optics (chunk compression uses all cores).
        public var threads: Int
        /// Design point to record under `/summary/design_point`.
        public var designPoint: DesignPoint?
        /// Recorded as the root `created_utc` attribute.
        public var runTime: Date
        /// gzip level (0…9) of the hourly and per-heliostat series.
        public var gzipLevel: Int
        /// Rows (hours) of the matrix computed and written per block; rounded up to a multiple of 24.
        public var matrixBlockRows: Int
        /// Pause after each group (only for the kill-mid-write test). [s]
        public var pauseBetweenGroups: Double
        /// Called with each group's name once it is written.
        public var progress: (@Sendable (String) -> Void)?

        public init(perHeliostatHourly: Bool = false, threads: Int = defaultThreadCount, designPoint: DesignPoint? = nil,
                    runTime: Date = Date(), gzipLevel: Int = 6, matrixBlockRows: Int = 1464,
                    pauseBetweenGroups: Double = 0, progress: (@Sendable (String) -> Void)? = nil) {
            self.perHeliostatHourly = perHeliostatHourly
            self.threads = threads
            self.designPoint = designPoint
            self.runTime = runTime
            self.gzipLevel = gzipLevel
            self.matrixBlockRows = matrixBlockRows
            self.pauseBetweenGroups = pauseBetweenGroups
            self.progress = progress
        }
    }

    /// What a write produced.
    public struct WriteReport: Sendable {
        /// Size of the file written. [byte]
        public var bytes: Int
        /// Wall time of the whole write (excluding the matrix). [s]
        public var seconds: Double
        /// Wall time spent computing the per-heliostat hourly matrix (0 when not written). [s]
        public var matrixComputeSeconds: Double
        /// Wall time spent compressing and writing it. [s]
        public var matrixWriteSeconds: Double
        /// Process CPU time (user + system, all threads) spent computing the matrix. [s]
        public var matrixComputeCPUSeconds: Double
        /// Process CPU time spent compressing and writing it. [s]
        public var matrixWriteCPUSeconds: Double
    }

    /// Values of one dataset.
    public enum Values: Sendable, Equatable {
        case double([Double])
        case float([Float])
        case int32([Int32])
        case strings([String])

        public var count: Int {
            switch self {
            case .double(let v): return v.count
            case .float(let v): return v.count
            case .int32(let v): return v.count
            case .strings(let v): return v.count
            }
        }
    }

    /// One dataset of the archive: absolute path, values, shape (`[]` scalar, nil = 1-D), units, description,
    /// and extra text attributes (e.g. `codes` of mode datasets).
    public struct Dataset: Sendable {
        public var path: String
        public var values: Values
        public var shape: [Int]?
        public var units: String
        public var description: String
        public var attributes: [String: H5AttributeValue]

        public init(_ path: String, _ values: Values, shape: [Int]? = nil, units: String, _ description: String,
                    attributes: [String: H5AttributeValue] = [:]) {
            self.path = path; self.values = values; self.shape = shape; self.units = units
            self.description = description; self.attributes = attributes
        }
    }

    /// Writes `result` to `path` atomically.
    @discardableResult
    public static func write(_ result: SimulationResult, to path: String, options: Options = Options()) throws -> WriteReport {
        let t0 = DispatchTime.now().uptimeNanoseconds
        func elapsed(since t: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t) * 1e-9 }
        var computeSeconds = 0.0, matrixWriteSeconds = 0.0, computeCPU = 0.0, writeCPU = 0.0
        let compressed = H5DatasetOptions.compressed(level: options.gzipLevel)
        try AtomicH5Writer.write(to: path) { file in
            for (name, value) in rootAttributes(plant: result.plant, weather: result.weather, timings: result.timings,
                                                options: options) {
                try file.setAttribute(name, value)
            }
            let groups = groupDescriptions
            var current = ""
            func finishGroup() {
                guard !current.isEmpty else { return }
                options.progress?(current)
                if options.pauseBetweenGroups > 0 { usleep(UInt32(options.pauseBetweenGroups * 1e6)) }
            }
            for dataset in datasets(of: result, designPoint: options.designPoint) {
                let group = String(dataset.path.dropFirst().prefix { $0 != "/" })
                if group != current {
                    finishGroup()
                    current = group
                }
                try write(dataset, into: file, options: compressed)
            }
            finishGroup()
            for (group, description) in groups where try file.root.contains(group) {
                try file.root.group(group).setAttribute("description", description)
            }
            if options.perHeliostatHourly {
                let times = try writeHeliostatHourly(result, into: file, options: options)
                (computeSeconds, matrixWriteSeconds) = (times.compute, times.write)
                (computeCPU, writeCPU) = (times.computeCPU, times.writeCPU)
                options.progress?("field/heliostats/hourly_efficiency")
            }
        }
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        return WriteReport(bytes: bytes, seconds: elapsed(since: t0) - computeSeconds - matrixWriteSeconds,
                           matrixComputeSeconds: computeSeconds, matrixWriteSeconds: matrixWriteSeconds,
                           matrixComputeCPUSeconds: computeCPU, matrixWriteCPUSeconds: writeCPU)
    }

    static func write(_ d: Dataset, into file: H5File, options: H5DatasetOptions) throws {
        try fill(create(d, into: file, options: options), with: d)
    }

    /// Storage of a dataset of `count` values: scalars and arrays of fewer than 64 values contiguous (filters only
    /// cost space there), others `compressed`.
    static func storage(_ count: Int, compressed: H5DatasetOptions) -> H5DatasetOptions {
        count < 64 ? .contiguous : compressed
    }

    /// Creates `d`'s dataset without writing its values (strings: fixed length from `d`'s values).
    static func create(_ d: Dataset, into file: H5File, options: H5DatasetOptions) throws -> H5Dataset {
        let name = String(d.path.dropFirst())
        let shape = d.shape ?? [d.values.count]
        let opts = storage(shape.isEmpty ? 1 : d.values.count, compressed: options)
        switch d.values {
        case .double: return try file.root.createDataset(name, of: Double.self, shape: shape, options: opts)
        case .float: return try file.root.createDataset(name, of: Float.self, shape: shape, options: opts)
        case .int32: return try file.root.createDataset(name, of: Int32.self, shape: shape, options: opts)
        case .strings(let v):
            let length = max(1, v.map(\.utf8.count).max() ?? 1)
            return try file.root.createStringDataset(name, shape: shape, fixedLength: length, options: opts)
        }
    }

    /// Writes `d`'s values, units, description and attributes into `dataset` (made by `create`).
    static func fill(_ dataset: H5Dataset, with d: Dataset) throws {
        switch d.values {
        case .double(let v): try dataset.write(v)
        case .float(let v): try dataset.write(v)
        case .int32(let v): try dataset.write(v)
        case .strings(let v): try dataset.writeStrings(v)
        }
        try dataset.describe(units: d.units, description: d.description)
        for (key, value) in d.attributes.sorted(by: { $0.key < $1.key }) { try dataset.setAttribute(key, value) }
    }

    /// The per-heliostat hourly efficiency matrix, computed and written in blocks of whole days.
    static func writeHeliostatHourly(_ result: SimulationResult, into file: H5File,
                                     options: Options) throws -> (compute: Double, write: Double, computeCPU: Double, writeCPU: Double) {
        let records = result.weather.records
        let nh = records.count, n = result.plant.field.layout.count
        let matrix = try createMatrix(in: file, records: nh, heliostats: n)
        guard nh > 0, n > 0 else { return (0, 0, 0, 0) }
        let optics = try FieldOptics(spec: result.plant.field)
        let t = try writeMatrixRows(optics: optics, sun: result.sun[...], records: records[...], firstRow: 0, into: matrix,
                                    options: options)
        return (t.compute, t.write, t.computeCPU, t.writeCPU)
    }

    /// Creates the per-heliostat hourly matrix (hours × heliostats, float32): chunks of one day × up to 4,096
    /// heliostats, deflate level 1 with run-length strategy; an empty one stays contiguous.
    static func createMatrix(in file: H5File, records nh: Int, heliostats n: Int) throws -> H5Dataset {
        let name = String(heliostatHourlyPath.dropFirst())
        guard nh > 0, n > 0 else {
            let d = try file.root.createDataset(name, of: Float.self, shape: [nh, n])
            try d.describe(units: "1", description: heliostatHourlyDescription)
            return d
        }
        let matrix = try file.root.createDataset(name, of: Float.self, shape: [nh, n],
                                                 options: .compressed(level: 1, chunk: [min(24, nh), min(4096, n)]))
        matrix.deflateStrategy = .runLength
        try matrix.describe(units: "1", description: heliostatHourlyDescription)
        try matrix.setAttribute("dimensions", ["hour", "heliostat"])
        return matrix
    }

    /// Wall and CPU time spent computing and writing matrix rows. [s]
    struct MatrixTimes {
        var compute = 0.0, write = 0.0, computeCPU = 0.0, writeCPU = 0.0
    }

    /// Rows `firstRow ..< firstRow + records.count` of the per-heliostat hourly matrix (`sun[i]` is record i's sun),
    /// computed and written in blocks of `options.matrixBlockRows` (whole days). Used by the one-shot and the
    /// streamed writers.
    static func writeMatrixRows(optics: FieldOptics, sun: ArraySlice<SunPosition>, records: ArraySlice<WeatherRecord>,
                                firstRow: Int, into matrix: H5Dataset, options: Options) throws -> MatrixTimes {
        let n = optics.spec.layout.count, count = records.count
        let sun = Array(sun)
        let block = max(24, (options.matrixBlockRows + 23) / 24 * 24)
        let dni = records.map(\.dni), wind = records.map(\.windSpeed), interval = records.map(\.interval)
        var buffer = [Float](repeating: 0, count: min(block, count) * n)
        var times = MatrixTimes()
        var start = 0
        while start < count {
            let end = min(count, start + block)
            let t0 = DispatchTime.now().uptimeNanoseconds, c0 = processCPUSeconds()
            try buffer.withUnsafeMutableBufferPointer { b in
                try optics.heliostatHourly(sun: sun, dni: dni, windSpeed: wind, interval: interval,
                                           hours: start..<end, threads: options.threads, into: b)
            }
            let t1 = DispatchTime.now().uptimeNanoseconds, c1 = processCPUSeconds()
            try buffer.withUnsafeBufferPointer { b in
                try matrix.writeRows(UnsafeBufferPointer(rebasing: b[0..<((end - start) * n)]), startingAt: firstRow + start)
            }
            let t2 = DispatchTime.now().uptimeNanoseconds, c2 = processCPUSeconds()
            times.computeCPU += c1 - c0
            times.writeCPU += c2 - c1
            times.compute += Double(t1 - t0) * 1e-9
            times.write += Double(t2 - t1) * 1e-9
            start = end
        }
        return times
    }

    /// User + system CPU time of this process, all threads (getrusage). [s]
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static let heliostatHourlyDescription = "Optical efficiency of each heliostat each hour: power it puts on the receiver "
        + "/ (DNI x its reflective area), availability included; 0 at night, without DNI or stowed. "
        + "Rows = records (as /time), columns = heliostats (as /field/heliostats)"

    /// The `description` attribute of each top-level group.
    static let groupDescriptions: [(String, String)] = [
        ("time", "Time axis of every hourly dataset (one entry per weather record)"),
        ("weather", "Weather inputs as simulated (SI units), one value per record"),
        ("sun", "Sun position at each record's midpoint (NREL SPA, refraction with the record's pressure and temperature)"),
        ("field", "Field optics per record: efficiency chain and power on the receiver"),
        ("field/heliostats", "Per-heliostat positions, size class and annual optics"),
        ("field/classes", "Heliostat size classes (index = /field/heliostats/size_class)"),
        ("receiver", "Receiver per record (step averages)"),
        ("storage", "Two-tank storage per record (state at the end of each step)"),
        ("powerblock", "Power block (Rankine cycle) per record"),
        ("plant", "Plant output, parasitics and operating mode per record"),
        ("summary", "Whole-run figures: loss chain, monthly net energy, capacity factor, design point"),
        ("summary/energy", "Energies summed over the run"),
        ("summary/field", "Field optics summed over the run (energy-weighted chain)"),
        ("summary/design_point", "The plant at its design point: spring-equinox solar noon, design DNI, 25 C, 5 m/s wind"),
    ]

    /// Root attributes: schema, tool, run time, plant file, weather file and its SHA-256, site, time convention.
    static func rootAttributes(plant: PlantDescription, weather: WeatherYear, timings: [(stage: String, seconds: Double)],
                               options: Options) -> [(String, H5AttributeValue)] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let firstInterval = weather.records.first?.interval ?? 0
        let uniformInterval = !weather.records.isEmpty && weather.records.allSatisfy { $0.interval == firstInterval }
        var out: [(String, H5AttributeValue)] = [
            ("schema_version", .int(schemaVersion)),
            ("tool", "solartower"),
            ("tool_version", .string(SolarTowerVersion.string)),
            ("hdf5_library_version", .string(hdf5LibraryVersion())),
            ("created_utc", .string(formatter.string(from: options.runTime))),
            ("plant_name", .string(plant.spec.name)),
            ("plant_file", .string(absolutePath(plant.path))),
            ("plant_file_text", .string(plant.text)),
        ]
        if let source = weather.sourcePath {
            out.append(("weather_file", .string(absolutePath(source))))
            out.append(("weather_file_name", .string(URL(fileURLWithPath: source).lastPathComponent)))
            out.append(("weather_file_sha256", .string(SHA256.hex(ofFile: source) ?? "unreadable")))
        } else {
            out.append(("weather_file", "none (weather generated in memory)"))
            out.append(("weather_file_name", ""))
            out.append(("weather_file_sha256", ""))
        }
        out += [
            ("weather_format", .string(weather.format.rawValue)),
            ("site_name", .string(weather.site.name)),
            ("site_latitude_deg", .double(weather.site.latitude)),
            ("site_longitude_deg", .double(weather.site.longitude)),
            ("site_elevation_m", .double(weather.site.elevation)),
            ("site_utc_offset_h", .double(weather.site.utcOffset)),
            ("record_count", .int(weather.records.count)),
            ("heliostat_count", .int(plant.field.layout.count)),
            ("time_interval_s", .double(uniformInterval ? firstInterval : 0)),
            ("time_convention", .string(timeConvention)),
            ("run_stage_names", .strings(timings.map(\.stage))),
            ("run_stage_seconds", .doubles(timings.map(\.seconds))),
        ]
        return out
    }

    static let timeConvention = "Each hourly dataset has one value per weather record; record k covers "
        + "[/time/utc_seconds[k], /time/utc_seconds[k] + /time/interval_s[k]). utc_seconds: seconds since "
        + "1970-01-01T00:00:00Z at the interval START; local_iso8601: the same instant in local standard time "
        + "(site_utc_offset_h, no daylight saving). Powers are interval averages; storage states are at the interval end. "
        + "Typical years (TMY/EPW) are placed on calendar year \(AnnualSimulation.typicalYear). "
        + "time_interval_s is the record length when all are equal, else 0"

    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
