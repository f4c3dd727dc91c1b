/** The 16-byte markers the Go linker puts around the module info string. */
const startSentinel = Buffer.from("3077af0c9274080241e1c107e6d618e6", "hex");
const endSentinel = Buffer.from("f932433186182072008242104116d8f2", "hex");
const magic = Buffer.from("\xff Go buildinf:", "latin1");

/** Module info text as the linker stores it: wrapped in its sentinels. */
export function wrapModInfo(text: string): Buffer {
  return Buffer.concat([startSentinel, Buffer.from(text, "utf8"), endSentinel]);
}

/** Unsigned LEB128, as Go's `binary.AppendUvarint`. */
export function uvarint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}

/** A Go 1.18+ `.go.buildinfo` section: header with the inline flag, then two varint strings. */
export function inlineBuildInfo(goVersion: string, modInfo: Buffer): Buffer {
  const header = Buffer.alloc(32);
  magic.copy(header, 0);
  header[14] = 8;
  header[15] = 0x2;
  const version = Buffer.from(goVersion, "utf8");
  return Buffer.concat([header, uvarint(version.length), version, uvarint(modInfo.length), modInfo]);
}

/**
 * A Go 1.13–1.17 build info: `.go.buildinfo` holds the header and two pointers to Go string
 * headers; those and the bytes live in a second section (`.rodata`) at `rodataAddr`.
 */
export function pointerBuildInfo(
  goVersion: string,
  modInfo: Buffer,
  o: { ptrSize: 4 | 8; littleEndian: boolean; rodataAddr: number },
): { buildinfo: Buffer; rodata: Buffer } {
  const ptr = (v: number): Buffer => {
    const b = Buffer.alloc(o.ptrSize);
    if (o.ptrSize === 8) o.littleEndian ? b.writeBigUInt64LE(BigInt(v)) : b.writeBigUInt64BE(BigInt(v));
    else o.littleEndian ? b.writeUInt32LE(v) : b.writeUInt32BE(v);
    return b;
  };
  const version = Buffer.from(goVersion, "utf8");
  const hdrs = 4 * o.ptrSize;
  const versionAddr = o.rodataAddr + hdrs;
  const modAddr = versionAddr + version.length;
  const rodata = Buffer.concat([
    ptr(versionAddr),
    ptr(version.length),
    ptr(modAddr),
    ptr(modInfo.length),
    version,
    modInfo,
  ]);
  const header = Buffer.alloc(32);
  magic.copy(header, 0);
  header[14] = o.ptrSize;
  header[15] = o.littleEndian ? 0 : 1;
  ptr(o.rodataAddr).copy(header, 16);
  ptr(o.rodataAddr + 2 * o.ptrSize).copy(header, 16 + o.ptrSize);
  return { buildinfo: header, rodata };
}
