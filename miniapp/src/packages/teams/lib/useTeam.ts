/** One team (GET /api/teams/:id) with the states a team page shows. */
import { useCallback, useRef, useState } from 'react';
import type { TeamDto } from '@zhiyuan/shared';
import { isForbidden, type ListStatus } from '@/hooks/usePagedList';
import { fetchMe } from '@/services/accounts';
import { isApiError } from '@/services/request';
import { getTeam } from '@/services/teams';
import { getTokens, isSignedIn } from '@/services/token';

export interface TeamState {
  status: ListStatus;
  team: TeamDto | null;
  error: unknown;
  reload: () => Promise<void>;
  /** after an action that answers with the team */
  setTeam: (team: TeamDto) => void;
}

/**
 * GET /api/teams/:id as the signed-in person. That route is public, and the bff answers an
 * expired access token there as it answers a guest (no 401 that would renew it): a pending
 * team is then 「不存在」 and an admin is no admin. `request` renews a token that expired by the
 * device's clock; when the two clocks disagree, a guest's answer to a signed-in person is
 * checked once more after an authenticated call (which renews the token if the bff wants).
 */
async function getTeamAsMe(id: string, expectAdmin: boolean): Promise<TeamDto> {
  const before = getTokens()?.accessToken ?? null;
  let team: TeamDto | null = null;
  let error: unknown = null;
  try {
    team = await getTeam(id);
  } catch (e) {
    error = e;
  }
  const guestAnswer =
    (isApiError(error) && error.code === 'TEAM.NOT_FOUND') || (expectAdmin && team !== null && team.myRole === null);
  if (before && guestAnswer) {
    await fetchMe().catch(() => undefined);
    const after = getTokens()?.accessToken ?? null;
    if (after && after !== before) return getTeam(id);
  }
  if (team) return team;
  throw error;
}

/**
 * `signIn: false` for the public team page. A page of the team's admins passes `admin: true`:
 * it is 「没有权限」 unless the caller is one.
 */
export function useTeam(id: string, options: { signIn?: boolean; admin?: boolean } = {}): TeamState {
  const signIn = options.signIn !== false;
  const admin = options.admin === true;
  const [status, setStatus] = useState<ListStatus>(() => (!signIn || isSignedIn() ? 'loading' : 'signed-out'));
  const [team, setTeamState] = useState<TeamDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const loadId = useRef(0);

  const reload = useCallback(async () => {
    const no = ++loadId.current;
    if (signIn && !isSignedIn()) {
      setStatus('signed-out');
      return;
    }
    setStatus((s) => (s === 'ready' ? s : 'loading'));
    try {
      let t: TeamDto;
      try {
        t = await getTeamAsMe(id, admin);
      } catch (e) {
        // a public page: a session that ended just shows the page as to a guest
        if (signIn || !(isApiError(e) && e.isSignedOut)) throw e;
        t = await getTeam(id);
      }
      if (no !== loadId.current) return;
      setTeamState(t);
      setStatus(admin && t.myRole !== 'admin' ? 'forbidden' : 'ready');
    } catch (e) {
      if (no !== loadId.current) return;
      if (isApiError(e) && e.isSignedOut) setStatus('signed-out');
      else if (isForbidden(e)) setStatus('forbidden');
      else {
        setError(e);
        setStatus('error');
      }
    }
  }, [id, signIn, admin]);

  const setTeam = useCallback((t: TeamDto) => {
    loadId.current++;
    setTeamState(t);
  }, []);

  return { status, team, error, reload, setTeam };
}
