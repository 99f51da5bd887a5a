/* eslint-disable @typescript-eslint/no-require-imports -- load order is the subject: fresh requires in isolation */
/**
 * In weapp, zod must be jitless before `@zhiyuan/shared` builds its schemas: nothing may
 * reach `Function` when a shared schema parses.
 */
describe('jitless validation in weapp', () => {
  const original = process.env.TARO_ENV;
  afterEach(() => {
    process.env.TARO_ENV = original;
  });

  it('parses shared schemas without ever calling Function', () => {
    process.env.TARO_ENV = 'weapp';
    const realFunction = globalThis.Function;
    const used: unknown[] = [];
    jest.isolateModules(() => {
      require('./jitless');
      const shared = require('@zhiyuan/shared') as typeof import('@zhiyuan/shared');
      globalThis.Function = function (...args: unknown[]) {
        used.push(args);
        throw new Error('new Function is forbidden in the WeChat runtime');
      } as unknown as FunctionConstructor;
      try {
        const ok = shared.registerInputSchema.safeParse({
          username: 'lihua',
          password: 'secret123',
          mobile: '13800138000',
        });
        const bad = shared.fieldErrors(shared.loginInputSchema, { username: '', password: '' });
        expect(ok.success).toBe(true);
        expect(bad).toEqual({ username: '请填写用户名', password: '请填写密码' });
      } finally {
        globalThis.Function = realFunction;
      }
    });
    expect(used).toEqual([]);
  });
});
