import ArgumentParser
import SolarTower

@main
struct SolarTowerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solartower",
        abstract: "Hour-by-hour model of molten-salt solar power tower plants.",
        version: SolarTowerVersion.string,
        subcommands: [
            WeatherCommand.self,
            Sun.self,
            H5Command.self,
            ThermalReplayCommand.self,
            DesignPointCommand.self,
            SimulateCommand.self,
            OpticsCommand.self,
            SweepCommand.self,
            TrackCommand.self,
            Validate.self,
        ]
    )
}
