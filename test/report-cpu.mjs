/**
 * Preloaded into scripts the tests run (helpers.ts runScript): at exit, writes the process's CPU
 * time (user + system, ms) to file descriptor 3 when the parent opened one. CPU time says how much
 * work a run did whatever else the machine was doing; wall-clock time does not.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  try {
    writeSync(3, `${(user + system) / 1000}\n`);
  } catch {
    // No descriptor 3: nobody asked.
  }
});
