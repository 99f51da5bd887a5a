import pino, { type Logger } from 'pino';
import type { Config } from '@zhiyuan/config';

export type { Logger };

/**
 * Structured logs. Personal data never reaches them: request bodies are not logged, and
 * anything that slips into a logged object under these keys is censored.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, name = 'bff'): Logger {
  return pino({
    name,
    level: config.logLevel,
    redact: {
      paths: [
        'password',
        '*.password',
        'email',
        '*.email',
        'mobile',
        '*.mobile',
        'idNumber',
        '*.idNumber',
        'recipient',
        '*.recipient',
        'req.headers.authorization',
        'req.headers["x-internal-secret"]',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
