/**
 * Pull-and-scan of image A (debian-app) from a local registry versus scanning its
 * docker-archive, with the bytes that crossed the wire.
 *
 *   node --import tsx bench/registry-pull.ts [--runs N] [--image FILE]
 *
 * Starts Debian's docker-registry on 127.0.0.1 (test/registry/helpers), pushes the image
 * with skopeo, and puts a counting TCP relay in front of it so every byte on the wire
 * (HTTP headers included) is counted. Each run catalogs in this process (no CLI start-up):
 *   archive   docker-archive:FILE, no layer cache
 *   registry  registry:HOST/bench/debian-app:latest, no layer cache (cold pull)
 *   warm      the same reference with a filled layer cache (manifest + config only)
 * Needs docker-registry, skopeo, apache2-utils, openssl and ../shared/images.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { catalogImage } from "../src/app/catalog-image.js";
import {
  pushImage,
  registryToolsMissing,
  sharedImages,
  sharedImagesMissing,
  startRegistry,
} from "../test/registry/helpers/registry-server.js";

interface Relay {
  host: string;
  bytesDown: number;
  bytesUp: number;
  reset(): void;
  close(): Promise<void>;
}

/** A TCP relay to `target` that counts bytes in each direction. */
async function startRelay(targetPort: number): Promise<Relay> {
  const relay: Relay = {
    host: "",
    bytesDown: 0,
    bytesUp: 0,
    reset() {
      relay.bytesDown = 0;
      relay.bytesUp = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, "127.0.0.1");
    sockets.add(client).add(upstream);
    client.on("data", (c: Buffer) => {
      relay.bytesUp += c.length;
    });
    upstream.on("data", (c: Buffer) => {
      relay.bytesDown += c.length;
    });
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  relay.host = `127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const close = relay.close;
  relay.close = async () => {
    for (const s of sockets) s.destroy();
    await close();
  };
  return relay;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const missing = registryToolsMissing() ?? sharedImagesMissing();
  if (missing) {
    process.stderr.write(`registry-pull: cannot run: ${missing}\n`);
    process.exitCode = 1;
    return;
  }
  const runs = Number(arg("--runs") ?? "3");
  const image = arg("--image") ?? join(sharedImages, "debian-app.tar");
  const work = await mkdtemp(join(tmpdir(), "drydock-bench-registry-"));
  const registry = await startRegistry();
  const relay = await startRelay(registry.port);
  try {
    const pushStarted = performance.now();
    await pushImage(registry, `oci-archive:${image}:latest`, "bench/debian-app:latest");
    process.stdout.write(
      `pushed ${image} to ${registry.host} in ${((performance.now() - pushStarted) / 1000).toFixed(1)} s\n`,
    );
    const reference = `registry:${relay.host}/bench/debian-app:latest`;
    const warmCache = join(work, "layers.db");
    // Fill the layer cache once for the warm runs.
    await catalogImage(reference, { layerCache: warmCache });

    const cases: { name: string; target: string; layerCache: string | false }[] = [
      { name: "archive", target: `docker-archive:${image}`, layerCache: false },
      { name: "registry", target: reference, layerCache: false },
      { name: "warm", target: reference, layerCache: warmCache },
    ];
    const rows: string[][] = [
      ["case", "median s", "runs s", "packages", "layer bytes", "wire bytes down", "wire bytes up"],
    ];
    for (const c of cases) {
      const times: number[] = [];
      let packages = 0;
      let layerBytes = 0;
      let down = 0;
      let up = 0;
      for (let i = 0; i < runs; i++) {
        relay.reset();
        const started = performance.now();
        const sbom = await catalogImage(c.target, { layerCache: c.layerCache });
        times.push((performance.now() - started) / 1000);
        packages = sbom.packages.length;
        layerBytes = sbom.stats?.layerBytesRead ?? 0;
        down = relay.bytesDown;
        up = relay.bytesUp;
      }
      rows.push([
        c.name,
        median(times).toFixed(2),
        times.map((t) => t.toFixed(2)).join(" "),
        String(packages),
        mib(layerBytes),
        c.name === "archive" ? "-" : mib(down),
        c.name === "archive" ? "-" : `${up} B`,
      ]);
    }
    const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? "").length))) ?? [];
    for (const row of rows)
      process.stdout.write(`${row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join("  ")}\n`);
  } finally {
    await relay.close();
    await registry.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
