import { spawn } from "node:child_process";

/** What a `docker-credential-<name> get` answered (docker-credential-helpers protocol). */
export interface HelperCredential {
  username: string;
  secret: string;
}

/** Why a helper gave nothing: not installed, no entry, or it failed (the reason never holds a secret). */
export type HelperOutcome = { found: HelperCredential } | { missing: string };

const helperTimeoutMs = 30_000;
const maxOutputBytes = 1024 * 1024;

/**
 * Runs `docker-credential-<helper> get` with the server URL on stdin and parses the
 * `{"ServerURL","Username","Secret"}` answer. "credentials not found" is a normal outcome.
 * The helper's stdout is never put in a message (it holds the secret).
 */
export function runCredentialHelper(
  helper: string,
  serverUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<HelperOutcome> {
  if (!/^[A-Za-z0-9_.-]+$/.test(helper))
    return Promise.resolve({ missing: `invalid credential helper name ${JSON.stringify(helper)}` });
  const program = `docker-credential-${helper}`;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: HelperOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const child = spawn(program, ["get"], { env, stdio: ["pipe", "pipe", "pipe"] });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish({ missing: `${program} did not answer within ${helperTimeoutMs / 1000} s` });
    }, helperTimeoutMs);
    const out: Buffer[] = [];
    let outBytes = 0;
    let errText = "";
    child.stdout.on("data", (c: Buffer) => {
      outBytes += c.length;
      if (outBytes <= maxOutputBytes) out.push(c);
    });
    child.stderr.on("data", (c: Buffer) => {
      if (errText.length < 500) errText += c.toString("utf8");
    });
    child.on("error", (e: NodeJS.ErrnoException) => {
      finish({
        missing:
          e.code === "ENOENT"
            ? `${program} is not installed`
            : `${program} could not run (${e.code ?? "error"})`,
      });
    });
    child.stdin.on("error", () => {}); // the helper may exit before reading stdin
    child.on("close", (code) => {
      const stdout = Buffer.concat(out).toString("utf8").trim();
      if (code !== 0) {
        // The protocol reports a missing entry on stdout ("credentials not found in native keychain").
        const said = `${stdout} ${errText}`.toLowerCase();
        finish({
          missing: said.includes("not found")
            ? `${program} has no entry for ${serverUrl}`
            : `${program} failed (exit ${code})`,
        });
        return;
      }
      try {
        const parsed = JSON.parse(stdout) as { Username?: unknown; Secret?: unknown };
        if (typeof parsed.Secret !== "string" || parsed.Secret === "") {
          finish({ missing: `${program} returned no secret for ${serverUrl}` });
          return;
        }
        finish({
          found: {
            username: typeof parsed.Username === "string" ? parsed.Username : "",
            secret: parsed.Secret,
          },
        });
      } catch {
        finish({ missing: `${program} answered something that is not JSON` });
      }
    });
    child.stdin.end(serverUrl);
  });
}
