import { LruSet } from '../src/lru-set';
import { maskRecipient, maskUrl, redactText } from '../src/redact';

it('masks recipients by channel', () => {
  expect(maskRecipient('email', 'zhang.san@example.com')).toBe('zh***@example.com');
  expect(maskRecipient('wechat', 'oABCD1234openid5678')).toBe('oAB***78');
  expect(maskRecipient('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx')).toBe(
    'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?***',
  );
  expect(maskRecipient('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc')).toBe(
    'https://oapi.dingtalk.com/robot/send?***',
  );
  expect(
    maskRecipient('feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/0a1b2c3d-4e5f-6789-abcd-ef0123456789'),
  ).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/***');
  expect(maskUrl('not a url')).toBe('***');
});

it('masks addresses and URLs inside error texts', () => {
  expect(redactText('550 <li.si@example.org> unknown; see https://x.example/hook?key=SECRET')).toBe(
    '550 <li***@example.org> unknown; see https://x.example/hook?***',
  );
});

it('the LRU set forgets its oldest keys beyond capacity', () => {
  const set = new LruSet(2);
  set.add('a');
  set.add('b');
  expect(set.has('a')).toBe(true); // touching 'a' makes 'b' the oldest
  set.add('c');
  expect(set.has('b')).toBe(false);
  expect(set.has('a')).toBe(true);
  expect(set.has('c')).toBe(true);
  expect(set.size).toBe(2);
});
