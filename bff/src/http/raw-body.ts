import type { Context } from 'koa';
import { DomainError, type ErrorCode } from '@zhiyuan/shared';

/**
 * Reads a binary request body (uploads: photos, spreadsheets) up to `limitBytes`, refusing
 * more as soon as it arrives. The JSON body parser leaves such bodies alone.
 */
export async function readRawBody(
  ctx: Context,
  limitBytes: number,
  tooLarge: ErrorCode = 'REQUEST.TOO_LARGE',
): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limitBytes) throw new DomainError(tooLarge);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new DomainError(tooLarge);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
