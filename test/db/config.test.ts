import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { resolveCacheDir, resolveDbPath, resolveFeedCacheDir } from "../../src/app/config.js";

describe("database and cache paths", () => {
  it("takes --db, then $DRYDOCK_DB, then the cache dir", () => {
    const env = { DRYDOCK_DB: "/env/x.db", DRYDOCK_CACHE_DIR: "/cache", HOME: "/home/u" };
    assert.equal(resolveDbPath("rel/flag.db", env), resolve("rel/flag.db"));
    assert.equal(resolveDbPath(undefined, env), "/env/x.db");
    assert.equal(resolveDbPath(undefined, { DRYDOCK_CACHE_DIR: "/cache" }), join("/cache", "advisories.db"));
  });

  it("resolves the cache dir from $DRYDOCK_CACHE_DIR, an absolute $XDG_CACHE_HOME, else ~/.cache", () => {
    assert.equal(resolveCacheDir({ DRYDOCK_CACHE_DIR: "/c", XDG_CACHE_HOME: "/x", HOME: "/h" }), "/c");
    assert.equal(resolveCacheDir({ XDG_CACHE_HOME: "/x", HOME: "/h" }), "/x/drydock");
    assert.equal(resolveCacheDir({ XDG_CACHE_HOME: "relative", HOME: "/h" }), "/h/.cache/drydock");
    assert.equal(resolveCacheDir({ HOME: "/h" }), "/h/.cache/drydock");
    assert.equal(resolveFeedCacheDir({ HOME: "/h" }), "/h/.cache/drydock/feeds");
  });
});
