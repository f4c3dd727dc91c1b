import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { DrydockError } from "../../model/index.js";
import { runCredentialHelper } from "./credential-helper.js";
import type { RegistryLogin } from "./registry-options.js";
import { dockerHubRegistry } from "./registry-reference.js";

/**
 * Credentials for one registry. `source` names where they came from, for messages; the
 * other fields are secrets and never leave the auth code (no message, log or report).
 */
export interface RegistryCredential {
  /** `--username/--password-stdin`, `DRYDOCK_REGISTRY_USERNAME/PASSWORD`, `~/.docker/config.json (auths)`… */
  source: string;
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (Docker's `identitytoken`), exchanged at the token realm. */
  identityToken?: string;
  /** A bearer token sent as is (Docker's `registrytoken`). */
  registryToken?: string;
}

/** What a credential lookup found, and where it looked (for "no credentials" messages). */
export interface CredentialLookup {
  credential?: RegistryCredential;
  /** Sources consulted, in order (names only). */
  consulted: string[];
}

/** The server URL Docker files Docker Hub credentials under. */
const dockerHubServerUrl = "https://index.docker.io/v1/";
const dockerHubKeys = new Set([
  "index.docker.io",
  "docker.io",
  "registry-1.docker.io",
  "registry.hub.docker.com",
]);

/** `https://host:5000/v1/` → `host:5000`, as Docker matches `auths` keys. */
function normaliseKey(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/.*$/, "")
    .toLowerCase();
}

function keyMatches(key: string, registry: string): boolean {
  const k = normaliseKey(key);
  if (registry === dockerHubRegistry) return dockerHubKeys.has(k);
  return k === registry.toLowerCase();
}

/** Where the Docker config is: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  if (env.DOCKER_CONFIG) return join(env.DOCKER_CONFIG, "config.json");
  return join(env.HOME || homedir(), ".docker", "config.json");
}

function displayPath(path: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || homedir();
  return home && path.startsWith(`${home}/`) ? `~/${path.slice(home.length + 1)}` : path;
}

interface DockerConfig {
  auths?: Record<
    string,
    {
      auth?: unknown;
      username?: unknown;
      password?: unknown;
      identitytoken?: unknown;
      registrytoken?: unknown;
    }
  >;
  credsStore?: unknown;
  credHelpers?: Record<string, unknown>;
}

async function readDockerConfig(path: string, label: string): Promise<DockerConfig | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new DrydockError("DRYDOCK_CONFIG_INVALID", `${label}: cannot read (${code ?? "error"})`);
  }
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json !== "object" || json === null || Array.isArray(json)) throw new Error("not an object");
    return json as DockerConfig;
  } catch {
    // Never quote the file: it holds credentials.
    throw new DrydockError("DRYDOCK_CONFIG_INVALID", `${label}: not valid JSON`);
  }
}

/** Decodes an `auths` entry (base64 `user:password` in `auth`, or the split fields). */
function fromAuthEntry(
  entry: NonNullable<DockerConfig["auths"]>[string],
  source: string,
): RegistryCredential | undefined {
  if (typeof entry !== "object" || entry === null) return undefined;
  const credential: RegistryCredential = { source };
  if (typeof entry.auth === "string" && entry.auth !== "") {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      credential.username = decoded.slice(0, colon);
      credential.password = decoded.slice(colon + 1);
    }
  } else if (typeof entry.username === "string" && typeof entry.password === "string") {
    credential.username = entry.username;
    credential.password = entry.password;
  }
  if (typeof entry.identitytoken === "string" && entry.identitytoken !== "")
    credential.identityToken = entry.identitytoken;
  if (typeof entry.registrytoken === "string" && entry.registrytoken !== "")
    credential.registryToken = entry.registrytoken;
  const usable =
    credential.password !== undefined ||
    credential.identityToken !== undefined ||
    credential.registryToken !== undefined;
  return usable ? credential : undefined;
}

async function fromHelper(
  helper: string,
  registry: string,
  env: NodeJS.ProcessEnv,
  source: string,
  consulted: string[],
): Promise<RegistryCredential | undefined> {
  const serverUrl = registry === dockerHubRegistry ? dockerHubServerUrl : registry;
  const outcome = await runCredentialHelper(helper, serverUrl, env);
  if ("missing" in outcome) {
    consulted.push(`${source}: ${outcome.missing}`);
    return undefined;
  }
  consulted.push(source);
  const { username, secret } = outcome.found;
  // The helper protocol marks an identity (refresh) token with the user name `<token>`.
  if (username === "<token>") return { source, identityToken: secret };
  return { source, username, password: secret };
}

/**
 * Finds credentials for `registry` (as named in references: `docker.io`, `host:5000`), in
 * order: the login given for this run (`--username` + `--password-stdin`, only for the
 * reference's own registry), `DRYDOCK_REGISTRY_USERNAME`/`DRYDOCK_REGISTRY_PASSWORD`, then the
 * Docker config: `credHelpers[registry]`, `credsStore`, `auths` (base64 `auth`, or
 * `identitytoken`). Credential helpers run only when this is called, i.e. when a registry
 * asked for credentials.
 * @throws DrydockError DRYDOCK_CONFIG_INVALID when the Docker config is not JSON.
 */
export async function lookupCredentials(
  registry: string,
  options: { login?: RegistryLogin; primary: boolean; env: NodeJS.ProcessEnv },
): Promise<CredentialLookup> {
  const { env } = options;
  const consulted: string[] = [];
  if (options.login && options.primary) {
    return {
      credential: {
        source: "--username/--password-stdin",
        username: options.login.username,
        password: options.login.password,
      },
      consulted: ["--username/--password-stdin"],
    };
  }
  const envSource = "DRYDOCK_REGISTRY_USERNAME/DRYDOCK_REGISTRY_PASSWORD";
  if (options.primary && env.DRYDOCK_REGISTRY_USERNAME && env.DRYDOCK_REGISTRY_PASSWORD !== undefined) {
    return {
      credential: {
        source: envSource,
        username: env.DRYDOCK_REGISTRY_USERNAME,
        password: env.DRYDOCK_REGISTRY_PASSWORD,
      },
      consulted: [envSource],
    };
  }
  if (options.primary) consulted.push(envSource);

  const path = dockerConfigPath(env);
  const label = displayPath(path, env);
  const config = await readDockerConfig(path, label);
  if (config === undefined) {
    consulted.push(`${label} (absent)`);
    return { consulted };
  }
  const helpers =
    typeof config.credHelpers === "object" && config.credHelpers !== null ? config.credHelpers : {};
  const helperKey = Object.keys(helpers).find((k) => keyMatches(k, registry));
  const helper = helperKey === undefined ? undefined : helpers[helperKey];
  if (typeof helper === "string" && helper !== "") {
    const found = await fromHelper(
      helper,
      registry,
      env,
      `docker-credential-${helper} (credHelpers in ${label})`,
      consulted,
    );
    if (found) return { credential: found, consulted };
  }
  if (typeof config.credsStore === "string" && config.credsStore !== "") {
    const found = await fromHelper(
      config.credsStore,
      registry,
      env,
      `docker-credential-${config.credsStore} (credsStore in ${label})`,
      consulted,
    );
    if (found) return { credential: found, consulted };
  }
  const auths = typeof config.auths === "object" && config.auths !== null ? config.auths : {};
  const source = `${label} (auths)`;
  consulted.push(source);
  for (const [key, entry] of Object.entries(auths)) {
    if (!keyMatches(key, registry)) continue;
    const found = fromAuthEntry(entry, source);
    if (found) return { credential: found, consulted };
  }
  return { consulted };
}
