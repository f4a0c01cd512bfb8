#!/usr/bin/env python3
"""Check a SolarTower results file (solartower simulate --hdf5) with h5py, independently of the Swift writer.

Usage:
  tools/check-results-h5.py RESULTS.h5                    # layout against tools/results-h5-schema.json
  tools/check-results-h5.py RESULTS.h5 --expect VALUES.json
  tools/check-results-h5.py RESULTS.h5 --schema OTHER.json --quiet

Layout checks (schema JSON, see its "about"): schema_version, every root attribute, every group, every dataset
(unless "optional") with its shape (symbols records / heliostats / classes / stages resolved from the file),
dtype, `units` attribute and a non-empty `description`; datasets the schema does not list are failures too, so
the schema file stays complete. Integer mode datasets must only hold codes their `codes` attribute names.

VALUES.json (every key optional):
{
  "attributes": {"/": {"schema_version": 1, "weather_file_sha256": "ab12..."}},
  "datasets": {
    "/weather/dni": {"values": {"0": 0.0, "4012": 812.25},  # flat (row-major) index -> value
                      "sum": 7346000.0, "rtol": 1e-12, "atol": 0.0},
    "/time/local_iso8601": {"values": {"0": "1990-01-01T00:00:00"}}
  }
}
Strings and integers compare exactly, floats within rtol/atol (default exact).
Exit status: 0 all checks pass, 1 some check failed, 2 unreadable file or bad arguments.
"""
import argparse
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def same(actual, expected, rtol, atol):
    actual = text(actual)
    if isinstance(expected, str) or isinstance(actual, str):
        return actual == expected
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(
            same(a, e, rtol, atol) for a, e in zip(actual, expected))
    if isinstance(expected, int) and not isinstance(expected, bool) and isinstance(actual, int):
        return actual == expected
    try:
        a, e = float(actual), float(expected)
    except (TypeError, ValueError):
        return False
    if math.isnan(e):
        return math.isnan(a)
    return a == e or abs(a - e) <= atol + rtol * abs(e)


def dtype_name(dataset):
    kind = dataset.dtype.kind
    if kind in "SUO":
        return "string"
    return str(dataset.dtype)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--schema", default=os.path.join(HERE, "results-h5-schema.json"))
    parser.add_argument("--expect", help="JSON file of expected values")
    parser.add_argument("--quiet", action="store_true", help="print only failures and the summary")
    args = parser.parse_args()
    try:
        import h5py
        import numpy as np
    except ImportError:
        print("check-results-h5: h5py is not installed (pip install h5py)", file=sys.stderr)
        return 2
    try:
        with open(args.schema, encoding="utf-8") as f:
            schema = json.load(f)
        expect = {}
        if args.expect:
            with open(args.expect, encoding="utf-8") as f:
                expect = json.load(f)
    except (OSError, ValueError) as error:
        print(f"check-results-h5: {error}", file=sys.stderr)
        return 2
    try:
        h5 = h5py.File(args.file, "r")
    except OSError as error:
        print(f"check-results-h5: {args.file}: {error}", file=sys.stderr)
        return 2

    failures = []
    checks = 0

    def check(ok, message):
        nonlocal checks
        checks += 1
        if not ok:
            failures.append(message)
            print("FAIL " + message)
        elif not args.quiet:
            print("ok   " + message)

    with h5:
        root = h5.attrs
        check(text(root.get("schema_version")) == schema["schema_version"],
              f"/ schema_version = {text(root.get('schema_version'))}, expected {schema['schema_version']}")
        for name in schema["root_attributes"]:
            check(name in root, f"/ has attribute {name}")
        records = int(root.get("record_count", -1))
        heliostats = int(root.get("heliostat_count", -1))
        dims = {"records": records, "heliostats": heliostats,
                "classes": h5["/field/classes/width"].shape[0] if "/field/classes/width" in h5 else -1,
                "stages": h5["/summary/loss_chain_stage"].shape[0] if "/summary/loss_chain_stage" in h5 else -1}
        for group in schema["groups"]:
            check(group in h5 and isinstance(h5[group], h5py.Group), f"{group} is a group")
            if group in h5:
                check(bool(text(h5[group].attrs.get("description", ""))), f"{group} has a description")

        found = []
        h5.visititems(lambda name, obj: found.append("/" + name) if isinstance(obj, h5py.Dataset) else None)
        listed = schema["datasets"]
        for path in found:
            check(path in listed, f"{path} is in the schema")
        datasets_ok = 0
        for path, spec in listed.items():
            if path not in h5:
                check(spec.get("optional", False), f"{path} present (required)")
                continue
            d = h5[path]
            want = [dims[s] if isinstance(s, str) else s for s in spec["shape"]]
            ok = list(d.shape) == want
            check(ok, f"{path}: shape {list(d.shape)}" + ("" if ok else f", expected {want}"))
            got = dtype_name(d)
            check(got == spec["dtype"], f"{path}: dtype {got}" + ("" if got == spec["dtype"] else f", expected {spec['dtype']}"))
            units = text(d.attrs.get("units"))
            if units is None:
                check(False, f"{path}: missing attribute 'units'")
            else:
                check(units == spec["units"], f"{path}: units '{units}'" + ("" if units == spec["units"] else f", expected '{spec['units']}'"))
            check(bool(text(d.attrs.get("description", ""))), f"{path}: has a description")
            for name, value in spec.get("attributes", {}).items():
                check(text(d.attrs.get(name)) == value, f"{path}: attribute {name} = {value!r}")
            if "codes" in d.attrs:
                allowed = {int(item.split("=")[0]) for item in text(d.attrs["codes"]).split(", ")}
                used = set(np.unique(d[()]).tolist())
                check(used <= allowed, f"{path}: codes used {sorted(used)} within {sorted(allowed)}")
            if d.dtype.kind == "f" and d.size and path not in ("/summary/loss_chain_efficiency",) \
                    and "NaN where" not in text(d.attrs.get("description", "")):
                finite = bool(np.isfinite(d[()]).all())
                check(finite, f"{path}: all values finite")
            datasets_ok += 1

        for where, attributes in expect.get("attributes", {}).items():
            holder = h5[where] if where != "/" else h5
            for name, value in attributes.items():
                got = text(holder.attrs.get(name))
                check(same(got, value, 0, 0), f"{where} attribute {name} = {got!r}, expected {value!r}")
        for path, spec in expect.get("datasets", {}).items():
            if path not in h5:
                check(False, f"{path} present (expected values)")
                continue
            d = h5[path]
            rtol, atol = spec.get("rtol", 0.0), spec.get("atol", 0.0)
            flat = d[()].reshape(-1) if d.shape else np.array([d[()]])
            for index, value in spec.get("values", {}).items():
                got = flat[int(index)]
                check(same(got, value, rtol, atol), f"{path}[{index}] = {text(got)!r}, expected {value!r}")
            if "sum" in spec:
                total = float(np.sum(flat, dtype=np.float64))
                check(same(total, spec["sum"], rtol, atol), f"{path} sum = {total!r}, expected {spec['sum']!r}")

    print(f"{args.file}: {len(found)} datasets, {checks} checks, {len(failures)} failures: "
          + ("OK" if not failures else "FAILED"))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
