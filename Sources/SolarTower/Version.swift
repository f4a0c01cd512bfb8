/// Version of the SolarTower library and tool.
public enum SolarTowerVersion {
    public static let string = "0.1.0"
}
