/**
 * A small, bounds-checked reader of ELF headers: identification, section headers and program
 * headers, for 32- and 64-bit files of either byte order. It reads only tables and returns
 * views into the caller's buffer; every offset is checked against the buffer before use, so a
 * truncated or hostile file yields an {@link ElfError}, never an exception.
 *
 * Spec: System V ABI, "Object Files" (ELF header, section header table, program header table),
 * including the extended numbering escapes (`SHN_XINDEX`, `e_shnum == 0`).
 */

/** `\x7fELF` */
const elfMagic = [0x7f, 0x45, 0x4c, 0x46] as const;

const SHN_UNDEF = 0;
const SHN_XINDEX = 0xffff;
const PN_XNUM = 0xffff;
/** Section type of `.bss`-like sections: occupy no bytes in the file. */
export const SHT_NOBITS = 8;
export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;

/** Upper bound on table sizes: a real file never comes near it; a hostile one cannot make us loop. */
const maxTableEntries = 1 << 20;
const maxSectionNameLength = 4096;

export interface ElfSection {
  name: string;
  type: number;
  flags: number;
  /** Virtual address when loaded (0 for non-allocated sections). */
  addr: number;
  /** File offset of the section's bytes. */
  offset: number;
  size: number;
}

export interface ElfSegment {
  type: number;
  /** `PF_X | PF_W | PF_R` bits. */
  flags: number;
  vaddr: number;
  offset: number;
  fileSize: number;
  memSize: number;
}

export interface ElfFile {
  bits: 32 | 64;
  littleEndian: boolean;
  /** `e_type`: 2 executable, 3 shared object / PIE, ... */
  type: number;
  /** `e_machine` (62 x86-64, 183 aarch64, ...). */
  machine: number;
  sections: ElfSection[];
  segments: ElfSegment[];
}

/** Why a buffer could not be read as ELF: a one-line cause. */
export interface ElfError {
  error: string;
}

/** True when the buffer starts with the ELF magic (cheap pre-check, no parsing). */
export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && elfMagic.every((b, i) => bytes[i] === b);
}

/** Bounds-checked integer reads in one byte order and word size. */
class Reader {
  constructor(
    private readonly buf: Buffer,
    readonly littleEndian: boolean,
    readonly bits: 32 | 64,
  ) {}

  fits(offset: number, length: number): boolean {
    return Number.isSafeInteger(offset) && offset >= 0 && length >= 0 && offset + length <= this.buf.length;
  }

  u8(offset: number): number {
    return this.buf.readUInt8(offset);
  }

  u16(offset: number): number {
    return this.littleEndian ? this.buf.readUInt16LE(offset) : this.buf.readUInt16BE(offset);
  }

  u32(offset: number): number {
    return this.littleEndian ? this.buf.readUInt32LE(offset) : this.buf.readUInt32BE(offset);
  }

  /** A 64-bit value as a number; values above 2^53 become Infinity so every range check fails. */
  u64(offset: number): number {
    const v = this.littleEndian ? this.buf.readBigUInt64LE(offset) : this.buf.readBigUInt64BE(offset);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(v);
  }

  /** An address- or offset-sized word (`Elf32_Addr`/`Elf64_Addr`). */
  word(offset: number): number {
    return this.bits === 64 ? this.u64(offset) : this.u32(offset);
  }
}

