import ArgumentParser

/// `solartower weather …`: commands about weather files.
struct WeatherCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weather",
        abstract: "Inspect (and generate) weather files.",
        subcommands: [
            WeatherInfoCommand.self,
            WeatherSynth.self,
        ]
    )
}
