// Locates the package root (where schemas/ and catalog.json live) from src/ and from dist/ alike.
import { fileURLToPath } from 'node:url';

/** Absolute path of the @accord/contracts package root, with a trailing separator. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../', import.meta.url));
