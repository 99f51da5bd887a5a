/** Replies of the teams API for the page tests (shapes of `@zhiyuan/shared`). */
import { act, fireEvent } from '@testing-library/react';
import type { JoinRequestDto, MemberDto, TeamDto } from '@zhiyuan/shared';
import type { MockResponse } from './taro-mock';

export function teamDto(overrides: Partial<TeamDto> = {}): TeamDto {
  return {
    id: 't1',
    name: '东城区和平里街道志愿服务队',
    regionCode: '110101',
    regionName: '东城区',
    status: 'approved',
    joinMode: 'closed',
    memberCount: 12,
    serviceCategories: ['社区服务'],
    acceptsSubTeams: false,
    registrationStatus: 'unregistered',
    creditCode: null,
    liaisonTeam: { id: 't0', name: '东城区志愿服务联合会' },
    address: '东城区和平里街道 1 号',
    description: '服务社区居民',
    contactName: '王芳',
    contactPhone: '139****9000',
    contactEmail: 'team@example.com',
    rejectReason: null,
    submittedAt: '2026-11-01T02:00:00.000Z',
    reviewedAt: '2026-11-02T02:00:00.000Z',
    unit: null,
    myRole: null,
    myJoinRequest: null,
    review: null,
    settings: null,
    ...overrides,
  };
}

export function memberDto(overrides: Partial<MemberDto> = {}): MemberDto {
  return {
    accountId: 'a2',
    volunteerId: 'v2',
    realName: '张伟',
    username: 'zhangwei',
    volunteerNumber: '11010100000023X',
    role: 'member',
    joinedAt: '2026-11-10T02:00:00.000Z',
    ...overrides,
  };
}

export function joinRequestDto(overrides: Partial<JoinRequestDto> = {}): JoinRequestDto {
  return {
    id: 'r1',
    teamId: 't1',
    teamName: '东城区和平里街道志愿服务队',
    kind: 'request',
    status: 'pending',
    realName: '赵敏',
    username: 'zhaomin',
    volunteerNumber: '11010100000034X',
    message: null,
    createdAt: '2026-11-20T02:00:00.000Z',
    ...overrides,
  };
}

export const meDto = (roles: { role: string; regionCode?: string | null }[] = [{ role: 'volunteer' }], id = 'a1') => ({
  id,
  username: 'lihua_2026',
  email: null,
  mobile: null,
  regionCode: '110101',
  roles,
  wechatBound: false,
  createdAt: '2026-11-01T02:00:00.000Z',
});

export const ok = (data: unknown, statusCode = 200): Promise<MockResponse> => Promise.resolve({ statusCode, data });

export const refusal = (statusCode: number, code: string, message: string): Promise<MockResponse> =>
  Promise.resolve({ statusCode, data: { error: { code, message, requestId: 'r' } } });

export const page = <T>(items: T[], total = items.length) => ({ items, total, page: 1, pageSize: 20 });

export const byId = (id: string) => document.getElementById(id);
export const text = (id: string) => byId(id)?.textContent ?? null;

export async function click(id: string): Promise<void> {
  await act(async () => {
    fireEvent.click(byId(id)!);
  });
}

export function type(id: string, value: string, options: { blur?: boolean } = {}): void {
  const el = byId(id) as HTMLInputElement;
  fireEvent.change(el, { target: { value } });
  if (options.blur) fireEvent.blur(el);
}
