/// Rows for the region-3 backward equations T(p,h), T(p,s) against the check values of IAPWS SR3-03(2014),
/// "Revised Supplementary Release on Backward Equations for the Functions T(p,h), v(p,h) and T(p,s), v(p,s) for
/// Region 3", Tables 5 and 12 (printed to 10 significant digits; no ../shared data needed).
public enum IF97Region3BackwardValidation {
    public static var group: ValidationGroup {
        ValidationGroup(name: "IF97 region 3 backward",
                        summary: "IF97 region-3 backward equations T(p,h) and T(p,s) (IAPWS SR3-03(2014)) against "
                            + "the release's check values.") { _ in rows() }
    }

    public static func rows() -> [ValidationRow] {
        let tph: [(p: Double, h: Double, t: Double, sub: IF97.Region3Subregion)] = [
            (20, 1700, 629.3083892, .a), (50, 2000, 690.5718338, .a), (100, 2100, 733.6163014, .a),
            (20, 2500, 641.8418053, .b), (50, 2400, 735.1848618, .b), (100, 2700, 842.0460876, .b),
        ]
        let tps: [(p: Double, s: Double, t: Double, sub: IF97.Region3Subregion)] = [
            (20, 3.8, 628.2959869, .a), (50, 3.6, 629.7158726, .a), (100, 4.0, 705.6880237, .a),
            (20, 5.0, 640.1176443, .b), (50, 4.5, 716.3687517, .b), (100, 5.0, 847.4332825, .b),
        ]
        var rows: [ValidationRow] = []
        for c in tph {
            let ours = IF97.region3Temperature(pressure: c.p * 1e6, enthalpy: c.h * 1e3)
            let chosen = IF97.region3Subregion(pressure: c.p * 1e6, enthalpy: c.h * 1e3)
            rows.append(ValidationRow(caseName: "R\(c.sub.rawValue) T(p,h) p=\(c.p) MPa h=\(c.h) kJ/kg", quantity: "T",
                                      unit: "K", ours: chosen == c.sub ? ours : nil, reference: c.t, tolerance: 1e-8,
                                      toleranceKind: .relative, source: "IAPWS SR3-03(2014) Table 5",
                                      note: "IF97.region3Temperature(pressure:enthalpy:), subregion by h_3ab(p)"))
        }
        for c in tps {
            let ours = IF97.region3Temperature(pressure: c.p * 1e6, entropy: c.s * 1e3)
            let chosen = IF97.region3Subregion(pressure: c.p * 1e6, entropy: c.s * 1e3)
            rows.append(ValidationRow(caseName: "R\(c.sub.rawValue) T(p,s) p=\(c.p) MPa s=\(c.s) kJ/(kg·K)", quantity: "T",
                                      unit: "K", ours: chosen == c.sub ? ours : nil, reference: c.t, tolerance: 1e-8,
                                      toleranceKind: .relative, source: "IAPWS SR3-03(2014) Table 12",
                                      note: "IF97.region3Temperature(pressure:entropy:), subregion by s_c"))
        }
        return rows
    }
}
