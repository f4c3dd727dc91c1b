import { defineEcosystem } from "../ecosystem.js";
import { goBinaryCataloger } from "./catalog/go-binary-cataloger.js";
import { golangMatcher } from "./match.js";
import { buildGolangPurl } from "./purl.js";

/** Go modules: packages read from the build info of Go executables. */
export const golang = defineEcosystem({
  id: "golang",
  scheme: "golang",
  catalogers: [goBinaryCataloger],
  purl: buildGolangPurl,
  matcher: golangMatcher,
});
