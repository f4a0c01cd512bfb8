import Foundation
import TOMLKit

/// Heliostat fields for a set of solar multiples from ONE optics pass over the largest field.
///
/// Method (approximation, stated): the plant's field as written is its design solar multiple
/// (`receiver.solar_multiple`); mirror area ∝ solar multiple. For solar multiples above the design, the
/// radial-staggered layout is regenerated with every class's count scaled by SM_max / SM_design (and the land
/// boundary `max_radius_m` by √(SM_max / SM_design) · 1.1, so the larger count fits); CSV layouts cannot grow and
/// are an error. The heliostats of this largest field are ranked by their annual delivered energy (an optics pass over
/// the whole weather series; `rankingDayStride` > 1 samples every n-th day instead, at 1/n of the cost);
/// solar multiple s takes the best-ranked heliostats until their mirror area reaches A_design · s / SM_design.
/// A second optics pass over the field reordered by rank accumulates the hourly power on the receiver into one
/// bucket per rank group (group k = heliostats first included at the k-th grid solar multiple), so the hourly
/// power of SM_k is the sum of buckets 0…k. Shading and blocking are those of the largest field: heliostats left
/// out of a smaller field still shade and block the ones kept (slightly pessimistic for small solar multiples).
/// Receiver geometry is kept for every solar multiple; its design thermal power scales with the solar multiple.
public struct SweepField: Sendable {
    /// The plant's own solar multiple (receiver design thermal power / cycle design heat input). [-]
    public var designSolarMultiple: Double
    /// The plant file's field mirror area. [m²]
    public var designMirrorArea: Double
    /// Solar multiples of the grid, ascending. [-]
    public var solarMultiples: [Double]
    /// Heliostats per solar multiple (the best-ranked ones).
    public var heliostatCounts: [Int]
    /// Mirror area per solar multiple. [m²]
    public var mirrorAreas: [Double]
    /// Heliostats in the largest (ranked) field, and whether its layout was regenerated.
    public var baseHeliostats: Int
    public var regenerated: Bool
    /// Per-group hourly power on the receiver (groups in solar-multiple order).
    public var groups: FieldGroupPower
    /// Wall time of the ranking and grouped optics passes. [s]
    public var opticsSeconds: Double

    /// Default sampling of the ranking pass: every day (rank by the annual yield itself).
    public static let defaultRankingDayStride = 1

    /// The plant's design solar multiple. [-]
    public static func designSolarMultiple(of spec: PlantSpec) -> Double {
        spec.receiver.designThermalPower / spec.powerBlock.designHeatInput
    }

    /// Index of solar multiple `s` in the grid (matched to 1e-9).
    public func index(of s: Double) throws -> Int {
        guard let k = solarMultiples.firstIndex(where: { abs($0 - s) < 1e-9 }) else {
            throw SweepError(path: "--solar-multiple", "\(s) is not in the sweep's solar multiples \(solarMultiples)")
        }
        return k
    }

    /// Hourly power on the receiver for solar multiple `s` (sum of the rank-group buckets up to s). [W]
    public func receiverIncident(solarMultiple s: Double) throws -> [Double] {
        groups.cumulativePower(groups: try index(of: s) + 1)
    }

    /// The largest field of the grid (regenerated when above the design), before ranking.
    public static func largestField(plant: PlantDescription, maxSolarMultiple smax: Double) throws -> (FieldSpec, Bool) {
        let sd = designSolarMultiple(of: plant.spec)
        if smax <= sd * (1 + 1e-9) { return (plant.field, false) }
        struct FieldTable: Decodable { var field: FieldSection }
        var section = try TOMLDecoder().decode(FieldTable.self, from: plant.text).field
        guard section.layout == "radial-staggered", var rs = section.radial_staggered else {
            throw SweepError(path: plant.path, "solar multiple \(SweepCase.format(smax)) is above the plant's design "
                             + "\(SweepCase.format(sd)) but its field layout is a CSV file, which cannot grow: "
                             + "use solar multiples ≤ \(SweepCase.format(sd)) or a radial-staggered layout")
        }
        let ratio = smax / sd
        for k in section.heliostats.indices {
            section.heliostats[k].count = Int((Double(section.heliostats[k].count ?? 0) * ratio).rounded(.up))
        }
        rs.max_radius_m *= ratio.squareRoot() * 1.1
        section.radial_staggered = rs
        let dir = URL(fileURLWithPath: plant.path).deletingLastPathComponent()
        return (try section.fieldSpec(receiver: plant.spec.receiverGeometry, plantDirectory: dir), true)
    }

