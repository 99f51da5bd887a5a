import type { EntityManager } from 'typeorm';
import type { ReviewerKind, RobotKind } from '@zhiyuan/shared';
import { DigestSend, type DigestSendRow } from '../../db/entities';

/**
 * The queries of the daily review digest (T-5), written once in SQL that SQLite and
 * MySQL/MariaDB both run (`?` placeholders, plain CASE/COUNT), so that the benchmark can run
 * and EXPLAIN the very same statements. Each one is served by an index:
 *
 * - the reviewers: a GROUP BY over `ix_teams_liaison_status` (liaison_team_id, status,
 *   submitted_at) or `ix_teams_authority_status` (reviewer_region_code, status, submitted_at),
 *   read in key order from the last key of the previous page (keyset pagination), so a page
 *   costs the rows of its own reviewers and never a sort of the whole table;
 * - a reviewer's longest-waiting teams: the same index, equality on its first two columns,
 *   already in submitted_at order, stopped by LIMIT;
 * - the admins' e-mails of a page of reviewers: `uq_team_members` (team_id, …) or
 *   `ix_account_roles_region_role` (region_code, role), then accounts by primary key.
 */
/** A reviewer with pending teams, from the aggregate page. */
export interface DigestReviewer {
  /** the liaison team's id, or the region code of the registration authority */
  id: string;
  total: number;
  /** pending for more than REMIND_AFTER_DAYS */
  overdue: number;
}

export interface DigestTeam {
  id: string;
  name: string;
  regionCode: string;
  regionName: string | null;
  submittedAt: Date;
}

export interface DigestRobot {
  id: string;
  name: string | null;
  robotUrl: string | null;
  robotKind: RobotKind;
  /** the robot's own signing secret (DingTalk, Feishu), when it has one */
  robotSecret: string | null;
}

/** The group column of each kind of reviewer (T-1: a liaison team, or the registration authority of a region). */
const GROUP_COLUMN: Record<ReviewerKind, string> = {
  liaison_team: 'liaison_team_id',
  authority: 'reviewer_region_code',
};

export const REVIEW_DIGEST_SQL = {
  /** params: cutoff (overdue before), after (last key of the previous page, '' for the first), limit */
  reviewerPage: (kind: ReviewerKind): string => {
    const col = GROUP_COLUMN[kind];
    return (
      `SELECT ${col} AS id, COUNT(*) AS total, SUM(CASE WHEN submitted_at < ? THEN 1 ELSE 0 END) AS overdue ` +
      `FROM teams WHERE ${col} > ? AND status = 'pending' AND reviewer_kind = '${kind}' ` +
      `GROUP BY ${col} ORDER BY ${col} LIMIT ?`
    );
  },
  /** params: reviewer id, limit */
  oldestPending: (kind: ReviewerKind): string =>
    'SELECT t.id AS id, t.name AS name, t.region_code AS regionCode, r.name AS regionName, t.submitted_at AS submittedAt ' +
    'FROM teams t LEFT JOIN regions r ON r.code = t.region_code ' +
    `WHERE t.${GROUP_COLUMN[kind]} = ? AND t.status = 'pending' AND t.reviewer_kind = '${kind}' ` +
    'ORDER BY t.submitted_at, t.id LIMIT ?',
  /** params: the page's liaison team ids */
  liaisonAdminEmails: (n: number): string =>
    'SELECT m.team_id AS id, a.email AS email FROM team_members m JOIN accounts a ON a.id = m.account_id ' +
    `WHERE m.team_id IN (${marks(n)}) AND m.role = 'admin' AND a.email IS NOT NULL AND a.status = 'active'`,
  /** params: the page's region codes */
  authorityAdminEmails: (n: number): string =>
    'SELECT ar.region_code AS id, a.email AS email FROM account_roles ar JOIN accounts a ON a.id = ar.account_id ' +
    `WHERE ar.region_code IN (${marks(n)}) AND ar.role = 'regional_admin' AND a.email IS NOT NULL AND a.status = 'active'`,
  /** params: the page's liaison team ids */
  liaisonRobots: (n: number): string =>
    'SELECT id AS id, name AS name, robot_url AS robotUrl, robot_kind AS robotKind, robot_secret AS robotSecret ' +
    `FROM teams WHERE id IN (${marks(n)})`,
  /** params: the page's region codes */
  authorityRobots: (n: number): string =>
    'SELECT r.code AS id, COALESCE(ra.authority_name, r.name) AS name, ra.robot_url AS robotUrl, ra.robot_kind AS robotKind, ' +
    'ra.robot_secret AS robotSecret, ra.authority_name AS authorityName FROM regions r LEFT JOIN region_authorities ra ON ra.region_code = r.code ' +
    `WHERE r.code IN (${marks(n)})`,
  /** params: digest date, then the page's reviewer keys */
  alreadySent: (n: number): string =>
    `SELECT reviewer_key AS reviewerKey FROM digest_sends WHERE digest_date = ? AND reviewer_key IN (${marks(n)})`,
};

