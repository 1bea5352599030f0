"""Writes the independent test vectors for trust-tlog with aics-tlog (PyPI),
a Python implementation of tlog-tiles, tlog-checkpoint, signed-note and
tlog-cosignature written by others. The Rust tests only read its output, so
they check trust-tlog against an implementation that shares no code with it.

Regenerate (needs Python >= 3.12):
    python3.12 -m venv /tmp/aics && /tmp/aics/bin/pip install aics-tlog==0.2.1
    /tmp/aics/bin/python crates/tlog/tests/tlog/vectors/gen_aics.py
Keys are derived from fixed seeds and timestamps are fixed, so the output is
the same on every run (Ed25519 signatures are deterministic).
"""

import base64
import hashlib
import json
import shutil
from pathlib import Path

import aics_tlog
from aics_tlog import (
    Checkpoint, MerkleTree, Note, TileWriter, cosignature_vkey, format_vkey,
    sign_checkpoint, sign_cosignature, vkey_from_ed25519,
)
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

HERE = Path(__file__).parent
ORIGIN = "collector.example/log"
SIZE = 600  # two full level-0 tiles, a partial one of 88, a level-1 partial of 2


def key(seed: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed.encode()).digest())


def b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def entry(i: int) -> bytes:
    # Leaves in the collector's format (ARCHITECTURE.md, "The public review log").
    if i % 10 == 9:
        return json.dumps({"t": "removal", "brand": "ed25519:AAAA", "review": f"r{i - 1}",
                           "reason": "spam"}, separators=(",", ":")).encode()
    return json.dumps({"t": "review", "brand": "ed25519:AAAA", "review": f"r{i}",
                       "statement": b64(hashlib.sha256(f"statement {i}".encode()).digest())},
                      separators=(",", ":")).encode()


def cosigned(cp: Checkpoint, log, witnesses, times) -> str:
    note = sign_checkpoint(cp, log, ORIGIN)
    sigs = list(note.signatures)
    for (name, k), t in zip(witnesses, times):
        _, line = sign_cosignature(k, name, t, cp.origin, cp.size, cp.root)
        sigs.append(line)
    return Note(text=note.text, signatures=tuple(sigs)).serialise()


def main() -> None:
    log = key("trust-tlog test log")
    witnesses = [(f"witness{i}.example/w", key(f"trust-tlog test witness {i}")) for i in range(3)]
    leaves = [entry(i) for i in range(SIZE)]
    tree = MerkleTree(leaves)
    out = {
        "generator": f"aics-tlog {aics_tlog.__version__}",
        "origin": ORIGIN,
        "log_vkey": format_vkey(vkey_from_ed25519(ORIGIN, log.public_key())),
        "witness_vkeys": [format_vkey(cosignature_vkey(n, k.public_key())) for n, k in witnesses],
        "leaf_hashes": [b64(aics_tlog.leaf_hash(e)) for e in leaves[:5]],
        "roots": {str(n): b64(tree.root(n)) for n in [0, 1, 2, 3, 7, 8, 255, 256, 257, 511, 512, 599, 600]},
        "inclusion": [
            {"index": i, "size": n, "proof": [b64(h) for h in tree.inclusion_proof(i, n)]}
            for (i, n) in [(0, 1), (0, 2), (1, 3), (2, 3), (6, 7), (255, 256), (256, 257), (300, 600), (599, 600)]
        ],
        "consistency": [
            {"old": o, "new": n, "proof": [b64(h) for h in tree.consistency_proof(o, n)]}
            for (o, n) in [(1, 2), (1, 600), (3, 7), (4, 8), (7, 600), (256, 600), (511, 600), (599, 600), (600, 600)]
        ],
    }
    times = [1796000000, 1796000100, 1796000200]
    cp = Checkpoint(origin=ORIGIN, size=SIZE, root=tree.root())
    out["checkpoint"] = {"size": SIZE, "root": b64(tree.root()), "times": times,
                         "note": cosigned(cp, log, witnesses, times)}
    old = Checkpoint(origin=ORIGIN, size=511, root=tree.root(511))
    out["old_checkpoint"] = {"size": 511, "note": cosigned(old, log, witnesses, [1795000000] * 3)}
    (HERE / "aics.json").write_text(json.dumps(out, indent=1) + "\n")
    shutil.rmtree(HERE / "log", ignore_errors=True)
    TileWriter(leaves).write_to(HERE / "log")
    (HERE / "log" / "checkpoint").write_text(out["checkpoint"]["note"])
    audit_fixtures(log, witnesses, tree, out)


def audit_fixtures(log, witnesses, tree, out) -> None:
    """`trustctl audit`'s transcript fixtures (crates/cli/tests/cmd/audit.in):
    this log, and the same log with one entry rewritten, with one cosignature,
    and checkpoints seen before (the genuine size 511, and a fork of it)."""
    cmd = HERE.parents[3] / "cli" / "tests" / "cmd" / "audit.in"
    shutil.rmtree(cmd, ignore_errors=True)
    shutil.copytree(HERE / "log", cmd / "log")
    shutil.copytree(HERE / "log", cmd / "rewritten")
    bundle = cmd / "rewritten" / "tile" / "entries" / "001"
    data = bundle.read_bytes()
    at = data.index(b'"reason":"spam"')
    bundle.write_bytes(data[:at] + b'"reason":"fake"' + data[at + 15:])
    shutil.copytree(HERE / "log", cmd / "one-cosignature")
    one = "".join(out["checkpoint"]["note"].splitlines(keepends=True)[:6])
    (cmd / "one-cosignature" / "checkpoint").write_text(one)
    (cmd / "seen-511.txt").write_text(out["old_checkpoint"]["note"])
    forked = Checkpoint(origin=ORIGIN, size=511, root=hashlib.sha256(b"another history").digest())
    (cmd / "seen-fork.txt").write_text(sign_checkpoint(forked, log, ORIGIN).serialise())


if __name__ == "__main__":
    main()
