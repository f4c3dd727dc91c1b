import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { access, constants, open } from "node:fs/promises";
import { PassThrough } from "node:stream";
import { createGunzip } from "node:zlib";
import unbzip2 from "unbzip2-stream";
import { isDrydockError } from "../../model/errors.js";
import { feedUnreadable } from "../shared/feed-errors.js";

/** How `.bz2` input is decompressed: `auto` prefers a `bzip2 -dc` child process. */
export type Bzip2Decoder = "auto" | "child" | "js";

export interface ReadFeedTextOptions {
  bzip2?: Bzip2Decoder;
}

const readChunk = 1 << 18;
const bzip2Candidates = ["/usr/bin/bzip2", "/bin/bzip2", "/usr/local/bin/bzip2"];
let bzip2Binary: Promise<string | undefined> | undefined;

/**
 * Streams a feed file as UTF-8 text, decompressing bzip2 or gzip by their magic bytes (not
 * the file name). bzip2 goes through a `bzip2 -dc` child process where the binary exists
 * (several times faster than the pure-JS decoder), else through unbzip2-stream.
 * Stopping the iteration early ends the child process.
 *
 * @throws DrydockError DRYDOCK_FEED_UNREADABLE naming the file when it cannot be opened or
 * its compressed stream is truncated or corrupt.
 */
export async function* readFeedText(file: string, options: ReadFeedTextOptions = {}): AsyncGenerator<string> {
  const head = await readHead(file);
  if (head.startsWith("BZh")) {
    const binary = options.bzip2 === "js" ? undefined : await findBzip2();
    if (options.bzip2 === "child" && binary === undefined) {
      throw unreadable(file, "no bzip2 binary found for the child-process decoder");
    }
    yield* binary === undefined ? readThroughJs(file, "bzip2") : readThroughChild(file, binary);
    return;
  }
  if (head.startsWith("\x1f\x8b")) {
    yield* readThroughJs(file, "gzip");
    return;
  }
  yield* readPlain(file);
}

/** The first bytes, as latin1 text; empty when unreadable (the read error surfaces next). */
async function readHead(file: string): Promise<string> {
  try {
    const handle = await open(file, "r");
    try {
      const buffer = Buffer.alloc(4);
      const { bytesRead } = await handle.read(buffer, 0, 4, 0);
      return buffer.subarray(0, bytesRead).toString("latin1");
    } finally {
      await handle.close();
    }
  } catch {
    return "";
  }
}

function unreadable(file: string, why: string, cause?: unknown): Error {
  return feedUnreadable(file, new Error(why, { cause }));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function findBzip2(): Promise<string | undefined> {
  bzip2Binary ??= (async () => {
    for (const candidate of bzip2Candidates) {
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // try the next location
      }
    }
    return undefined;
  })();
  return bzip2Binary;
}

async function* readPlain(file: string): AsyncGenerator<string> {
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: readChunk });
  try {
    for await (const chunk of stream) yield chunk as string;
  } catch (error) {
    throw unreadable(file, describe(error), error);
  } finally {
    stream.destroy();
  }
}

async function* readThroughJs(file: string, format: "bzip2" | "gzip"): AsyncGenerator<string> {
  const source = createReadStream(file, { highWaterMark: readChunk });
  // unbzip2-stream is a classic (through) stream: wire it by hand into a modern one.
  const decoder = (format === "gzip" ? createGunzip() : unbzip2()) as unknown as NodeJS.ReadWriteStream;
  const out = new PassThrough();
  const fail = (error: Error): void => {
    out.destroy(error);
  };
  source.on("error", fail);
  decoder.on("error", fail);
  source.pipe(decoder).pipe(out);
  out.setEncoding("utf8");
  try {
    for await (const chunk of out) yield chunk as string;
  } catch (error) {
    throw isDrydockError(error)
      ? error
      : unreadable(file, `${format} stream is truncated or corrupt (${describe(error)})`, error);
  } finally {
    source.destroy();
    out.destroy();
  }
}

async function* readThroughChild(file: string, binary: string): AsyncGenerator<string> {
  const child = spawn(binary, ["-dc", "--", file], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    if (stderr.length < 4096) stderr += text;
  });
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.on("error", (error) => resolve({ code: null, error }));
    child.on("close", (code) => resolve({ code }));
  });
  child.stdout.setEncoding("utf8");
  let finished = false;
  try {
    for await (const chunk of child.stdout) yield chunk as string;
    const { code, error } = await exited;
    finished = true;
    if (error) throw unreadable(file, `cannot run ${binary}: ${error.message}`, error);
    if (code !== 0)
      throw unreadable(file, `bzip2 stream is truncated or corrupt (${firstLine(stderr) || `exit ${code}`})`);
  } finally {
    if (!finished && child.exitCode === null) child.kill();
  }
}

function firstLine(text: string): string {
  const line = text.split("\n").find((l) => l.trim() !== "") ?? "";
  return line.replace(/^bzip2:\s*/, "").trim();
}
