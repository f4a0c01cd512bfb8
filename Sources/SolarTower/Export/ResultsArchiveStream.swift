import Foundation
import HDF5

extension ResultsArchive {
    /// What a streamed simulation produced: the whole-run figures and the archive written.
    public struct StreamedRun: Sendable {
        public var summary: SimulationSummary
        public var report: WriteReport
    }

    /// Runs the plant chunk by chunk (`AnnualSimulation.runSummary`) and writes the results archive as it goes:
    /// the same file as `write(AnnualSimulation.run(…), to:options:)` — schema, dataset paths, shapes, types,
    /// filters, attributes and per-record values bit for bit — without holding any per-record series beyond the
    /// weather and one chunk (a 10-year 1-minute series: see RELIABILITY.md, "Resource bounds").
    ///
    /// Every per-record dataset is created with its final length before the first chunk (chunked, shuffle + gzip,
    /// as `write` does) and each chunk's rows are written as soon as it is simulated; the per-heliostat hourly
    /// matrix, when asked for, is computed and written per chunk too. Whole-run datasets (per-heliostat figures,
    /// `/summary`, design point) are written at the end. With more than one chunk, these differ from the one-shot
    /// file in the last bits because sums are added in another order (documented in docs/hdf5-schema.md,
    /// "Streamed files"): `/field/heliostats/{incident_energy, delivered_energy, efficiency, <chain>}` (chunk sums
    /// added; chains rebuilt from each chunk's ratios) and `/summary/field/*` (as `runSummary`'s field chain).
    /// Everything else — every per-record series, the thermal summary, loss chain, monthly energy — is
    /// bit-identical for any chunk size, and with one chunk (any hourly year at the default size) the whole file is
    /// (apart from `created_utc` and the stage timings, as between any two runs).
    ///
    /// Written atomically like `write` (`AtomicH5Writer`): a failed or killed run leaves no partial target.
    /// - Parameters:
    ///   - onChunk: called with each chunk after the archive wrote its rows (further per-chunk output).
    ///   - hourlyCSV: streamed hourly CSV (as `runSummary`'s), filled in the same chunk pass.
    public static func simulate(plant: PlantDescription, weather rawWeather: WeatherYear, to path: String,
                                options: Options = Options(), optics prebuilt: FieldOptics? = nil,
                                chunkRecords: Int = AnnualSimulation.defaultChunkRecords,
                                progress: AnnualSimulation.Progress? = nil, hourlyCSV: AtomicFile.Stream? = nil,
                                onChunk: AnnualSimulation.ChunkHandler? = nil) throws -> StreamedRun {
        let weather = AnnualSimulation.prepare(rawWeather)
        let optics = try prebuilt ?? FieldOptics(spec: plant.field)
        let t0 = DispatchTime.now().uptimeNanoseconds
        var runSeconds = 0.0
        var summary: SimulationSummary?
        var writer: StreamWriter?
        try AtomicH5Writer.write(to: path) { file in
            let w = try StreamWriter(file: file, plant: plant, weather: weather, optics: optics, options: options)
            writer = w
            let r0 = DispatchTime.now().uptimeNanoseconds
            let s = try AnnualSimulation.runSummary(
                plant: plant, weather: weather, threads: options.threads, optics: optics, chunkRecords: chunkRecords,
                progress: progress, hourlyCSV: hourlyCSV,
                onChunk: { chunk in
                    try w.timed { try w.append(chunk) }
                    try onChunk?(chunk)
                })
            runSeconds = Double(DispatchTime.now().uptimeNanoseconds - r0) * 1e-9
            try w.finish(summary: s)
            summary = s
        }
        guard let summary, let writer else {
            throw HDF5Error(call: "ResultsArchive.simulate", path: path, message: "the run produced no summary")
        }
        // Writing time: the whole atomic write minus the run, plus the chunks' writes made during the run.
        let total = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        return StreamedRun(summary: summary, report: WriteReport(
            bytes: bytes, seconds: total - runSeconds + writer.appendSeconds - writer.matrixCompute - writer.matrixWrite,
            matrixComputeSeconds: writer.matrixCompute, matrixWriteSeconds: writer.matrixWrite,
            matrixComputeCPUSeconds: writer.matrixComputeCPU, matrixWriteCPUSeconds: writer.matrixWriteCPU))
    }

