/** Where the checkout is: the repository root, for folders every layer may use (.cache and the like). */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
