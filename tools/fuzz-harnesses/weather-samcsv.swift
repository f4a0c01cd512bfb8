// fuzz: SAM CSV / NSRDB PSM3 reader (format forced, detection bypassed)
// fuzz-sources: Sources/SolarTower/Weather Sources/SolarTower/Sun Sources/SolarTower/Export/AtomicFile.swift tools/fuzz-harnesses/Support/WeatherInvariants.swift
// fuzz-seeds: Tests/SolarTowerTests/Corpus/weather/sam-* Tests/SolarTowerTests/Corpus/weather/psm3-*
// fuzz-dict: weather-common.dict weather-samcsv.dict

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWeatherSAMCSV(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    fuzzInput(start, count, rejecting: WeatherError.self) { data in
        checkAccepted(try WeatherReader.parse(data, format: .samCSV, path: "fuzz.csv"))
    }
}
