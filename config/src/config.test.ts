import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './index';

const dir = () => mkdtempSync(join(tmpdir(), 'zy-config-'));

describe('configuration', () => {
  it('defaults to port 3000 and the embedded SQLite file in DATA_DIR', () => {
    const root = dir();
    const c = loadConfig({}, root);
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe(join(root, 'data'));
    expect(c.db).toEqual({ type: 'sqlite', database: join(root, 'data', 'zhiyuan.sqlite') });
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.bot.bffUrl).toBe('http://127.0.0.1:3000');
  });

  it('generates secrets once, keeps them private in DATA_DIR, and reuses them', () => {
    const root = dir();
    const a = loadConfig({ DATA_DIR: 'x' }, root);
    const b = loadConfig({ DATA_DIR: 'x' }, root);
    expect(a.secrets.jwt).toHaveLength(43);
    expect(a.secrets.dataKey).toHaveLength(32);
    expect(b.secrets.jwt).toBe(a.secrets.jwt);
    expect(b.secrets.dataKey.equals(a.secrets.dataKey)).toBe(true);
    const file = join(root, 'x', 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('internal');
  });

  it('reads PORT, DATA_DIR and DB_URL so that copies run side by side', () => {
    const c = loadConfig({
      PORT: '3100',
      DATA_DIR: '/tmp/zy-b',
      DB_URL: 'mariadb://root@127.0.0.1:3306/zy',
      JWT_SECRET: 'j',
      INTERNAL_SECRET: 'i',
      DATA_KEY: 'ab'.repeat(32),
    });
    expect(c.port).toBe(3100);
    expect(c.db).toEqual({ type: 'mariadb', url: 'mysql://root@127.0.0.1:3306/zy', poolSize: 10 });
    expect(c.publicUrl).toBe('http://localhost:3100');
  });

  it('refuses bad values with every problem listed', () => {
    expect(() => loadConfig({ PORT: 'eighty', DB_URL: 'postgres://x', LOG_LEVEL: 'loud' }, dir())).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DB_URL: 'postgres://x' }, dir());
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/DB_URL/);
    }
    expect(() => loadConfig({ DATA_KEY: 'short', JWT_SECRET: 'j', INTERNAL_SECRET: 'i' }, dir())).toThrow(/DATA_KEY/);
  });
});
