import Foundation

/// Plain-text report of a simulation: plant, weather, design point, annual loss chain, field efficiency
/// components, monthly net energy, capacity factor, full-load hours and stage timings.
public struct SimulationReport: Sendable {
    public var result: SimulationResult
    public var design: DesignPoint?

    public init(result: SimulationResult, design: DesignPoint? = nil) {
        self.result = result
        self.design = design
    }

    public var text: String {
        let r = result, s = r.thermal.summary
        let gwh = 1 / 3.6e12
        var out: [String] = []
        out.append("plant:    \(r.plant.spec.name) (\(r.plant.path))")
        let w = r.weather
        let dniKWh = w.annualDNI / 3.6e6
        out.append("weather:  \(w.sourcePath ?? "generated") — \(w.site.name), \(w.records.count) records, "
            + String(format: "DNI %.1f kWh/m²", dniKWh))
        out.append(String(format: "field:    %d heliostats, %.0f m² reflective, receiver %.1f m × %.1f m Ø at %.0f m",
                          r.plant.field.layout.count, r.plant.field.reflectiveArea, r.plant.field.receiver.height,
                          r.plant.field.receiver.diameter, r.plant.field.receiver.opticalHeight))
        if let d = design {
            out.append(String(format: "design point (20 March solar noon, %.0f W/m², zenith %.1f°): field %.3f × receiver %.3f × cycle %.3f × net/gross %.3f = solar-to-electric %.1f %%",
                              d.dni, d.sun.zenith * 180 / .pi, d.field.total, d.receiver, d.cycle, d.netToGross,
                              d.solarToElectric * 100))
        }
        out.append("")
        out.append("annual loss chain                  energy [GWh]   stage efficiency")
        for row in r.lossChain {
            let eff = row.efficiency.map { String(format: "%8.3f", $0) } ?? ""
            let stage = row.stage.padding(toLength: 30, withPad: " ", startingAt: 0)
            out.append("  " + stage + String(format: " %12.1f   ", row.energy * gwh) + eff)
        }
        let a = r.field.annual
        out.append("")
        out.append(String(format: "field optics (energy-weighted over tracking hours): cosine %.3f, shading %.3f, blocking %.3f, attenuation %.3f, intercept %.3f, reflectance %.3f, availability %.3f → %.3f",
                          a.cosine, a.shading, a.blocking, a.attenuation, a.intercept, a.reflectance, a.availability, a.total))
        let stowedHours = r.field.stowed.filter { $0 }.count
        out.append("field stowed (sun up, below stow elevation or above stow wind): \(stowedHours) records")
        out.append("")
        out.append("month   net [GWh]")
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        for m in 0..<12 { out.append(String(format: "  %@ %10.2f", names[m] as NSString, s.monthlyNet[m] * gwh)) }
        out.append(String(format: "  year %9.2f", s.net * gwh))
        out.append("")
        out.append(String(format: "capacity factor %.1f %% (of %.1f MW net design rating), full-load hours %.0f h",
                          s.capacityFactor * 100, r.plant.spec.designNetRating / 1e6, s.fullLoadHours))
        out.append("timings: " + r.timings.map { String(format: "%@ %.2f s", $0.stage as NSString, $0.seconds) }
            .joined(separator: ", "))
        return out.joined(separator: "\n")
    }
}
