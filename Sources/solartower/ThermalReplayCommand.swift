import ArgumentParser
import Foundation
import SolarTower

/// `solartower thermal-replay PLANT --sam-hourly FILE`: drives the thermal chain with SAM's hourly field output
/// and prints SolarTower's loss chain and monthly net beside SAM's.
struct ThermalReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thermal-replay",
        abstract: "Run the thermal chain on NREL SAM's hourly receiver input and compare with SAM's results.")

    @Argument(help: "Plant file (TOML).")
    var plant: String

    @Option(name: .customLong("sam-hourly"), help: "SAM hourly.csv (e.g. ../shared/reference/sam-mspt-greensboro/hourly.csv).")
    var samHourly: String

    @Option(help: "Total mirror area for DNI x area. [m2]")
    var mirrorArea: Double = 1_348_316.2572

    @Option(help: "Station pressure for every hour. [Pa]")
    var pressure: Double = 98_100

    @Option(help: "Multiply the plant's storage hours by this factor.")
    var storageScale: Double = 1

    @Option(help: "Write SolarTower's hourly results to this CSV file.")
    var csv: String?

    func run() throws {
        var spec: PlantSpec
        do { spec = try PlantFile.load(path: plant) } catch let e as PlantFileError {
            FileHandle.standardError.write(Data((e.description + "\n").utf8))
            throw ExitCode.failure
        }
        spec.storage.capacity *= storageScale
        let replay = try SAMHourlyReplay.load(path: samHourly, absorptance: spec.receiver.absorptance,
                                              mirrorArea: mirrorArea, pressure: pressure)
        let clock = ContinuousClock()
        var result: PlantResult!
        let elapsed = clock.measure { result = PlantSimulation.runThermal(plant: spec, inputs: replay.inputs) }
        let s = result.summary
        let gwh = 1 / 3.6e12
        func row(_ name: String, _ ours: Double, _ sam: Double?) {
            let label = name.padding(toLength: 30, withPad: " ", startingAt: 0)
            if let sam {
                print(label + String(format: "%12.1f %12.1f %+7.2f %%", ours * gwh * 1000, sam * gwh * 1000,
                                     (ours / sam - 1) * 100))
            } else {
                print(label + String(format: "%12.1f", ours * gwh * 1000) + "            -")
            }
        }
        let samRecOut = replay.receiverOutput.reduce(0, +) * 3600
        let samGross = replay.gross.reduce(0, +) * 3600
        let samNet = replay.net.reduce(0, +) * 3600
        print("plant: \(spec.name)   thermal pass: \(elapsed)")
        print("annual [MWh]".padding(toLength: 30, withPad: " ", startingAt: 0) + "  SolarTower          SAM      diff")
        row("DNI x mirror area", s.fieldIncident, nil)
        row("offered to receiver", s.receiverIncident, nil)
        row("defocused / not collected", s.defocused, nil)
        row("receiver losses", s.receiverLosses, nil)
        row("receiver startup", s.receiverStartup, nil)
        row("receiver output (into salt)", s.receiverOutput, samRecOut)
        row("tank losses", s.tankLosses, nil)
        row("cycle heat", s.cycleHeat, nil)
        row("cycle startup", s.cycleStartup, nil)
        row("gross", s.gross, samGross)
        row("parasitics", s.parasitics, samGross - replay.netBeforeAvailability.reduce(0, +) * 3600)
        for (name, key) in [("  receiver pump", \ThermalStep.receiverPump), ("  cycle pump", \ThermalStep.cyclePump),
                            ("  cooling", \ThermalStep.cooling), ("  tracking", \ThermalStep.tracking),
                            ("  tank heaters", \ThermalStep.heaters), ("  fixed + BOP", \ThermalStep.fixedAndBOP)] {
            row(name, result.steps.reduce(0) { $0 + $1[keyPath: key] } * 3600, nil)
        }
        row("net", s.net, samNet)
        print(String(format: "capacity factor %.2f %%   full-load hours %.0f   design net rating %.2f MW",
                     s.capacityFactor * 100, s.fullLoadHours, spec.designNetRating / 1e6))
        var samMonthly = Array(repeating: 0.0, count: 12)
        for (i, m) in replay.month.enumerated() where (1...12).contains(m) { samMonthly[m - 1] += replay.net[i] * 3600 }
        print("month   SolarTower GWh   SAM GWh   diff")
        for m in 0..<12 {
            print(String(format: "%5d %14.2f %10.2f %+7.2f %%", m + 1, s.monthlyNet[m] * gwh, samMonthly[m] * gwh,
                         (s.monthlyNet[m] / samMonthly[m] - 1) * 100))
        }
        let r = pearsonCorrelation(result.steps.map(\.gross), replay.gross)
        let rq = pearsonCorrelation(result.steps.map(\.receiverOutput), replay.receiverOutput)
        print(String(format: "hourly correlation: gross r = %.4f, receiver output r = %.4f", r, rq))
        if let csv {
            do { try AtomicFile.write(result.hourlyCSV(), to: csv) } catch let e as AtomicFile.WriteError {
                throw ValidationError(e.description)
            }
        }
    }
}
