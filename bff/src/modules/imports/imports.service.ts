import {
  dateInZone,
  DomainError,
  IMPORT_COLUMNS,
  PAGE_SIZE_DEFAULT,
  type ImportJobDto,
  type ImportRowError,
  type Page,
} from '@zhiyuan/shared';
import type { AppDeps } from '../../deps';
import type { ImportJobRow, VolunteerRow } from '../../db/entities';
import { newId } from '../../ids';
import { adminScopes, assert, canActInRegion, isAnyAdmin, isSystemAdmin } from '../../policy';
import type { AuthContext } from '../accounts/tokens';
import { regionsRepository } from '../regions/regions.repository';
import {
  checkHeader,
  checkRow,
  duplicateError,
  IMPORT_LIMITS,
  isBlankRow,
  type PreparedRow,
  type RowContext,
} from './import-rows';
import { importsRepository as imports } from './imports.repository';
import { presentImportJob } from './imports.presenter';
import { importTemplate } from './template';
import { sheetRows, sniffXlsx, XlsxReadError } from './xlsx';

/** Uploads waiting or running in one process; more are turned away until one ends. */
const MAX_PENDING_JOBS = 3;
/** A job still "running" this long after its upload, and not running here, died with its process. */
const STALE_AFTER_MS = 30 * 60 * 1000;
/** Errors shown per job in lists; the job itself shows all it kept. */
const ERRORS_IN_LIST = 10;

const SYSTEM_FAILURE = '导入时发生系统错误，没有写入任何数据，请稍后重新导入';
const INTERRUPTED = '导入因服务重启而中断，没有写入任何数据，请重新导入';

/** The first refused cells, as many as the job row keeps, and the count of all of them. */
class ErrorList {
  readonly kept: ImportRowError[] = [];
  count = 0;
  private bytes = 2;
  private full = false;

  add(...errors: ImportRowError[]): void {
    for (const e of errors) {
      this.count += 1;
      if (this.full) continue;
      const size = Buffer.byteLength(JSON.stringify(e)) + 1;
      if (this.kept.length >= IMPORT_LIMITS.storedErrors || this.bytes + size > IMPORT_LIMITS.storedErrorBytes) {
        this.full = true;
        continue;
      }
      this.kept.push(e);
      this.bytes += size;
    }
  }

  json(): string {
    return JSON.stringify(this.kept);
  }
}

/**
 * Progress written while the sheet is read, without holding the reading up: one write at a
 * time, and a count that arrives while one is under way waits for the next turn (the last wins).
 */
class Progress {
  private inFlight: Promise<void> | null = null;
  private next: number | null = null;

  constructor(
    private readonly write: (processedRows: number) => Promise<void>,
    private readonly logger: AppDeps['logger'],
  ) {}

  report(processedRows: number): void {
    if (this.inFlight) {
      this.next = processedRows;
      return;
    }
    this.inFlight = this.write(processedRows)
      .catch((err: unknown) => this.logger.warn({ err }, 'import progress not written'))
      .finally(() => {
        this.inFlight = null;
        const queued = this.next;
        this.next = null;
        if (queued !== null) this.report(queued);
      });
  }

  /** Waits for the writes under way, so that no progress lands after the final state. */
  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }
}

interface Checked {
  rows: PreparedRow[];
  total: number;
  errors: ErrorList;
}

/**
 * Import of volunteers from a spreadsheet (A-5, V-3, V-4, H-7). The upload is checked to
 * be an .xlsx and answered at once (202); the work goes on in this process, one job at a
 * time: every row is checked first, streaming the sheet; if any row is refused nothing is
 * written; otherwise all rows are written in one transaction, in multi-row INSERTs.
 */
export class ImportsService {
  private readonly queue: Array<() => Promise<void>> = [];
  /** jobs queued or running in this process */
  private readonly owned = new Set<string>();
  private draining: Promise<void> | null = null;

  constructor(private readonly deps: AppDeps) {}

  /** The template of A-5: header row, an example row, and the instructions sheet. */
  async template(auth: AuthContext): Promise<Buffer> {
    assert(isAnyAdmin(auth));
    return importTemplate();
  }

  /**
   * Accepts an upload: `readFile` is called only once the caller may import, so a stranger's
   * 30 MB are never read. Answers the queued job; the import runs in the background.
   */
  async start(auth: AuthContext, fileName: string, readFile: () => Promise<Buffer>): Promise<ImportJobDto> {
    assert(isAnyAdmin(auth));
    if (this.owned.size >= MAX_PENDING_JOBS) {
      throw new DomainError('REQUEST.TOO_MANY', { message: '正在进行的导入任务较多，请等当前任务完成后再上传' });
    }
    const data = await readFile();
    const sniff = sniffXlsx(data);
    if (!sniff.ok) throw new DomainError('IMPORT.FILE_INVALID', { message: sniff.message });

    const { db, clock } = this.deps;
    const job: ImportJobRow = {
      id: newId(),
      actorId: auth.accountId,
      // the region the job belongs to, for the lists of that region's admins
      regionCode: adminScopes(auth)?.[0] ?? null,
      fileName,
      status: 'queued',
      totalRows: null,
      processedRows: 0,
      importedRows: 0,
      conflictRows: 0,
      errorCount: 0,
      errors: null,
      createdAt: clock.now(),
      finishedAt: null,
    };
    await imports.insertJob(db.manager, job);
    this.enqueue(job.id, () => this.run(job, auth, data));
    return presentImportJob(job);
  }

