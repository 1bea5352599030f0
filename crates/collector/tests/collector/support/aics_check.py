"""Checks a collector's log with aics-tlog (PyPI), an implementation independent
of the Rust code that wrote it. Reads a JSON request on stdin:

  {"url": "http://127.0.0.1:PORT/log/", "log_key": "<vkey>", "origin": "...",
   "witnesses": ["<vkey>", ...], "quorum": k, "entries": ["<leaf>", ...],
   "proofs": [{"index": i, "leaf": "<leaf>", "proof": ["<b64>", ...]}],
   "old": {"size": n, "root": "<b64>"} (optional)}

fetches /log/checkpoint and verifies its signature and k cosignatures, walks
every tile and entry bundle of that size against its root (audit_tiles), checks
that the entries are exactly `entries`, that each given inclusion proof leads
to the root, and that the checkpoint is consistent with `old`. Prints a JSON
summary; exits non-zero with the reason on any failure."""

import base64
import json
import sys
import urllib.request

import aics_tlog as t
from aics_tlog.verified import VerifiedTileReader, audit_tiles


def main() -> None:
    req = json.load(sys.stdin)
    url = req["url"]
    with urllib.request.urlopen(url + "checkpoint", timeout=15) as r:
        note_bytes = r.read()
    note = t.parse_note(note_bytes)
    res = t.verify_checkpoint(
        note,
        t.parse_vkey(req["log_key"]),
        [t.parse_vkey(w) for w in req.get("witnesses", [])],
        req.get("quorum", 0),
        expected_origin=req["origin"],
    )
    if not res.ok:
        sys.exit(f"checkpoint refused: {res.error}")
    size, root = res.size, res.root
    reader = t.HttpTileReader([url], proxies={})
    report = audit_tiles(reader, size, root, entries=True)
    vr = VerifiedTileReader(reader, size, root)
    got = [vr.entry(i) for i in range(size)]
    want = [e.encode() for e in req["entries"]]
    if got != want:
        sys.exit(f"entries differ: got {got!r}, want {want!r}")
    for p in req.get("proofs", []):
        proof = [base64.b64decode(h) for h in p["proof"]]
        if not t.verify_leaf_inclusion(p["leaf"].encode(), p["index"], size, proof, root):
            sys.exit(f"inclusion proof of leaf {p['index']} does not verify")
    old = req.get("old")
    if old:
        old_root = base64.b64decode(old["root"])
        proof = t.consistency_proof_from_tiles(vr, old["size"], size)
        if not t.verify_consistency(old["size"], size, old_root, root, proof):
            sys.exit(f"checkpoint {size} is not consistent with {old['size']}")
    print(json.dumps({
        "size": size,
        "root": base64.b64encode(root).decode(),
        "tiles": report.tiles,
        "bundles": report.bundles,
        "cosignatures": res.cosignature_count,
    }))


if __name__ == "__main__":
    main()