function marks(n: number): string {
  return new Array<string>(n).fill('?').join(', ');
}

/** Instants as both drivers compare them with a datetime(3) column: UTC `YYYY-MM-DD HH:MM:SS.mmm`. */
export function sqlInstant(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** mysql2 gives Date objects (timezone 'Z'); better-sqlite3 gives the stored UTC text. */
function readInstant(v: Date | string): Date {
  return v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`);
}

export const reviewDigestRepository = {
  async reviewerPage(
    em: EntityManager,
    kind: ReviewerKind,
    after: string,
    cutoff: Date,
    limit: number,
  ): Promise<DigestReviewer[]> {
    const rows = await em.query<Array<{ id: string; total: number | string; overdue: number | string | null }>>(
      REVIEW_DIGEST_SQL.reviewerPage(kind),
      [sqlInstant(cutoff), after, limit],
    );
    return rows.map((r) => ({ id: r.id, total: Number(r.total), overdue: Number(r.overdue ?? 0) }));
  },

  async oldestPending(em: EntityManager, kind: ReviewerKind, reviewerId: string, limit: number): Promise<DigestTeam[]> {
    const rows = await em.query<Array<Omit<DigestTeam, 'submittedAt'> & { submittedAt: Date | string }>>(
      REVIEW_DIGEST_SQL.oldestPending(kind),
      [reviewerId, limit],
    );
    return rows.map((r) => ({ ...r, submittedAt: readInstant(r.submittedAt) }));
  },

  /** E-mail addresses of the admins of each reviewer of a page (active accounts only). */
  async adminEmails(em: EntityManager, kind: ReviewerKind, ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!ids.length) return out;
    const sql =
      kind === 'liaison_team'
        ? REVIEW_DIGEST_SQL.liaisonAdminEmails(ids.length)
        : REVIEW_DIGEST_SQL.authorityAdminEmails(ids.length);
    for (const r of await em.query<Array<{ id: string; email: string }>>(sql, ids)) {
      const list = out.get(r.id) ?? [];
      if (!list.includes(r.email)) list.push(r.email);
      out.set(r.id, list);
    }
    for (const list of out.values()) list.sort();
    return out;
  },

  /** Each reviewer's name and group robot: the liaison team's own, or the registration authority's. */
  async robots(em: EntityManager, kind: ReviewerKind, ids: string[]): Promise<Map<string, DigestRobot>> {
    if (!ids.length) return new Map();
    const sql =
      kind === 'liaison_team'
        ? REVIEW_DIGEST_SQL.liaisonRobots(ids.length)
        : REVIEW_DIGEST_SQL.authorityRobots(ids.length);
    const rows = await em.query<Array<DigestRobot & { authorityName?: string | null }>>(sql, ids);
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          // an authority without its own row is named as the teams service names it
          name: kind === 'authority' && !r.authorityName && r.name ? `${r.name}民政局` : r.name,
          robotUrl: r.robotUrl || null,
          robotKind: r.robotKind ?? 'wecom',
          robotSecret: r.robotSecret || null,
        },
      ]),
    );
  },

  async alreadySent(em: EntityManager, date: string, keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows = await em.query<Array<{ reviewerKey: string }>>(REVIEW_DIGEST_SQL.alreadySent(keys.length), [
      date,
      ...keys,
    ]);
    return new Set(rows.map((r) => r.reviewerKey));
  },

  /** Throws a duplicate-key error when this reviewer's digest of that day exists (uq_digest_sends). */
  async insertSend(em: EntityManager, row: DigestSendRow): Promise<void> {
    await em.getRepository(DigestSend).insert(row);
  },
};
