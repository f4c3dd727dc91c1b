/** A section of a test ELF. */
export interface SectionSpec {
  name: string;
  data: Buffer;
  /** sh_type; PROGBITS (1) by default. */
  type?: number;
  /** sh_flags; SHF_ALLOC|SHF_WRITE (3) by default. */
  flags?: number;
  /** Load address; 0 means not loaded (no segment is made for it). */
  addr?: number;
}

export interface ElfSpec {
  bits: 32 | 64;
  littleEndian: boolean;
  sections: SectionSpec[];
  /** Leave out the section header table (as `sstrip` does): only segments remain. */
  stripSectionHeaders?: boolean;
}

const PT_LOAD = 1;
const PF_R = 4;
const PF_W = 2;

/**
 * Builds a small but well-formed ELF executable: header, one PT_LOAD segment per loaded
 * section (read+write), the section bytes (16-byte aligned), `.shstrtab` and the section
 * header table. Returns the bytes and where each section's data landed.
 */
export function buildElf(spec: ElfSpec): { bytes: Buffer; offsets: Map<string, number> } {
  const is64 = spec.bits === 64;
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const shentsize = is64 ? 64 : 40;
  const loaded = spec.sections.filter((s) => (s.addr ?? 0) !== 0);
  const phoff = ehsize;
  let cursor = align(phoff + loaded.length * phentsize, 16);
  const offsets = new Map<string, number>();
  const parts: { at: number; data: Buffer }[] = [];
  for (const s of spec.sections) {
    offsets.set(s.name, cursor);
    parts.push({ at: cursor, data: s.data });
    cursor = align(cursor + s.data.length, 16);
  }
  const names = ["", ...spec.sections.map((s) => s.name), ".shstrtab"];
  const nameOffsets: number[] = [];
  let strtab = Buffer.alloc(0);
  for (const n of names) {
    nameOffsets.push(strtab.length);
    strtab = Buffer.concat([strtab, Buffer.from(n, "latin1"), Buffer.alloc(1)]);
  }
  const strtabAt = cursor;
  parts.push({ at: strtabAt, data: strtab });
  cursor = align(cursor + strtab.length, 16);
  const shoff = cursor;
  const shnum = spec.sections.length + 2;
  const total = spec.stripSectionHeaders ? shoff : shoff + shnum * shentsize;
  const buf = Buffer.alloc(total);
  const w = writer(buf, spec.littleEndian, is64);

  buf.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, spec.littleEndian ? 1 : 2, 1], 0);
  w.u16(16, 2); // ET_EXEC
  w.u16(18, is64 ? 62 : 3);
  w.u32(20, 1);
  const o = is64 ? 8 : 4;
  w.word(24, 0x401000); // e_entry
  w.word(24 + o, loaded.length > 0 ? phoff : 0);
  w.word(24 + 2 * o, spec.stripSectionHeaders ? 0 : shoff);
  const after = 24 + 3 * o;
  w.u32(after, 0);
  w.u16(after + 4, ehsize);
  w.u16(after + 6, phentsize);
  w.u16(after + 8, loaded.length);
  w.u16(after + 10, spec.stripSectionHeaders ? 0 : shentsize);
  w.u16(after + 12, spec.stripSectionHeaders ? 0 : shnum);
  w.u16(after + 14, spec.stripSectionHeaders ? 0 : shnum - 1);

  loaded.forEach((s, i) => {
    const at = phoff + i * phentsize;
    const off = offsets.get(s.name)!;
    if (is64) {
      w.u32(at, PT_LOAD);
      w.u32(at + 4, PF_R | PF_W);
      w.word(at + 8, off);
      w.word(at + 16, s.addr!);
      w.word(at + 24, s.addr!);
      w.word(at + 32, s.data.length);
      w.word(at + 40, s.data.length);
      w.word(at + 48, 16);
    } else {
      w.u32(at, PT_LOAD);
      w.u32(at + 4, off);
      w.u32(at + 8, s.addr!);
      w.u32(at + 12, s.addr!);
      w.u32(at + 16, s.data.length);
      w.u32(at + 20, s.data.length);
      w.u32(at + 24, PF_R | PF_W);
      w.u32(at + 28, 16);
    }
  });
  for (const p of parts) p.data.copy(buf, p.at);
  if (!spec.stripSectionHeaders) {
    const headers = [
      ...spec.sections.map((s, i) => ({
        name: nameOffsets[i + 1]!,
        type: s.type ?? 1,
        flags: s.flags ?? 3,
        addr: s.addr ?? 0,
        offset: offsets.get(s.name)!,
        size: s.data.length,
      })),
      {
        name: nameOffsets[names.length - 1]!,
        type: 3,
        flags: 0,
        addr: 0,
        offset: strtabAt,
        size: strtab.length,
      },
    ];
    headers.forEach((h, i) => {
      const at = shoff + (i + 1) * shentsize;
      w.u32(at, h.name);
      w.u32(at + 4, h.type);
      if (is64) {
        w.word(at + 8, h.flags);
        w.word(at + 16, h.addr);
        w.word(at + 24, h.offset);
        w.word(at + 32, h.size);
      } else {
        w.u32(at + 8, h.flags);
        w.u32(at + 12, h.addr);
        w.u32(at + 16, h.offset);
        w.u32(at + 20, h.size);
      }
    });
  }
  return { bytes: buf, offsets };
}

/** File offset of section `index`'s header (1-based user sections, as built above). */
export function sectionHeaderOffset(bytes: Buffer, index: number): number {
  const is64 = bytes[4] === 2;
  const le = bytes[5] === 1;
  const shoff = is64
    ? Number(le ? bytes.readBigUInt64LE(40) : bytes.readBigUInt64BE(40))
    : le
      ? bytes.readUInt32LE(32)
      : bytes.readUInt32BE(32);
  return shoff + index * (is64 ? 64 : 40);
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

function writer(buf: Buffer, le: boolean, is64: boolean) {
  return {
    u16: (at: number, v: number) => (le ? buf.writeUInt16LE(v, at) : buf.writeUInt16BE(v, at)),
    u32: (at: number, v: number) => (le ? buf.writeUInt32LE(v, at) : buf.writeUInt32BE(v, at)),
    word: (at: number, v: number) => {
      if (is64) le ? buf.writeBigUInt64LE(BigInt(v), at) : buf.writeBigUInt64BE(BigInt(v), at);
      else le ? buf.writeUInt32LE(v, at) : buf.writeUInt32BE(v, at);
    },
  };
}
