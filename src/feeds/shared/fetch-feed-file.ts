import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Agent, type Dispatcher, interceptors, request } from "undici";
import { DrydockError } from "../../model/index.js";

/** Provenance of one raw file of a feed, as fetched. */
export interface FetchedFile {
  /** The upstream URL the file stands for. */
  url: string;
  /** Where it was actually read from: the URL, or the mirror URL or path. */
  from: string;
  /** Path under a mirror laid out like shared/vulndata (`osv/Go/all.zip`). */
  mirrorPath: string;
  /** Local copy (absolute path). */
  file: string;
  /** When the current bytes were fetched. */
  fetchedAt: string;
  /** When the source was last asked (a 304 moves this, not fetchedAt). */
  checkedAt: string;
  digest: string;
  size: number;
  etag?: string;
  lastModified?: string;
  /** `unchanged`: the source said 304, or served the same bytes again. `absent`: 404/no such file. */
  status: "downloaded" | "unchanged" | "absent";
}

export interface FetchOptions {
  /** A folder or http(s) URL laid out like shared/vulndata; replaces the upstream host. */
  mirror?: string;
  /** The previous fetch of this file (for conditional requests). */
  previous?: FetchedFile;
  dispatcher?: Dispatcher;
}

let sharedDispatcher: Dispatcher | undefined;

/** An undici dispatcher that follows redirects (feed hosts redirect to CDNs). */
export function feedDispatcher(): Dispatcher {
  sharedDispatcher ??= new Agent({
    connect: { timeout: 30_000 },
    headersTimeout: 60_000,
    bodyTimeout: 300_000,
  }).compose(interceptors.redirect({ maxRedirections: 5 }));
  return sharedDispatcher;
}

/**
 * Fetches one raw feed file into `dest` (atomically: a partial download never takes the
 * place of a good copy). Over HTTP it sends If-None-Match / If-Modified-Since from the
 * previous fetch and keeps the old copy on 304; from a mirror folder it copies, and reports
 * `unchanged` when the bytes did not change.
 * @throws DrydockError DRYDOCK_FEED_UNREADABLE naming the URL/path on any other failure.
 */
export async function fetchFeedFile(
  entry: { url: string; mirrorPath: string },
  dest: string,
  options: FetchOptions = {},
): Promise<FetchedFile> {
  const mirror = options.mirror;
  const isUrl = (s: string) => /^https?:\/\//i.test(s);
  const from =
    mirror === undefined
      ? entry.url
      : isUrl(mirror)
        ? new URL(
            entry.mirrorPath.split("/").map(encodeURIComponent).join("/"),
            mirror.endsWith("/") ? mirror : `${mirror}/`,
          ).href
        : join(mirror, entry.mirrorPath);
  const base = { url: entry.url, from, mirrorPath: entry.mirrorPath, file: dest };
  const now = new Date().toISOString();
  const previous = options.previous && (await exists(dest)) ? options.previous : undefined;
  await mkdir(dirname(dest), { recursive: true });
  const tmp = `${dest}.part-${process.pid}`;
  try {
    if (!isUrl(from)) {
      const copied = await copyHashing(from, tmp);
      if (!copied) return { ...base, fetchedAt: now, checkedAt: now, digest: "", size: 0, status: "absent" };
      if (previous && previous.digest === copied.digest) {
        await rm(tmp, { force: true });
        return { ...previous, ...base, checkedAt: now, status: "unchanged" };
      }
      await rename(tmp, dest);
      return { ...base, fetchedAt: now, checkedAt: now, ...copied, status: "downloaded" };
    }
    const headers: Record<string, string> = { "user-agent": "drydock (vulnerability database update)" };
    if (previous?.etag) headers["if-none-match"] = previous.etag;
    if (previous?.lastModified) headers["if-modified-since"] = previous.lastModified;
    const res = await request(from, {
      method: "GET",
      headers,
      dispatcher: options.dispatcher ?? feedDispatcher(),
    });
    if (res.statusCode === 304 && previous) {
      await res.body.dump();
      return { ...previous, ...base, checkedAt: now, status: "unchanged" };
    }
    if (res.statusCode === 404 || res.statusCode === 410) {
      await res.body.dump();
      return { ...base, fetchedAt: now, checkedAt: now, digest: "", size: 0, status: "absent" };
    }
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`HTTP ${res.statusCode}`);
    }
    const hash = createHash("sha256");
    let size = 0;
    await pipeline(
      res.body,
      new Transform({
        transform(chunk: Buffer, _enc, cb) {
          hash.update(chunk);
          size += chunk.length;
          cb(null, chunk);
        },
      }),
      createWriteStream(tmp),
    );
    const digest = `sha256:${hash.digest("hex")}`;
    const fetched: FetchedFile = {
      ...base,
      fetchedAt: now,
      checkedAt: now,
      digest,
      size,
      status: "downloaded",
    };
    const etag = header(res.headers.etag);
    const lastModified = header(res.headers["last-modified"]);
    if (etag) fetched.etag = etag;
    if (lastModified) fetched.lastModified = lastModified;
    if (previous && previous.digest === digest) {
      await rm(tmp, { force: true });
      return { ...fetched, fetchedAt: previous.fetchedAt, status: "unchanged" };
    }
    await rename(tmp, dest);
    return fetched;
  } catch (e) {
    await rm(tmp, { force: true });
    if (e instanceof DrydockError) throw e;
    throw new DrydockError(
      "DRYDOCK_FEED_UNREADABLE",
      `feed ${from}: cannot be fetched: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
}

async function copyHashing(from: string, to: string): Promise<{ digest: string; size: number } | undefined> {
  if (!(await exists(from))) return undefined;
  const hash = createHash("sha256");
  let size = 0;
  await pipeline(
    createReadStream(from),
    new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        size += chunk.length;
        cb(null, chunk);
      },
    }),
    createWriteStream(to),
  );
  return { digest: `sha256:${hash.digest("hex")}`, size };
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
