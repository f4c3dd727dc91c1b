/**
 * The error catalogue. Every failure that reaches a user is a {@link DrydockError} with a
 * stable `code` from {@link errorCodes}; the code fixes the process exit code
 * (DESIGN.md section 4). docs/errors.md documents each code; a test keeps the two in step.
 */

/** Process exit codes (DESIGN.md section 4). */
export const ExitCode = {
  ok: 0,
  gateFailed: 1,
  usage: 2,
  target: 3,
  database: 4,
  /** Stopped by SIGINT or SIGTERM after cleaning up (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Stable error codes → exit code and a one-line description (the catalogue). */
export const errorCodes = {
  // 2: usage and configuration
  DRYDOCK_USAGE: { exit: ExitCode.usage, title: "the command line is not valid" },
  DRYDOCK_CONFIG_INVALID: {
    exit: ExitCode.usage,
    title: "a configuration file or option value is not valid",
  },
  DRYDOCK_TARGET_AMBIGUOUS: {
    exit: ExitCode.usage,
    title: "the target holds several images and none was chosen (use @N or a tag)",
  },
  DRYDOCK_PLATFORM_NOT_FOUND: {
    exit: ExitCode.usage,
    title: "no image in the index matches --platform (the message lists what is there)",
  },
  DRYDOCK_UNKNOWN_SCHEME: { exit: ExitCode.usage, title: "an unknown version scheme id was asked for" },
  // 3: the target could not be read
  DRYDOCK_TARGET_NOT_FOUND: {
    exit: ExitCode.target,
    title: "the target file, folder or image does not exist",
  },
  DRYDOCK_TARGET_UNREADABLE: { exit: ExitCode.target, title: "the target exists but could not be read" },
  DRYDOCK_TARGET_FORMAT: {
    exit: ExitCode.target,
    title: "the target is not in a format drydock reads, or its index/manifest is malformed",
  },
  DRYDOCK_DIGEST_MISMATCH: {
    exit: ExitCode.target,
    title: "a blob's content does not match its digest (expected and actual digests are named)",
  },
  DRYDOCK_DIGEST_INVALID: {
    exit: ExitCode.target,
    title: "a digest string is malformed or uses an unsupported algorithm",
  },
  DRYDOCK_BLOB_MISSING: { exit: ExitCode.target, title: "a blob the manifest names is not in the image" },
  DRYDOCK_CONFIG_NOT_JSON: { exit: ExitCode.target, title: "the image config or manifest is not valid JSON" },
  DRYDOCK_MEDIA_TYPE_UNSUPPORTED: {
    exit: ExitCode.target,
    title: "a manifest or layer media type is not supported",
  },
  DRYDOCK_LAYER_CORRUPT: {
    exit: ExitCode.target,
    title: "a layer is truncated or corrupt (bad gzip/zstd stream or tar header)",
  },
  DRYDOCK_LAYER_UNSAFE_PATH: {
    exit: ExitCode.target,
    title: "a layer entry has an absolute or '..' path that would escape the image root",
  },
  DRYDOCK_LAYER_LIMIT: {
    exit: ExitCode.target,
    title: "a layer exceeds a safety limit (expanded bytes, entries, file size or ratio): a likely bomb",
  },
  DRYDOCK_REGISTRY: { exit: ExitCode.target, title: "a registry request failed (the cause is named)" },
  DRYDOCK_REGISTRY_AUTH: {
    exit: ExitCode.target,
    title: "registry authentication failed or access was denied",
  },
  DRYDOCK_SBOM_INVALID: { exit: ExitCode.target, title: "an SBOM file given as target could not be read" },
  // 4: vulnerability database
  DRYDOCK_DB_MISSING: { exit: ExitCode.database, title: "no vulnerability database at the configured path" },
  DRYDOCK_DB_CORRUPT: {
    exit: ExitCode.database,
    title: "the vulnerability database cannot be opened or is corrupt",
  },
  DRYDOCK_DB_SCHEMA: {
    exit: ExitCode.database,
    title:
      "the database schema is newer than this drydock knows, older than it reads (an import migrates it), or cannot be migrated",
  },
  DRYDOCK_DB_STALE: { exit: ExitCode.database, title: "the database is older than --max-db-age" },
  DRYDOCK_DB_BUSY: {
    exit: ExitCode.database,
    title: "another drydock process is building the database (its pid is named)",
  },
  DRYDOCK_INTERRUPTED: {
    exit: ExitCode.interrupted,
    title:
      "a database build was stopped by SIGINT or SIGTERM; its copy was removed, the database is unchanged",
  },
  DRYDOCK_FEED_UNREADABLE: {
    exit: ExitCode.database,
    title: "a feed could not be fetched or read (its name is given)",
  },
  // internal
  DRYDOCK_INTERNAL: {
    exit: ExitCode.target,
    title: "an unexpected internal error (a bug: please report it)",
  },
} as const satisfies Record<string, { exit: ExitCodeValue; title: string }>;

export type ErrorCode = keyof typeof errorCodes;

/**
 * The one error type that crosses stage boundaries. `message` is a full one-line sentence
 * naming the subject (file, reference, feed) and the cause: the CLI prints
 * `drydock: <message>` and exits with {@link DrydockError.exitCode}.
 */
export class DrydockError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DrydockError";
    this.code = code;
    if (options?.hint !== undefined) this.hint = options.hint;
  }

  get exitCode(): ExitCodeValue {
    return errorCodes[this.code].exit;
  }
}

export function isDrydockError(e: unknown): e is DrydockError {
  return e instanceof DrydockError;
}
