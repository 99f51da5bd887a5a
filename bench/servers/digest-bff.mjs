/**
 * The real bff for the `digest` scenario: started in-process as `bff/src/main.ts` does
 * (startServer(loadConfig)), inside a benchmark child process (lib/serve.mjs), with the clock
 * fixed at `options.clock` so "today" is a working day whatever the day of the run.
 * Needs `npm run build:lib` first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../config/dist/index.js';
import { startServer } from '../../bff/dist/server.js';
import clockModule from '../../bff/dist/clock.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** options.env: settings (env variable names); options.clock: ISO instant the clock is set to */
export async function start(options) {
  const dataDir = mkdtempSync(join(tmpdir(), 'zy-bench-digest-'));
  const config = loadConfig(
    {
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      H5_DIR: join(dataDir, 'no-h5'),
      LOG_LEVEL: 'silent',
      ...options.env,
    },
    ROOT,
  );
  const started = await startServer(config, { clock: new clockModule.ManualClock(options.clock) });
  return {
    url: started.url,
    async close() {
      await started.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
