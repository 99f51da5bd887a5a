/**
 * One `npm test` over every part. Node parts run on the embedded SQLite by default;
 * with DB_URL=mysql://… the same bff suite runs on MySQL/MariaDB.
 * @type {import('jest').Config}
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
];

const node = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  roots: [`<rootDir>/${name}`],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': swc },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  ...extra,
});

module.exports = {
  testTimeout: 30000,
  projects: [
    node('shared'),
    node('config'),
    node('bff'),
    node('bot'),
    {
      displayName: 'miniapp',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/miniapp/src'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper: {
        '\\.(css|scss)$': '<rootDir>/miniapp/test/style-mock.js',
        '^@tarojs/components$': '<rootDir>/miniapp/test/taro-components-mock.tsx',
        '^@tarojs/taro$': '<rootDir>/miniapp/test/taro-mock.ts',
        '^@/(.*)$': '<rootDir>/miniapp/src/$1',
      },
    },
  ],
};
