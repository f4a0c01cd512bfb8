// fuzz: weather format detection, then the full read of whatever format it detects
// fuzz-sources: Sources/SolarTower/Weather Sources/SolarTower/Sun Sources/SolarTower/Export/AtomicFile.swift tools/fuzz-harnesses/Support/WeatherInvariants.swift
// fuzz-seeds: Tests/SolarTowerTests/Corpus/weather/*
// fuzz-dict: weather-common.dict weather-tmy3.dict weather-tmy2.dict weather-epw.dict weather-samcsv.dict

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWeatherDetect(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    fuzzInput(start, count, rejecting: WeatherError.self) { data in
        let format = try WeatherReader.detectFormat(data: data, path: "fuzz.dat")
        let year = try WeatherReader.read(data: data, path: "fuzz.dat")
        fuzzExpect(year.format == format, "detected \(format) but read \(year.format)")
        checkAccepted(year)
    }
}
