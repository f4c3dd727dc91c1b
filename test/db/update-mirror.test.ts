import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";
import { after, before, describe, it } from "node:test";
import { skipWithoutVulndata, tempDir, vulndata } from "../feeds/feed-test-helpers.js";
import { runCliAsync } from "./db-test-helpers.js";

/** A static server over shared/vulndata with ETag/Last-Modified and 304s, like a CDN. */
function serveVulndata(log: { path: string; status: number }[]): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(
      /^\/+/,
      "",
    );
    const file = join(vulndata, path);
    const record = (status: number) => log.push({ path, status });
    if (path.startsWith("..") || !existsSync(file) || !statSync(file).isFile()) {
      record(404);
      res.writeHead(404).end();
      return;
    }
    const st = statSync(file);
    const etag = `"${createHash("sha256").update(`${st.size}-${st.mtimeMs}`).digest("hex").slice(0, 16)}"`;
    const lastModified = st.mtime.toUTCString();
    if (req.headers["if-none-match"] === etag) {
      record(304);
      res.writeHead(304, { etag, "last-modified": lastModified }).end();
      return;
    }
    record(200);
    res.writeHead(200, { etag, "last-modified": lastModified, "content-length": st.size });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("db update --mirror", { skip: skipWithoutVulndata }, () => {
  const log: { path: string; status: number }[] = [];
  let server: Server;
  let url: string;
  const { dir, cleanup } = tempDir();
  const env = { DRYDOCK_CACHE_DIR: join(dir, "cache") };
  const db = join(dir, "cache", "advisories.db");

  before(async () => {
    server = await serveVulndata(log);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => {
    server.close();
    cleanup();
  });

  const status = async () => {
    const r = await runCliAsync(["db", "status", "--format", "json"], env);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as {
      builtAt: string;
      providers: { id: string; records: number; source: string }[];
    };
  };

  it("downloads from an HTTP mirror, keeps raw files with provenance, and gets 304s the second time", async () => {
    const sources = ["kev", "osv:CRAN", "alpine-secdb-legacy", "nvd:modified"];
    const first = await runCliAsync(["db", "update", "--source", ...sources, "--mirror", url], env);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /4 provider\(s\) imported/);
    assert.ok(existsSync(db), "the database defaults to advisories.db in $DRYDOCK_CACHE_DIR");
    const meta = await status();
    assert.deepEqual(Object.fromEntries(meta.providers.map((p) => [p.id, p.records])), {
      "alpine-secdb-legacy": 1652,
      kev: 1404,
      "nvd:modified": 2393,
      "osv:CRAN": 14,
    });
    assert.equal(
      meta.providers.find((p) => p.id === "kev")?.source,
      `${url}kev/known_exploited_vulnerabilities.json`,
    );
    const provenance = JSON.parse(readFileSync(join(dir, "cache/feeds/kev/provenance.json"), "utf8")) as {
      files: { url: string; etag?: string; lastModified?: string; digest: string; file: string }[];
    };
    const kev = provenance.files[0]!;
    assert.equal(
      kev.url,
      "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
    );
    assert.ok(kev.etag && kev.lastModified);
    assert.equal(
      kev.digest,
      `sha256:${createHash("sha256")
        .update(readFileSync(join(vulndata, "kev/known_exploited_vulnerabilities.json")))
        .digest("hex")}`,
    );
    assert.equal(
      readFileSync(kev.file).length,
      statSync(join(vulndata, "kev/known_exploited_vulnerabilities.json")).size,
    );
    assert.equal(log.filter((l) => l.status === 200).length, 1 + 1 + 18 + 1);

    log.length = 0;
    const second = await runCliAsync(["db", "update", "--source", ...sources, "--mirror", url], env);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stderr, /0 provider\(s\) imported .*4 unchanged/);
    assert.ok(log.length > 0 && log.every((l) => l.status === 304), JSON.stringify(log.slice(0, 3)));
    assert.equal((await status()).builtAt, meta.builtAt, "nothing changed: no rebuild");
  });

  it("reads a mirror folder, skipping files it does not hold", async () => {
    const r = await runCliAsync(["db", "update", "--source", "alpine-secdb", "--mirror", vulndata], env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await status()).providers.find((p) => p.id === "alpine-secdb")?.records, 8000);
    const again = await runCliAsync(["db", "update", "--source", "alpine-secdb", "--mirror", vulndata], env);
    assert.match(again.stderr, /1 unchanged/);
  });

  it("rejects an unknown source (exit 2) and names a feed the mirror lacks (exit 4)", async () => {
    const unknown = await runCliAsync(["db", "update", "--source", "nope", "--mirror", url], env);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown --source nope/);
    const missing = await runCliAsync(["db", "update", "--source", "epss", "--mirror", url], env);
    assert.equal(missing.status, 4);
    assert.match(missing.stderr, /^drydock: feed epss: not found at .*epss_scores-current\.csv\.gz/m);
  });
});
