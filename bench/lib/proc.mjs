/** CPU time of processes and threads from Linux /proc (null elsewhere or when unreadable). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let tick = null;
function clockTick() {
  if (tick === null) {
    try {
      tick = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      tick = 100; // the usual value
    }
  }
  return tick;
}

/**
 * user + system CPU ms of `/proc/<pid>/stat` (the whole process) or
 * `/proc/<pid>/task/<tid>/stat` (one thread). Resolution: one clock tick (10 ms).
 */
export function procCpuMs(pid, tid) {
  try {
    const stat = readFileSync(tid ? `/proc/${pid}/task/${tid}/stat` : `/proc/${pid}/stat`, 'utf8');
    // the fields after the parenthesised command name: utime is the 14th field, stime the 15th
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTick();
  } catch {
    return null;
  }
}
