#!/usr/bin/env python3
"""tests/bad_input/gen.py - the bad-input corpus, generated.

generate(src, out) writes every case's files into the folder `out` and
returns the cases: each a dict with
  id       a stable name ("scn.default.type.cluster.racks.str", ...)
  argv     the dcsim arguments (the binary is prepended by run.py)
  exit     the exit status wanted (2 for bad input, 1 for runtime failures)
  pattern  a regular expression the combined stdout+stderr must match: it
           names the file and the JSON path or line, and the rule broken
  nodir    a path that must not exist afterwards (the case's -o folder)
  stdout   optional: a file stdout is sent to ("/dev/full")
Cases are made from the shipped scenarios, sweeps and data files by
mutation: wrong types; huge, infinite and negative numbers; missing and
unknown keys; misspelt keys; 10,000-level nesting; huge strings and
arrays; bad enum values; bad CSV trace, EPW weather and grid files; bad
command lines. Standard library only (CI runs the same Debian image).
Cases listed in known.tsv (inputs dcsim still mishandles) are skipped by
run.py, so the corpus holds only what is handled right.
"""
import copy
import json
import os
import re

BASES = {  # name: shipped scenario, mutated leaf by leaf
    "small": "tests/data/sweep_small.json",
    "default": "scenarios/default_1024_h100.json",
    "pjm": "scenarios/how_much_carbon_does_deferring_training_save_in_pjm.json",
    "cap": "scenarios/what_happens_when_a_50mw_campus_outgrows_a_40mw_connection_throttle.json",
    "money": "tests/data/money_small.json",  # calendar.start and every cost key
    "chat": "scenarios/what_does_a_chatbot_fleet_draw_over_a_week.json",
}
# Parsing a year of weather, a grid region or a trace takes 30 ms a load:
# the mutated bases take constant air and carbon and no trace instead, so
# two thousand cases run in seconds (the files get their own cases).
FAST_WEATHER = {"model": "constant", "dry_bulb_c": 20, "relative_humidity": 0.5}


def fast(doc):
    if "weather" in doc:
        doc["weather"] = dict(FAST_WEATHER)
    if isinstance(doc.get("grid", {}).get("carbon"), str):
        doc["grid"]["carbon"] = 400
    for k in doc.get("workload", {}).get("classes", []):
        if k.get("duration", {}).get("distribution") == "empirical":
            k["duration"] = {"distribution": "exponential", "mean_h": 1}
    return doc


# Keys that may be left out (a default applies): deleting one is valid.
OPTIONAL = {
    "name", "description", "seed", "duration_h", "duration_days", "warmup_h",
    "sample_interval_min", "cooling", "weather", "power", "scheduler", "output",
    "grid", "rack_devices", "start_day_of_year", "policy", "process", "weights",
    "units", "redundancy", "efficiency", "outdoors", "oversubscription", "sigma",
    "max_h", "preemptible", "deferrable", "checkpoint_interval_h", "slack_h",
    "utc_offset_h", "throttle_floor", "count", "name_suffix", "timeseries", "jobs",
    "pue", "utilization", "unit", "room_cooling", "gpu_cap_w", "gpu_cap_fraction",
    "battery", "price", "carbon", "capacity_mw", "levels", "chain", "classes",
    "workload", "modules", "technology", "air", "liquid", "trim_chiller",
    "forecast_error", "gpu_cap_schedule", "signal", "relative_humidity", "dry_bulb_c",
    # the calendar is optional (its start is not); every cost key has a default
    "calendar", "cost", "gpu_usd", "node_usd", "network_usd_per_gpu", "rack_usd",
    "power_usd_per_kw", "cooling_fixed_pue_usd_per_kw", "cooling_air_usd_per_kw",
    "cooling_direct_to_chip_usd_per_kw", "cooling_immersion_usd_per_kw",
    "building_usd_per_mw", "it_years", "network_years", "power_years", "cooling_years",
    "building_years", "discount_rate", "energy_usd_per_mwh", "demand_usd_per_kw_month",
    "water_usd_per_m3", "maintenance_fraction", "staff_per_mw", "staff_usd_per_year",
    "cloud_on_demand_usd_per_gpu_h", "cloud_reserved_usd_per_gpu_h",
    "cloud_spot_usd_per_gpu_h",
    # inference services (workload.services[])
    "services", "mode", "max_batch", "hourly_profile", "weekday_profile", "slo_ttft_s",
    "slo_e2e_s", "autoscale", "scale_down_cooldown_s", "step_s", "queue_limit", "tokens",
}
ENUM_KEYS = {"technology", "policy", "process", "distribution", "unit", "node",
             "device", "efficiency", "redundancy", "oversubscription", "site",
             "model", "region", "carbon", "price", "kind", "mode", "strategy",
             "profile", "tokens", "arrivals"}


def path_str(parts):
    s = ""
    for p in parts:
        s += "[%d]" % p if isinstance(p, int) else ("." + p if s else p)
    return s