  async get(auth: AuthContext, id: string): Promise<ImportJobDto> {
    assert(isAnyAdmin(auth));
    const row = await imports.findJob(this.deps.db.manager, id);
    if (!row || !this.canSee(auth, row)) throw new DomainError('IMPORT.NOT_FOUND');
    return presentImportJob(await this.settleStale(row));
  }

  async list(auth: AuthContext, page: number, pageSize = PAGE_SIZE_DEFAULT): Promise<Page<ImportJobDto>> {
    assert(isAnyAdmin(auth));
    const [rows, total] = await imports.pageJobs(
      this.deps.db.manager,
      auth.accountId,
      adminScopes(auth),
      (page - 1) * pageSize,
      pageSize,
    );
    const items: ImportJobDto[] = [];
    for (const row of rows) items.push(presentImportJob(await this.settleStale(row), ERRORS_IN_LIST));
    return { items, total, page, pageSize };
  }

  /** Resolves when no job is queued or running in this process (tests, shutdown). */
  idle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private canSee(auth: AuthContext, row: ImportJobRow): boolean {
    return (
      isSystemAdmin(auth) ||
      row.actorId === auth.accountId ||
      (!!row.regionCode && canActInRegion(auth, row.regionCode))
    );
  }

  /** A job left queued or running by a process that stopped is failed when next looked at. */
  private async settleStale(row: ImportJobRow): Promise<ImportJobRow> {
    const { db, clock } = this.deps;
    const unfinished = row.status === 'queued' || row.status === 'running';
    if (!unfinished || this.owned.has(row.id) || clock.now().getTime() - row.createdAt.getTime() < STALE_AFTER_MS)
      return row;
    const change = {
      errors: JSON.stringify([{ row: 0, column: null, message: INTERRUPTED }]),
      errorCount: 1,
      finishedAt: clock.now(),
    };
    if (await imports.failIfUnfinished(db.manager, row.id, change)) return { ...row, ...change, status: 'failed' };
    return (await imports.findJob(db.manager, row.id)) ?? row;
  }

