// Holds the stack lock of a folder for a while from another process (lock.test.ts): says "held" once it has it.
import { withStackLock } from '../../stack/lock.js';

const [root, holdMs] = process.argv.slice(2) as [string, string];
await withStackLock(root, async () => {
  process.stdout.write('held\n');
  await new Promise((resolve) => setTimeout(resolve, Number(holdMs)));
});