interface Header {
  type: number;
  machine: number;
  phoff: number;
  shoff: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

function readHeader(r: Reader): Header | ElfError {
  const headerSize = r.bits === 64 ? 64 : 52;
  if (!r.fits(0, headerSize)) return { error: `truncated ELF header (needs ${headerSize} bytes)` };
  const w = r.bits === 64 ? 8 : 4;
  // e_ident(16) e_type(2) e_machine(2) e_version(4) e_entry(w) e_phoff(w) e_shoff(w) e_flags(4)
  // e_ehsize(2) e_phentsize(2) e_phnum(2) e_shentsize(2) e_shnum(2) e_shstrndx(2)
  const afterOffsets = 24 + 3 * w;
  return {
    type: r.u16(16),
    machine: r.u16(18),
    phoff: r.word(24 + w),
    shoff: r.word(24 + 2 * w),
    phentsize: r.u16(afterOffsets + 6),
    phnum: r.u16(afterOffsets + 8),
    shentsize: r.u16(afterOffsets + 10),
    shnum: r.u16(afterOffsets + 12),
    shstrndx: r.u16(afterOffsets + 14),
  };
}

function readSectionHeader(
  r: Reader,
  at: number,
): Omit<ElfSection, "name"> & { nameOffset: number; link: number } {
  if (r.bits === 64) {
    return {
      nameOffset: r.u32(at),
      type: r.u32(at + 4),
      flags: r.u64(at + 8),
      addr: r.u64(at + 16),
      offset: r.u64(at + 24),
      size: r.u64(at + 32),
      link: r.u32(at + 40),
    };
  }
  return {
    nameOffset: r.u32(at),
    type: r.u32(at + 4),
    flags: r.u32(at + 8),
    addr: r.u32(at + 12),
    offset: r.u32(at + 16),
    size: r.u32(at + 20),
    link: r.u32(at + 24),
  };
}

function readSegment(r: Reader, at: number): ElfSegment {
  if (r.bits === 64) {
    return {
      type: r.u32(at),
      flags: r.u32(at + 4),
      offset: r.u64(at + 8),
      vaddr: r.u64(at + 16),
      fileSize: r.u64(at + 32),
      memSize: r.u64(at + 40),
    };
  }
  return {
    type: r.u32(at),
    offset: r.u32(at + 4),
    vaddr: r.u32(at + 8),
    fileSize: r.u32(at + 16),
    memSize: r.u32(at + 20),
    flags: r.u32(at + 24),
  };
}

function readSections(r: Reader, h: Header, buf: Buffer): ElfSection[] | ElfError {
  if (h.shoff === 0) return [];
  const minEntry = r.bits === 64 ? 64 : 40;
  if (h.shentsize < minEntry) return { error: `section header size ${h.shentsize} is below ${minEntry}` };
  if (!r.fits(h.shoff, h.shentsize)) return { error: "section header table lies beyond the end of the file" };
  // Extended numbering: with e_shnum == 0 the count is in section 0's sh_size, and with
  // e_shstrndx == SHN_XINDEX the string table index is in section 0's sh_link.
  const first = readSectionHeader(r, h.shoff);
  const count = h.shnum === 0 ? first.size : h.shnum;
  const strIndex = h.shstrndx === SHN_XINDEX ? first.link : h.shstrndx;
  if (!Number.isSafeInteger(count) || count > maxTableEntries)
    return { error: `absurd section count ${count}` };
  if (!r.fits(h.shoff, count * h.shentsize)) {
    return { error: `section header table (${count} entries) lies beyond the end of the file` };
  }
  const raw = Array.from({ length: count }, (_, i) => readSectionHeader(r, h.shoff + i * h.shentsize));
  const strtab = strIndex !== SHN_UNDEF && strIndex < raw.length ? raw[strIndex] : undefined;
  if (strtab !== undefined && !r.fits(strtab.offset, strtab.size)) {
    return { error: "section name table lies beyond the end of the file" };
  }
  return raw.map(({ nameOffset, link: _link, ...s }) => ({
    ...s,
    name: strtab === undefined ? "" : readName(buf, strtab.offset, strtab.size, nameOffset),
  }));
}

/** A NUL-terminated name inside the string table; out-of-table offsets give "". */
function readName(buf: Buffer, tableOffset: number, tableSize: number, nameOffset: number): string {
  if (nameOffset >= tableSize) return "";
  const start = tableOffset + nameOffset;
  const limit = Math.min(tableOffset + tableSize, start + maxSectionNameLength);
  const end = buf.indexOf(0, start);
  return buf.toString("latin1", start, end === -1 || end > limit ? limit : end);
}

function readSegments(r: Reader, h: Header): ElfSegment[] | ElfError {
  if (h.phoff === 0 || h.phnum === 0) return [];
  const minEntry = r.bits === 64 ? 56 : 32;
  if (h.phentsize < minEntry) return { error: `program header size ${h.phentsize} is below ${minEntry}` };
  // PN_XNUM: the real count is in section 0's sh_info. Files with > 65534 segments exist
  // only as core dumps, so refuse rather than read a count from elsewhere.
  if (h.phnum === PN_XNUM) return { error: "extended program header numbering is not supported" };
  if (!r.fits(h.phoff, h.phnum * h.phentsize))
    return { error: "program header table lies beyond the end of the file" };
  return Array.from({ length: h.phnum }, (_, i) => readSegment(r, h.phoff + i * h.phentsize));
}

/**
 * Reads the ELF header, section headers (with names) and program headers of `bytes`.
 * Returns an {@link ElfError} naming the first structural problem: a wrong magic, class or
 * byte order, a truncated header, or a header table that does not fit in the buffer.
 * Section contents are not validated here: {@link sectionData} checks them when asked.
 */
export function readElf(bytes: Buffer): ElfFile | ElfError {
  if (!isElf(bytes)) return { error: "not an ELF file (bad magic)" };
  if (bytes.length < 16) return { error: "truncated ELF identification" };
  const cls = bytes[4];
  const data = bytes[5];
  if (cls !== 1 && cls !== 2) return { error: `unknown ELF class ${cls}` };
  if (data !== 1 && data !== 2) return { error: `unknown ELF data encoding ${data}` };
  const bits = cls === 2 ? 64 : 32;
  const r = new Reader(bytes, data === 1, bits);
  const header = readHeader(r);
  if ("error" in header) return header;
  const sections = readSections(r, header, bytes);
  if ("error" in sections) return sections;
  const segments = readSegments(r, header);
  if ("error" in segments) return segments;
  return { bits, littleEndian: data === 1, type: header.type, machine: header.machine, sections, segments };
}

/** The first section named `name`, if any. */
export function findSection(elf: ElfFile, name: string): ElfSection | undefined {
  return elf.sections.find((s) => s.name === name);
}

/**
 * The bytes of a section, as a view into `bytes`. Returns an {@link ElfError} when the
 * section occupies no file bytes (`SHT_NOBITS`) or lies (partly) outside the buffer.
 */
export function sectionData(bytes: Buffer, section: ElfSection): Buffer | ElfError {
  if (section.type === SHT_NOBITS) return { error: `section ${section.name} has no bytes in the file` };
  if (!inRange(bytes.length, section.offset, section.size)) {
    return {
      error: `section ${section.name} (offset ${section.offset}, size ${section.size}) lies outside the file`,
    };
  }
  return bytes.subarray(section.offset, section.offset + section.size);
}

/**
 * Maps a virtual address range to a file offset through the loadable segments (falling back
 * to allocated sections when a file has no program headers). Undefined when no segment
 * holds the whole range in file bytes or when the range falls outside the buffer.
 */
export function addressToOffset(
  elf: ElfFile,
  fileLength: number,
  addr: number,
  length: number,
): number | undefined {
  if (!Number.isSafeInteger(addr) || !Number.isSafeInteger(length) || length < 0) return undefined;
  const ranges = [
    ...elf.segments
      .filter((p) => p.type === PT_LOAD)
      .map((p) => ({ addr: p.vaddr, offset: p.offset, size: p.fileSize })),
    ...elf.sections.filter((s) => s.addr !== 0 && s.type !== SHT_NOBITS),
  ];
  for (const r of ranges) {
    if (addr >= r.addr && addr + length <= r.addr + r.size) {
      const offset = r.offset + (addr - r.addr);
      return inRange(fileLength, offset, length) ? offset : undefined;
    }
  }
  return undefined;
}

function inRange(total: number, offset: number, length: number): boolean {
  return (
    Number.isSafeInteger(offset) &&
    Number.isSafeInteger(length) &&
    offset >= 0 &&
    length >= 0 &&
    offset + length <= total
  );
}

/** Narrows a read result. */
export function isElfError(v: unknown): v is ElfError {
  return typeof v === "object" && v !== null && "error" in v && typeof (v as ElfError).error === "string";
}
