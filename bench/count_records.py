#!/usr/bin/env python3
"""Compare the records in `vcdiag parse` JSON with the generator's manifest.

usage: count_records.py MANIFEST SLUG PARSE_JSON -> prints "ok (N ...)" or "MISMATCH ..."
"""
import json
import sys

manifest, slug, parsed = sys.argv[1:4]
expect = json.load(open(manifest))["files"][slug]["expect"]
v = json.load(open(parsed))
got = {}
if slug == "show_ip_bgp":
    got["paths"] = len(v["routes"])
    got["prefixes"] = len({r["network"] for r in v["routes"]})
elif slug.startswith("show_crypto_ipsec_sa_detail"):
    got["records"] = sum(len(f["inbound_esp_sas"] or []) + len(f["outbound_esp_sas"] or []) for f in v)
    got["blocks_with_sas"] = sum(1 for f in v if f["inbound_esp_sas"])
    got["unique_INTERFACE_CURRENT_PEER"] = len({(f["interface"], f["peer"]) for f in v if f["inbound_esp_sas"]})
elif slug == "show_ip_bgp_summary":
    got["neighbors"] = len(v["neighbors"])
    got["established"] = sum(1 for n in v["neighbors"] if n["state"] == "Established")
elif slug == "show_interfaces":
    got["interfaces"] = len(v)
    got["up_up"] = sum(1 for i in v if i["status"] == "up" and i["protocol"] == "up")
bad = {k: (got[k], expect[k]) for k in got if k in expect and got[k] != expect[k]}
shown = ", ".join("%s %d" % (k, got[k]) for k in got if k in expect)
print(("MISMATCH " + str(bad)) if bad else "ok (" + shown + ")")
