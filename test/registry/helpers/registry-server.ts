/**
 * Runs Debian's `docker-registry` (CNCF distribution 2.8) for tests: a config.yml in a temp
 * dir, a free port on 127.0.0.1, optional htpasswd (bcrypt via `htpasswd -Bbn`), optional
 * TLS with a self-signed certificate made by openssl, optional token auth; waits until the
 * server answers and kills it on `stop()`. Images are pushed with `skopeo copy`.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const repoRoot = new URL("../../../", import.meta.url).pathname;
export const sharedImages = join(repoRoot, "../shared/images");

function onPath(program: string): boolean {
  return (process.env.PATH ?? "/usr/bin:/bin").split(":").some((dir) => existsSync(join(dir, program)));
}

/** Why the registry tests cannot run here, or undefined when they can. */
export function registryToolsMissing(): string | undefined {
  const missing = ["docker-registry", "skopeo", "htpasswd", "openssl"].filter((p) => !onPath(p));
  if (missing.length > 0)
    return `${missing.join(", ")} not installed (apt-get install docker-registry skopeo apache2-utils openssl)`;
  return undefined;
}

/** Why the tests that push ../shared/images cannot run, or undefined. */
export function sharedImagesMissing(): string | undefined {
  return existsSync(join(sharedImages, "debian-app.tar"))
    ? undefined
    : `../shared/images is absent (${sharedImages})`;
}

/** A free TCP port on 127.0.0.1 (bound then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A self-signed certificate (CA:TRUE) for 127.0.0.1 and localhost, as registry.sh makes it. */
export async function makeSelfSignedCert(
  dir: string,
  name: string,
  cn = "127.0.0.1",
): Promise<{ cert: string; key: string }> {
  await mkdir(dir, { recursive: true });
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    `/CN=${cn}`,
    "-addext",
    "subjectAltName=IP:127.0.0.1,DNS:localhost",
    "-keyout",
    key,
    "-out",
    cert,
  ]);
  return { cert, key };
}

export interface TokenAuthConfig {
  realm: string;
  service: string;
  issuer: string;
  /** PEM file of the certificate whose key signs the tokens. */
  rootCertBundle: string;
}

export interface RegistryServerOptions {
  htpasswd?: { username: string; password: string };
  tls?: boolean;
  token?: TokenAuthConfig;
}

export interface RegistryServer {
  /** `127.0.0.1:PORT`. */
  host: string;
  port: number;
  scheme: "http" | "https";
  dir: string;
  /** Blob storage root (`…/docker/registry/v2`). */
  storage: string;
  /** The CA (the server's self-signed certificate) with TLS; also `certDir/ca.crt` for skopeo. */
  caFile?: string;
  certDir?: string;
  log(): Promise<string>;
  stop(): Promise<void>;
}

function ping(url: string, ca: Buffer | undefined): Promise<number> {
  return new Promise((resolve) => {
    const req = (url.startsWith("https:") ? httpsRequest : httpRequest)(
      url,
      { method: "GET", ...(ca ? { ca } : {}), timeout: 1000 },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", () => resolve(0));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

/** Starts a registry and waits until `/v2/` answers 200 or 401. */
export async function startRegistry(options: RegistryServerOptions = {}): Promise<RegistryServer> {
  const dir = await mkdtemp(join(tmpdir(), "drydock-registry-"));
  const data = join(dir, "data");
  await mkdir(data, { recursive: true });
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const lines = [
    "version: 0.1",
    "log:",
    "  level: warn",
    "  accesslog:",
    "    disabled: true",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${data}`,
    "  delete:",
    "    enabled: true",
    "http:",
    `  addr: ${host}`,
    "  secret: drydock-test-registry",
  ];
  let caFile: string | undefined;
  let certDir: string | undefined;
  if (options.tls) {
    certDir = join(dir, "certs");
    const { cert, key } = await makeSelfSignedCert(join(dir, "server"), "registry");
    await mkdir(certDir, { recursive: true });
    caFile = join(certDir, "ca.crt");
    await writeFile(caFile, await readFile(cert));
    lines.push("  tls:", `    certificate: ${cert}`, `    key: ${key}`);
  }
  if (options.htpasswd) {
    const { stdout } = await run("htpasswd", ["-Bbn", options.htpasswd.username, options.htpasswd.password]);
    const file = join(dir, "htpasswd");
    await writeFile(file, stdout);
    lines.push("auth:", "  htpasswd:", "    realm: drydock-test", `    path: ${file}`);
  } else if (options.token) {
    const t = options.token;
    lines.push(
      "auth:",
      "  token:",
      `    realm: ${t.realm}`,
      `    service: ${t.service}`,
      `    issuer: ${t.issuer}`,
      `    rootcertbundle: ${t.rootCertBundle}`,
    );
  }
  const config = join(dir, "config.yml");
  await writeFile(config, `${lines.join("\n")}\n`);
  const logFile = join(dir, "registry.log");
  const child: ChildProcess = spawn("docker-registry", ["serve", config], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logChunks: Buffer[] = [];
  child.stdout?.on("data", (c: Buffer) => logChunks.push(c));
  child.stderr?.on("data", (c: Buffer) => logChunks.push(c));
  let exited = false;
  const exitPromise = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const scheme = options.tls ? "https" : "http";
  const ca = caFile ? await readFile(caFile) : undefined;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await ping(`${scheme}://${host}/v2/`, ca);
    if (status === 200 || status === 401) break;
    if (exited || Date.now() > deadline) {
      child.kill("SIGKILL");
      await writeFile(logFile, Buffer.concat(logChunks));
      throw new Error(
        `docker-registry did not come up on ${host}: ${Buffer.concat(logChunks).toString("utf8").slice(-2000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const server: RegistryServer = {
    host,
    port,
    scheme,
    dir,
    storage: join(data, "docker", "registry", "v2"),
    log: async () => Buffer.concat(logChunks).toString("utf8"),
    async stop() {
      if (!exited) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exitPromise;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
  if (caFile) server.caFile = caFile;
  if (certDir) server.certDir = certDir;
  return server;
}

export interface SkopeoCopyOptions {
  creds?: string;
  /** `--all` (copy every image of an index). */
  all?: boolean;
}

/** `skopeo copy SRC docker://registry/DEST`, with the TLS flags the registry needs. */
export async function pushImage(
  registry: RegistryServer,
  source: string,
  dest: string,
  options: SkopeoCopyOptions = {},
): Promise<void> {
  const args = ["--insecure-policy", "copy", "--quiet"];
  if (options.all) args.push("--all");
  if (registry.certDir) args.push(`--dest-cert-dir=${registry.certDir}`);
  else args.push("--dest-tls-verify=false");
  if (options.creds) args.push("--dest-creds", options.creds);
  args.push(source, `docker://${registry.host}/${dest}`);
  await run("skopeo", args, { maxBuffer: 16 * 1024 * 1024 });
}

/** The blob file of `digest` in the registry's storage directory. */
export function blobDataPath(registry: RegistryServer, digest: string): string {
  const hex = digest.slice(digest.indexOf(":") + 1);
  return join(registry.storage, "blobs", "sha256", hex.slice(0, 2), hex, "data");
}
