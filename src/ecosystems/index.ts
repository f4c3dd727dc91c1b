import type { Ecosystem } from "./ecosystem.js";

/**
 * The ecosystem registry. Adding an ecosystem adds one line here; a test fails when a folder
 * under src/ecosystems is not registered.
 */
export const ecosystems = {} satisfies Record<string, Ecosystem>;

export type EcosystemId = keyof typeof ecosystems;
