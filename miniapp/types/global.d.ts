/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    /** NODE 内置环境变量, 会影响到最终构建生成产物 */
    NODE_ENV: 'development' | 'production' | 'test';
    /** 当前构建的平台 */
    TARO_ENV: 'weapp' | 'h5' | undefined;
    /** bff 的地址（见 .env、.env.weapp）；空字符串表示与页面同源 */
    TARO_APP_API_BASE?: string;
    /** 当前构建的小程序 appid */
    TARO_APP_ID?: string;
  }
}