def leaves(doc, parts=()):
    """(parts, value) of every value in doc, parents before children."""
    yield parts, doc
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from leaves(v, parts + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from leaves(v, parts + (i,))


def get(doc, parts):
    for p in parts:
        doc = doc[p]
    return doc


def with_value(doc, parts, value):
    d = copy.deepcopy(doc)
    get(d, parts[:-1])[parts[-1]] = value
    return d


def without(doc, parts):
    d = copy.deepcopy(doc)
    del get(d, parts[:-1])[parts[-1]]
    return d


def renamed(doc, parts, new_key):
    d = copy.deepcopy(doc)
    parent = get(d, parts[:-1])
    items = [(new_key if k == parts[-1] else k, v) for k, v in parent.items()]
    parent.clear()
    parent.update(items)
    return d


class Corpus:
    def __init__(self, src, out):
        self.src, self.out, self.cases = src, out, []
        for sub in ("traces", "weather", "grid"):
            link = os.path.join(out, sub)
            if not os.path.exists(link):
                os.symlink(os.path.join(src, "scenarios", sub), link)

    def write(self, name, data):
        path = os.path.join(self.out, name)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return path

    def add(self, cid, argv, status, pattern, stdout=None):
        nodir = os.path.join(self.out, "out." + cid)
        argv = [a.replace("{OUT}", nodir) for a in argv]
        self.cases.append({"id": cid, "argv": argv, "exit": status,
                           "pattern": pattern, "nodir": nodir, "stdout": stdout})

    def scenario(self, cid, doc_or_text, pattern, status=2, name=None):
        """A scenario file run with -o: exit status, message, no folder."""
        text = doc_or_text if isinstance(doc_or_text, (str, bytes)) else json.dumps(doc_or_text)
        fname = name or (cid + ".json")
        path = self.write(fname, text)
        pat = pattern.replace("{F}", re.escape(path))
        self.add(cid, ["run", path, "-q", "-o", "{OUT}"], status, pat)


def loc(parts):
    """The message's location: FILE: PATH: then a rule."""
    return r"{F}: " + re.escape(path_str(parts)) + r": \S"


def scenario_cases(c):
    for bname, rel in BASES.items():
        with open(os.path.join(c.src, rel)) as f:
            base = fast(json.load(f))
        pre = "scn.%s." % bname
        for parts, v in leaves(base):
            if not parts:
                continue
            p = path_str(parts)
            key = parts[-1] if isinstance(parts[-1], str) else None
            # wrong types: a type no field of that name takes
            # (a number, a string, an array and an object are each valid for
            # some field: "gpus": 8 or {...}, "carbon": 400 or "pjm" or [...])
            if isinstance(v, bool):
                wrong = [("str", "yes"), ("nested", [[1]])]
            elif isinstance(v, (int, float)):
                wrong = [("bool", True), ("nested", [[1]]), ("null", None)]
            elif isinstance(v, str):
                wrong = [("bool", False), ("nested", [[1]])]
            else:
                wrong = [("bool", True)]
            for tag, w in wrong:
                c.scenario(pre + "type.%s.%s" % (p, tag), with_value(base, parts, w), loc(parts))
            # numbers out of any sane range
            if isinstance(v, (int, float)) and not isinstance(v, bool) and \
                    parts[-2:-1] != ("weights",):  # weights are relative: 1e308 is valid
                for tag, text in (("huge", "1e308"), ("inf", "1e999"), ("neghuge", "-1e308")):
                    doc = json.dumps(with_value(base, parts, "@@N@@")).replace('"@@N@@"', text)
                    c.scenario(pre + "num.%s.%s" % (p, tag), doc, loc(parts))
            # bad enum values
            if key in ENUM_KEYS and isinstance(v, str):
                c.scenario(pre + "enum.%s" % p, with_value(base, parts, "no_such_value"), loc(parts))
            if key is not None:
                # unknown and misspelt keys
                bad = key[:-1] if len(key) > 3 else key + "x"
                c.scenario(pre + "typo.%s" % p, renamed(base, parts, bad),
                           re.escape(path_str(parts[:-1] + (bad,))) + r": unknown key")
                # missing required keys
                if key not in OPTIONAL:
                    c.scenario(pre + "missing.%s" % p, without(base, parts),
                               r"{F}: " + re.escape(path_str(parts[:-1]) or "") + r".*\S")
            if isinstance(v, dict):
                doc = copy.deepcopy(base)
                get(doc, parts)["bogus_key"] = 1
                c.scenario(pre + "unknown.%s" % p, doc,
                           re.escape(path_str(parts + ("bogus_key",))) + ": unknown key")


def structure_cases(c):
    with open(os.path.join(c.src, BASES["small"])) as f:
        base = json.load(f)
    deep = "[" * 10000 + "]" * 10000
    c.scenario("json.nest.doc", deep, r"{F}:1:\d+: JSON syntax error")
    c.scenario("json.nest.value", '{"name": %s}' % deep, r"{F}:1:\d+: JSON syntax error")
    c.scenario("json.nest.object", '{"a":' * 10000 + "1" + "}" * 10000, r"{F}:1:\d+: JSON syntax error")
    c.scenario("json.empty", "", r"{F}:1:1: JSON syntax error")
    c.scenario("json.ws", "  \n\n", r"{F}:3:1: JSON syntax error")
    c.scenario("json.array", "[]", r"{F}: .*object")
    c.scenario("json.number", "42", r"{F}: .*object")
    c.scenario("json.trailing", json.dumps(base) + " x", r"{F}:\d+:\d+: JSON syntax error")
    c.scenario("json.nan", json.dumps(base).replace('"utilization": 0.8', '"utilization": NaN'),
               r"{F}:\d+:\d+: JSON syntax error")
    c.scenario("json.infinity", json.dumps(base).replace('"utilization": 0.8', '"utilization": Infinity'),
               r"{F}:\d+:\d+: JSON syntax error")
    c.scenario("json.nul", json.dumps(base).encode() + b"\0", r"{F}: contains a NUL byte")
    c.scenario("json.binary", bytes(range(1, 256)) * 4, r"{F}:\d+:\d+: JSON syntax error")
    c.scenario("json.comment", "// c\n" + json.dumps(base), r"{F}:1:1: JSON syntax error")
    c.scenario("json.unterminated", json.dumps(base)[:-5], r"{F}:\d+:\d+: JSON syntax error")
    c.scenario("json.huge_file", b" " * (64 * 1024 * 1024 + 1), r"{F}: .*64 MiB")
    # huge strings and arrays
    big = "x" * 1000000
    c.scenario("huge.enum_string", with_value(base, ("cooling", "technology"), big),
               loc(("cooling", "technology")))
    c.scenario("huge.key", dict(base, **{big: 1}), r"{F}: x+: unknown key")
    c.scenario("huge.preset", with_value(base, ("cluster", "node"), big), loc(("cluster", "node")))
    arr = [8] * 1000000 + ["x"]
    c.scenario("huge.sizes_bad_tail", with_value(base, ("workload", "classes", 0, "gpus", "sizes"), arr),
               r"{F}: workload\.classes\[0\]\.gpus\.sizes(\[1000000\])?: \S")
    c.scenario("huge.classes_bad", with_value(base, ("workload", "classes"), [7] * 100000),
               r"{F}: workload\.classes: must be an array of at most 256")
    c.scenario("huge.weights_sum", with_value(base, ("workload", "classes", 0, "gpus"),
               {"sizes": [8, 16], "weights": [1e308, 1e308]}),
               loc(("workload", "classes", 0, "gpus", "weights")))
    # issue 16: durations past a century, the time series past 1e7 rows,
    # no jobs, no node, strings that are not UTF-8
    for k in ("mean_h", "median_h", "value_h", "max_h"):
        d = {"distribution": {"mean_h": "exponential", "median_h": "lognormal",
                              "value_h": "constant", "max_h": "exponential"}[k]}
        d.update({"exponential": {"mean_h": 1}, "lognormal": {"median_h": 1, "sigma": 1},
                  "constant": {"value_h": 1}}[d["distribution"]])
        d[k] = 876001
        p = ("workload", "classes", 0, "duration", k)
        c.scenario("num.%s.century" % path_str(p),
                   with_value(base, ("workload", "classes", 0, "duration"), d), loc(p))
    c.scenario("ts_rows", dict(base, sample_interval_min=0.001, duration_h=87600),
               r"{F}: sample_interval_min: .*5\.256e\+09 time-series rows, more than 1e\+07")
    # (no workload, or classes: [], is an idle facility: a warning, in cli.sh)
    c.scenario("too_large", with_value(base, ("workload", "classes", 0, "gpus"), 100000),
               r"{F}: workload\.classes\[0\]\.gpus: every job needs at least 100000 GPUs")
    c.scenario("utf8.value", json.dumps(with_value(base, ("workload", "classes", 0, "name"), "@@"))
               .encode().replace(b"@@", b"a\xff"), r"{F}: workload\.classes\[0\]\.name: not valid UTF-8")
    c.scenario("utf8.overlong", json.dumps(with_value(base, ("name",), "@@"))
               .encode().replace(b"@@", b"\xc0\xaf"), r"{F}: name: not valid UTF-8")
    c.scenario("utf8.surrogate", json.dumps(with_value(base, ("description",), "@@"))
               .encode().replace(b"@@", b"\xed\xa0\x80"), r"{F}: description: not valid UTF-8")
    c.scenario("utf8.key", json.dumps(dict(base, **{"@@": 1})).encode().replace(b"@@", b"\xfe"),
               r"{F}: \(root\): a key is not valid UTF-8")
    c.scenario("huge.times_unsorted", with_value(base, ("workload", "classes", 0, "arrival"),
               {"process": "list", "times_h": list(range(100000, 0, -1))}),
               r"{F}: workload\.classes\[0\]\.arrival\.times_h.*: \S")
    # a few hand-picked numbers: negative, tiny, not whole
    for p, v in ((("cluster", "racks"), -1), (("cluster", "racks"), 1e-320), (("cluster", "racks"), 1.5),
                 (("cluster", "nodes_per_rack"), 0), (("duration_h",), -1),
                 (("warmup_h",), -2), (("sample_interval_min",), 0), (("seed",), -1), (("seed",), 1.5),
                 (("seed",), 2.0 ** 60), (("workload", "classes", 0, "utilization"), 1.0000001),
                 (("workload", "classes", 0, "utilization"), -1e-9),
                 (("workload", "classes", 0, "arrival", "rate_per_h"), -1),
                                  (("workload", "classes", 0, "duration", "mean_h"), 0),
                 (("workload", "classes", 0, "duration", "mean_h"), -5),
                 (("cooling", "pue"), 0.99), (("cooling", "pue"), -1)):
        c.scenario("num.%s.%r" % (path_str(p), v), with_value(dict(base, warmup_h=0), p, v), loc(p))
    # the shipped files' own names, unmutated bases (a year of weather each)
    for bname, p, bad in (("default", ("weather", "site"), "atlantis"),
                          ("pjm", ("grid", "carbon"), "no_such_region"),
                          ("default", ("weather", "start_day_of_year"), 366),
                          ("default", ("workload", "classes", 3, "duration", "column"), "no_column"),
                          ("default", ("workload", "classes", 3, "duration", "file"), "traces/none.csv")):
        with open(os.path.join(c.src, BASES[bname])) as f:
            real = json.load(f)
        c.scenario("real.%s.%s" % (bname, path_str(p)), with_value(real, p, bad),
                   r"({F}: " + re.escape(path_str(p)) + r": \S|none\.csv: cannot open|no column)")
    c.scenario("num.duration_h.1e-320", dict(base, warmup_h=0, duration_h=1e-320),
               r"{F}: (duration_h|sample_interval_min): \S")
    c.scenario("warmup_past_end", dict(base, warmup_h=24), r"{F}: warmup_h: \S")
    # issue 21: market-based emissions need an intensity for what contracts leave
    c.scenario("market_without_intensity", dict(base, grid={"market": {"contract_share": 0.5}}),
               r"{F}: grid\.market\.residual_g_per_kwh: required without grid\.carbon")
    c.scenario("market_residual_twice", dict(base, grid={"carbon": 400, "market": {
               "residual_region": "CAMX", "residual_g_per_kwh": 300}}),
               r"{F}: grid\.market\.residual_region: give residual_g_per_kwh or residual_region, not both")
    c.scenario("market_residual_unknown", dict(base, grid={"carbon": 400, "market": {
               "residual_region": "camx"}}),
               r"{F}: grid\.market\.residual_region: unknown region \"camx\"")
    c.scenario("market_residual_not_text", dict(base, grid={"carbon": 400, "market": {
               "residual_region": 7}}),
               r"{F}: grid\.market\.residual_region: must be a region code")
    c.scenario("market_share_over_1", dict(base, grid={"carbon": 400, "market": {"contract_share": 1.5}}),
               r"{F}: grid\.market\.contract_share: \S")
    # issue 21: a class's GPU power given one way, within idle..TDP
    cls = ("workload", "classes", 0)
    both = copy.deepcopy(get(base, cls))
    both["gpu_power_w"] = 400
    c.scenario("class_power_twice", with_value(base, cls, both),
               r"{F}: workload\.classes\[0\]\.gpu_power_w: give one of utilization")
    over = copy.deepcopy(get(base, cls))
    del over["utilization"]
    over["gpu_power_w"] = 5000
    c.scenario("class_power_over_tdp", with_value(base, cls, over),
               r"{F}: workload\.classes\[0\]\.gpu_power_w: .*TDP")
    # issue 21: a per-job power distribution's keys
    ln = copy.deepcopy(get(base, cls))
    del ln["utilization"]
    ln["gpu_power_dist"] = {"distribution": "lognormal", "median_w": 900, "sigma": 0.3}
    c.scenario("power_dist_over_tdp", with_value(base, cls, ln),
               r"{F}: workload\.classes\[0\]\.gpu_power_dist\.median_w: .*TDP")
    ln = copy.deepcopy(ln)
    ln["gpu_power_dist"] = {"distribution": "lognormal", "median_w": 300, "sigma": 0.3, "cv": 0.3}
    c.scenario("power_dist_two_spreads", with_value(base, cls, ln),
               r"{F}: workload\.classes\[0\]\.gpu_power_dist\.cv: give one of sigma, cv")
    ln = copy.deepcopy(ln)
    ln["gpu_power_dist"] = {"distribution": "lognormal", "median_w": 300, "sigma": 0.3, "levels": 0}
    c.scenario("power_dist_no_levels", with_value(base, cls, ln),
               r"{F}: workload\.classes\[0\]\.gpu_power_dist\.levels: \S")
    ln = copy.deepcopy(ln)
    ln["gpu_power_dist"] = {"distribution": "empirical", "median_w": 300}
    c.scenario("power_dist_wrong_key", with_value(base, cls, ln),
               r"{F}: workload\.classes\[0\]\.gpu_power_dist\.median_w: not used by the empirical")
    c.scenario("loaded_idle_below_idle", with_value(base, ("cluster", "node"),
               {"preset": "hgx_h100", "accelerator": {"preset": "h100_sxm", "loaded_idle_w": 10}}),
               r"{F}: cluster\.node\.accelerator\.loaded_idle_w: must lie between")
    # issue 21: fans are part of the host; a host of 0 W cannot hold them
    c.scenario("fans_without_host", with_value(base, ("cluster", "node"),
               {"preset": "hgx_h100", "host_idle_w": 0, "host_max_w": 0, "fan_share": 0.1}),
               r"{F}: cluster\.node\.fan_share: .*more than the host can hold")
    # scaling rules: one rate key of three; a profile only with offered_load
    arr = ("workload", "classes", 0, "arrival")
    at = r"{F}: workload\.classes\[0\]\.arrival"
    for name, a, pat in (
            ("two_rates", {"rate_per_h": 1, "offered_load": 0.5},
             at + r": the poisson process needs one of rate_per_h, rate_per_gpu_h and offered_load, not several"),
            ("no_rate", {"process": "poisson"}, at + r": the poisson process needs one of rate_per_h"),
            ("offered_zero", {"offered_load": 0}, at + r"\.offered_load: \S"),
            ("per_gpu_neg", {"rate_per_gpu_h": -1}, at + r"\.rate_per_gpu_h: \S"),
            ("profile_with_rate", {"process": "poisson_hourly", "rate_per_h": [1] * 24, "profile": [1] * 24},
             at + r"\.profile: only used with offered_load"),
            ("profile_on_poisson", {"offered_load": 0.5, "profile": [1] * 24}, at + r"\.profile: \S"),
            ("hourly_no_profile", {"process": "poisson_hourly", "offered_load": 0.5},
             at + r"\.profile: poisson_hourly needs an array of 24 weights"),
            ("profile_zero", {"process": "poisson_hourly", "offered_load": 0.5, "profile": [0] * 24},
             at + r"\.profile: the weights must not all be 0"),
            ("per_gpu_hourly_short", {"process": "poisson_hourly", "rate_per_gpu_h": [1] * 23},
             at + r"\.rate_per_gpu_h: poisson_hourly needs an array of 24 rates")):
        c.scenario("rule.arrival." + name, with_value(base, arr, a), pat)
    # the chain sized by rule, and the oversize message's count
    def ups(units, rating):
        return with_value(base, ("power",), {"chain": {"levels": [
            {"name": "ups", "units": units, "rating_kw": rating, "efficiency": "ups_double_conversion"}]}})
    c.scenario("rule.chain.enough", ups(1, 15),
               r"{F}: power\.chain\.levels\[0\]: ups unit 0 carries .*; 2 units would be enough")
    c.scenario("rule.chain.auto_too_small", ups("auto", 5),
               r"{F}: power\.chain\.levels\[0\]\.units: \"auto\": no count of ups units carries the racks")
    c.scenario("rule.chain.units_word", ups("autox", 50),
               r"{F}: power\.chain\.levels\[0\]\.units: must be a whole number of units or \"auto\"")


def data_base(extra):
    doc = {"name": "files", "duration_h": 12,
           "cluster": {"racks": 1, "nodes_per_rack": 2, "node": "hgx_h100"},
           "workload": {"classes": [{"name": "c", "arrival": {"process": "poisson", "rate_per_h": 2},
                                     "gpus": 4, "utilization": 0.7,
                                     "duration": {"distribution": "exponential", "mean_h": 1}}]}}
    doc.update(extra)
    return doc


def csv_variants(header, row, good_rows):
    """name: (bytes, message regex after FILE: ) of broken CSVs."""
    body = "".join(good_rows)
    return {
        "empty": (b"", r"empty file|no column|no values|no hourly"),
        "header_only": (header.encode(), r"no values|no hourly|has no"),
        "binary": (bytes(range(256)) * 8, r"line \d+: "),
        "nul_in_number": ((header + body).encode() + b"6\x00 00\n", r"line \d+: a NUL byte"),
        "nan": ((header + body + row.replace("@", "nan")).encode(), r"line \d+: .*not a finite number"),
        "inf": ((header + body + row.replace("@", "inf")).encode(), r"line \d+: .*not a finite number"),
        "huge": ((header + body + row.replace("@", "1e999")).encode(), r"line \d+: .*not a finite number"),
        "text": ((header + body + row.replace("@", "abc")).encode(), r"line \d+: .*not a finite number"),
        "crlf_bad": ((header + body + row.replace("@", "x")).replace("\n", "\r\n").encode(),
                     r"line \d+: .*not a finite number"),
        # a byte-order mark is skipped; the bad value after it is not
        "bom_bad": (b"\xef\xbb\xbf" + (header + body + row.replace("@", "x")).encode(),
                    r"line \d+: .*not a finite number"),
        "wrong_header": (("nothing_here\n" + body).encode(), r"line 1: no column"),
        "unterminated_quote": ((header + body + '"1\n').encode(), r"line \d+: error parsing"),
        "stray_quote": ((header + body + row.replace("@", '1"2')).encode(), r"line \d+: error parsing"),
        "hex": ((header + body + row.replace("@", "0x10")).encode(), r"line \d+: .*not a finite number"),
    }


def data_cases(c):
    # traces: an empirical duration column
    trace = data_base({})
    trace["workload"]["classes"][0]["duration"] = {"distribution": "empirical", "file": "@",
                                                   "column": "runtime", "unit": "s"}
    rows = ["%d\n" % (60 * i + 30) for i in range(1, 30)]
    for name, (data, msg) in csv_variants("runtime\n", "@\n", rows).items():
        f = c.write("trace_%s.csv" % name, data)
        doc = json.loads(json.dumps(trace).replace('"@"', json.dumps(f)))
        c.scenario("csv.trace." + name, doc, re.escape(f) + ": (.*)?" + msg)
    for name, data, msg in (("negative", "runtime\n5\n-1\n", r"line 3: .*must be >= 0"),
                            ("two_cols_short", "id,runtime\n1,5\n2\n", r"line 3: row has 1 fields"),
                            ("nan_word", "runtime\nNaN\n", r"line 2: .*not a finite number"),
                            ("long_cell", "runtime\n" + "1" * 100 + "\n", r"line 2: .*not a finite number")):
        f = c.write("trace_%s.csv" % name, data)
        doc = json.loads(json.dumps(trace).replace('"@"', json.dumps(f)))
        c.scenario("csv.trace." + name, doc, re.escape(f) + ": (.*)?" + msg)
    for name, target, msg in (("dir", "traces", "is a directory"), ("zero", "/dev/zero", "is a character device"),
                              ("null", "/dev/null", "is a character device"),
                              ("missing", "no_such.csv", "cannot open")):
        path = target if target.startswith("/") else os.path.join(c.out, target)
        doc = json.loads(json.dumps(trace).replace('"@"', json.dumps(path)))
        c.scenario("csv.trace." + name, doc, re.escape(path) + ": " + msg)
    # request traces: an inference service replaying the Azure LLM trace format
    req = data_base({})
    req["workload"] = {"services": [{"name": "s", "profile": "llama3.1-8b_h100",
                                     "arrivals": "trace", "trace_file": "@"}]}
    head = "TIMESTAMP,ContextTokens,GeneratedTokens\n"
    good = ["2023-11-16 18:15:%02d.5,%d,%d\n" % (i, 100 + i, 20 + i) for i in range(1, 30)]
    for name, (data, msg) in csv_variants(head, "2023-11-16 18:16:00.5,@,10\n", good).items():
        f = c.write("reqtrace_%s.csv" % name, data)
        doc = json.loads(json.dumps(req).replace('"@"', json.dumps(f)))
        c.scenario("csv.reqtrace." + name, doc, re.escape(f) + ": (.*)?" + msg)
    for name, data, msg in (
            ("bad_time", head + "2023-11-16 18:15:01.5,1,1\nyesterday,1,1\n",
             r"line 3: .*not a timestamp"),
            ("bad_fraction", head + "2023-11-16 18:15:01.,1,1\n", r"line 2: .*not a timestamp"),
            ("decreasing", head + "2023-11-16 18:15:02,1,1\n2023-11-16 18:15:01,1,1\n",
             r"line 3: .*must not decrease"),
            ("fractional_tokens", head + "2023-11-16 18:15:02,1.5,1\n", r"line 2: .*whole number"),
            ("negative_output", head + "2023-11-16 18:15:02,1,-3\n", r"line 2: .*must be >= 0"),
            ("short_row", head + "2023-11-16 18:15:02,1\n", r"line 2: row has 2 fields")):
        f = c.write("reqtrace_%s.csv" % name, data)
        doc = json.loads(json.dumps(req).replace('"@"', json.dumps(f)))
        c.scenario("csv.reqtrace." + name, doc, re.escape(f) + ": (.*)?" + msg)
    # a service's name names timeseries.csv's columns (service.<name>.*)
    for name, bad in (("comma", "a,b"), ("space", "chat bot"), ("quote", 'a"b'),
                      ("newline", "a\nb"), ("plus", "a+b"), ("long", "s" * 64)):
        doc = data_base({})
        doc["workload"] = {"services": [{"name": bad, "profile": "llama3.1-8b_h100",
                                         "rate_per_s": 1}]}
        c.scenario("scn.service_name." + name, doc,
                   r"{F}: workload\.services\[0\]\.name: .*at most 63 letters, digits")
    # a KV cache smaller than one mean request of the trace (rows of 122 to 178 tokens: 150 on average)
    f = c.write("reqtrace_kv.csv", head + "".join(good))
    doc = json.loads(json.dumps(req).replace('"@"', json.dumps(f)))
    doc["workload"]["services"][0]["kv_cache_tokens"] = 100
    c.scenario("reqtrace.kv_cache_small", doc,
               r"workload\.services\[0\]\.kv_cache_tokens: 100 tokens hold less than one mean "
               r"request's prompt \+ output \(150\.0 tokens in the trace\)")
    fifo = os.path.join(c.out, "trace.fifo")
    os.mkfifo(fifo)
    doc = json.loads(json.dumps(trace).replace('"@"', json.dumps(fifo)))
    c.scenario("csv.trace.fifo", doc, re.escape(fifo) + ": is a FIFO")
    big = os.path.join(c.out, "trace_big.csv")
    with open(big, "wb") as f:
        f.truncate(64 * 1024 * 1024 + 1)
    doc = json.loads(json.dumps(trace).replace('"@"', json.dumps(big)))
    c.scenario("csv.trace.over_64mib", doc, re.escape(big) + r": \d+ bytes: .*64 MiB")

    # job traces replayed (arrival.process "trace"): a CSV with a mapping
    replay = data_base({})
    replay["workload"]["classes"][0] = {
        "name": "c", "utilization": 0.7,
        "arrival": {"process": "trace", "format": "csv", "file": "@",
                    "columns": {"submit": "t", "gpus": "g", "duration": "d"}}}
    rows = ["%d,2,%d\n" % (60 * i, 30 * i) for i in range(1, 30)]
    for name, (data, msg) in csv_variants("t,g,d\n", "1,2,@\n", rows).items():
        f = c.write("replay_%s.csv" % name, data)
        doc = json.loads(json.dumps(replay).replace('"@"', json.dumps(f)))
        msg = msg.replace("not a finite number", "(not a finite number|must be a run time)")
        msg = msg.replace("no values|", "no values|no jobs|")
        c.scenario("csv.replay." + name, doc, re.escape(f) + ": (.*)?" + msg)
    for name, data, msg in (
            ("zero_gpus", "t,g,d\n0,0,5\n", r"line 2: column \"g\": \"0\" must be a whole number"),
            ("half_gpu", "t,g,d\n0,1.5,5\n", r"line 2: column \"g\": .*whole number"),
            ("negative_submit", "t,g,d\n-1,1,5\n", r"line 2: column \"t\": .*submit time >= 0"),
            ("short_row", "t,g,d\n0,1,5\n3,1\n", r"line 3: row has 2 fields"),
            ("no_gpus_column", "t,x,d\n0,1,5\n", r"line 1: no column \"g\"")):
        f = c.write("replay_%s.csv" % name, data)
        doc = json.loads(json.dumps(replay).replace('"@"', json.dumps(f)))
        c.scenario("csv.replay." + name, doc, re.escape(f) + ": " + msg)
    # SWF: 18 blank-separated fields, -1 missing
    swf = json.loads(json.dumps(replay))
    swf["workload"]["classes"][0]["arrival"] = {"process": "trace", "format": "swf", "file": "@"}
    good = "1 0 0 10 2 -1 -1 2 20 -1 1 1 1 1 1 1 -1 -1\n"
    for name, data, msg in (
            ("swf_17_fields", "; header\n" + good + "2 5 0 10 2 -1 -1 2 20 -1 1 1 1 1 1 1 -1\n",
             r"line 3: 17 fields, an SWF job has 18"),
            ("swf_text", good + "2 5 0 ten 2 -1 -1 2 20 -1 1 1 1 1 1 1 -1 -1\n",
             r"line 2: field 4 \(run time\): \"ten\" is not a number"),
            ("swf_minus_two", good + "2 5 0 10 -2 -1 -1 2 20 -1 1 1 1 1 1 1 -1 -1\n",
             r"line 2: field 5 \(allocated processors\): -2 is neither >= 0 nor -1"),
            ("swf_all_missing", "; only jobs that never ran\n1 0 0 -1 -1 -1 -1 -1 -1 -1 5 1 1 1 1 1 -1 -1\n",
             r"no jobs to replay"),
            ("swf_nul", good + "2 5\x00 0 10 2 -1 -1 2 20 -1 1 1 1 1 1 1 -1 -1\n", r"line 2: NUL byte")):
        f = c.write("replay_%s.swf" % name, data)
        doc = json.loads(json.dumps(swf).replace('"@"', json.dumps(f)))
        c.scenario("swf.replay." + name, doc, re.escape(f) + ": " + msg)

    # issue 21: an empirical per-job GPU power column, each value in idle..TDP
    power = data_base({})
    del power["workload"]["classes"][0]["utilization"]
    power["workload"]["classes"][0]["gpu_power_dist"] = {"distribution": "empirical", "file": "@",
                                                         "column": "gpu_w"}
    rows = ["%d\n" % (200 + 10 * i) for i in range(20)]
    pv = csv_variants("gpu_w\n", "@\n", rows)
    pv["over_tdp"] = (b"gpu_w\n300\n900\n", r"line 3: .*must lie between 70 and 700")
    pv["below_idle"] = (b"gpu_w\n300\n20\n", r"line 3: .*must lie between 70 and 700")
    for name, (data, msg) in pv.items():
        f = c.write("power_%s.csv" % name, data)
        doc = json.loads(json.dumps(power).replace('"@"', json.dumps(f)))
        c.scenario("csv.power." + name, doc, re.escape(f) + ": (.*)?" + msg)

    # repair times: an empirical repair column of a failure process
    repair = data_base({"failures": [{"kind": "node", "repair": "empirical", "file": "@",
                                      "column": "repair_h", "unit": "h"}]})
    rows = ["%d\n" % (i + 1) for i in range(10)]
    rv = csv_variants("repair_h\n", "@\n", rows)
    rv["negative"] = (b"repair_h\n5\n-1\n", r"line 3: .*must be >= 0")
    rv["all_zero"] = (b"repair_h\n0\n0\n", r"must not all be 0")
    for name, (data, msg) in rv.items():
        f = c.write("repair_%s.csv" % name, data)
        doc = json.loads(json.dumps(repair).replace('"@"', json.dumps(f)))
        c.scenario("csv.repair." + name, doc, re.escape(f) + ": (.*)?" + msg)

    # checkpoints and spares: the rules between keys
    def cls(extra):
        doc = data_base({"failures": [{"kind": "gpu"}]})
        doc["workload"]["classes"][0].update(extra)
        return doc
    k = r"\{F\}: workload\.classes\[0\]\."
    for cid, doc, pat in (
            ("ckpt.young_daly_free", cls({"checkpoint": {"interval": "young_daly"}}),
             "checkpoint: young_daly needs a write cost"),
            ("ckpt.young_daly_interval", cls({"checkpoint": {"interval": "young_daly",
                                                             "interval_h": 1, "write_s": 5}}),
             "checkpoint.interval_h: young_daly computes"),
            ("ckpt.no_interval", cls({"checkpoint": {"write_s": 5}}),
             "checkpoint.interval_h: the fixed interval needs"),
            ("ckpt.write_and_size", cls({"checkpoint": {"interval_h": 1, "write_s": 5,
                                                        "size_gb_per_gpu": 2}}),
             "checkpoint.write_s: .*not both"),
            ("ckpt.alias_and_object", cls({"checkpoint_interval_h": 1,
                                           "checkpoint": {"interval_h": 1}}),
             "checkpoint_interval_h: .*not both")):
        c.scenario("rule." + cid, doc, k.replace("\\{F\\}", "{F}") + pat)
    c.scenario("rule.facility.no_rate", data_base({"failures": [{"kind": "facility"}]}),
               "{F}: failures\\[0\\]: the facility kind has no default rate")
    c.scenario("rule.facility.no_chain",
               data_base({"failures": [{"kind": "facility", "mtbf_h": 100}]}),
               "{F}: failures\\[0\\]\\.kind: facility trips the units")
    spares = data_base({"failures": [{"kind": "node"}]})
    spares["cluster"]["spare_nodes"] = 2
    c.scenario("rule.spares.all_nodes", spares, r"\{F\}: cluster\.spare_nodes: 2 spares of 2".replace("\\{F\\}", "{F}"))
    spares = data_base({})
    spares["cluster"]["spare_nodes"] = 1
    c.scenario("rule.spares.no_failures", spares, "{F}: cluster\\.spare_nodes: hot spares")
    spares = data_base({"failures": [{"kind": "node"}]})
    spares["cluster"]["spare_nodes"] = 1
    spares["workload"]["classes"][0]["gpus"] = 16
    c.scenario("rule.spares.job_too_big", spares, "{F}: workload\\.classes\\[0\\]\\.gpus: .*less the spares")

    # grid series: hourly UTC time + value
    grid = data_base({"grid": {"carbon": {"file": "@", "column": "ci", "time_column": "t"},
                               "utc_offset_h": 0}})
    rows = ["2022-01-01 %02d:00,%d\n" % (h, 300 + h) for h in range(20)]
    gv = csv_variants("t,ci\n", "2022-01-01 20:00,@\n", rows)
    gv.update({
        "not_hourly": (("t,ci\n" + "".join(rows[:5]) + "2022-01-01 07:00,3\n").encode(),
                       r"line 7: not one hour after"),
        "backwards": (("t,ci\n" + rows[3] + rows[2]).encode(), r"line 3: not one hour after"),
        "bad_time": (("t,ci\n" + "".join(rows[:3]) + "yesterday,5\n").encode(), r"line 5: .*not a timestamp"),
        "bad_month": (("t,ci\n2022-13-01 00:00,5\n").encode(), r"line 2: .*not a timestamp"),
        "feb_31": (("t,ci\n2022-02-31 00:00,5\n").encode(), r"line 2: .*not a timestamp"),
        "feb_29": (("t,ci\n2023-02-29 00:00,5\n").encode(), r"line 2: .*not a timestamp"),
        "hour_24": (("t,ci\n2022-01-01 24:00,5\n").encode(), r"line 2: .*not a timestamp"),
        "neg_minute": (("t,ci\n2022-01-01 01:-1,5\n").encode(), r"line 2: .*not a timestamp"),
        "all_gaps": (("t,ci\n" + "".join("2022-01-01 %02d:00,\n" % h for h in range(5))).encode(), r"no values"),
        "short_row": (("t,ci\n" + "".join(rows[:3]) + "2022-01-01 03:00\n").encode(), r"line 5: row has 1 fields"),
        "no_time_column": (("x,ci\n" + "".join(rows[:3])).encode(), r"line 1: no column \"t\""),
    })
    for name, (data, msg) in gv.items():
        f = c.write("grid_%s.csv" % name, data)
        doc = json.loads(json.dumps(grid).replace('"@"', json.dumps(f)))
        c.scenario("csv.grid." + name, doc, re.escape(f) + ": (.*)?" + msg)
    for name, target, msg in (("zero", "/dev/zero", "is a character device"), ("dir", "grid", "is a directory")):
        path = target if target.startswith("/") else os.path.join(c.out, target)
        doc = json.loads(json.dumps(grid).replace('"@"', json.dumps(path)))
        c.scenario("csv.grid." + name, doc, re.escape(path) + ": " + msg)

    # weather: EPW from the shipped Ashburn file, and the simple CSV
    epw_src = os.path.join(c.src, "scenarios/weather/USA_VA_Sterling-Washington.Dulles.Intl.AP.724030_TMY3.epw")
    with open(epw_src, "rb") as f:
        lines = f.read().split(b"\n")
    head, data = lines[:8], [l for l in lines[8:] if l]
    wdoc = data_base({"cooling": {"technology": "air"}, "weather": {"file": "@"}})

    def field(i, k, v):
        d = list(data)
        cells = d[i].split(b",")
        cells[k] = v
        d[i] = b",".join(cells)
        return d

    def epw(rows, hdr=head):
        return b"\n".join(hdr + rows) + b"\n"
    ev = {
        "empty": (b"", r"no hourly rows"),
        "header_only": (epw([]), r"no hourly rows after the 8 EPW header lines"),
        "rows_8759": (epw(data[:8759]), r"8759 hourly rows: an EPW file holds one year"),
        "rows_8761": (epw(data + data[:1]), r"8761 hourly rows"),
        "rows_24": (epw(data[:24]), r"24 hourly rows"),
        "binary": (bytes(range(256)) * 64, r"line \d+: "),
        "nul": (epw(field(3, 6, b"2\x001")), r"line 12: a NUL byte"),
        "rh_150": (epw(field(100, 8, b"150")), r"line 109: relative humidity must be in \[0, 110\]"),
        "rh_neg": (epw(field(100, 8, b"-5")), r"line 109: relative humidity must be in"),
        "rh_999": (epw(field(100, 8, b"999")), r"line 109: relative humidity .*missing code is 999"),
        "dry_99_9": (epw(field(5, 6, b"99.9")), r"line 14: dry bulb must be in \[-70, 70\]"),
        "dry_minus_80": (epw(field(5, 6, b"-80")), r"line 14: dry bulb must be in"),
        "dew_99_9": (epw(field(5, 7, b"99.9")), r"line 14: dew point must be in"),
        "pressure_999999": (epw(field(7, 9, b"999999")), r"line 16: pressure must be in"),
        "pressure_zero": (epw(field(7, 9, b"0")), r"line 16: pressure must be in"),
        "dry_nan": (epw(field(9, 6, b"nan")), r"line 18: field 7 \(dry bulb\) is not a finite number"),
        "dry_text": (epw(field(9, 6, b"warm")), r"line 18: field 7 \(dry bulb\) is not a finite number"),
        "dry_inf": (epw(field(9, 6, b"1e999")), r"line 18: field 7 \(dry bulb\) is not a finite number"),
        "hour_wrong": (epw(field(2, 3, b"7")), r"line 11: field 4 \(hour\) should be 3"),
        "hour_text": (epw(field(2, 3, b"x")), r"line 11: field 4 \(hour\) is not a finite number"),
        "short_row": (epw(data[:10] + [b"1997,1,1,11,0,x,5"] + data[11:]), r"line 19: row has 7 fields"),
        "crlf_bad": (epw(field(4, 6, b"x")).replace(b"\n", b"\r\n"), r"line 13: field 7 \(dry bulb\) is not"),
        "bom_bad": (b"\xef\xbb\xbf" + epw(field(4, 6, b"x")), r"line 13: field 7 \(dry bulb\) is not"),
        "subhourly": (epw([r for r in data for _ in (0, 1)][:8760]), r"line 10: field 4 \(hour\) should be 2"),
    }
    for name, (d, msg) in ev.items():
        f = c.write("w_%s.epw" % name, d)
        doc = json.loads(json.dumps(wdoc).replace('"@"', json.dumps(f)))
        c.scenario("epw." + name, doc, re.escape(f) + ": " + msg)
    wrows = ["2022-01-01 %02d:00,%d,%d\n" % (h, 10 + h, 40 + h) for h in range(24)]
    cv = csv_variants("time,dry_c,rh\n", "x,@,50\n", wrows)
    del cv["wrong_header"]  # the CSV's columns go by position
    cv.update({
        "rh_150": (("time,dry_c,rh\n" + "".join(wrows) + "x,20,150\n").encode(), r"line 26: relative humidity"),
        "dry_99": (("time,dry_c,rh\n" + "".join(wrows) + "x,99,50\n").encode(), r"line 26: dry bulb must be"),
        "short_row": (("time,dry_c,rh\n" + "".join(wrows) + "x,20\n").encode(), r"line 26: row has 2 fields"),
    })
    for k in ("nan", "inf", "huge", "text", "crlf_bad", "bom_bad", "hex"):
        cv[k] = (cv[k][0], r"line \d+: column 2 \(dry bulb\) is not a finite number")
    for name, (d, msg) in cv.items():
        f = c.write("wcsv_%s.csv" % name, d)
        doc = json.loads(json.dumps(wdoc).replace('"@"', json.dumps(f)))
        c.scenario("wcsv." + name, doc, re.escape(f) + ": " + msg)
    for name, target, msg in (("zero", "/dev/zero", "is a character device"), ("dir", "weather", "is a directory")):
        path = target if target.startswith("/") else os.path.join(c.out, target)
        doc = json.loads(json.dumps(wdoc).replace('"@"', json.dumps(path + ("" if name == "zero" else "/x.epw"))))
        want = path if name == "zero" else os.path.join(path, "x.epw")
        c.scenario("epw." + name, doc, re.escape(want) + ": " + (msg if name == "zero" else "cannot open"))


def sweep_cases(c):
    small = c.write("sweep_base.json", open(os.path.join(c.src, BASES["small"])).read())
    good = {"base": "sweep_base.json", "replications": 2,
            "axes": [{"path": "cluster.racks", "values": [1, 2]},
                     {"path": "workload.classes[0].utilization", "from": 0.5, "to": 0.7, "step": 0.1}]}
    assert small

    def sweep(cid, doc, pattern):
        text = doc if isinstance(doc, str) else json.dumps(doc)
        f = c.write(cid + ".json", text)
        c.add(cid, ["sweep", f, "-q", "-j", "1", "-o", "{OUT}"], 2, pattern.replace("{F}", re.escape(f)))

    for parts, v in leaves(good):
        if not parts:
            continue
        p = path_str(parts)
        w = 7 if not isinstance(v, (int, float)) or isinstance(v, bool) else "x"
        sweep("sweep.type.%s" % p, with_value(good, parts, w), r"{F}: .*\S")
        if isinstance(parts[-1], str):
            sweep("sweep.typo.%s" % p, renamed(good, parts, parts[-1] + "x"),
                  re.escape(path_str(parts[:-1] + (parts[-1] + "x",))) + ": unknown key")
        if isinstance(v, dict):
            doc = copy.deepcopy(good)
            get(doc, parts)["bogus_key"] = 1
            sweep("sweep.unknown.%s" % p, doc, re.escape(path_str(parts + ("bogus_key",))) + ": unknown key")
    ax = lambda a: dict(good, axes=[a])
    for cid, doc, pat in (
        ("sweep.step0", ax({"path": "cluster.racks", "from": 1, "to": 3, "step": 0}), r"axes\[0\]\.step: must not be 0"),
        ("sweep.empty_values", ax({"path": "cluster.racks", "values": []}), r"axes\[0\]\.values: \S"),
        ("sweep.no_axes", {"base": "sweep_base.json", "axes": []}, r"{F}: axes: \S"),
        ("sweep.bad_point", ax({"path": "cluster.racks", "values": [2, 0]}), r"point 1 \(cluster\.racks=0\)"),
        ("sweep.bad_path", ax({"path": "cluster.rackz", "values": [1]}), r"cluster\.rackz: unknown key"),
        ("sweep.base_missing", dict(good, base="nope.json"), r"nope\.json: cannot open"),
        ("sweep.base_zero", dict(good, base="/dev/zero"), r"/dev/zero: is a character device"),
        ("sweep.replications0", dict(good, replications=0), r"{F}: replications: \S"),
        ("sweep.replications_neg", dict(good, replications=-3), r"{F}: replications: \S"),
        ("sweep.replications_huge", dict(good, replications=1e308), r"{F}: replications: \S"),
        ("sweep.keep_out_of_range", dict(good, keep_runs=[1000]), r"{F}: keep_runs.*: \S"),
        ("sweep.design_bad", dict(good, design="grid"), r"{F}: design: \S"),
        ("sweep.sobol_points0", dict(good, design={"type": "sobol", "points": 0}), r"{F}: design\.points: \S"),
        ("sweep.sobol_points_huge", dict(good, design={"type": "sobol", "points": 100000000}),
         r"{F}: design\.points: must be in \[1, 10000000\], got 1e\+08"),
        ("sweep.runs_huge", dict(good, design={"type": "lhs", "points": 5000000}, replications=3,
                                 axes=[{"path": "cluster.racks", "from": 1, "to": 4}]),
         r"{F}: design\.points: 5000000 points x 3 replications: more than 10000000 runs"),
        ("sweep.saltelli_runs_huge", dict(good, design={"type": "saltelli", "points": 4000000},
                                          axes=[{"path": "cluster.racks", "from": 1, "to": 4}]),
         r"{F}: design\.points: 4000000 x 3 points \(saltelli, 1 axes\) x 2 replications: more than 10000000 runs"),
        ("sweep.saltelli_points1", dict(good, design={"type": "saltelli", "points": 1},
                                        axes=[{"path": "cluster.racks", "from": 1, "to": 4}]),
         r"{F}: design\.points: a saltelli design needs at least 2 base samples"),
        ("sweep.saltelli_axes", dict(good, design={"type": "saltelli", "points": 4},
                                     axes=[{"path": "x%d" % i, "from": 0, "to": 1} for i in range(21)]),
         r"{F}: axes: a saltelli design takes at most 20 axes"),
        ("sweep.morris_levels_odd", dict(good, design={"type": "morris", "points": 4, "levels": 5},
                                         axes=[{"path": "cluster.racks", "from": 1, "to": 4}]),
         r"{F}: design\.levels: must be even"),
        ("sweep.levels_not_morris", dict(good, design={"type": "lhs", "points": 4, "levels": 4},
                                         axes=[{"path": "cluster.racks", "from": 1, "to": 4}]),
         r"{F}: design\.levels: applies to a morris design only"),
        ("sweep.categorical_and_range", dict(good, design={"type": "lhs", "points": 4},
                                             axes=[{"path": "cluster.racks", "values": [1, 2], "to": 4}]),
         r"{F}: axes\[0\]: a lhs design's axis is a range \(from, to\) or a list of values"),
        ("sweep.sampled_step", dict(good, design={"type": "morris", "points": 4},
                                    axes=[{"path": "cluster.racks", "from": 1, "to": 4, "step": 1}]),
         r"{F}: axes\[0\]: a morris design samples its ranges"),
        ("sweep.huge_value", ax({"path": "name", "values": ["x" * 5000]}), r"{F}: axes\[0\]\.values\[0\]: \S"),
        ("sweep.nest", '{"base": "sweep_base.json", "axes": ' + "[" * 10000 + "]" * 10000 + "}",
         r"{F}:1:\d+: JSON syntax error"),
        ("sweep.count0", ax({"path": "cluster.racks", "from": 1, "to": 3, "count": 0}), r"axes\[0\]\.count: \S"),
        ("sweep.huge_product", dict(good, axes=[{"path": "seed", "from": 0, "to": 1e6, "step": 1}] * 3),
         r"{F}: .*\S"),
    ):
        sweep(cid, doc, pat)


def cli_cases(c):
    s = c.write("cli_good.json", open(os.path.join(c.src, BASES["small"])).read())
    sw = c.write("cli_sweep.json", json.dumps({"base": "cli_good.json",
                                                "axes": [{"path": "cluster.racks", "values": [1, 2]}]}))
    pl = c.write("cli_plan.json", json.dumps({"base": "cli_good.json",
                                              "variable": {"path": "cluster.racks", "from": 1, "to": 4},
                                              "constraints": ["pue <= 2"],
                                              "objective": "maximise variable"}))
    afile = c.write("cli_a_file", "x")
    u = r"Try 'dcsim %s --help'"
    for cid, argv, status, pat in (
        ("cli.run.unknown_flag", ["run", s, "--frob", "-o", "{OUT}"], 2, r"unknown option '--frob'"),
        ("cli.run.short_unknown", ["run", s, "-x", "-o", "{OUT}"], 2, r"unknown option '-x'"),
        ("cli.run.two_files", ["run", s, s, "-o", "{OUT}"], 2, r"unexpected argument"),
        ("cli.run.o_missing_value", ["run", s, "-o"], 2, r"option '-o' needs a value"),
        ("cli.run.o_empty", ["run", s, "-o", ""], 2, r"-o needs a directory name, got ''"),
        ("cli.run.o_file", ["run", s, "-q", "-o", afile], 2, re.escape(afile) + r": exists and is not a directory"),
        ("cli.run.o_dev_full", ["run", s, "-q", "-o", "/dev/full"], 2, r"/dev/full: exists and is not a directory"),
        ("cli.run.o_under_file", ["run", s, "-q", "-o", afile + "/sub"], 2, re.escape(afile) + r"/sub: cannot create directory: Not a directory"),
        ("cli.run.o_unwritable", ["run", s, "-q", "-o", "/proc/self"], 2, r"/proc/self: cannot write into it"),
        ("cli.run.o_proc", ["run", s, "-q", "-o", "/proc/dcsim_no/x"], 2, r"/proc/dcsim_no: cannot create directory"),
        ("cli.run.point_on_scenario", ["run", s, "--point", "0", "-o", "{OUT}"], 2, r"--point and --replication pick a run of a sweep file"),
        ("cli.run.sweep_no_point", ["run", sw, "-o", "{OUT}"], 2, re.escape(sw) + r" is a sweep: give --point P"),
        ("cli.run.point_past", ["run", sw, "--point", "2", "-o", "{OUT}"], 2, re.escape(sw) + r": --point 2: the sweep has points 0 to 1"),
        ("cli.run.point_text", ["run", sw, "--point", "x", "-o", "{OUT}"], 2, r"--point needs an index"),
        ("cli.run.point_set", ["run", sw, "--point", "0", "--set", "seed=2", "-o", "{OUT}"], 2, r"--set and --seed do not apply to a sweep's run"),
        ("cli.run.format_bad", ["run", s, "--format", "xml", "-o", "{OUT}"], 2, r"--format is text or json, got 'xml'"),
        ("cli.sweep.format_bad", ["sweep", sw, "--format", "yaml", "-o", "{OUT}"], 2, r"--format is text or json, got 'yaml'"),
        ("cli.run.seed_text", ["run", s, "--seed", "abc", "-o", "{OUT}"], 2, r"--seed needs a whole number"),
        ("cli.run.seed_neg", ["run", s, "--seed", "-1", "-o", "{OUT}"], 2, r"--seed needs a whole number"),
        ("cli.run.seed_huge", ["run", s, "--seed", "99999999999999999999999", "-o", "{OUT}"], 2, r"--seed needs a whole number"),
        ("cli.run.seed_2p53p1", ["run", s, "--seed", "9007199254740993", "-o", "{OUT}"], 2, r"--seed needs a whole number"),
        ("cli.run.seed_float", ["run", s, "--seed", "1.5", "-o", "{OUT}"], 2, r"--seed needs a whole number"),
        ("cli.run.seed_empty", ["run", s, "--seed", "", "-o", "{OUT}"], 2, r"--seed needs a whole number"),
        ("cli.run.set_no_eq", ["run", s, "--set", "cluster.racks", "-o", "{OUT}"], 2, r"--set cluster\.racks: \S"),
        ("cli.run.set_empty", ["run", s, "--set", "", "-o", "{OUT}"], 2, r"--set : \S|--set: \S"),
        ("cli.run.set_bad_path", ["run", s, "--set", "cluster.rakcs=2", "-o", "{OUT}"], 2, r"cluster\.rakcs: unknown key"),
        ("cli.run.set_bad_index", ["run", s, "--set", "workload.classes[9].utilization=1", "-o", "{OUT}"], 2, r"--set workload\.classes\[9\]\.utilization=1: \S"),
        ("cli.run.set_bad_value", ["run", s, "--set", "cluster.racks=[1", "-o", "{OUT}"], 2, r"cluster\.racks: must be"),
        ("cli.run.set_no_value", ["run", s, "--set"], 2, r"option '--set' needs a value"),
        ("cli.run.set_deep", ["run", s, "--set", "cluster.racks=" + "[" * 10000 + "]" * 10000, "-o", "{OUT}"], 2, r"cluster\.racks: must be a number, got a string"),
        ("cli.run.missing_file", ["run", os.path.join(c.out, "nope.json"), "-o", "{OUT}"], 2, r"nope\.json: cannot open"),
        ("cli.run.dir_as_file", ["run", c.out, "-o", "{OUT}"], 2, re.escape(c.out) + r": is a directory"),
        ("cli.run.dev_zero", ["run", "/dev/zero", "-o", "{OUT}"], 2, r"/dev/zero: is a character device"),
        ("cli.validate.o", ["validate", s, "-o", "{OUT}"], 2, r"unknown option '-o'"),
        ("cli.validate.seed", ["validate", s, "--seed", "1"], 2, r"unknown option '--seed'"),
        ("cli.validate.none", ["validate"], 2, r"missing SCENARIO\.json"),
        ("cli.validate.two", ["validate", s, s], 2, r"unexpected argument"),
        ("cli.validate.sweep_set", ["validate", sw, "--set", "name=x"], 2, r"--set applies to scenarios"),
        ("cli.catalog.arg", ["catalog", "x"], 2, r"unexpected argument 'x'"),
        ("cli.unknown_command", ["frob"], 2, r"unknown command 'frob'"),
        ("cli.no_command", [], 2, r"usage: dcsim COMMAND"),
        ("cli.empty_command", [""], 2, r"unknown command ''"),
        ("cli.sweep.j0", ["sweep", sw, "-j", "0", "-o", "{OUT}"], 2, r"-j needs a thread count from 1 to 4096, got '0'"),
        ("cli.sweep.j_neg", ["sweep", sw, "-j", "-1", "-o", "{OUT}"], 2, r"-j needs a thread count .*got '-1'"),
        ("cli.sweep.j_text", ["sweep", sw, "-j", "two", "-o", "{OUT}"], 2, r"-j needs a thread count .*got 'two'"),
        ("cli.sweep.j_huge", ["sweep", sw, "-j", "99999999999999999999", "-o", "{OUT}"], 2, r"-j needs a thread count"),
        ("cli.sweep.j_4097", ["sweep", sw, "-j", "4097", "-o", "{OUT}"], 2, r"-j needs a thread count"),
        ("cli.sweep.j_empty", ["sweep", sw, "-j", "", "-o", "{OUT}"], 2, r"-j needs a thread count"),
        ("cli.sweep.j_missing", ["sweep", sw, "-j"], 2, r"option '-j' needs a value"),
        ("cli.sweep.o_empty", ["sweep", sw, "-o", ""], 2, r"-o needs a directory name, got ''"),
        ("cli.sweep.o_file", ["sweep", sw, "-q", "-o", afile], 2, re.escape(afile) + r": exists and is not a directory"),
        ("cli.sweep.o_dev_full", ["sweep", sw, "-q", "-o", "/dev/full"], 2, r"/dev/full: exists and is not a directory"),
        ("cli.sweep.o_unwritable", ["sweep", sw, "-q", "-o", "/proc/self"], 2, r"/proc/self.*: cannot create"),
        ("cli.sweep.unknown_flag", ["sweep", sw, "--frob"], 2, r"unknown option '--frob'"),
        ("cli.sweep.none", ["sweep"], 2, r"missing SWEEP\.json"),
        ("cli.sweep.two", ["sweep", sw, sw], 2, r"unexpected argument"),
        ("cli.sweep.scenario", ["sweep", s, "-o", "{OUT}"], 2, re.escape(s) + r": cluster: unknown key"),
        ("cli.sweep.set_axis", ["sweep", sw, "--set", "cluster.racks=3", "-o", "{OUT}"], 2,
         r"--set cluster\.racks=3: cluster\.racks is an axis"),
        ("cli.sweep.set_bad_path", ["sweep", sw, "--set", "cluster.rakcs=2", "-o", "{OUT}"], 2,
         r"point 0 \(cluster\.racks=1\): .*cluster\.rakcs: unknown key"),
        ("cli.plan.none", ["plan"], 2, r"missing PLAN\.json"),
        ("cli.plan.j0", ["plan", pl, "-j", "0", "-o", "{OUT}"], 2, r"-j needs a thread count"),
        ("cli.plan.unknown_flag", ["plan", pl, "--frob"], 2, r"unknown option '--frob'"),
        ("cli.plan.two", ["plan", pl, pl], 2, r"unexpected argument"),
        ("cli.plan.set_variable", ["plan", pl, "--set", "cluster.racks=2", "-o", "{OUT}"], 2,
         r"cluster\.racks is an axis"),
        ("cli.plan.set_bad_path", ["plan", pl, "--set", "cluster.rakcs=2", "-o", "{OUT}"], 2,
         r"variable cluster\.racks=1 \(the bottom of its range\): .*cluster\.rakcs: unknown key"),
        ("cli.plan.scenario", ["plan", s, "-o", "{OUT}"], 2, re.escape(s) + r": (cluster: unknown key|variable: )"),
        ("cli.validate.plan_set", ["validate", pl, "--set", "name=x"], 2, r"--set applies to scenarios, not plans"),
    ):
        c.add(cid, argv, status, pat)
    # a full stdout: exit 1 with a message
    c.add("cli.stdout_full.catalog", ["catalog"], 1, r"cannot write to standard output", stdout="/dev/full")
    c.add("cli.stdout_full.validate", ["validate", s], 1, r"cannot write to standard output", stdout="/dev/full")
    c.add("cli.stdout_full.help", ["--help"], 1, r"cannot write to standard output", stdout="/dev/full")


def generate(src, out):
    c = Corpus(src, out)
    scenario_cases(c)
    structure_cases(c)
    data_cases(c)
    sweep_cases(c)
    cli_cases(c)
    ids = [k["id"] for k in c.cases]
    dup = {i for i in ids if ids.count(i) > 1}
    assert not dup, dup
    return c.cases


if __name__ == "__main__":
    import sys
    cases = generate(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]))
    print("%d cases" % len(cases))
