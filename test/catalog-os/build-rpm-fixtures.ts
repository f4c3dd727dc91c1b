/**
 * Builders for small rpm database fixtures, written from the format descriptions (rpm
 * header format, Berkeley DB hash pages, rpm NDB): the parsers under test are checked
 * against bytes laid out independently of them.
 */

/** rpm data types used by the builder. */
export const T = { int32: 4, string: 6, bin: 7, stringArray: 8, i18nString: 9 } as const;

export interface HeaderEntry {
  tag: number;
  type: number;
  value: string | string[] | number[] | Uint8Array;
}

/** Lays out an rpm header blob: il, dl, index entries, data; with an immutable region by default. */
export function buildRpmHeader(entries: HeaderEntry[], options: { region?: boolean } = {}): Buffer {
  const region = options.region ?? true;
  const data: number[] = [];
  const index: { tag: number; type: number; offset: number; count: number }[] = [];
  const align = (n: number): void => {
    while (data.length % n !== 0) data.push(0);
  };
  const pushString = (s: string): void => {
    data.push(...Buffer.from(s, "utf8"), 0);
  };
  for (const e of entries) {
    let count: number;
    let offset: number;
    if (e.type === T.int32) {
      align(4);
      offset = data.length;
      const values = e.value as number[];
      for (const v of values) data.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
      count = values.length;
    } else if (e.type === T.bin) {
      offset = data.length;
      data.push(...(e.value as Uint8Array));
      count = (e.value as Uint8Array).length;
    } else if (e.type === T.stringArray) {
      offset = data.length;
      for (const s of e.value as string[]) pushString(s);
      count = (e.value as string[]).length;
    } else {
      offset = data.length;
      pushString(e.value as string);
      count = 1;
    }
    index.push({ tag: e.tag, type: e.type, offset, count });
  }
  if (region) {
    const il = index.length + 1;
    const trailerAt = data.length;
    const trailer = Buffer.alloc(16);
    trailer.writeInt32BE(63, 0);
    trailer.writeInt32BE(T.bin, 4);
    trailer.writeInt32BE(-il * 16, 8);
    trailer.writeInt32BE(16, 12);
    data.push(...trailer);
    index.unshift({ tag: 63, type: T.bin, offset: trailerAt, count: 16 });
  }
  const out = Buffer.alloc(8 + index.length * 16 + data.length);
  out.writeInt32BE(index.length, 0);
  out.writeInt32BE(data.length, 4);
  index.forEach((e, i) => {
    out.writeInt32BE(e.tag, 8 + i * 16);
    out.writeInt32BE(e.type, 12 + i * 16);
    out.writeInt32BE(e.offset, 16 + i * 16);
    out.writeInt32BE(e.count, 20 + i * 16);
  });
  Buffer.from(data).copy(out, 8 + index.length * 16);
  return out;
}

/** A typical package header: name, version, release, arch, SOURCERPM, license, vendor, file list. */
export function packageHeader(p: {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  sourceRpm?: string;
  files?: string[];
  extra?: HeaderEntry[];
}): Buffer {
  const entries: HeaderEntry[] = [
    { tag: 1000, type: T.string, value: p.name },
    { tag: 1001, type: T.string, value: p.version },
    { tag: 1002, type: T.string, value: p.release },
  ];
  if (p.epoch !== undefined) entries.push({ tag: 1003, type: T.int32, value: [p.epoch] });
  entries.push({ tag: 1014, type: T.string, value: "MIT" });
  entries.push({ tag: 1011, type: T.string, value: "Test Vendor" });
  if (p.arch) entries.push({ tag: 1022, type: T.string, value: p.arch });
  if (p.sourceRpm) entries.push({ tag: 1044, type: T.string, value: p.sourceRpm });
  if (p.files?.length) {
    const dirs = [...new Set(p.files.map((f) => f.slice(0, f.lastIndexOf("/") + 1)))];
    entries.push({
      tag: 1116,
      type: T.int32,
      value: p.files.map((f) => dirs.indexOf(f.slice(0, f.lastIndexOf("/") + 1))),
    });
    entries.push({
      tag: 1117,
      type: T.stringArray,
      value: p.files.map((f) => f.slice(f.lastIndexOf("/") + 1)),
    });
    entries.push({ tag: 1118, type: T.stringArray, value: dirs });
  }
  entries.push(...(p.extra ?? []));
  return buildRpmHeader(entries);
}

