import Foundation

/// Weather events derived from a measured weather series: snow on the field, morning frost, wind stow.
///
/// - snow: every record with snow depth > 0 derates the field by `snowLoss` (snow lying on the mirrors);
/// - frost: on a day whose dawn record (the one holding sunrise, NREL SPA) has dry bulb ≤ dew point +
///   `frostDewPointMargin` and dry bulb < 0 °C, the field is derated by `frostLoss` from sunrise for
///   `frostClearing` (rime on the mirrors until the sun clears it; the operator reports snow/frost on
///   heliostats as a loss: shared/reference/delingha, Feb 2022);
/// - wind: every record with wind speed above `stowWindSpeed` stows the field (derate 1). Default 15 m/s is
///   NREL SAM's default `v_wind_max` (shared/reference/sam-mspt-greensboro/summary.json).
/// Consecutive records with the same cause merge into one event. All events are category `weather`.
public struct WeatherEventRules: Sendable, Equatable {
    /// Wind speed above which the field stows. [m/s]
    public var stowWindSpeed: Double
    /// Field power lost while snow lies. [fraction 0–1]
    public var snowLoss: Double
    /// Field power lost while frost lies. [fraction 0–1]
    public var frostLoss: Double
    /// How long after sunrise frost stays on the mirrors. [s]
    public var frostClearing: Double
    /// Dry bulb may exceed dew point by this much and still count as saturated. [K]
    public var frostDewPointMargin: Double

    public init(stowWindSpeed: Double = 15, snowLoss: Double = 1, frostLoss: Double = 1,
                frostClearing: Double = 2 * 3600, frostDewPointMargin: Double = 0) {
        self.stowWindSpeed = stowWindSpeed
        self.snowLoss = snowLoss
        self.frostLoss = frostLoss
        self.frostClearing = frostClearing
        self.frostDewPointMargin = frostDewPointMargin
    }

    /// Derives the events from `weather` (its records' local standard time is the events' clock).
    public func events(from weather: WeatherYear) -> [PlantEvent] {
        let records = weather.records
        guard !records.isEmpty else { return [] }
        let local = records.map(EventSchedule.localSeconds)
        let origin = weather.sourcePath ?? "weather"
        var out: [PlantEvent] = []

        func merge(_ flags: [Bool], target: FieldDerate, loss: Double, note: String) {
            var k = 0
            while k < flags.count {
                guard flags[k] else { k += 1; continue }
                var j = k
                while j + 1 < flags.count, flags[j + 1], local[j + 1] == local[j] + records[j].interval { j += 1 }
                out.append(PlantEvent(start: local[k], end: local[j] + records[j].interval, category: .weather,
                                      target: .derate(target), lostFraction: loss, note: note, origin: origin))
                k = j + 1
            }
        }
        merge(records.map { ($0.snowDepth ?? 0) > 0 }, target: .snow, loss: snowLoss, note: "snow depth > 0 (derived)")
        merge(records.map { $0.windSpeed > stowWindSpeed }, target: .windStow, loss: 1,
              note: "wind above \(stowWindSpeed) m/s stow speed (derived)")

        // Frost: per local day, the record holding sunrise.
        let site = weather.site
        var k = 0
        while k < records.count {
            let day = (local[k] / 86_400).rounded(.down)
            var j = k
            while j + 1 < records.count, (local[j + 1] / 86_400).rounded(.down) == day { j += 1 }
            // Sunrise (costly: full SPA root finding) only on days with a saturated, freezing morning record.
            let candidate = (k...j).contains { i in
                local[i] - day * 86_400 < 12 * 3600 && records[i].dryBulb < 273.15
                    && records[i].dewPoint.map { records[i].dryBulb <= $0 + frostDewPointMargin } == true
            }
            guard candidate else { k = j + 1; continue }
            let midnightUTC = day * 86_400 - site.utcOffset * 3600
            let deltaT = SolarPositionAlgorithm.deltaTEspenakMeeus(utc: midnightUTC)
            let events = SolarPositionAlgorithm.sunEvents(localMidnight: midnightUTC, latitude: site.latitude,
                                                          longitude: site.longitude, elevation: site.elevation,
                                                          deltaT: deltaT)
            if let sunrise = events.sunrise {
                let sunriseLocal = sunrise + site.utcOffset * 3600
                if let dawn = (k...j).first(where: { local[$0] <= sunriseLocal && sunriseLocal < local[$0] + records[$0].interval }),
                   let dew = records[dawn].dewPoint,
                   records[dawn].dryBulb < 273.15, records[dawn].dryBulb <= dew + frostDewPointMargin {
                    out.append(PlantEvent(start: sunriseLocal.rounded(.down), end: (sunriseLocal + frostClearing).rounded(.down),
                                          category: .weather, target: .derate(.frost), lostFraction: frostLoss,
                                          note: String(format: "frost at dawn: %.1f °C, dew point %.1f °C (derived)",
                                                       records[dawn].dryBulb - 273.15, dew - 273.15),
                                          origin: origin))
                }
            }
            k = j + 1
        }
        return out.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }
}

