import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import type { IH5Config } from '@tarojs/taro/types/compile';
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin';
import devConfig from './dev';
import prodConfig from './prod';

const appRoot = path.resolve(__dirname, '..');

/**
 * `@zhiyuan/shared` is a symlinked workspace package built to CommonJS (`npm run build:lib`).
 * Webpack follows the symlink to `shared/dist`, which lies outside `src` and `node_modules`,
 * so Taro's babel rule would skip it; it is listed here so the weapp and H5 bundles get the
 * same syntax level as our own code.
 */
const sharedDist = path.resolve(appRoot, '../shared/dist');

/**
 * `chinese-days` (working days, used by `shared/time`) says `"type": "commonjs"` yet its
 * `module` entry is an ES module, which webpack then refuses to parse. Its UMD build
 * (`main`, ≈ 24 KB) is what Node loads too.
 */
const chineseDaysUmd = require.resolve('chinese-days/dist/index.min.js', {
  paths: [path.resolve(appRoot, '../shared')],
});

/** Webpack settings common to weapp and H5. */
const commonChain: NonNullable<IH5Config['webpackChain']> = (chain, webpack) => {
  chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin);
  chain.resolve.alias.set('chinese-days$', chineseDaysUmd);
  // only the locales we use, not all of zod's (see zod-locales.cjs)
  chain
    .plugin('zod-locales')
    .use(webpack.NormalModuleReplacementPlugin, [
      /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.c?js$/,
      path.join(__dirname, 'zod-locales.cjs'),
    ]);
};

// https://docs.taro.zone/docs/config
export default defineConfig<'webpack5'>(async (merge) => {
  const platform = process.env.TARO_ENV ?? 'h5';

  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'zhiyuan',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // dist/h5 is served by the bff at `/`; dist/weapp is what project.config.json points at
    outputRoot: `dist/${platform}`,
    plugins: [],
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      // filesystem cache under miniapp/node_modules/.cache, one per NODE_ENV × TARO_ENV
      enable: true,
      buildDependencies: {
        config: [
          path.join(appRoot, 'config/index.ts'),
          path.join(appRoot, 'config/dev.ts'),
          path.join(appRoot, 'config/prod.ts'),
          path.join(appRoot, 'babel.config.js'),
        ],
      },
    },
    mini: {
      compile: { include: [sharedDist] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain: commonChain,
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // the bff answers unknown paths with index.html, so real paths work on reload
      router: { mode: 'browser' },
      compile: { include: [sharedDist] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      devServer: {
        // `npm run dev:h5` talks to a local bff through the dev server, same origin as in production
        proxy: [{ context: ['/api', '/healthz'], target: 'http://127.0.0.1:3000' }],
      },
      webpackChain: commonChain,
    },
  };

  if (process.env.NODE_ENV === 'development') {
    // 本地开发构建配置（不混淆压缩）
    return merge({}, baseConfig, devConfig);
  }
  // 生产构建配置（默认开启压缩混淆等）
  return merge({}, baseConfig, prodConfig);
});
