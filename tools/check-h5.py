#!/usr/bin/env python3
"""Check an HDF5 results file with h5py (independently of the Swift code that wrote it).

Usage:
  tools/check-h5.py FILE                      # every dataset must carry `units` and `description`
  tools/check-h5.py FILE --expect EXPECT.json # plus the expectations in EXPECT.json
  tools/check-h5.py FILE --require-attrs ""   # no attribute requirement

EXPECT.json (every key optional):
{
  "groups":     ["/weather", "/field"],
  "attributes": {"/": {"schema_version": 1, "tool": "solartower"}},
  "datasets": {
    "/weather/dni": {"shape": [8760], "dtype": "float64", "units": "W/m2",
                      "values": {"0": 0.0, "12": 812.25},   # flat index -> value
                      "sum": 2043000.0, "min": 0.0, "max": 1000.0,
                      "rtol": 1e-12, "atol": 0.0}          # tolerances for the numbers above
  }
}
Strings and integers compare exactly; floats with the dataset's rtol/atol (default exact).
Prints a summary; exit status 0 when every check passes, 1 when any fails, 2 when the file
cannot be read or the arguments are wrong.
"""
import argparse
import json
import math
import sys


def as_text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def same(actual, expected, rtol, atol):
    """Exact for strings/ints/bools, tolerance for floats; lists element-wise."""
    actual = as_text(actual)
    if hasattr(actual, "tolist"):
        actual = actual.tolist()
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(
            same(a, e, rtol, atol) for a, e in zip(actual, expected))
    if isinstance(expected, str) or isinstance(actual, str):
        return as_text(actual) == expected
    if isinstance(expected, bool):
        return bool(actual) == expected
    if isinstance(expected, int) and isinstance(actual, int):
        return actual == expected
    try:
        a, e = float(actual), float(expected)
    except (TypeError, ValueError):
        return False
    if math.isnan(e):
        return math.isnan(a)
    if a == e:
        return True
    return abs(a - e) <= atol + rtol * abs(e)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--expect", help="JSON file of expectations")
    parser.add_argument("--require-attrs", default="units,description",
                        help="comma-separated attributes every dataset must have (default: units,description)")
    parser.add_argument("--quiet", action="store_true", help="print only failures and the summary")
    args = parser.parse_args()

    try:
        import h5py
    except ImportError:
        print("check-h5: h5py is not installed (pip install h5py)", file=sys.stderr)
        return 2
    expect = {}
    if args.expect:
        try:
            with open(args.expect, encoding="utf-8") as f:
                expect = json.load(f)
        except (OSError, ValueError) as error:
            print(f"check-h5: cannot read {args.expect}: {error}", file=sys.stderr)
            return 2
    required = [a for a in args.require_attrs.split(",") if a]
    failures = []
    checks = 0

    try:
        h5 = h5py.File(args.file, "r")
    except OSError as error:
        print(f"check-h5: {args.file}: cannot open as HDF5: {error}", file=sys.stderr)
        return 2

    with h5:
        groups, datasets = [], {}

        def visit(name, obj):
            path = "/" + name
            if isinstance(obj, h5py.Dataset):
                datasets[path] = obj
            elif isinstance(obj, h5py.Group):
                groups.append(path)
        h5.visititems(visit)

        for path, ds in sorted(datasets.items()):
            for attr in required:
                checks += 1
                if attr not in ds.attrs:
                    failures.append(f"{path}: missing attribute '{attr}'")
            if not args.quiet:
                units = as_text(ds.attrs.get("units", "?"))
                print(f"{path:40s} {str(ds.shape):16s} {str(ds.dtype):10s} [{units}]")

        for path in expect.get("groups", []):
            checks += 1
            if path not in groups:
                failures.append(f"{path}: group missing")

        for path, attrs in expect.get("attributes", {}).items():
            obj = h5 if path == "/" else h5.get(path)
            if obj is None:
                checks += 1
                failures.append(f"{path}: object missing (attributes expected)")
                continue
            for name, value in attrs.items():
                checks += 1
                if name not in obj.attrs:
                    failures.append(f"{path}@{name}: missing")
                elif not same(obj.attrs[name], value, 0.0, 0.0):
                    failures.append(f"{path}@{name}: expected {value!r}, found {as_text(obj.attrs[name])!r}")

        for path, spec in expect.get("datasets", {}).items():
            checks += 1
            ds = datasets.get(path if path.startswith("/") else "/" + path)
            if ds is None:
                failures.append(f"{path}: dataset missing")
                continue
            rtol, atol = float(spec.get("rtol", 0.0)), float(spec.get("atol", 0.0))
            if "shape" in spec:
                checks += 1
                if list(ds.shape) != list(spec["shape"]):
                    failures.append(f"{path}: shape {list(ds.shape)}, expected {spec['shape']}")
            if "dtype" in spec:
                checks += 1
                kind = "string" if h5py.check_string_dtype(ds.dtype) else str(ds.dtype)
                if kind != spec["dtype"]:
                    failures.append(f"{path}: dtype {kind}, expected {spec['dtype']}")
            if "units" in spec:
                checks += 1
                if as_text(ds.attrs.get("units")) != spec["units"]:
                    failures.append(f"{path}: units {as_text(ds.attrs.get('units'))!r}, expected {spec['units']!r}")
            needs_data = any(k in spec for k in ("values", "sum", "min", "max"))
            data = ds[()] if needs_data else None
            if data is not None and h5py.check_string_dtype(ds.dtype):
                data = ds.asstr()[()]
            flat = data.reshape(-1) if data is not None and hasattr(data, "reshape") else data
            for index, value in spec.get("values", {}).items():
                checks += 1
                i = int(index)
                if not 0 <= i < len(flat):
                    failures.append(f"{path}[{i}]: index outside {len(flat)} values")
                elif not same(flat[i], value, rtol, atol):
                    failures.append(f"{path}[{i}]: expected {value!r}, found {as_text(flat[i])!r}")
            for stat in ("sum", "min", "max"):
                if stat in spec:
                    checks += 1
                    found = float(getattr(flat.astype("float64"), stat)())
                    if not same(found, spec[stat], rtol, atol):
                        failures.append(f"{path}: {stat} {found!r}, expected {spec[stat]!r}")

    for failure in failures:
        print("FAIL " + failure)
    status = "FAILED" if failures else "OK"
    print(f"check-h5: {args.file}: {len(groups)} groups, {len(datasets)} datasets, "
          f"{checks} checks, {len(failures)} failures: {status}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