/**
 * A Berkeley DB hash file: metadata page, one hash page holding `key → value` pairs (values
 * longer than `inlineMax` go to overflow page chains), in the given byte order.
 */
export function buildBdbHash(
  pairs: { key: Buffer; value: Buffer }[],
  options: { pageSize?: number; little?: boolean; inlineMax?: number } = {},
): Buffer {
  const pageSize = options.pageSize ?? 512;
  const little = options.little ?? true;
  const inlineMax = options.inlineMax ?? 64;
  const pages: Buffer[] = [Buffer.alloc(pageSize), Buffer.alloc(pageSize)];
  const u32 = (b: Buffer, at: number, v: number): void => {
    if (little) b.writeUInt32LE(v >>> 0, at);
    else b.writeUInt32BE(v >>> 0, at);
  };
  const u16 = (b: Buffer, at: number, v: number): void => {
    if (little) b.writeUInt16LE(v, at);
    else b.writeUInt16BE(v, at);
  };
  const items: Buffer[] = [];
  for (const { key, value } of pairs) {
    items.push(Buffer.concat([Buffer.from([1]), key]));
    if (value.length <= inlineMax) {
      items.push(Buffer.concat([Buffer.from([1]), value]));
      continue;
    }
    const first = pages.length;
    const room = pageSize - 26;
    for (let at = 0; at < value.length; at += room) {
      const page = Buffer.alloc(pageSize);
      const chunk = value.subarray(at, at + room);
      u32(page, 8, pages.length);
      u32(page, 16, at + room < value.length ? pages.length + 1 : 0);
      u16(page, 22, chunk.length);
      page[25] = 7;
      chunk.copy(page, 26);
      pages.push(page);
    }
    const off = Buffer.alloc(12);
    off[0] = 3;
    u32(off, 4, first);
    u32(off, 8, value.length);
    items.push(off);
  }
  const hash = pages[1]!;
  u32(hash, 8, 1);
  u16(hash, 20, items.length);
  hash[25] = 13;
  let end = pageSize;
  items.forEach((item, i) => {
    end -= item.length;
    if (end < 26 + items.length * 2) throw new Error("test fixture: hash page overflow");
    item.copy(hash, end);
    u16(hash, 26 + i * 2, end);
  });
  u16(hash, 22, end);
  const meta = pages[0]!;
  u32(meta, 12, 0x061561);
  u32(meta, 16, 9);
  u32(meta, 20, pageSize);
  meta[25] = 8;
  u32(meta, 32, pages.length - 1);
  return Buffer.concat(pages);
}

/** An rpm NDB `Packages.db` holding the given header blobs (package index 1, 2, ...). */
export function buildNdb(blobs: Buffer[]): Buffer {
  const slotPage = Buffer.alloc(4096);
  slotPage.write("RpmP", 0, "latin1");
  slotPage.writeUInt32LE(0, 4);
  slotPage.writeUInt32LE(1, 8);
  slotPage.writeUInt32LE(1, 12);
  slotPage.writeUInt32LE(blobs.length + 1, 16);
  for (let at = 32; at < 4096; at += 16) slotPage.write("Slot", at, "latin1");
  const chunks: Buffer[] = [slotPage];
  let block = 4096 / 16;
  blobs.forEach((blob, i) => {
    const blockCount = Math.ceil((16 + blob.length + 12) / 16);
    const area = Buffer.alloc(blockCount * 16);
    area.write("BlbS", 0, "latin1");
    area.writeUInt32LE(i + 1, 4);
    area.writeUInt32LE(1700000000, 8);
    area.writeUInt32LE(blob.length, 12);
    blob.copy(area, 16);
    const tailAt = area.length - 12;
    area.writeUInt32LE(adler32(area.subarray(0, tailAt)), tailAt);
    area.writeUInt32LE(blob.length, tailAt + 4);
    area.write("BlbE", tailAt + 8, "latin1");
    const slotAt = 32 + i * 16;
    slotPage.writeUInt32LE(i + 1, slotAt + 4);
    slotPage.writeUInt32LE(block, slotAt + 8);
    slotPage.writeUInt32LE(blockCount, slotAt + 12);
    block += blockCount;
    chunks.push(area);
  });
  return Buffer.concat(chunks);
}

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A 4-byte rpm header-number key, in the byte order the BDB file uses. */
export function hnumKey(n: number, little = true): Buffer {
  const b = Buffer.alloc(4);
  if (little) b.writeUInt32LE(n);
  else b.writeUInt32BE(n);
  return b;
}
