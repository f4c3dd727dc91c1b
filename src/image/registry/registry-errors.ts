import type { Readable } from "node:stream";
import { DrydockError } from "../../model/index.js";
import type { HttpResponse } from "./registry-http.js";

/** One entry of a distribution-spec error body (`{"errors":[{"code","message","detail"}]}`). */
export interface RegistryErrorEntry {
  code: string;
  message?: string;
}

const maxErrorBody = 64 * 1024;

/** Reads at most `limit` bytes of a body and drops the rest. */
export async function readLimited(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    const c = chunk as Buffer;
    if (length + c.length > limit) {
      chunks.push(c.subarray(0, limit - length));
      length = limit;
      body.destroy();
      break;
    }
    chunks.push(c);
    length += c.length;
  }
  return Buffer.concat(chunks, length);
}

/** The registry's error entries, if the body holds the spec's JSON error document. */
export async function readRegistryErrors(response: HttpResponse): Promise<RegistryErrorEntry[]> {
  let bytes: Buffer;
  try {
    bytes = await readLimited(response.body, maxErrorBody);
  } catch {
    return [];
  }
  try {
    const json = JSON.parse(bytes.toString("utf8")) as { errors?: unknown };
    if (!Array.isArray(json.errors)) return [];
    return json.errors
      .filter(
        (e): e is { code: string; message?: unknown } =>
          typeof e === "object" && e !== null && typeof e.code === "string",
      )
      .map((e) => (typeof e.message === "string" ? { code: e.code, message: e.message } : { code: e.code }));
  } catch {
    return [];
  }
}

/** `MANIFEST_UNKNOWN: manifest unknown`, cleaned to one short line. */
export function describeRegistryErrors(entries: RegistryErrorEntry[]): string {
  return entries
    .slice(0, 3)
    .map((e) => (e.message ? `${e.code}: ${e.message}` : e.code))
    .join("; ")
    .replace(/[\r\n\t]+/g, " ")
    .replace(/[^\x20-\x7e]/g, "?")
    .slice(0, 300);
}

/** What the request was for, to word the error (`manifest of tag "1.0"`, `blob sha256:…`). */
export interface RequestSubject {
  /** Names the target in every message (the target as the user gave it). */
  where: string;
  /** `registry-1.docker.io`, `127.0.0.1:5000`. */
  host: string;
  repository: string;
  /** `manifest "latest"`, `config sha256:…`, `layer 2 blob sha256:…`. */
  what: string;
  /** Where the credentials came from, when some were sent. */
  credentialSource?: string;
}

/**
 * Turns a failed registry answer into the one-line error the user sees: unknown
 * repository / tag / blob, access denied, rate limited, or the HTTP status with the
 * registry's own error codes.
 */
export async function responseError(response: HttpResponse, subject: RequestSubject): Promise<DrydockError> {
  const entries = await readRegistryErrors(response);
  const codes = new Set(entries.map((e) => e.code));
  const said = describeRegistryErrors(entries);
  const detail = said ? ` (${said})` : "";
  const { where, host, repository, what } = subject;
  const status = response.status;
  if (
    status === 404 ||
    codes.has("NAME_UNKNOWN") ||
    codes.has("MANIFEST_UNKNOWN") ||
    codes.has("BLOB_UNKNOWN")
  ) {
    if (codes.has("NAME_UNKNOWN")) {
      return new DrydockError(
        "DRYDOCK_REGISTRY",
        `${where}: unknown repository: ${host} has no repository ${repository}${detail}`,
      );
    }
    if (codes.has("BLOB_UNKNOWN")) {
      return new DrydockError(
        "DRYDOCK_BLOB_MISSING",
        `${where}: ${what} is not in ${host}/${repository}${detail}`,
      );
    }
    return new DrydockError(
      "DRYDOCK_REGISTRY",
      `${where}: not found: ${host}/${repository} has no ${what}${detail}`,
    );
  }
  if (status === 403 || codes.has("DENIED")) {
    const by = subject.credentialSource
      ? ` with the credentials from ${subject.credentialSource}`
      : " anonymously";
    return new DrydockError(
      "DRYDOCK_REGISTRY_AUTH",
      `${where}: access denied: ${host} refuses to let drydock pull ${repository}${by}${detail}`,
    );
  }
  if (status === 429 || codes.has("TOOMANYREQUESTS")) {
    return new DrydockError(
      "DRYDOCK_REGISTRY",
      `${where}: rate limited by ${host} (HTTP 429) after retries${detail}`,
      {
        hint: "try again later, or log in: registries allow authenticated users more pulls",
      },
    );
  }
  if (codes.has("UNSUPPORTED") || status === 406 || status === 415) {
    return new DrydockError(
      "DRYDOCK_MEDIA_TYPE_UNSUPPORTED",
      `${where}: ${host} cannot serve ${what} in a format drydock reads${detail}`,
    );
  }
  return new DrydockError(
    "DRYDOCK_REGISTRY",
    `${where}: ${host} answered HTTP ${status} for ${what}${detail}`,
  );
}
