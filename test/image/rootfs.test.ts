import assert from "node:assert/strict";
import { link, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import tar from "tar-stream";
import { openRootfs } from "../../src/image/rootfs/open-rootfs.js";

let base: string;
let root: string;
let outside: string;

before(async () => {
  base = await mkdtemp(join(tmpdir(), "drydock-rootfs-"));
  root = join(base, "rootfs");
  outside = join(base, "host-secret.txt");
  await writeFile(outside, "HOST SECRET, never to be read");
  await mkdir(join(root, "etc/apk"), { recursive: true });
  await mkdir(join(root, "usr/bin"), { recursive: true });
  await writeFile(join(root, "etc/os-release"), "ID=alpine\n");
  await writeFile(join(root, "usr/bin/tool"), "#!/bin/sh\n", { mode: 0o755 });
  await link(join(root, "usr/bin/tool"), join(root, "usr/bin/tool-again"));
  await symlink("/etc/os-release", join(root, "etc/os-release-abs"));
  await symlink(outside, join(root, "etc/escape")); // absolute link to a host file
  await symlink("../../../../host-secret.txt", join(root, "etc/apk/climb"));
  await symlink(base, join(root, "hostdir")); // a directory link: must not be walked
});
after(async () => {
  await rm(base, { recursive: true, force: true });
});

interface Entry {
  name: string;
  type: string;
  linkname?: string | null;
  body: string;
}

async function untar(stream: Readable): Promise<Entry[]> {
  const extract = tar.extract();
  const entries: Entry[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      entries.push({
        name: entry.header.name,
        type: entry.header.type,
        linkname: entry.header.linkname,
        body: Buffer.concat(chunks).toString(),
      });
    }
  })();
  const failed = new Promise<never>((_, reject) => stream.once("error", reject));
  stream.pipe(extract as unknown as NodeJS.WritableStream);
  await Promise.race([done, failed]);
  return entries;
}

describe("dir: root filesystem", () => {
  it("is one synthetic layer whose tar is generated on the fly", async () => {
    const source = await openRootfs(root, `dir:${root}`);
    assert.equal(source.layers.length, 1);
    const layer = source.layers[0]!;
    assert.equal(layer.synthetic, true);
    assert.equal(layer.digest, layer.diffId);
    assert.deepEqual(source.config.rootfs.diff_ids, [layer.diffId]);
    const entries = await untar(await source.openLayer(layer));
    const byName = new Map(entries.map((e) => [e.name, e]));
    assert.deepEqual(
      entries.map((e) => e.name),
      [
        "etc/",
        "etc/apk/",
        "etc/apk/climb",
        "etc/escape",
        "etc/os-release",
        "etc/os-release-abs",
        "hostdir",
        "usr/",
        "usr/bin/",
        "usr/bin/tool",
        "usr/bin/tool-again",
      ],
    );
    assert.equal(byName.get("etc/os-release")?.body, "ID=alpine\n");
    assert.equal(byName.get("usr/bin/tool-again")?.type, "link");
    assert.equal(byName.get("usr/bin/tool-again")?.linkname, "usr/bin/tool");
  });

  it("keeps symlinks as links and never reads outside the root", async () => {
    const source = await openRootfs(root, root);
    const entries = await untar(await source.openLayer(source.layers[0]!));
    for (const e of entries) assert.ok(!e.body.includes("HOST SECRET"), `${e.name} leaked a host file`);
    const byName = new Map(entries.map((e) => [e.name, e]));
    assert.equal(byName.get("etc/escape")?.type, "symlink");
    assert.equal(byName.get("etc/escape")?.linkname, outside);
    assert.equal(byName.get("hostdir")?.type, "symlink");
    assert.equal(byName.get("etc/apk/climb")?.linkname, "../../../../host-secret.txt");
    assert.ok(!entries.some((e) => e.name.startsWith("hostdir/")), "a linked directory is not walked");
  });

  it("derives the same digest from the same listing, another one after a change", async () => {
    const first = (await openRootfs(root, root)).layers[0]!.diffId;
    assert.equal((await openRootfs(root, root)).layers[0]!.diffId, first);
    await writeFile(join(root, "etc/new"), "x");
    const changed = (await openRootfs(root, root)).layers[0]!.diffId;
    assert.notEqual(changed, first);
    await rm(join(root, "etc/new"));
    await utimes(join(root, "etc"), new Date(), new Date(0));
    assert.notEqual((await openRootfs(root, root)).layers[0]!.diffId, changed);
  });

  it("fails the stream when a file changed since the listing", async () => {
    const source = await openRootfs(root, "dir:x");
    await writeFile(join(root, "etc/os-release"), "ID=alpine\nVERSION_ID=3.19\n");
    await assert.rejects(
      untar(await source.openLayer(source.layers[0]!)),
      (e: Error & { code?: string }) =>
        e.code === "DRYDOCK_TARGET_UNREADABLE" && /changed while it was read/.test(e.message),
    );
  });
});
