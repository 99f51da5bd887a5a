import { ConfigError, loadConfig } from '@zhiyuan/config';
import { startServer } from './server';

/** `node bff/dist/main.js`: the API and the H5 app on PORT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const started = await startServer(config);
  const { logger } = started.deps;
  logger.info({ url: config.publicUrl, db: config.db.type }, 'bff ready');
  if (process.send) process.send({ type: 'ready', url: config.publicUrl, admin: started.admin, demo: started.demo });
  else if (started.admin.password) {
    console.warn(`first system admin: ${started.admin.username} / ${started.admin.password} (shown once)`);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'bff stopping');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await started.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('disconnect', () => void stop('disconnect'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
