/**
 * Child process host of one server under test. The parent sends `start` with a module path
 * (exporting `start(options) → { url, close() }`); this answers `ready`, then `stats`
 * (CPU time of the process and of its main thread, event-loop utilisation) and `close`
 * requests.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { procCpuMs } from './proc.mjs';

let server = null;

process.on('message', async (msg) => {
  try {
    if (msg.type === 'start') {
      const mod = await import(pathToFileURL(msg.module).href);
      server = await mod.start(msg.options);
      process.send({ type: 'ready', url: server.url });
    } else if (msg.type === 'stats') {
      const cpu = process.cpuUsage();
      process.send({
        seq: msg.seq,
        cpuMs: (cpu.user + cpu.system) / 1000,
        // the main thread alone (its thread id is the process id): the event loop, without
        // the libuv pool threads where argon2 runs
        loopCpuMs: procCpuMs(process.pid, process.pid),
        elu: performance.eventLoopUtilization(),
        rssMb: process.memoryUsage().rss / 2 ** 20,
      });
    } else if (msg.type === 'close') {
      await server?.close();
      process.send({ seq: msg.seq }, () => process.exit(0));
    }
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    if (msg.type === 'start') process.send({ type: 'failed', error }, () => process.exit(1));
    else process.send({ seq: msg.seq, error });
  }
});

// the parent went away (Ctrl-C, crash): do not linger
process.on('disconnect', () => process.exit(0));
