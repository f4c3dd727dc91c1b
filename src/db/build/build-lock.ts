import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { DrydockError } from "../../model/index.js";

/**
 * An exclusive lock beside the database (`<db>.lock`, holding the owner's pid) so that two
 * builds never race on the same file. A lock whose owner is gone (a killed build) is taken
 * over.
 * @throws DrydockError DRYDOCK_DB_BUSY while another live process holds it.
 */
export function acquireBuildLock(dbFile: string): () => void {
  const lockFile = `${dbFile}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, "wx");
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new DrydockError(
          "DRYDOCK_DB_CORRUPT",
          `database ${dbFile}: cannot create lock file: ${(e as Error).message}`,
        );
      }
      const owner = readOwner(lockFile);
      if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
        throw new DrydockError(
          "DRYDOCK_DB_BUSY",
          `database ${dbFile}: another drydock process (pid ${owner}) is building it`,
          {
            hint: `wait for it to finish, or remove ${lockFile} if that process is not drydock`,
          },
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new DrydockError("DRYDOCK_DB_BUSY", `database ${dbFile}: could not take the build lock ${lockFile}`);
}

function readOwner(lockFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockFile, "utf8"), 10);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
