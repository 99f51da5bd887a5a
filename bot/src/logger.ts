import pino, { type Logger } from 'pino';
import type { Config } from '@zhiyuan/config';

export type { Logger };

/**
 * Structured logs. Recipients are logged masked under `to`; anything that slips in under these
 * keys is censored.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: 'bot',
    level: config.logLevel,
    redact: {
      paths: [
        'email',
        '*.email',
        'mobile',
        '*.mobile',
        'recipient',
        '*.recipient',
        'secret',
        '*.secret',
        'headers["x-internal-secret"]',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
