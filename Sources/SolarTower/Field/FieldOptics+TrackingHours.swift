/// The records a field tracks, with the sun vector and DNI × interval of each (structure of arrays).
struct TrackingHours {
    /// Records the field tracks (sun up, DNI > 0, not stowed), in order.
    var active: [Int] = []
    /// Per record of the whole series: sun up but stowed (low sun or high wind).
    var stowed: [Bool]
    /// Unit vector to the sun per active record (x east, y north, z up). [-]
    var sx: [Double] = [], sy: [Double] = [], sz: [Double] = []
    /// DNI × interval per active record. [J/m²]
    var weight: [Double] = []
}

extension FieldOptics {
    /// Checks the inputs of `records` (all finite) and finds the tracked ones: the sun above the horizon with DNI, and
    /// neither below the stow elevation nor above the stow wind speed. `caller` names the API in errors.
    func trackingHours(_ records: Range<Int>, sun: [SunPosition], dni: [Double], windSpeed: [Double],
                       interval: [Double], caller: String) throws -> TrackingHours {
        var t = TrackingHours(stowed: [Bool](repeating: false, count: sun.count))
        for h in records {
            guard sun[h].zenith.isFinite, sun[h].azimuth.isFinite, dni[h].isFinite, windSpeed[h].isFinite,
                  interval[h].isFinite else {
                throw FieldError(.notANumber, path: caller, line: h + 1,
                                 "non-finite sun position, DNI, wind or interval at record \(h)")
            }
            let up = sun[h].elevation > 0 && dni[h] > 0
            let stow = sun[h].elevation < spec.stowSunElevation || windSpeed[h] > spec.stowWindSpeed
            if up && stow { t.stowed[h] = true }
            if up && !stow { t.active.append(h) }
        }
        t.sx.reserveCapacity(t.active.count); t.sy.reserveCapacity(t.active.count)
        t.sz.reserveCapacity(t.active.count); t.weight.reserveCapacity(t.active.count)
        for h in t.active {
            let d = sun[h].direction
            t.sx.append(d.x); t.sy.append(d.y); t.sz.append(d.z); t.weight.append(dni[h] * interval[h])
        }
        return t
    }
}
