import type { Config } from '@zhiyuan/config';
import type { Channel as ChannelName } from '@zhiyuan/shared';
import type { Channel } from './channel';
import { createDingtalkChannel } from './dingtalk';
import { createEmailChannel } from './email';
import { createFeishuChannel } from './feishu';
import { createWechatChannel } from './wechat';
import { createWecomChannel } from './wecom';

export * from './channel';

export type Channels = Partial<Record<ChannelName, Channel>>;

/** Every channel adapter, its endpoints from config (tests point them at local servers). */
export function createChannels(config: Config, sendTimeoutMs = config.bot.sendTimeoutMs): Channels {
  return {
    email: createEmailChannel({
      smtpUrl: config.mail.smtpUrl,
      from: config.mail.from,
      dataDir: config.dataDir,
      timeoutMs: sendTimeoutMs,
    }),
    wecom: createWecomChannel(),
    dingtalk: createDingtalkChannel({ secret: config.groupRobot.secret }),
    feishu: createFeishuChannel({ secret: config.groupRobot.secret }),
    wechat: createWechatChannel({
      apiBase: config.wechat.apiBase,
      appId: config.wechat.appId,
      secret: config.wechat.secret,
    }),
  };
}
