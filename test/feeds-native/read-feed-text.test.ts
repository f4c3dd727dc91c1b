import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { rockyOvalImporter } from "../../src/ecosystems/rpm/feeds/rocky-oval-importer.js";
import { readFeedText } from "../../src/feeds/native/read-feed-text.js";
import { isDrydockError } from "../../src/model/errors.js";
import { needsVulndata, parseWith, tempDir, vulndata } from "./native-test-helpers.js";
import { redhatDocument } from "./oval-documents.js";

const workspace = tempDir();
after(() => workspace.cleanup());
const bzip2 = ["/usr/bin/bzip2", "/bin/bzip2", "/usr/local/bin/bzip2"].find((p) => existsSync(p));

async function readAll(file: string, decoder?: "child" | "js"): Promise<string> {
  let text = "";
  for await (const chunk of readFeedText(file, decoder ? { bzip2: decoder } : {})) text += chunk;
  return text;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  assert.fail("expected an error");
}

describe("readFeedText", () => {
  it("reads plain and gzip input by their magic bytes, whatever the name", async () => {
    const plain = join(workspace.dir, "plain.xml");
    const gz = join(workspace.dir, "named-plain.xml");
    writeFileSync(plain, redhatDocument);
    writeFileSync(gz, gzipSync(redhatDocument));
    assert.equal(await readAll(plain), redhatDocument);
    assert.equal(await readAll(gz), redhatDocument);
  });

  it("decodes bzip2 the same through bzip2 -dc and unbzip2-stream", {
    skip: !bzip2 && "no bzip2 binary",
  }, async () => {
    const file = join(workspace.dir, "doc.xml");
    writeFileSync(file, redhatDocument);
    assert.equal(spawnSync(bzip2 ?? "bzip2", ["-kf", file]).status, 0);
    assert.equal(await readAll(`${file}.bz2`, "child"), redhatDocument);
    assert.equal(await readAll(`${file}.bz2`, "js"), redhatDocument);
  });

  it("names the file of a missing input in a DRYDOCK_FEED_UNREADABLE error", async () => {
    const error = await failure(readAll(join(workspace.dir, "absent.xml.bz2")));
    assert.ok(isDrydockError(error));
    assert.equal(error.code, "DRYDOCK_FEED_UNREADABLE");
    assert.match(error.message, /absent\.xml\.bz2/);
  });
});

describe("truncated bzip2 feeds", { skip: needsVulndata }, () => {
  const source = join(vulndata, "rocky-oval/org.rockylinux.rlsa-8.xml.bz2");
  const cut = join(workspace.dir, "org.rockylinux.rlsa-8.xml.bz2");

  for (const decoder of ["child", "js"] as const) {
    it(`fail with DRYDOCK_FEED_UNREADABLE naming the file (${decoder} decoder)`, {
      skip: decoder === "child" && !bzip2 && "no bzip2 binary",
    }, async () => {
      const bytes = readFileSync(source);
      writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      const error = await failure(readAll(cut, decoder));
      assert.ok(isDrydockError(error), String(error));
      assert.equal(error.code, "DRYDOCK_FEED_UNREADABLE");
      assert.match(error.message, /org\.rockylinux\.rlsa-8\.xml\.bz2/);
      assert.doesNotMatch(error.message, /\n/);
    });
  }

  it("stop an import with that error rather than a partial result", async () => {
    const bytes = readFileSync(source);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 500));
    const error = await failure(parseWith(rockyOvalImporter, "rocky-oval:8", [cut]));
    assert.ok(isDrydockError(error), String(error));
    assert.equal(error.code, "DRYDOCK_FEED_UNREADABLE");
    assert.match(error.message, /org\.rockylinux\.rlsa-8\.xml\.bz2/);
  });
});

describe("malformed XML", () => {
  it("is DRYDOCK_FEED_UNREADABLE with the parser's reason", async () => {
    const file = join(workspace.dir, "com.redhat.rhsa-RHEL9.xml");
    writeFileSync(file, redhatDocument.slice(0, redhatDocument.indexOf("</definitions>") - 20));
    const { redhatOvalImporter } = await import("../../src/ecosystems/rpm/feeds/redhat-oval-importer.js");
    const error = await failure(parseWith(redhatOvalImporter, "redhat-oval:9", [file]));
    assert.ok(isDrydockError(error), String(error));
    assert.match(error.message, /com\.redhat\.rhsa-RHEL9\.xml.*not well-formed XML/);
  });
});
