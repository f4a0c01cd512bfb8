import Testing
@testable import SolarTower

@Test func sunDirectionIsUnitVector() {
    let d = SunPosition(zenith: 0.7, azimuth: 2.0).direction
    #expect(abs(d.x * d.x + d.y * d.y + d.z * d.z - 1) < 1e-12)
}
