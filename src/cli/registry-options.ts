import type { Command } from "commander";
import type { OpenImageOptions } from "../app/open-image.js";
import { DrydockError } from "../model/index.js";

type RegistryOptions = NonNullable<OpenImageOptions["registry"]>;

/** The registry flags as commander parses them. */
export interface RegistryFlags {
  username?: string;
  passwordStdin?: boolean;
  caCert?: string[];
  insecureRegistry?: string[];
  registryMirror?: string[];
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds the registry flags to a command that reads images (`sbom`, `image inspect`, `scan`). */
export function addRegistryOptions(command: Command): Command {
  return command
    .option("--username <name>", "registry user name (the password comes from --password-stdin)")
    .option("--password-stdin", "read the registry password or token from standard input")
    .option(
      "--ca-cert <file>",
      "trust this PEM CA for registry TLS, besides the system CAs (repeatable)",
      collect,
    )
    .option(
      "--insecure-registry <host[:port]>",
      "allow plain HTTP or an unverified certificate for this registry only (repeatable)",
      collect,
    )
    .option("--registry-mirror <url>", "try this Docker Hub mirror before Docker Hub (repeatable)", collect);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Turns the flags into the registry client's options, reading the password from stdin
 * when `--password-stdin` is set (one trailing newline dropped, as `docker login` does).
 * @throws DrydockError DRYDOCK_USAGE for `--username` without `--password-stdin` or the
 *   reverse, or an empty password.
 */
export async function readRegistryOptions(
  flags: RegistryFlags,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<RegistryOptions | undefined> {
  const options: RegistryOptions = {};
  if (flags.username !== undefined || flags.passwordStdin) {
    if (!flags.username) throw new DrydockError("DRYDOCK_USAGE", "--password-stdin needs --username");
    if (!flags.passwordStdin) {
      throw new DrydockError(
        "DRYDOCK_USAGE",
        "--username needs --password-stdin (pipe the password in; it never goes on the command line)",
      );
    }
    const password = (await readAll(stdin)).replace(/\r?\n$/, "");
    if (password === "")
      throw new DrydockError("DRYDOCK_USAGE", "--password-stdin: standard input held no password");
    options.login = { username: flags.username, password };
  }
  if (flags.caCert?.length) options.caCertFiles = flags.caCert;
  if (flags.insecureRegistry?.length) options.insecureRegistries = flags.insecureRegistry;
  if (flags.registryMirror?.length) options.mirrors = flags.registryMirror;
  return Object.keys(options).length > 0 ? options : undefined;
}
