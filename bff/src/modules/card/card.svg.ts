/*
 * The printable volunteer card (V-8, 志愿服务证) as an SVG image: the size of a bank card
 * (85.6 × 54 mm), a red header band, the holder's name, volunteer number and total hours,
 * and the QR code drawn as a vector path so it prints sharp. Pure: text in, text out.
 */

export interface CardSvgInput {
  realName: string;
  volunteerNumber: string;
  totalMinutes: number;
  starLevel: number;
  /** `qrcode.toString(token, { type: 'svg', margin: 0 })` */
  qrSvg: string;
  /** local time (HH:mm) before which the printed QR code is accepted */
  qrValidBefore: string;
  /** YYYY-MM-DD in the configured zone */
  issuedOn: string;
  issuer: string;
}

const W = 856;
const H = 540;
const RED = '#c8102e';
const FONT = "'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC',sans-serif";
const MONO = "'SFMono-Regular',Menlo,Consolas,'Liberation Mono',monospace";

/** Text for XML character data and attribute values; characters XML 1.0 forbids are dropped. */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** The module count and the dark-module path of qrcode's SVG output (drawn with a 1-unit stroke). */
export function qrPath(svg: string): { size: number; d: string } {
  const size = /viewBox="0 0 (\d+) \1"/.exec(svg)?.[1];
  const d = /<path[^>]*\bstroke="[^"]*"[^>]*\bd="([^"]+)"/.exec(svg)?.[1];
  // only path commands and numbers: nothing of the library's output is inlined unchecked
  if (!size || !d || !/^[MmHhVvLlZz0-9.\s-]+$/.test(d)) throw new Error('unexpected QR code SVG');
  return { size: Number(size), d };
}

/** 12 小时 30 分钟: hours are recorded to the minute (H-3), so the card shows minutes too. */
export function formatMinutes(total: number): string {
  const minutes = Math.max(0, Math.round(total));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} 小时 ${m} 分钟` : `${h} 小时`;
}

function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** Rough width in em: CJK and full-width characters are 1 em, others about 0.6 em. */
function emWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/u.test(ch) ? 1 : 0.6;
  return w;
}

/** A name fits the left column: smaller type for long names, squeezed as a last resort. */
function nameText(name: string, x: number, y: number, maxWidth: number): string {
  const em = Math.max(emWidth(name), 1);
  const size = Math.max(22, Math.min(44, Math.floor(maxWidth / em)));
  const squeeze = em * size > maxWidth ? ` textLength="${maxWidth}" lengthAdjust="spacingAndGlyphs"` : '';
  return `<text x="${x}" y="${y}" font-size="${size}" font-weight="700" fill="#1f1f1f"${squeeze}>${escapeXml(name)}</text>`;
}

export function renderCardSvg(input: CardSvgInput): string {
  const qr = qrPath(input.qrSvg);
  const qrBox = { x: 560, y: 140, size: 256 };
  // a quiet zone of two modules round the code, inside its white box
  const scale = qrBox.size / (qr.size + 4);
  const qrOrigin = { x: qrBox.x + 2 * scale, y: qrBox.y + 2 * scale };
  const left = 48;
  const stars = input.starLevel > 0 ? '★'.repeat(Math.min(5, input.starLevel)) : '';
  const cx = qrBox.x + qrBox.size / 2;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="85.6mm" height="54mm" viewBox="0 0 ${W} ${H}" font-family="${FONT}" role="img" aria-label="志愿服务证">`,
    `<title>志愿服务证 ${escapeXml(input.realName)}</title>`,
    `<defs><clipPath id="card-edge"><rect width="${W}" height="${H}" rx="32" ry="32"/></clipPath></defs>`,
    `<g clip-path="url(#card-edge)">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<rect width="${W}" height="112" fill="${RED}"/>`,
    `<rect y="112" width="${W}" height="6" fill="#f4c542"/>`,
    `<rect y="${H - 64}" width="${W}" height="64" fill="#faf5f5"/>`,
    `</g>`,
    `<rect x="1" y="1" width="${W - 2}" height="${H - 2}" rx="31" ry="31" fill="none" stroke="#d6d6d6" stroke-width="2"/>`,
    // header band
    `<text x="${left}" y="74" font-size="50" font-weight="700" letter-spacing="10" fill="#ffffff">志愿服务证</text>`,
    `<text x="${W - left}" y="70" text-anchor="end" font-size="18" letter-spacing="3" fill="#ffffff" fill-opacity="0.85">VOLUNTEER SERVICE CARD</text>`,
    // holder
    `<text x="${left}" y="172" font-size="20" fill="#777777">姓名</text>`,
    nameText(input.realName, left, 222, 480),
    `<text x="${left}" y="272" font-size="20" fill="#777777">志愿者编号</text>`,
    `<text x="${left}" y="310" font-size="32" font-family="${MONO}" letter-spacing="2" fill="#1f1f1f">${escapeXml(input.volunteerNumber)}</text>`,
    `<text x="${left}" y="360" font-size="20" fill="#777777">累计服务时长</text>`,
    `<text x="${left}" y="398" font-size="30" fill="#1f1f1f">${escapeXml(formatMinutes(input.totalMinutes))}</text>`,
    stars
      ? `<text x="${left}" y="444" font-size="28" fill="${RED}" letter-spacing="4">${stars}<tspan font-size="18" fill="#777777" letter-spacing="0" dx="8">星级志愿者</tspan></text>`
      : '',
    // QR code, drawn in module units and scaled into its white box
    `<rect x="${qrBox.x}" y="${qrBox.y}" width="${qrBox.size}" height="${qrBox.size}" rx="8" ry="8" fill="#ffffff" stroke="#e2e2e2" stroke-width="2"/>`,
    `<g transform="translate(${qrOrigin.x.toFixed(2)} ${qrOrigin.y.toFixed(2)}) scale(${scale.toFixed(4)})" shape-rendering="crispEdges">`,
    `<path fill="none" stroke="#000000" stroke-width="1" d="${escapeXml(qr.d)}"/>`,
    `</g>`,
    `<text x="${cx}" y="${qrBox.y + qrBox.size + 26}" text-anchor="middle" font-size="16" fill="#777777">二维码 ${escapeXml(input.qrValidBefore)} 前有效</text>`,
    `<text x="${cx}" y="${qrBox.y + qrBox.size + 48}" text-anchor="middle" font-size="16" fill="#777777">签到签退请出示手机上的志愿者卡</text>`,
    // issued by, and when
    `<text x="${left}" y="${H - 24}" font-size="22" font-weight="700" fill="${RED}">${escapeXml(input.issuer)}</text>`,
    `<text x="${W - left}" y="${H - 24}" text-anchor="end" font-size="18" fill="#555555">发证日期：${escapeXml(formatDate(input.issuedOn))}</text>`,
    `</svg>`,
  ]
    .filter(Boolean)
    .join('\n');
}
