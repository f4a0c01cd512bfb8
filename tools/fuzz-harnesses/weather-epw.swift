// fuzz: EnergyPlus EPW reader (format forced, detection bypassed)
// fuzz-sources: Sources/SolarTower/Weather Sources/SolarTower/Sun Sources/SolarTower/Export/AtomicFile.swift tools/fuzz-harnesses/Support/WeatherInvariants.swift
// fuzz-seeds: Tests/SolarTowerTests/Corpus/weather/epw-*
// fuzz-dict: weather-common.dict weather-epw.dict

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWeatherEPW(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    fuzzInput(start, count, rejecting: WeatherError.self) { data in
        checkAccepted(try WeatherReader.parse(data, format: .epw, path: "fuzz.epw"))
    }
}
