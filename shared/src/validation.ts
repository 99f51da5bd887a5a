import { z } from 'zod';
import { DomainError, type ErrorDetail } from './errors';

// Zod's own messages in Chinese for every rule a schema does not word itself.
z.config(z.locales.zhCN());

/** Call once where `new Function` is forbidden (the WeChat runtime). */
export function useJitlessValidation(): void {
  z.config({ jitless: true });
}

export function issuesToDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return { path, message: `不支持的字段：${issue.keys.join('、')}` };
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return { path, message: `缺少必填项${path ? `：${path}` : ''}` };
    }
    return { path, message: issue.message };
  });
}

/** Parse input with a shared schema or throw the one 400 error shape with field details. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = issuesToDetails(result.error);
  throw new DomainError('REQUEST.INVALID', { message: details[0]?.message ?? undefined, details });
}

/** First message per field, for forms in the mini-program. */
export function fieldErrors(schema: z.ZodType, input: unknown): Record<string, string> {
  const result = schema.safeParse(input);
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const d of issuesToDetails(result.error)) if (!(d.path in out)) out[d.path] = d.message;
  return out;
}
