#!/usr/bin/env python3
"""Sun positions from pvlib's NREL SPA, the independent oracle for SolarTower's SPA.

Usage: check-spa-pvlib.py INPUT.csv OUTPUT.csv

INPUT columns (header row): utc (s since 1970-01-01Z), latitude (deg), longitude (deg, east +),
elevation (m), pressure (Pa), temperature (K), delta_t (s).
OUTPUT columns: apparent_zenith (deg), azimuth (deg, east of north), equation_of_time (min).

Rows are evaluated with pvlib.spa.solar_position (numpy), the kernel behind
pvlib.solarposition.spa_python; the first 20 rows are also run through spa_python itself, one call
each, and must agree exactly, so the bulk path is shown to be spa_python's. Exit status 2 when pvlib is
not importable (callers skip), 1 on any other failure.
"""
import csv
import sys

try:
    import numpy as np
    import pandas as pd
    import pvlib
    from pvlib import spa
except ImportError as error:  # the Swift test skips on this status
    print(f"pvlib not available: {error}", file=sys.stderr)
    sys.exit(2)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 1
    with open(argv[1], newline="") as f:
        rows = list(csv.DictReader(f))
    col = {k: np.array([float(r[k]) for r in rows]) for k in
           ("utc", "latitude", "longitude", "elevation", "pressure", "temperature", "delta_t")}
    n = len(rows)
    zen = np.empty(n)
    azi = np.empty(n)
    eot = np.empty(n)
    # Every operation in spa.solar_position is elementwise, so per-row sites broadcast correctly.
    result = spa.solar_position(col["utc"], col["latitude"], col["longitude"], col["elevation"],
                                col["pressure"] / 100.0, col["temperature"] - 273.15, col["delta_t"],
                                0.5667, numthreads=1, sst=False, esd=False)
    zen[:] = result[0]
    azi[:] = result[4]
    eot[:] = result[5]
    # Cross-check the bulk path against the public spa_python wrapper.
    for i in range(min(20, n)):
        t = pd.DatetimeIndex([pd.Timestamp(col["utc"][i], unit="s", tz="UTC")])
        one = pvlib.solarposition.spa_python(t, col["latitude"][i], col["longitude"][i],
                                             altitude=col["elevation"][i], pressure=col["pressure"][i],
                                             temperature=col["temperature"][i] - 273.15,
                                             delta_t=col["delta_t"][i], atmos_refract=0.5667)
        dz = abs(one["apparent_zenith"].iloc[0] - zen[i])
        if dz > 1e-9:
            print(f"row {i + 2}: spa_python {one['apparent_zenith'].iloc[0]} != kernel {zen[i]}", file=sys.stderr)
            return 1
    with open(argv[2], "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["apparent_zenith", "azimuth", "equation_of_time"])
        for i in range(n):
            w.writerow([repr(float(zen[i])), repr(float(azi[i])), repr(float(eot[i]))])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
