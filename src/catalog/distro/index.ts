export { type DistroFacts, type DistroFileKind, distroCataloger, distroFiles } from "./distro-cataloger.js";
export { distroKey } from "./distro-key.js";
export { compareDotted, knownDistroIds, supportOf, supportTableDate } from "./distro-support.js";
export { purlDistroQualifier } from "./purl-distro.js";
export { resolveDistro } from "./resolve-distro.js";
