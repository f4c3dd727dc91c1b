/** The OCI distribution client: registry references, auth, manifests and streamed blobs. */
export { openRegistryImage, type RegistryIntakeOptions, registryEndpoints } from "./open-registry-image.js";
export { type CredentialLookup, lookupCredentials, type RegistryCredential } from "./registry-credentials.js";
export {
  defaultRetryPolicy,
  type RegistryLogin,
  type RegistryOptions,
  type RetryPolicy,
} from "./registry-options.js";
export {
  dockerHubApiHost,
  dockerHubRegistry,
  formatRegistryReference,
  parseRegistryReference,
  type RegistryReference,
} from "./registry-reference.js";
