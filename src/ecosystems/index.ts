import { apk } from "./apk/index.js";
import { cargo } from "./cargo/index.js";
import { composer } from "./composer/index.js";
import { deb } from "./deb/index.js";
import type { Ecosystem } from "./ecosystem.js";
import { gem } from "./gem/index.js";
import { golang } from "./golang/index.js";
import { maven } from "./maven/index.js";
import { npm } from "./npm/index.js";
import { nuget } from "./nuget/index.js";
import { pypi } from "./pypi/index.js";
import { rpm } from "./rpm/index.js";

/**
 * The ecosystem registry. Adding an ecosystem adds one line here; a test fails when a folder
 * under src/ecosystems is not registered.
 */
export const ecosystems = {
  apk,
  deb,
  rpm,
  npm,
  pypi,
  gem,
  composer,
  nuget,
  cargo,
  maven,
  golang,
} satisfies Record<string, Ecosystem>;

export type EcosystemId = keyof typeof ecosystems;