    /// Ranks the largest field's heliostats by annual delivered energy and runs the grouped optics pass.
    /// - Parameters: weather as prepared by `AnnualSimulation.prepare`; sun one position per record;
    ///   solarMultiples the grid's (any order; must be ≥ 0.1).
    /// - Parameter rankingDayStride: the ranking pass uses every n-th calendar day of the weather (default 1: the full
    ///   series, i.e. annual yield; e.g. 7 samples 52 days over the seasons at 1/7 of the optics work).
    public static func build(plant: PlantDescription, weather: WeatherYear, sun: [SunPosition], solarMultiples: [Double],
                             rankingDayStride: Int = defaultRankingDayStride, threads: Int = defaultThreadCount) throws -> SweepField {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let sms = Array(Set(solarMultiples)).sorted()
        guard let smax = sms.last, sms[0] > 0 else { throw SweepError(path: "--solar-multiple", "no solar multiples") }
        let sd = designSolarMultiple(of: plant.spec)
        let (base, regenerated) = try largestField(plant: plant, maxSolarMultiple: smax)
        // Pass 1: delivered energy per heliostat over every `rankingDayStride`-th day, then rank (descending, ties by index).
        var keep: [Int] = []
        var day = -1, lastKey = -1
        for (h, r) in weather.records.enumerated() {
            let key = r.local.year * 400 + r.local.month * 32 + r.local.day
            if key != lastKey { day += 1; lastKey = key }
            if day % max(1, rankingDayStride) == 0 { keep.append(h) }
        }
        let rec = weather.records
        let yields = try FieldOptics(spec: base).run(sun: keep.map { sun[$0] }, dni: keep.map { rec[$0].dni },
                                                     windSpeed: keep.map { rec[$0].windSpeed },
                                                     interval: keep.map { rec[$0].interval }, threads: threads).heliostatDelivered
        let order = yields.indices.sorted { yields[$0] != yields[$1] ? yields[$0] > yields[$1] : $0 < $1 }
        var ranked = base
        let L = base.layout
        ranked.layout = FieldLayout(x: order.map { L.x[$0] }, y: order.map { L.y[$0] }, z: order.map { L.z[$0] },
                                    classIndex: order.map { L.classIndex[$0] })
        // Counts: best-ranked heliostats until the mirror area reaches A_design · s / SM_design.
        let areas = ranked.layout.classIndex.map { ranked.classes[$0].reflectiveArea }
        var cumulative = [Double](repeating: 0, count: areas.count + 1)
        for i in areas.indices { cumulative[i + 1] = cumulative[i] + areas[i] }
        let designArea = plant.field.reflectiveArea
        var counts: [Int] = []
        for s in sms {
            let target = designArea * s / sd * (1 - 1e-12)
            var lo = 0, hi = areas.count
            while lo < hi { let m = (lo + hi) / 2; if cumulative[m] >= target { hi = m } else { lo = m + 1 } }
            counts.append(lo)
        }
        var ends = counts
        if ends.last != areas.count { ends.append(areas.count) }
        // Pass 2: hourly power per rank group.
        let groups = try FieldOptics(spec: ranked).runGrouped(weather: weather, sun: sun, groupEnds: ends, threads: threads)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
        return SweepField(designSolarMultiple: sd, designMirrorArea: designArea, solarMultiples: sms,
                          heliostatCounts: counts, mirrorAreas: counts.map { cumulative[$0] }, baseHeliostats: areas.count,
                          regenerated: regenerated, groups: groups, opticsSeconds: seconds)
    }
}

extension PlantSpec {
    /// The plant resized for a sweep case: storage capacity = hours × cycle design heat input; receiver design
    /// thermal power = solar multiple × cycle design heat input (geometry kept); heliostat tracking power and
    /// field start-up energy scaled with mirror area. Everything else as in the plant file.
    /// - Parameters: storageHours [h]; solarMultiple [-]; mirrorArea and designMirrorArea [m²].
    public func resized(storageHours: Double, solarMultiple: Double, mirrorArea: Double, designMirrorArea: Double) -> PlantSpec {
        var p = self
        let q = powerBlock.designHeatInput
        p.storage.capacity = storageHours * 3600 * q
        p.receiver.designThermalPower = solarMultiple * q
        let f = designMirrorArea > 0 ? mirrorArea / designMirrorArea : 1
        p.parasitics.trackingPower *= f
        p.parasitics.fieldStartupEnergy *= f
        return p
    }
}
