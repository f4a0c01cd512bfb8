// fuzz: NREL TMY2 fixed-width reader (format forced, detection bypassed)
// fuzz-sources: Sources/SolarTower/Weather Sources/SolarTower/Sun Sources/SolarTower/Export/AtomicFile.swift tools/fuzz-harnesses/Support/WeatherInvariants.swift
// fuzz-seeds: Tests/SolarTowerTests/Corpus/weather/tmy2-*
// fuzz-dict: weather-common.dict weather-tmy2.dict

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWeatherTMY2(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    fuzzInput(start, count, rejecting: WeatherError.self) { data in
        checkAccepted(try WeatherReader.parse(data, format: .tmy2, path: "fuzz.tm2"))
    }
}
