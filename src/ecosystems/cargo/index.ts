import { defineEcosystem } from "../ecosystem.js";
import { cargoAuditableCataloger } from "./catalog/cargo-auditable-cataloger.js";
import { cargoLockCataloger } from "./catalog/cargo-lock-cataloger.js";
import { buildCargoPurl } from "./purl.js";

/** Rust crates: Cargo.lock (folders) and the `.dep-v0` crate list of cargo-auditable binaries. */
export const cargo = defineEcosystem({
  id: "cargo",
  scheme: "cargo",
  catalogers: [cargoLockCataloger, cargoAuditableCataloger],
  purl: (pkg) => buildCargoPurl(pkg),
});
