/**
 * Files on the device, both runtimes: picking a photo, reading a picked file into bytes,
 * showing downloaded image bytes, and saving a downloaded file. The HTTP side stays in
 * `request.ts`; this module never talks to the bff.
 */
import Taro from '@tarojs/taro';
import { ERRORS } from '@zhiyuan/shared';

export interface PickedFile {
  name: string;
  size: number;
  data: ArrayBuffer;
  contentType: string;
}

/** A file-picking step that failed in a way the person should read (too large, wrong type). */
export class FileRejected extends Error {
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'FileRejected';
  }
}

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const XLSX_MAX_BYTES = 30 * 1024 * 1024;
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `image/png` or `image/jpeg` by the first bytes (the file name may say nothing in weapp). */
export function imageTypeOf(data: ArrayBuffer): 'image/png' | 'image/jpeg' | null {
  const b = new Uint8Array(data.slice(0, 4));
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  return null;
}

/** A browser File's bytes, also where `Blob.arrayBuffer` is missing (older browsers, jsdom). */
export function readBlob(file: Blob): Promise<ArrayBuffer> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsArrayBuffer(file);
  });
}

/** A picked file's bytes: weapp through the file system manager, H5 through its blob URL. */
export async function readLocalFile(path: string, file?: Blob): Promise<ArrayBuffer> {
  if (process.env.TARO_ENV === 'weapp') {
    return new Promise<ArrayBuffer>((resolve, reject) => {
      Taro.getFileSystemManager().readFile({
        filePath: path,
        success: (res) => resolve(res.data as ArrayBuffer),
        fail: (err) => reject(new Error(err.errMsg)),
      });
    });
  }
  if (file) return readBlob(file);
  const res = await fetch(path);
  return res.arrayBuffer();
}

/** True when the person closed the picker without choosing: not an error to show. */
export function isCancel(error: unknown): boolean {
  const msg = (error as { errMsg?: string } | null)?.errMsg ?? '';
  return /cancel/i.test(msg);
}

/** What a photo picker says when the file is of the wrong type or too large. */
export interface PhotoMessages {
  invalid: string;
  tooLarge: string;
}

/**
 * One photo, JPEG or PNG (sniffed from the bytes) of at most 5 MB. Resolves null when the
 * person cancels.
 */
export async function pickPhoto(messages: PhotoMessages): Promise<PickedFile | null> {
  let chosen: Taro.chooseImage.SuccessCallbackResult;
  try {
    chosen = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
  } catch (error) {
    if (isCancel(error)) return null;
    throw error;
  }
  const file = chosen.tempFiles[0];
  if (!file) return null;
  if (file.size > PHOTO_MAX_BYTES) throw new FileRejected(messages.tooLarge);
  const data = await readLocalFile(file.path, file.originalFileObj);
  const contentType = imageTypeOf(data);
  if (!contentType) throw new FileRejected(messages.invalid);
  if (data.byteLength > PHOTO_MAX_BYTES) throw new FileRejected(messages.tooLarge);
  return { name: file.originalFileObj?.name ?? 'photo', size: data.byteLength, data, contentType };
}

/** One photo of an identity document (V-5). */
export function pickDocumentPhoto(): Promise<PickedFile | null> {
  return pickPhoto({
    invalid: ERRORS['VERIFICATION.PHOTO_INVALID'].message,
    tooLarge: ERRORS['VERIFICATION.PHOTO_TOO_LARGE'].message,
  });
}

/** The registration certificate of a registered organization (T-1), with the bff's wording. */
export function pickCertificatePhoto(): Promise<PickedFile | null> {
  return pickPhoto({ invalid: '请上传 JPG 或 PNG 格式的登记证书照片', tooLarge: '登记证书照片不能超过 5 MB' });
}

/** A spreadsheet from a chat (weapp only: `chooseMessageFile`). Null when cancelled. */
export async function pickSpreadsheetFromChat(): Promise<PickedFile | null> {
  let chosen: Taro.chooseMessageFile.SuccessCallbackResult;
  try {
    chosen = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
  } catch (error) {
    if (isCancel(error)) return null;
    throw error;
  }
  const file = chosen.tempFiles[0];
  if (!file) return null;
  return checkSpreadsheet({ name: file.name, size: file.size, read: () => readLocalFile(file.path) });
}

/** Size and extension first, so a 200 MB file is refused before it is read. */
export async function checkSpreadsheet(file: {
  name: string;
  size: number;
  read: () => Promise<ArrayBuffer>;
}): Promise<PickedFile> {
  if (!/\.xlsx$/i.test(file.name)) throw new FileRejected(ERRORS['IMPORT.FILE_INVALID'].message);
  if (file.size > XLSX_MAX_BYTES) throw new FileRejected('导入的表格不能超过 30 MB');
  const data = await file.read();
  return { name: file.name, size: data.byteLength, data, contentType: XLSX_TYPE };
}

/**
 * Image bytes as something an `<Image src>` shows: a blob URL in H5 (revoke it with
 * `releaseImageSrc`), a base64 data URL in weapp.
 */
export function imageSrcOf(data: ArrayBuffer, contentType: string): string {
  if (process.env.TARO_ENV === 'h5' || process.env.TARO_ENV === undefined) {
    return URL.createObjectURL(new Blob([data], { type: contentType }));
  }
  return `data:${contentType};base64,${Taro.arrayBufferToBase64(data)}`;
}

export function releaseImageSrc(src: string | null): void {
  if (src?.startsWith('blob:')) URL.revokeObjectURL(src);
}

/** H5: hands the bytes to the browser as a download named `fileName`. */
export function downloadInBrowser(data: ArrayBuffer, contentType: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([data], { type: contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  document.body.removeChild(a);
  // give the browser time to start the download before the URL goes
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** weapp: writes the bytes to the user data folder and opens the document (xlsx, pdf…). */
export async function openInWeapp(data: ArrayBuffer, fileName: string, fileType: 'xlsx' | 'pdf'): Promise<void> {
  const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`;
  await new Promise<void>((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({
      filePath,
      data,
      success: () => resolve(),
      fail: (err) => reject(new Error(err.errMsg)),
    });
  });
  await Taro.openDocument({ filePath, fileType, showMenu: true });
}
