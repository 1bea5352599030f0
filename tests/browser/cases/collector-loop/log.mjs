// The demo collector's public log (issue 15) read as an outside auditor reads it,
// with Node's own SHA-256 and Ed25519 rather than the Rust code that wrote the
// log and that the widget and trustctl run: signed notes and their cosignatures
// (c2sp.org/signed-note, tlog-cosignature) and entry bundles (tlog-tiles).
import { createHash, createPublicKey, verify } from "node:crypto";

const sha256 = (bytes) => createHash("sha256").update(bytes).digest();

// A verifier key `<name>+<hex key id>+<base64(type || key)>`, its id recomputed.
export function parseVkey(vkey) {
  // (Names hold no `+`; base64 may.)
  const [name, id, ...rest] = vkey.split("+");
  const b64 = rest.join("+");
  const raw = Buffer.from(b64, "base64");
  const computed = sha256(Buffer.concat([Buffer.from(`${name}\n`), raw])).subarray(0, 4).toString("hex");
  if (computed !== id) throw new Error(`key id of ${name}: ${id}, computed ${computed}`);
  const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.subarray(1).toString("base64url") }, format: "jwk" });
  return { name, id, type: raw[0], key };
}

// A signed note: its text (through the newline before the blank line) and its
// signature lines `— <name> <base64>`.
export function parseNote(note) {
  const at = note.indexOf("\n\n");
  if (at < 0) throw new Error(`not a signed note: ${JSON.stringify(note)}`);
  const text = note.slice(0, at + 1);
  const [origin, size, root] = text.split("\n");
  const sigs = note.slice(at + 2).split("\n").filter(Boolean).map((line) => {
    const [dash, name, b64] = line.split(" ");
    if (dash !== "—") throw new Error(`not a signature line: ${line}`);
    return { name, bytes: Buffer.from(b64, "base64") };
  });
  return { text, origin, size: Number(size), root, sigs };
}

// The cosignature/v1 line of `witness` (a vkey) on the note, verified; its time.
export function cosignatureTime(note, witness) {
  const w = parseVkey(witness);
  if (w.type !== 0x04) throw new Error(`${w.name} is not a cosignature key`);
  const n = parseNote(note);
  const line = n.sigs.find((s) => s.name === w.name && s.bytes.subarray(0, 4).toString("hex") === w.id);
  if (!line) return null;
  const time = line.bytes.readBigUInt64BE(4);
  const message = Buffer.from(`cosignature/v1\ntime ${time}\n${n.text}`);
  if (!verify(null, message, w.key, line.bytes.subarray(12))) throw new Error(`${w.name}'s cosignature does not verify`);
  return Number(time);
}

// Whether the log's own key signed the note.
export function logSigned(note, logKey) {
  const k = parseVkey(logKey);
  const n = parseNote(note);
  return n.sigs.some((s) => s.name === k.name && s.bytes.subarray(0, 4).toString("hex") === k.id
    && verify(null, Buffer.from(n.text), k.key, s.bytes.subarray(4)));
}

// tlog-tiles' spelling of a tile index: groups of three digits, all but the last `x`-prefixed.
function tileIndex(n) {
  const groups = [];
  do { groups.unshift(String(n % 1000).padStart(3, "0")); n = Math.floor(n / 1000); } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join("/");
}

// Every entry of a log of `size` leaves, from its entry bundles (u16 big-endian
// length, then the entry), as text.
export async function entries(request, logUrl, size) {
  const out = [];
  for (let b = 0; b * 256 < size; b++) {
    const width = Math.min(256, size - b * 256);
    const path = `${logUrl}tile/entries/${tileIndex(b)}${width < 256 ? `.p/${width}` : ""}`;
    const res = await request.get(path);
    if (res.status() !== 200) throw new Error(`${path}: ${res.status()}`);
    const body = Buffer.from(await res.body());
    for (let at = 0; at < body.length;) {
      const len = body.readUInt16BE(at);
      out.push(body.subarray(at + 2, at + 2 + len).toString("utf8"));
      at += 2 + len;
    }
    if (out.length !== Math.min(size, (b + 1) * 256)) throw new Error(`${path}: ${out.length} entries so far`);
  }
  return out;
}