    /// Writes one archive chunk by chunk into an open file (see `simulate`): create, `append` each chunk in
    /// record order, then `finish`.
    final class StreamWriter {
        let file: H5File
        let plant: PlantDescription
        let weather: WeatherYear
        let optics: FieldOptics
        let options: Options
        let entries: [Entry]
        /// Per-record datasets, created up front, in layout order.
        var series: [(entry: Entry, dataset: H5Dataset)] = []
        /// Whole-run datasets created up front (those of `/field/heliostats`, so that group lists them before the
        /// matrix, as `write` does), filled by `finish`.
        var early: [String: H5Dataset] = [:]
        var matrix: H5Dataset?
        /// Next record expected.
        var next = 0
        var chunks = 0
        // Per-heliostat sums: incident and delivered energy, and cumulative chain sums (7 per heliostat).
        var incident: [Double], delivered: [Double], cumulative: [Double]
        /// The first chunk's per-heliostat figures (incident, delivered, chains), used as they are when the run is
        /// one chunk (then bit-exact); nil once a second chunk comes.
        var single: (incident: [Double], delivered: [Double], components: [FieldEfficiencyComponents])?
        var matrixCompute = 0.0, matrixWrite = 0.0, matrixComputeCPU = 0.0, matrixWriteCPU = 0.0
        /// Wall time spent in `append` (chunks' rows and matrix). [s]
        var appendSeconds = 0.0

        /// Runs `body`, adding its wall time to `appendSeconds`.
        func timed<T>(_ body: () throws -> T) rethrows -> T {
            let t0 = DispatchTime.now().uptimeNanoseconds
            defer { appendSeconds += Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 }
            return try body()
        }

        init(file: H5File, plant: PlantDescription, weather: WeatherYear, optics: FieldOptics, options: Options) throws {
            self.file = file; self.plant = plant; self.weather = weather; self.optics = optics; self.options = options
            let records = weather.records
            let n = records.count, heliostats = plant.field.layout.count
            entries = ResultsArchive.entries(records: records[...], designPoint: options.designPoint != nil)
            incident = [Double](repeating: 0, count: heliostats)
            delivered = incident
            cumulative = [Double](repeating: 0, count: heliostats * 7)
            let provisional = RunTotals(provisionalFor: plant, designPoint: options.designPoint)
            let compressed = H5DatasetOptions.compressed(level: options.gzipLevel)
            let opts = ResultsArchive.storage(n, compressed: compressed)
            for entry in entries {
                if case .totals(let scalar, let values) = entry.source {
                    if entry.path.hasPrefix("/field/heliostats/") {
                        early[entry.path] = try ResultsArchive.create(
                            Dataset(entry.path, values(provisional), shape: scalar ? [] : nil, units: entry.units, entry.description),
                            into: file, options: compressed)
                    }
                    continue
                }
                guard case .records(let element, _) = entry.source else { continue }
                let name = String(entry.path.dropFirst())
                let dataset: H5Dataset
                switch element {
                case .double: dataset = try file.root.createDataset(name, of: Double.self, shape: [n], options: opts)
                case .int32: dataset = try file.root.createDataset(name, of: Int32.self, shape: [n], options: opts)
                case .strings:
                    // `writeStrings(fixedLength: true)`'s length: the longest value (at least 1 byte).
                    let length = max(1, Self.longestLocalStamp(records))
                    dataset = try file.root.createStringDataset(name, shape: [n], fixedLength: length, options: opts)
                }
                series.append((entry, dataset))
            }
            if options.perHeliostatHourly { matrix = try ResultsArchive.createMatrix(in: file, records: n, heliostats: heliostats) }
        }

        /// UTF-8 length of the longest `LocalTime.iso8601` of `records`, without formatting the usual ones: a
        /// stamp whose fields are all within their printed widths is 19 bytes.
        static func longestLocalStamp(_ records: [WeatherRecord]) -> Int {
            var longest = 0
            for r in records {
                let t = r.local
                let usual = (0...9999).contains(t.year) && (0...99).contains(t.month) && (0...99).contains(t.day)
                    && (0...99).contains(t.hour) && (0...99).contains(t.minute) && t.second >= 0 && t.second < 100
                longest = max(longest, usual ? 19 : t.iso8601.utf8.count)
            }
            return longest
        }

        /// Writes the chunk's rows of every per-record dataset (and of the matrix) and adds its per-heliostat sums.
        func append(_ chunk: SimulationChunk) throws {
            let count = chunk.range.count
            guard chunk.range.lowerBound == next, chunk.range.upperBound <= weather.records.count,
                  chunk.records.count == count, chunk.sun.count == count, chunk.steps.count == count,
                  chunk.field.efficiency.count == count else {
                throw HDF5Error(call: "ResultsArchive.StreamWriter.append", path: file.path,
                                message: "expected records from \(next) with matching sun, optics and steps, got \(chunk.range) "
                                    + "(\(chunk.records.count) records, \(chunk.sun.count) sun, \(chunk.steps.count) steps)")
            }
            for (entry, dataset) in series {
                guard case .records(_, let values) = entry.source else { continue }
                switch values(chunk) {
                case .double(let v): try dataset.writeRows(v, startingAt: chunk.range.lowerBound)
                case .int32(let v): try dataset.writeRows(v, startingAt: chunk.range.lowerBound)
                case .float(let v): try dataset.writeRows(v, startingAt: chunk.range.lowerBound)
                case .strings(let v): try dataset.writeStrings(v, startingAt: chunk.range.lowerBound)
                }
            }
            if let matrix, plant.field.layout.count > 0, count > 0 { try writeMatrixRows(chunk, into: matrix) }
            addHeliostatSums(chunk.field)
            next = chunk.range.upperBound
            chunks += 1
            if options.pauseBetweenGroups > 0 { usleep(UInt32(options.pauseBetweenGroups * 1e6)) }
        }

