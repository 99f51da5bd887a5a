import { startTestApp, DIALECT, type TestApp } from './harness';

describe(`regions (${DIALECT})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('lists the provinces with their census population', async () => {
    const res = await app.http.get('/api/regions');
    expect(res.status).toBe(200);
    const codes = res.body.items.map((r: { code: string }) => r.code);
    expect(codes.length).toBeGreaterThanOrEqual(31);
    expect(codes).toEqual([...codes].sort());
    const beijing = res.body.items.find((r: { code: string }) => r.code === '110000');
    expect(beijing).toMatchObject({ name: '北京市', level: 'province', parentCode: null, population: 21893095 });
    expect(beijing.childCount).toBeGreaterThan(0);
  });

  it('walks the tree down to counties and back up', async () => {
    const cities = await app.http.get('/api/regions?parent=440000');
    const names = cities.body.items.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(['广州市', '深圳市']));
    const counties = await app.http.get('/api/regions?parent=440100');
    expect(counties.body.items.map((r: { name: string }) => r.name)).toContain('天河区');
    const tianhe = await app.http.get('/api/regions/440106');
    expect(tianhe.body).toMatchObject({ name: '天河区', level: 'county' });
    expect(tianhe.body.path.map((r: { name: string }) => r.name)).toEqual(['广东省', '广州市']);
  });

  it('refuses a malformed code with 400 and an unknown one with 404', async () => {
    const bad = await app.http.get('/api/regions?parent=12');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].message).toBe('地区代码应为 6 位数字');
    expect((await app.http.get('/api/regions/999999')).body.error.code).toBe('REGION.NOT_FOUND');
    expect((await app.http.get('/api/regions?parent=999999')).status).toBe(404);
    expect((await app.http.get('/api/regions?foo=1')).status).toBe(400);
  });
});
