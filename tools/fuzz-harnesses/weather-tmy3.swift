// fuzz: NREL TMY3 CSV reader (format forced, detection bypassed)
// fuzz-sources: Sources/SolarTower/Weather Sources/SolarTower/Sun Sources/SolarTower/Export/AtomicFile.swift tools/fuzz-harnesses/Support/WeatherInvariants.swift
// fuzz-seeds: Tests/SolarTowerTests/Corpus/weather/tmy3-*
// fuzz-dict: weather-common.dict weather-tmy3.dict

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWeatherTMY3(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    fuzzInput(start, count, rejecting: WeatherError.self) { data in
        checkAccepted(try WeatherReader.parse(data, format: .tmy3, path: "fuzz.csv"))
    }
}