/// Turns events into the per-record `OperatingAdjustments` a plant model applies.
public enum EventSchedule {
    /// Local standard seconds of a record's start (from its local calendar stamp).
    public static func localSeconds(_ r: WeatherRecord) -> Double {
        CivilCalendar.seconds(year: r.local.year, month: r.local.month, day: r.local.day,
                              minuteOfDay: r.local.hour * 60 + r.local.minute) + r.local.second
    }

    /// Adjustments for the events whose category is in `categories`.
    ///
    /// A record partly covered by an event gets the event's effect scaled by the covered fraction φ:
    /// availability × (1 − f·φ), derate 1 − (1 − d)(1 − f·φ), curtailment cap
    /// min(cap, rated·(1 − f·φ)). A `startup` event adds its duration to the delay of the local day of
    /// its start.
    /// - Parameters:
    ///   - recordStarts: local standard seconds of each record's start. [s]
    ///   - intervals: each record's length. [s]
    ///   - ratedNetPower: for curtailment caps. [W]
    public static func adjustments(recordStarts: [Double], intervals: [Double], events: [PlantEvent],
                                   categories: Set<CauseCategory>, ratedNetPower: Double) -> OperatingAdjustments {
        let n = recordStarts.count
        var adj = OperatingAdjustments.none(count: n)
        var delays: [Double: Double] = [:]
        for e in events where categories.contains(e.category) {
            if case .startup = e.target {
                delays[(e.start / 86_400).rounded(.down), default: 0] += e.duration
                continue
            }
            // First record that ends after the event starts (records are in time order).
            var lo = 0, hi = n
            while lo < hi {
                let mid = (lo + hi) / 2
                if recordStarts[mid] + intervals[mid] <= e.start { lo = mid + 1 } else { hi = mid }
            }
            var i = lo
            while i < n, recordStarts[i] < e.end {
                let overlap = min(e.end, recordStarts[i] + intervals[i]) - max(e.start, recordStarts[i])
                let phi = max(0, min(1, overlap / intervals[i]))
                let lost = e.lostFraction * phi
                switch e.target {
                case .component(let c):
                    adj.setAvailability(c, i, adj.availability(c, i) * (1 - lost))
                case .derate(let d):
                    adj.setFieldDerate(d, i, 1 - (1 - adj.fieldDerate(d, i)) * (1 - lost))
                case .curtailment:
                    adj.curtailmentCap[i] = min(adj.curtailmentCap[i], ratedNetPower * (1 - lost))
                case .startup:
                    break
                }
                i += 1
            }
        }
        if !delays.isEmpty {
            for i in 0..<n {
                if let d = delays[(recordStarts[i] / 86_400).rounded(.down)] { adj.startDelay[i] = d }
            }
        }
        return adj
    }
}
