import { readFileSync } from "node:fs";

/** drydock's own version, from package.json (written into SBOMs and reports). */
export const drydockVersion: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
