import Foundation

/// Saturation temperature of water from pressure: IAPWS-IF97 region 4 backward equation (IAPWS R7-97(2012),
/// eq. 31), valid 611.213 Pa … 22.064 MPa. `pressure` [Pa] → [K]
public func saturationTemperatureIF97(pressure: Double) -> Double {
    let n: [Double] = [0.11670521452767e4, -0.72421316598737e6, -0.17073846940092e2, 0.12020824702470e5,
                       -0.32325550322333e7, 0.14915108613530e2, -0.48232657361591e4, 0.40511340542057e6,
                       -0.23855557567849, 0.65017534844798e3]
    let beta = pow(pressure / 1e6, 0.25)
    let e = beta * beta + n[2] * beta + n[5]
    let f = n[0] * beta * beta + n[3] * beta + n[6]
    let g = n[1] * beta * beta + n[4] * beta + n[7]
    let d = 2 * g / (-f - (f * f - 4 * e * g).squareRoot())
    return (n[9] + d - ((n[9] + d) * (n[9] + d) - 4 * (n[8] + n[9] * d)).squareRoot()) / 2
}