        /// Adds a chunk's per-heliostat energies, and its chains as cumulative sums rebuilt from the ratios
        /// (s[0] = incident, s[q] = s[q−1] × ratio q), as `runSummary` does for the field chain.
        func addHeliostatSums(_ field: FieldYearResult) {
            single = chunks == 0 ? (field.heliostatIncident, field.heliostatDelivered, field.heliostatComponents) : nil
            for i in incident.indices {
                incident[i] += field.heliostatIncident[i]
                delivered[i] += field.heliostatDelivered[i]
                let c = field.heliostatComponents[i]
                var s = field.heliostatIncident[i]
                cumulative[i * 7] += s
                for (q, ratio) in [c.cosine, c.shading, c.blocking, c.attenuation, c.intercept, c.reflectance].enumerated() {
                    s *= ratio
                    cumulative[i * 7 + q + 1] += s
                }
            }
        }

        /// The chunk's rows of the matrix, computed and written in blocks of `matrixBlockRows` (whole days).
        func writeMatrixRows(_ chunk: SimulationChunk, into matrix: H5Dataset) throws {
            let t = try ResultsArchive.writeMatrixRows(optics: optics, sun: chunk.sun[...], records: chunk.records,
                                                       firstRow: chunk.range.lowerBound, into: matrix, options: options)
            matrixCompute += t.compute
            matrixWrite += t.write
            matrixComputeCPU += t.computeCPU
            matrixWriteCPU += t.writeCPU
        }

        /// Writes the whole-run datasets, group descriptions and root attributes once every chunk is in.
        func finish(summary: SimulationSummary) throws {
            guard next == weather.records.count else {
                throw HDF5Error(call: "ResultsArchive.StreamWriter.finish", path: file.path,
                                message: "expected \(weather.records.count) records, got \(next)")
            }
            let heliostats: (incident: [Double], delivered: [Double], components: [FieldEfficiencyComponents])
            if let single {
                heliostats = single
            } else {
                let availability = optics.spec.availability
                heliostats = (incident, delivered, incident.indices.map { i in
                    FieldEfficiencyComponents(cumulative: Array(cumulative[(i * 7)..<(i * 7 + 7)]), availability: availability)
                })
            }
            let totals = RunTotals(plant: plant, heliostatIncident: heliostats.incident, heliostatDelivered: heliostats.delivered,
                                   heliostatComponents: heliostats.components, summary: summary,
                                   designPoint: options.designPoint)
            let compressed = H5DatasetOptions.compressed(level: options.gzipLevel)
            var current = ""
            func finishGroup() {
                guard !current.isEmpty else { return }
                options.progress?(current)
                if options.pauseBetweenGroups > 0 { usleep(UInt32(options.pauseBetweenGroups * 1e6)) }
            }
            // Per-record datasets get their attributes here, in layout order with the others (as `write` does).
            var seriesIndex = 0
            for entry in entries {
                let group = String(entry.path.dropFirst().prefix { $0 != "/" })
                if group != current {
                    finishGroup()
                    current = group
                }
                switch entry.source {
                case .records:
                    let dataset = series[seriesIndex].dataset
                    seriesIndex += 1
                    try dataset.describe(units: entry.units, description: entry.description)
                    for (key, value) in entry.attributes.sorted(by: { $0.key < $1.key }) { try dataset.setAttribute(key, value) }
                case .totals(let scalar, let values):
                    let d = Dataset(entry.path, values(totals), shape: scalar ? [] : nil, units: entry.units,
                                    entry.description, attributes: entry.attributes)
                    if let dataset = early[entry.path] {
                        try ResultsArchive.fill(dataset, with: d)
                    } else {
                        try ResultsArchive.write(d, into: file, options: compressed)
                    }
                }
            }
            finishGroup()
            for (group, description) in groupDescriptions where try file.root.contains(group) {
                try file.root.group(group).setAttribute("description", description)
            }
            if matrix != nil { options.progress?("field/heliostats/hourly_efficiency") }
            for (name, value) in rootAttributes(plant: plant, weather: weather, timings: summary.timings, options: options) {
                try file.setAttribute(name, value)
            }
        }
    }
}
