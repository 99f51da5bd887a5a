/**
 * zod decides whether to compile a parser with `new Function` when an object schema is
 * *constructed*, and `@zhiyuan/shared` constructs its schemas as soon as it is loaded. The
 * WeChat runtime forbids `new Function`, so jitless mode must be on before the first import of
 * `@zhiyuan/shared`: this module loads only the validation helpers (zod, no schemas) and is
 * the first import of app.ts.
 */
import { useJitlessValidation as enableJitlessValidation } from '@zhiyuan/shared/dist/validation';

if (process.env.TARO_ENV === 'weapp') {
  // the shared helper `useJitlessValidation()`, renamed: it is not a React hook
  enableJitlessValidation();
}
