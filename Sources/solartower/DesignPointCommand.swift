import ArgumentParser
import Foundation
import SolarTower

/// `solartower design-point PLANT --field-efficiency X`: design-point solar-to-electric efficiency of a plant
/// from a field optical efficiency (the field model supplies it; until then, give it by hand).
struct DesignPointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "design-point",
        abstract: "Design-point solar-to-electric efficiency = field x receiver x cycle x net/gross.")

    @Argument(help: "Plant file (TOML).")
    var plant: String

    @Option(help: "Field optical efficiency at the design point (cosine, shading/blocking, reflectance, attenuation, intercept).")
    var fieldEfficiency: Double

    @Option(help: "Ambient temperature at the design point. [C]")
    var ambient: Double = 25

    @Option(help: "Wind speed at 10 m at the design point. [m/s]")
    var wind: Double = 5

    @Option(help: "Also print the field efficiency needed to reach this solar-to-electric efficiency.")
    var target: Double?

    func validate() throws {
        guard (0...1).contains(fieldEfficiency) else { throw ValidationError("--field-efficiency must be in 0...1") }
    }

    func run() throws {
        let spec: PlantSpec
        do { spec = try PlantFile.load(path: plant) } catch let e as PlantFileError {
            FileHandle.standardError.write(Data((e.description + "\n").utf8))
            throw ExitCode.failure
        }
        let e = spec.designSolarToElectricEfficiency(fieldEfficiency: fieldEfficiency, ambient: ambient + 273.15,
                                                     windSpeed: wind)
        print("plant: \(spec.name)")
        print(String(format: "field %.4f x receiver %.4f (incl. absorptance) x cycle gross %.4f x net/gross %.4f = %.4f",
                     fieldEfficiency, e.receiver, e.cycle, e.netToGross, e.total))
        print(String(format: "design net rating %.2f MW of %.2f MW gross", spec.designNetRating / 1e6,
                     spec.powerBlock.grossRating / 1e6))
        if let target {
            print(String(format: "field efficiency needed for %.2f %%: %.4f", target * 100,
                         target / (e.receiver * e.cycle * e.netToGross)))
        }
    }
}
