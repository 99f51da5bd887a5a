import type { ImportJobDto, ImportRowError } from '@zhiyuan/shared';
import type { ImportJobRow } from '../../db/entities';

function storedErrors(json: string | null): ImportRowError[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as ImportRowError[]) : [];
  } catch {
    return [];
  }
}

/** An import job, field by field; `errorsShown` trims the listed errors (lists show a few). */
export function presentImportJob(row: ImportJobRow, errorsShown = Number.POSITIVE_INFINITY): ImportJobDto {
  return {
    id: row.id,
    fileName: row.fileName,
    status: row.status,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    importedRows: row.importedRows,
    conflictRows: row.conflictRows,
    errors: storedErrors(row.errors).slice(0, errorsShown),
    errorCount: row.errorCount,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
