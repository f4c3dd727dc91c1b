/** drydock's public library API: only what this file exports is public. */
export * from "./model/index.js";
