// first: switches zod to jitless mode in weapp before any shared schema is built
import './jitless';
import type { PropsWithChildren } from 'react';
import { API_BASE } from './services/request';

import './app.scss';

if (process.env.TARO_ENV === 'weapp' && !API_BASE) {
  console.error('TARO_APP_API_BASE 未设置：小程序无法连接服务端（见 miniapp/README.md）');
}

function App({ children }: PropsWithChildren) {
  // children are the pages
  return children;
}

export default App;
