/**
 * The bff as `bff/dist/main.js` starts it (loadConfig from the environment, startServer), but
 * with a clock the test can set: days, working days and the review windows are judged on
 * the bff's clock (ARCHITECTURE.md, Time), and an end-to-end test must not depend on the day
 * it happens to run. The clock flows in real time from wherever it was last set.
 *
 * IPC: sends { type: 'ready', url } once listening; on { type: 'clock', at, seq } sets the
 * clock to `at` (ISO) and answers { type: 'clock', seq }. E2E_CLOCK sets it at start.
 * Not a test file itself (the runner only picks *.test.mjs).
 */
import { loadConfig } from '../../config/dist/index.js';
import { startServer } from '../../bff/dist/server.js';

class SettableClock {
  offset = 0;
  now() {
    return new Date(Date.now() + this.offset);
  }
  set(at) {
    this.offset = new Date(at).getTime() - Date.now();
  }
}

const clock = new SettableClock();
if (process.env.E2E_CLOCK) clock.set(process.env.E2E_CLOCK);
const config = loadConfig();
const started = await startServer(config, { clock });

process.on('message', (msg) => {
  if (msg?.type === 'clock') {
    clock.set(msg.at);
    process.send({ type: 'clock', seq: msg.seq });
  }
});
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await started.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
process.send({ type: 'ready', url: started.url, admin: started.admin, demo: started.demo });