  private enqueue(jobId: string, task: () => Promise<void>): void {
    this.owned.add(jobId);
    this.queue.push(async () => {
      try {
        await task();
      } finally {
        this.owned.delete(jobId);
      }
    });
    this.draining ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        for (let next = this.queue.shift(); next; next = this.queue.shift()) await next();
      })
      .finally(() => {
        this.draining = null;
      });
  }

  /** One job, start to end; never throws (a failure is written to the job and logged). */
  private async run(job: ImportJobRow, auth: AuthContext, data: Buffer): Promise<void> {
    const { db, logger, clock } = this.deps;
    const started = Date.now();
    try {
      await imports.updateJob(db.manager, job.id, { status: 'running' });
      const checked = await this.check(job, auth, data);
      if (checked.errors.count > 0) {
        const change = {
          status: 'failed' as const,
          totalRows: checked.total,
          processedRows: checked.total,
          errorCount: checked.errors.count,
          errors: checked.errors.json(),
          finishedAt: clock.now(),
        };
        await imports.updateJob(db.manager, job.id, change);
        await this.audit(db.manager, job, auth, {
          status: 'failed',
          rows: checked.total,
          errorCount: checked.errors.count,
        });
      } else {
        await this.write(job, auth, checked);
      }
      logger.info(
        { jobId: job.id, rows: checked.total, errors: checked.errors.count, ms: Date.now() - started },
        'volunteer import finished',
      );
    } catch (err) {
      logger.error({ err, jobId: job.id }, 'volunteer import failed');
      try {
        const reason = err instanceof XlsxReadError ? err.message : SYSTEM_FAILURE;
        await imports.failIfUnfinished(db.manager, job.id, {
          errors: JSON.stringify([{ row: 0, column: null, message: reason }]),
          errorCount: 1,
          finishedAt: clock.now(),
        });
        await this.audit(db.manager, job, auth, { status: 'failed', reason });
      } catch (again) {
        logger.error({ err: again, jobId: job.id }, 'could not record the failure of an import');
      }
    }
  }

  /**
   * Every row is checked, streaming the sheet: the header, each row's cells (V-1 for
   * documents, with today in the configured zone), regions against the table and the admin's
   * scope, and documents seen twice in the file. Rows are kept, ready to write, only while
   * none was refused.
   */
  private async check(job: ImportJobRow, auth: AuthContext, data: Buffer): Promise<Checked> {
    const { db, clock, config, personalData } = this.deps;
    const regions = new Set(await regionsRepository.allCodes(db.manager));
    const ctx: RowContext = {
      today: dateInZone(clock.now(), config.timeZone),
      regionExists: (code) => regions.has(code),
      inScope: (code) => canActInRegion(auth, code),
      documentHash: (type, number) => personalData.documentHash(type, number),
    };
    const progress = new Progress(
      (processedRows) => imports.updateJob(db.manager, job.id, { processedRows }),
      this.deps.logger,
    );
    const errors = new ErrorList();
    const firstRowOf = new Map<string, number>();
    let rows: PreparedRow[] = [];
    let total = 0;
    let header = false;
    let headerBroken = false;
    let firstOverLimit = 0;

    // the sheet is read to its end even when the result is already known, so that the
    // reader releases its temporary files; a file is at most 30 MB
    for await (const r of sheetRows(data, IMPORT_COLUMNS.length)) {
      if (!header) {
        header = true;
        const problems = checkHeader(r);
        if (problems.length) {
          errors.add(...problems);
          headerBroken = true;
        }
        if (r.number === 1 || headerBroken) continue;
      }
      if (headerBroken || isBlankRow(r.cells)) continue;
      total += 1;
      if (total > IMPORT_LIMITS.maxRows) {
        firstOverLimit ||= r.number;
        continue;
      }
      const result = checkRow(r, ctx);
      const hash = result.ok ? result.row.hash : result.hash;
      if (!result.ok) errors.add(...result.errors);
      if (hash !== null) {
        const first = firstRowOf.get(hash);
        if (first === undefined) firstRowOf.set(hash, r.number);
        else errors.add(duplicateError(r.number, first));
      }
      if (errors.count === 0 && result.ok) rows.push(result.row);
      else if (rows.length) rows = []; // nothing will be written: let them go
      if (total % IMPORT_LIMITS.progressEvery === 0) progress.report(total);
    }
    await progress.settled();

    if (!header) errors.add({ row: 1, column: null, message: '表格是空的，请按导入模板填写' });
    else if (!headerBroken && total === 0)
      errors.add({ row: 2, column: null, message: '表格中没有要导入的志愿者（从第 2 行开始填写）' });
    if (firstOverLimit) {
      errors.add({
        row: firstOverLimit,
        column: null,
        message: `一个文件最多导入 ${IMPORT_LIMITS.maxRows} 行，本文件有 ${total} 行，请分成多个文件导入`,
      });
    }
    await imports.updateJob(db.manager, job.id, { processedRows: total, totalRows: total });
    return { rows, total, errors };
  }

  /**
   * All rows in one transaction (A-5: nothing half-imported; a crash leaves no rows), 500 per
   * INSERT. A document already on a live record is imported all the same and counted as a
   * conflict for the regional admin to merge (V-4): nothing is merged silently.
   */
  private async write(job: ImportJobRow, auth: AuthContext, checked: Checked): Promise<void> {
    const { db, clock, personalData } = this.deps;
    const { rows, total } = checked;
    const now = clock.now();
    // On SQLite (one connection) nothing below waits on anything but the database, which
    // answers synchronously: no other request's statements can slip into this transaction.
    await db.transaction(async (em) => {
      let conflicts = 0;
      for (let i = 0; i < rows.length; i += IMPORT_LIMITS.batchRows) {
        const batch = rows.slice(i, i + IMPORT_LIMITS.batchRows);
        const existing = await imports.liveDocumentHashes(
          em,
          batch.map((r) => r.hash),
        );
        const records: VolunteerRow[] = batch.map((r) => {
          if (existing.has(r.hash)) conflicts += 1;
          return {
            id: newId(),
            accountId: null,
            realName: r.realName,
            documentType: r.documentType,
            documentNumberEnc: personalData.encrypt(r.number),
            documentHash: r.hash,
            gender: r.gender,
            birthDate: r.birthDate,
            regionCode: r.regionCode,
            address: null,
            mobile: r.mobile,
            email: r.email,
            skills: '[]',
            serviceCategories: '[]',
            guardianName: null,
            guardianMobile: null,
            consentAt: null,
            volunteerNumber: null,
            verificationState: 'unverified',
            verificationReason: null,
            verificationUpdatedAt: now,
            photoKey: null,
            source: 'imported',
            importJobId: job.id,
            importedTeamName: r.teamName,
            importedMinutes: r.minutes,
            mergedInto: null,
            unitId: null,
            createdAt: now,
            updatedAt: now,
          };
        });
        await imports.insertVolunteers(em, records);
      }
      await imports.updateJob(em, job.id, {
        status: 'succeeded',
        totalRows: total,
        processedRows: total,
        importedRows: rows.length,
        conflictRows: conflicts,
        errorCount: 0,
        errors: null,
        finishedAt: clock.now(),
      });
      await this.audit(em, job, auth, { status: 'succeeded', rows: rows.length, conflictRows: conflicts });
    });
  }

  private async audit(
    em: Parameters<typeof imports.audit>[0],
    job: ImportJobRow,
    auth: AuthContext,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await imports.audit(em, {
      id: newId(),
      actorId: auth.accountId,
      action: 'volunteers.import',
      targetType: 'import_job',
      targetId: job.id,
      detail: JSON.stringify({ fileName: job.fileName, ...detail }),
      createdAt: this.deps.clock.now(),
    });
  }
}
