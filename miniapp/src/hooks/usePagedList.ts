/**
 * A paginated list of the API (`Page<T>`): first page on show, 加载更多 for the next, and the
 * states a page shows (loading, signed-out, forbidden, error, ready). Public lists (the teams
 * tab) pass `{ signIn: false }`.
 */
import { useCallback, useRef, useState } from 'react';
import type { Page } from '@zhiyuan/shared';
import { isApiError } from '@/services/request';
import { isSignedIn } from '@/services/token';

export type ListStatus = 'loading' | 'signed-out' | 'forbidden' | 'error' | 'ready';

export interface PagedList<T> {
  status: ListStatus;
  items: T[];
  total: number;
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  /** an error of 加载更多, shown under the list (the loaded items stay) */
  moreError: string;
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
  /** replace one item in place (after an action on it) */
  replace: (match: (item: T) => boolean, next: T | null) => void;
}

/** A denial means the account is no regional admin, or the item is outside its region. */
export function isForbidden(error: unknown): boolean {
  return isApiError(error) && (error.code === 'AUTH.FORBIDDEN' || error.status === 403);
}

export interface PagedListOptions {
  /** the list needs a signed-in account (default true) */
  signIn?: boolean;
}

export function usePagedList<T>(
  fetchPage: (page: number) => Promise<Page<T>>,
  options: PagedListOptions = {},
): PagedList<T> {
  const signIn = options.signIn !== false;
  const [status, setStatus] = useState<ListStatus>(() => (!signIn || isSignedIn() ? 'loading' : 'signed-out'));
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState('');
  const loadId = useRef(0);

  const fail = (e: unknown) => {
    if (isApiError(e) && e.isSignedOut) setStatus('signed-out');
    else if (isForbidden(e)) setStatus('forbidden');
    else {
      setError(e);
      setStatus('error');
    }
  };

  const reload = useCallback(async () => {
    const id = ++loadId.current;
    if (signIn && !isSignedIn()) {
      setStatus('signed-out');
      return;
    }
    setStatus((s) => (s === 'ready' ? s : 'loading'));
    setMoreError('');
    try {
      const first = await fetchPage(1);
      if (id !== loadId.current) return;
      setItems(first.items);
      setTotal(first.total);
      setPage(1);
      setStatus('ready');
    } catch (e) {
      if (id === loadId.current) fail(e);
    }
  }, [fetchPage, signIn]);

  const hasMore = items.length < total;

  const loadMore = useCallback(async () => {
    if (loadingMore || !hasMore) return;
    const id = loadId.current;
    setLoadingMore(true);
    setMoreError('');
    try {
      const next = await fetchPage(page + 1);
      if (id !== loadId.current) return;
      setItems((list) => [...list, ...next.items]);
      setTotal(next.total);
      setPage(page + 1);
    } catch (e) {
      if (id === loadId.current) setMoreError(isApiError(e) ? e.message : '加载失败，请稍后重试');
    } finally {
      setLoadingMore(false);
    }
  }, [fetchPage, hasMore, loadingMore, page]);

  const replace = useCallback((match: (item: T) => boolean, next: T | null) => {
    setItems((list) => {
      const out: T[] = [];
      for (const item of list) {
        if (!match(item)) out.push(item);
        else if (next !== null) out.push(next);
      }
      return out;
    });
    if (next === null) setTotal((t) => Math.max(0, t - 1));
  }, []);

  return { status, items, total, error, hasMore, loadingMore, moreError, reload, loadMore, replace };
}
