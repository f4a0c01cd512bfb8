import Foundation
import Numerics
import Testing
@testable import SolarTower

@Test func samPlantFileDecodesToSI() throws {
    let p = try samPlant()
    #expect(p.name == "SAM default MSPT")
    #expect(p.receiver.geometry == ReceiverGeometry(height: 20.4598, diameter: 16.922, opticalHeight: 194.227))
    #expect(p.powerBlock.grossRating == 115e6)
    #expect(p.powerBlock.designHeatInput.isApproximatelyEqual(to: 279.126e6, relativeTolerance: 1e-5))
    #expect(p.receiver.designThermalPower.isApproximatelyEqual(to: 669.903e6, relativeTolerance: 1e-5))
    #expect(p.receiver.hotTemperature == 574 + 273.15)
    #expect(p.storage.capacity.isApproximatelyEqual(to: 2791.26e6 * 3600, relativeTolerance: 1e-5))
    #expect(p.powerBlock.cooling == .dry)
    #expect(p.receiver.tubesPerPanel == 66)
    #expect(p.availability == 0.96)
    // SAM's estimated nameplate 101.66 MWe (gross − design parasitics).
    #expect((p.designNetRating / 1e6).isApproximatelyEqual(to: 101.66, relativeTolerance: 0.01))
}

@Test func allShippedPlantFilesLoad() throws {
    let dir = SharedData.packageRoot.appendingPathComponent("Plants")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".toml") }
    #expect(files.count >= 3)
    for f in files {
        let p = try PlantFile.load(path: dir.appendingPathComponent(f).path)
        #expect(p.designNetRating > 0 && p.designNetRating < p.powerBlock.grossRating)
    }
}

@Test func fieldTableIsIgnored() throws {
    let p = try PlantFile.load(path: SharedData.corpus("plants/valid-with-field-table.toml"))
    #expect(p.storage.capacity > 0)
}

private func failure(_ name: String) -> PlantFileError? {
    do { _ = try PlantFile.load(path: SharedData.corpus("plants/\(name)")); return nil } catch let e as PlantFileError {
        return e
    } catch { return nil }
}

@Test func badPlantFilesGiveClearErrors() throws {
    let missing = try #require(failure("missing-storage-hours.toml"))
    #expect(missing.kind == .missingKey && missing.key == "storage.hours")
    #expect(missing.description.contains("missing-storage-hours.toml:"))
    #expect(missing.line != nil)

    let negative = try #require(failure("negative-storage-hours.toml"))
    #expect(negative.kind == .outOfRange && negative.key == "storage.hours")
    let text = try String(contentsOfFile: SharedData.corpus("plants/negative-storage-hours.toml"), encoding: .utf8)
    let lineNo = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("hours = -4") }! + 1
    #expect(negative.line == lineNo)

    let wrong = try #require(failure("wrong-type-receiver-height.toml"))
    #expect(wrong.kind == .wrongType && wrong.key == "receiver.height_m")
    #expect(wrong.message.contains("number"))

    let panels = try #require(failure("wrong-type-panels.toml"))
    #expect(panels.kind == .wrongType && panels.key == "receiver.panels")

    let syntax = try #require(failure("syntax-error.toml"))
    #expect(syntax.kind == .syntax && syntax.line != nil)

    let table = try #require(failure("missing-power-block-table.toml"))
    #expect(table.kind == .missingKey && table.key == "power_block")

    let cooling = try #require(failure("unknown-cooling-type.toml"))
    #expect(cooling.kind == .outOfRange && cooling.key == "power_block.cooling")

    let hot = try #require(failure("salt-too-hot.toml"))
    #expect(hot.kind == .outOfRange && hot.key == "receiver.outlet_temperature_C")

    let typo = try #require(failure("misspelt-optional-key.toml"))
    #expect(typo.kind == .unknownKey && typo.key == "plant.availabilty" && typo.line != nil)

    let none = try #require(failure("no-such-file.toml"))
    #expect(none.kind == .unreadable)
    #expect(none.message.contains("no such file"), "\(none.message)")
}

/// A folder given as the plant file is named as such (not as an encoding problem).
@Test func aFolderIsNotAPlantFile() throws {
    #expect {
        _ = try PlantFile.load(path: NSTemporaryDirectory())
    } throws: { e in
        guard let e = e as? PlantFileError else { return false }
        return e.kind == .unreadable && e.message.contains("is a folder")
    }
}
