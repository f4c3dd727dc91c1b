import { defineScheme } from "../version-scheme.js";
import { compareCargoVersions, parseCargoVersion } from "./cargo-version.js";
import { cargoVersionReqs } from "./cargo-version-req.js";

/** Rust crate versions as Cargo orders them (the semver crate), with `VersionReq` ranges. */
export const cargoScheme = defineScheme({
  id: "cargo",
  check: parseCargoVersion,
  compare: compareCargoVersions,
  ranges: cargoVersionReqs,
});
