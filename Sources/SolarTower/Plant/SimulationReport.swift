import Foundation

/// Plain-text report of a simulation: plant, weather, design point, loss chain, field efficiency components,
/// monthly net energy, capacity factor, full-load hours and stage timings.
///
/// A run over one year (364–366 days of records) is reported as "annual". Any other period (e.g. a 10-year
/// 1-minute series, or a few days) is reported as totals over the period with per-year averages beside them
/// (total ÷ years of 365.25 days of records; monthly rows sum every occurrence of the month).
public struct SimulationReport: Sendable {
    public var summary: SimulationSummary
    public var design: DesignPoint?

    public init(result: SimulationResult, design: DesignPoint? = nil) {
        self.init(summary: result.summary, design: design)
    }

    public init(summary: SimulationSummary, design: DesignPoint? = nil) {
        self.summary = summary
        self.design = design
    }

    public var text: String {
        let r = summary, s = r.thermal
        let gwh = 1 / 3.6e12
        let annual = r.coversOneYear
        let years = r.years
        /// Per-year average of a period total (same unit).
        func perYear(_ v: Double) -> Double { years > 0 ? v / years : 0 }
        var out: [String] = []
        out.append("plant:    \(r.plant.spec.name) (\(r.plant.path))")
        let dniKWh = r.dniSum / 3.6e6
        var weatherLine = "weather:  \(r.weatherSource ?? "generated") — \(r.site.name), \(r.recordCount) records, "
            + String(format: "DNI %.1f kWh/m²", dniKWh)
        if !annual { weatherLine += String(format: " (%.1f kWh/m² per year)", perYear(dniKWh)) }
        out.append(weatherLine)
        if !annual {
            let from = r.firstLocal.map { String($0.iso8601.prefix(10)) } ?? "?"
            let to = r.lastLocal.map { String($0.iso8601.prefix(10)) } ?? "?"
            out.append(String(format: "period:   %@ to %@, %.2f days = %.3f years (not one year: totals are over the period, with per-year averages)",
                              from as NSString, to as NSString, r.duration / 86_400, years))
        }
        out.append(String(format: "field:    %d heliostats, %.0f m² reflective, receiver %.1f m × %.1f m Ø at %.0f m",
                          r.plant.field.layout.count, r.plant.field.reflectiveArea, r.plant.field.receiver.height,
                          r.plant.field.receiver.diameter, r.plant.field.receiver.opticalHeight))
        if let d = design {
            out.append(String(format: "design point (20 March solar noon, %.0f W/m², zenith %.1f°): field %.3f × receiver %.3f × cycle %.3f × net/gross %.3f = solar-to-electric %.1f %%",
                              d.dni, d.sun.zenith * 180 / .pi, d.field.total, d.receiver, d.cycle, d.netToGross,
                              d.solarToElectric * 100))
        }
        out.append("")
        if annual {
            out.append("annual loss chain                  energy [GWh]   stage efficiency")
        } else {
            out.append("loss chain over the period         energy [GWh]   per year [GWh]   stage efficiency")
        }
        for row in r.lossChain {
            let eff = row.efficiency.map { String(format: "%8.3f", $0) } ?? ""
            let stage = row.stage.padding(toLength: 30, withPad: " ", startingAt: 0)
            if annual {
                out.append("  " + stage + String(format: " %12.1f   ", row.energy * gwh) + eff)
            } else {
                out.append("  " + stage + String(format: " %12.1f   %14.1f   ", row.energy * gwh, perYear(row.energy) * gwh) + eff)
            }
        }
        let a = r.fieldChain
        out.append("")
        out.append(String(format: "field optics (energy-weighted over tracking hours): cosine %.3f, shading %.3f, blocking %.3f, attenuation %.3f, intercept %.3f, reflectance %.3f, availability %.3f → %.3f",
                          a.cosine, a.shading, a.blocking, a.attenuation, a.intercept, a.reflectance, a.availability, a.total))
        out.append("field stowed (sun up, below stow elevation or above stow wind): \(r.stowedRecords) records")
        out.append("")
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        if annual {
            out.append("month   net [GWh]")
            for m in 0..<12 { out.append(String(format: "  %@ %10.2f", names[m] as NSString, s.monthlyNet[m] * gwh)) }
            out.append(String(format: "  year %9.2f", s.net * gwh))
        } else {
            out.append("month   net [GWh] over the period   per year [GWh]")
            for m in 0..<12 {
                out.append(String(format: "  %@ %10.2f %26.2f", names[m] as NSString, s.monthlyNet[m] * gwh,
                                  perYear(s.monthlyNet[m]) * gwh))
            }
            out.append(String(format: "  total %8.2f %26.2f", s.net * gwh, perYear(s.net) * gwh))
        }
        out.append("")
        if annual {
            out.append(String(format: "capacity factor %.1f %% (of %.1f MW net design rating), full-load hours %.0f h",
                              s.capacityFactor * 100, r.plant.spec.designNetRating / 1e6, s.fullLoadHours))
        } else {
            out.append(String(format: "capacity factor %.1f %% (of %.1f MW net design rating), full-load hours %.0f h over the period, %.0f h per year",
                              s.capacityFactor * 100, r.plant.spec.designNetRating / 1e6, s.fullLoadHours,
                              perYear(s.fullLoadHours)))
        }
        out.append("timings: " + r.timings.map { String(format: "%@ %.2f s", $0.stage as NSString, $0.seconds) }
            .joined(separator: ", ") + (r.chunks > 1 ? " (\(r.chunks) chunks)" : ""))
        return out.joined(separator: "\n")
    }
}
