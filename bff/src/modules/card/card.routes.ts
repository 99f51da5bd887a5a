import { z } from 'zod';
import type { Api } from '../../http/api';
import { requireAuth } from '../../policy';
import type { CardService } from './card.service';

const cardSchema = z.object({
  realName: z.string(),
  volunteerNumber: z.string(),
  photoUrl: z.string().nullable(),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  totalMinutes: z.number().int(),
  starLevel: z.number().int(),
  qrToken: z.string(),
  qrDataUrl: z.string(),
  qrExpiresAt: z.string(),
  refreshInSeconds: z.number().int(),
});

const verifyBodySchema = z.strictObject({
  token: z.string({ error: '请扫描志愿者卡二维码' }).trim().min(1, { error: '请扫描志愿者卡二维码' }).max(200),
});

const verificationSchema = z.object({
  volunteerId: z.string(),
  realName: z.string(),
  volunteerNumber: z.string(),
  verifiedAt: z.string(),
});

// 志愿者卡.svg, RFC 5987 encoded, with a plain fallback for old clients
const SVG_DISPOSITION = `attachment; filename="volunteer-card.svg"; filename*=UTF-8''${encodeURIComponent('志愿者卡')}.svg`;

export function cardRoutes(api: Api, service: CardService): void {
  api.route({
    method: 'get',
    path: '/api/me/card',
    summary: '我的志愿者卡（志愿服务证），二维码每分钟更新',
    tag: 'card',
    access: 'user',
    response: cardSchema,
    handler: async ({ auth, ctx }) => {
      const card = await service.myCard(requireAuth(auth).accountId);
      // the QR code is a short-lived credential: never kept by a cache
      ctx.set('Cache-Control', 'no-store');
      return card;
    },
  });

  api.route({
    method: 'get',
    path: '/api/me/card.svg',
    summary: '下载可打印的志愿者卡（SVG 图片）',
    tag: 'card',
    access: 'user',
    handler: async ({ auth, ctx }) => {
      const svg = await service.myCardSvg(requireAuth(auth).accountId);
      ctx.set('Cache-Control', 'no-store');
      ctx.set('Content-Disposition', SVG_DISPOSITION);
      // opened directly in a browser, the image may run nothing and load nothing
      ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      ctx.type = 'image/svg+xml; charset=utf-8';
      return svg;
    },
  });

  api.route({
    method: 'post',
    path: '/api/cards/verify',
    summary: '扫描志愿者卡二维码，核验持卡志愿者（团体管理员、管理部门）',
    tag: 'card',
    access: 'user',
    body: verifyBodySchema,
    response: verificationSchema,
    handler: ({ auth, body }) => service.verify(requireAuth(auth), body.token),
  });
}
