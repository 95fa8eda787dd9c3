#!/usr/bin/env node
// Runs the TypeScript CLI in this very process (tsx registered as a loader here, not a tsx child
// process), so a signal sent to `sentinel` reaches the command itself; no build step needed.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
