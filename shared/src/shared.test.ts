import {
  DomainError,
  fieldErrors,
  isWithinRegion,
  maskDocumentNumber,
  maskEmail,
  maskMobile,
  nextBackoffSeconds,
  OUTBOX_MAX_ATTEMPTS,
  parseOrThrow,
  regionLevel,
  regionPrefix,
  registerInputSchema,
} from './index';

describe('registration input (shared by the form and the bff)', () => {
  const ok = { username: 'Zhang_San', password: 'abc12345', email: 'ZS@Example.com' };

  it('normalises the user name and e-mail to lower case', () => {
    expect(parseOrThrow(registerInputSchema, ok)).toMatchObject({ username: 'zhang_san', email: 'zs@example.com' });
  });

  it.each([
    [{ ...ok, username: 'ab' }, 'username', '用户名至少 4 个字符'],
    [{ ...ok, username: '9abc' }, 'username', '用户名以字母开头，只能包含字母、数字和下划线'],
    [{ ...ok, password: 'abcdefgh' }, 'password', '密码须同时包含字母和数字'],
    [{ ...ok, password: 'a1' }, 'password', '密码至少 8 位'],
    [{ ...ok, email: 'x' }, 'email', '电子邮箱格式不正确，一般格式为：用户名@域名'],
    [{ ...ok, mobile: '1380013800' }, 'mobile', '手机号码应为 11 位数字'],
    [{ username: 'abcd', password: 'abc12345' }, 'email', '请填写手机号码或电子邮箱'],
    [{ ...ok, regionCode: '1100' }, 'regionCode', '地区代码应为 6 位数字'],
    [{ ...ok, role: 'admin' }, '', '不支持的字段：role'],
    [{ ...ok, username: undefined }, 'username', '缺少必填项：username'],
  ])('words each refusal in Chinese: %j', (input, path, message) => {
    expect(fieldErrors(registerInputSchema, input)[path]).toBe(message);
  });

  it('throws one 400 domain error with every field named', () => {
    try {
      parseOrThrow(registerInputSchema, { username: 1, password: 2 });
      throw new Error('not thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).status).toBe(400);
      expect((err as DomainError).details!.map((d) => d.path)).toEqual(
        expect.arrayContaining(['username', 'password']),
      );
    }
  });
});

describe('masking of personal data', () => {
  it('keeps only what lets a person recognise their own', () => {
    expect(maskMobile('13800138000')).toBe('138****8000');
    expect(maskEmail('zhangsan@qq.com')).toBe('zh***@qq.com');
    expect(maskEmail('a@qq.com')).toBe('a***@qq.com');
    expect(maskDocumentNumber('110101199003071234')).toBe('11010*********1234');
    expect(maskMobile(null)).toBeNull();
  });
});

describe('regions (GB/T 2260)', () => {
  it('tells the level from the code', () => {
    expect(regionLevel('440000')).toBe('province');
    expect(regionLevel('440100')).toBe('city');
    expect(regionLevel('440106')).toBe('county');
  });

  it('scopes a regional admin to its region and those below it', () => {
    expect(isWithinRegion('440000', '440106')).toBe(true);
    expect(isWithinRegion('440100', '440106')).toBe(true);
    expect(isWithinRegion('440100', '440300')).toBe(false);
    expect(isWithinRegion('440106', '440106')).toBe(true);
    expect(isWithinRegion('440106', '440100')).toBe(false);
    expect(isWithinRegion('440000', '450000')).toBe(false);
    expect(isWithinRegion('44', '440000')).toBe(false);
    expect(regionPrefix('440100')).toBe('4401');
  });
});

describe('outbox back-off', () => {
  it('waits longer after each failure and gives up after the last attempt', () => {
    const waits = Array.from({ length: OUTBOX_MAX_ATTEMPTS }, (_, i) => nextBackoffSeconds(i + 1));
    expect(waits.slice(0, -1).every((w, i, a) => w !== null && (i === 0 || w > a[i - 1]!))).toBe(true);
    expect(waits.at(-1)).toBeNull();
  });
});
