/**
 * The real bff, started in-process the way `bff/src/main.ts` does (startServer(loadConfig)),
 * here inside a benchmark child process. Needs `npm run build:lib` first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../config/dist/index.js';
import { startServer } from '../../bff/dist/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** options.env: settings (env variable names) on top of the benchmark defaults */
export async function start(options) {
  const dataDir = mkdtempSync(join(tmpdir(), 'zy-bench-'));
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
  const started = await startServer(config);
  return {
    url: started.url,
    async close() {
      await started.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
