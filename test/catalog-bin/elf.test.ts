import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import {
  addressToOffset,
  type ElfFile,
  findSection,
  isElf,
  isElfError,
  readElf,
  sectionData,
} from "../../src/catalog/binary/elf.js";
import { buildElf, sectionHeaderOffset } from "./helpers/elf-builder.js";

function mustRead(bytes: Buffer): ElfFile {
  const elf = readElf(bytes);
  assert.ok(!isElfError(elf), isElfError(elf) ? elf.error : "");
  return elf;
}

describe("ELF reader", () => {
  for (const bits of [32, 64] as const) {
    for (const littleEndian of [true, false]) {
      it(`reads sections and segments of a ${bits}-bit ${littleEndian ? "little" : "big"}-endian file`, () => {
        const payload = Buffer.from("hello section");
        const { bytes, offsets } = buildElf({
          bits,
          littleEndian,
          sections: [
            { name: ".text", data: Buffer.alloc(16, 0x90), addr: 0x401000, flags: 6 },
            { name: ".payload", data: payload, addr: 0x402000 },
            { name: ".comment", data: Buffer.from("gcc"), flags: 0 },
          ],
        });
        const elf = mustRead(bytes);
        assert.equal(elf.bits, bits);
        assert.equal(elf.littleEndian, littleEndian);
        assert.deepEqual(
          elf.sections.map((s) => s.name),
          ["", ".text", ".payload", ".comment", ".shstrtab"],
        );
        const s = findSection(elf, ".payload")!;
        assert.equal(s.addr, 0x402000);
        assert.equal(s.offset, offsets.get(".payload"));
        const data = sectionData(bytes, s);
        assert.ok(Buffer.isBuffer(data) && data.equals(payload));
        assert.equal(elf.segments.length, 2);
        assert.equal(addressToOffset(elf, bytes.length, 0x402006, 7), offsets.get(".payload")! + 6);
        assert.equal(addressToOffset(elf, bytes.length, 0x402006, 4096), undefined, "range past the segment");
        assert.equal(addressToOffset(elf, bytes.length, 0x999999, 1), undefined);
      });
    }
  }

  it("follows extended section numbering (e_shnum = 0, e_shstrndx = SHN_XINDEX)", () => {
    const { bytes } = buildElf({
      bits: 64,
      littleEndian: true,
      sections: [{ name: ".a", data: Buffer.from("x"), flags: 0 }],
    });
    const count = 3; // null, .a, .shstrtab
    const sh0 = sectionHeaderOffset(bytes, 0);
    bytes.writeBigUInt64LE(BigInt(count), sh0 + 32); // section 0 sh_size = real count
    bytes.writeUInt32LE(count - 1, sh0 + 40); // section 0 sh_link = real string table index
    bytes.writeUInt16LE(0, 60); // e_shnum
    bytes.writeUInt16LE(0xffff, 62); // e_shstrndx
    assert.deepEqual(
      mustRead(bytes).sections.map((s) => s.name),
      ["", ".a", ".shstrtab"],
    );
  });

  it("agrees with readelf on a real system binary (when both exist)", (t) => {
    const target = ["/bin/ls", "/usr/bin/ls", "/bin/sh"].find((p) => existsSync(p));
    if (target === undefined || spawnSync("readelf", ["--version"]).status !== 0) {
      t.skip("no readelf or no system binary");
      return;
    }
    const bytes = readFileSync(target);
    const elf = mustRead(bytes);
    const listing = execFileSync("readelf", ["-S", "-W", target]).toString();
    const names = [
      ...listing.matchAll(/^\s*\[\s*\d+\]\s+(\S*)\s+[A-Z_0-9]+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)/gm),
    ].map((m) => ({
      name: m[1] === "NULL" ? "" : m[1],
      addr: Number.parseInt(m[2]!, 16),
      offset: Number.parseInt(m[3]!, 16),
      size: Number.parseInt(m[4]!, 16),
    }));
    assert.ok(names.length > 5);
    assert.deepEqual(
      elf.sections.slice(1).map((s) => ({ name: s.name, addr: s.addr, offset: s.offset, size: s.size })),
      names.slice(1),
    );
  });

  it("refuses what is not a well-formed ELF, with a cause", () => {
    const { bytes } = buildElf({
      bits: 64,
      littleEndian: true,
      sections: [{ name: ".a", data: Buffer.alloc(100), addr: 0x1000 }],
    });
    const cases: [Buffer, RegExp][] = [
      [Buffer.from("MZ\x90\x00"), /bad magic/],
      [bytes.subarray(0, 10), /truncated ELF identification/],
      [bytes.subarray(0, 40), /truncated ELF header/],
      [bytes.subarray(0, bytes.length - 10), /section header table .* beyond the end/],
      [Buffer.concat([bytes.subarray(0, 4), Buffer.from([9]), bytes.subarray(5)]), /unknown ELF class 9/],
      [
        Buffer.concat([bytes.subarray(0, 5), Buffer.from([7]), bytes.subarray(6)]),
        /unknown ELF data encoding 7/,
      ],
    ];
    for (const [input, cause] of cases) {
      const r = readElf(input);
      assert.ok(isElfError(r), `expected an error for ${cause}`);
      assert.match(r.error, cause);
    }
    const small = Buffer.from(bytes);
    small.writeUInt16LE(16, 58); // e_shentsize below the 64-bit minimum
    assert.match((readElf(small) as { error: string }).error, /section header size 16/);
    const phBad = Buffer.from(bytes);
    phBad.writeBigUInt64LE(BigInt(bytes.length), 32); // e_phoff at the end of the file
    assert.match((readElf(phBad) as { error: string }).error, /program header table/);
    const huge = Buffer.from(bytes);
    huge.writeBigUInt64LE(0xffffffffffffffffn, 40); // e_shoff beyond 2^53
    assert.match((readElf(huge) as { error: string }).error, /beyond the end/);
  });

  it("checks section bounds when reading section data", () => {
    const { bytes } = buildElf({
      bits: 32,
      littleEndian: true,
      sections: [{ name: ".a", data: Buffer.alloc(8), addr: 0x1000 }],
    });
    const at = sectionHeaderOffset(bytes, 1);
    bytes.writeUInt32LE(0xfffffff0, at + 16); // sh_offset far past the end
    const elf = mustRead(bytes);
    const data = sectionData(bytes, findSection(elf, ".a")!);
    assert.ok(isElfError(data));
    assert.match(data.error, /\.a .* lies outside the file/);
    assert.ok(
      isElfError(sectionData(bytes, { ...findSection(elf, ".a")!, offset: 0, type: 8 })),
      "NOBITS has no bytes",
    );
  });

  it("isElf only looks at the magic", () => {
    assert.equal(isElf(Buffer.from([0x7f, 0x45, 0x4c, 0x46])), true);
    assert.equal(isElf(Buffer.from([0x7f, 0x45, 0x4c])), false);
    assert.equal(isElf(Buffer.from("#!/bin/sh")), false);
  });
});
