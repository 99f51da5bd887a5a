/**
 * The one error vocabulary of the product: a stable code, the HTTP status it maps to at
 * the edge, and the Chinese message a person sees (wording from the public FAQ where it
 * quotes one). Services throw `DomainError`; the bff's error boundary turns it into
 * `{ error: { code, message, details, requestId } }`.
 */
export const ERRORS = {
  // generic request errors
  'REQUEST.INVALID': { status: 400, message: '提交的内容有误，请检查后重试' },
  'REQUEST.MALFORMED_JSON': { status: 400, message: '请求内容不是有效的 JSON' },
  'REQUEST.TOO_LARGE': { status: 413, message: '提交的内容过大' },
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': { status: 415, message: '不支持的内容类型' },
  'REQUEST.NOT_FOUND': { status: 404, message: '请求的地址不存在' },
  'REQUEST.METHOD_NOT_ALLOWED': { status: 405, message: '不支持该请求方法' },
  'REQUEST.TOO_MANY': { status: 429, message: '操作过于频繁，请稍后再试' },
  'INTERNAL.ERROR': { status: 500, message: '系统繁忙，请稍后再试' },
  'INTERNAL.UNAVAILABLE': { status: 503, message: '服务暂时不可用，请稍后再试' },

  // authentication and permission
  'AUTH.REQUIRED': { status: 401, message: '请先登录' },
  'AUTH.TOKEN_INVALID': { status: 401, message: '登录状态无效，请重新登录' },
  'AUTH.TOKEN_EXPIRED': { status: 401, message: '登录已过期，请重新登录' },
  'AUTH.BAD_CREDENTIALS': { status: 401, message: '用户名或密码错误' },
  'AUTH.ACCOUNT_FROZEN': { status: 403, message: '该账号已被冻结，请联系所在地区管理员' },
  'AUTH.TOO_MANY_ATTEMPTS': { status: 429, message: '密码错误次数过多，请稍后再试' },
  'AUTH.FORBIDDEN': { status: 403, message: '没有权限进行此操作' },
  'AUTH.INTERNAL_SECRET': { status: 401, message: '内部接口凭据无效' },
  'AUTH.WECHAT_FAILED': { status: 502, message: '微信登录失败，请稍后再试' },
  'AUTH.WECHAT_CODE_INVALID': { status: 401, message: '微信登录凭证无效或已过期，请重新登录' },
  'AUTH.WECHAT_NOT_BOUND': { status: 404, message: '该微信尚未绑定账号，请先注册或使用用户名登录' },

  // accounts
  'ACCOUNT.USERNAME_TAKEN': { status: 409, message: '该用户名已被使用，请换一个' },
  'ACCOUNT.EMAIL_TAKEN': { status: 409, message: '该电子邮箱已被其他账号使用' },
  'ACCOUNT.MOBILE_TAKEN': { status: 409, message: '该手机号码已被其他账号使用' },
  'ACCOUNT.CONTACT_REQUIRED': { status: 400, message: '请填写手机号码或电子邮箱' },
  'ACCOUNT.NOT_FOUND': { status: 404, message: '账号不存在' },

  // regions
  'REGION.NOT_FOUND': { status: 404, message: '地区不存在' },
  'REGION.INVALID_CODE': { status: 400, message: '地区代码应为 6 位数字' },

  // volunteers (V-1 … V-9); the wording of V-2, V-3 and V-4 is the national system's
  'VOLUNTEER.DOCUMENT_INVALID': { status: 400, message: '证件号码不正确，请核对' },
  'VOLUNTEER.ALREADY_REGISTERED': {
    status: 409,
    message: '使用该证件号码的志愿者已经注册过',
  },
  'VOLUNTEER.IMPORTED_NAME_MISMATCH': {
    status: 409,
    message: '使用该证件号码的志愿者数据已经被导入，请输入正确的姓名进行注册以激活数据！',
  },
  'VOLUNTEER.IDENTITY_CONFLICT': { status: 409, message: '身份证件信息验证异常' },
  'VOLUNTEER.GUARDIAN_REQUIRED': {
    status: 400,
    message: '未满 18 周岁的志愿者注册，须填写监护人姓名、电话并经监护人同意',
  },
  'VOLUNTEER.NOT_FOUND': { status: 404, message: '志愿者不存在' },
  'VOLUNTEER.NOT_A_VOLUNTEER': { status: 404, message: '您还没有进行志愿者实名注册' },
  'VOLUNTEER.NOT_VERIFIED': { status: 403, message: '通过实名认证后才能使用志愿者卡' },
  'VOLUNTEER.NAME_LOCKED': { status: 409, message: '已通过实名认证，不能修改姓名' },
  'VOLUNTEER.FROZEN': { status: 403, message: '该志愿者账号已被冻结' },
  'VERIFICATION.NOT_ALLOWED': { status: 409, message: '当前认证状态下不能进行此操作' },
  'VERIFICATION.PHOTO_INVALID': { status: 400, message: '请上传 JPG 或 PNG 格式的证件照片' },
  'VERIFICATION.PHOTO_TOO_LARGE': { status: 413, message: '证件照片不能超过 5 MB' },
  'VERIFICATION.PHOTO_MISSING': { status: 404, message: '没有证件照片' },
  'CARD.TOKEN_INVALID': { status: 400, message: '无效的志愿者卡二维码' },
  'CARD.TOKEN_EXPIRED': { status: 400, message: '二维码已过期，请志愿者刷新志愿者卡后重新出示' },
  'RESET.CODE_INVALID': { status: 400, message: '验证码错误或已过期，请重新获取' },
  'RESET.TOO_MANY': { status: 429, message: '验证码错误次数过多，请重新获取' },
  'IMPORT.FILE_INVALID': { status: 400, message: '请上传 .xlsx 格式的表格（可下载导入模板）' },
  'IMPORT.NOT_FOUND': { status: 404, message: '导入任务不存在' },
  'IMPORT.FILE_TOO_LARGE': { status: 413, message: '导入文件不能超过 30 MB，请分成多个文件导入' },
  'IMPORT.UNSUPPORTED_MEDIA_TYPE': { status: 415, message: '请以 .xlsx 表格文件的形式上传' },
  'MERGE.INVALID': { status: 400, message: '只能合并证件号码相同的记录' },

  // teams (T-1 … T-8)
  'TEAM.NAME_IS_UNIT_NAME': {
    status: 400,
    message: '不要使用XX公司、XX学校直接作为志愿团体名称，请填写「单位名称＋志愿服务队」',
  },
  'TEAM.NAME_FORMAT': { status: 400, message: '团体名称请规范填写，如：XX志愿服务队' },
  'TEAM.NAME_TAKEN': { status: 409, message: '本地区已有同名的志愿团体' },
  'TEAM.CREDIT_CODE_INVALID': { status: 400, message: '统一社会信用代码不正确，请核对' },
  'TEAM.CERTIFICATE_REQUIRED': { status: 400, message: '请上传登记证书照片' },
  'TEAM.LIAISON_NOT_AUTHORIZED': {
    status: 400,
    message: '所选团体未获授权开展下一级团体注册，不能作为联络团体。请该团体联系所在地区管理员进行授权',
  },
  'TEAM.LIAISON_TOO_FAR': {
    status: 400,
    message: '请选择本地区或上一级地区的联络团体，不要跨地市、跨级选择联络团体',
  },
  'TEAM.NOT_FOUND': { status: 404, message: '志愿团体不存在' },
  'TEAM.NOT_APPROVED': { status: 409, message: '志愿团体审核通过后才能进行此操作' },
  'TEAM.NOT_PENDING': { status: 409, message: '该志愿团体不在待审核状态' },
  'TEAM.REMIND_TOO_EARLY': { status: 409, message: '提交审核超过 4 天后才能提醒审核' },
  'TEAM.REMIND_TOO_OFTEN': { status: 429, message: '每天只能提醒审核一次，请明天再试' },
  'TEAM.JOIN_CLOSED': { status: 403, message: '该志愿团体拒绝任何人加入' },
  'TEAM.ALREADY_MEMBER': { status: 409, message: '您已经是该志愿团体的成员' },
  'TEAM.REQUEST_PENDING': { status: 409, message: '已提交加入申请，请等待团体管理员审核' },
  'TEAM.NOT_MEMBER': { status: 404, message: '该志愿者不是本团体成员' },
  'TEAM.LAST_ADMIN': { status: 409, message: '团体至少需要一名管理员，请先指定其他管理员' },
  'TEAM.VOLUNTEER_REQUIRED': { status: 403, message: '请先完成志愿者实名注册' },
  'TEAM.INVITEE_NOT_FOUND': { status: 404, message: '没有找到该志愿者，请核对志愿者编号或证件号码' },
  'TEAM.REQUEST_NOT_FOUND': { status: 404, message: '申请不存在或已处理' },
  'UNIT.NOT_FOUND': { status: 404, message: '单位不存在' },
  'TEAM.INVITEE_NOT_ACTIVATED': {
    status: 409,
    message: '该志愿者的数据已导入，但本人尚未注册激活，暂不能邀请。请其先使用该证件号码完成注册',
  },
  'UNIT.NAME_TAKEN': { status: 409, message: '本地区已有同名的单位' },

  // internal endpoints (bot)
  'OUTBOX.NOT_LEASED': { status: 409, message: '该消息的租约已失效' },
  'JOB.UNKNOWN': { status: 404, message: '没有这个定时任务' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorDetail {
  /** dotted path of the offending field, e.g. `password` or `contact.email` */
  path: string;
  /** Chinese message for that field */
  message: string;
}

/** The JSON body of every error reply. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: ErrorDetail[];
    /** what the person can do next, when there is something to say */
    hint?: string;
    requestId?: string;
  };
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: ErrorDetail[];
  readonly hint?: string;
  constructor(code: ErrorCode, options: { message?: string; details?: ErrorDetail[]; hint?: string } = {}) {
    super(options.message ?? ERRORS[code].message);
    this.name = 'DomainError';
    this.code = code;
    this.status = ERRORS[code].status;
    if (options.details) this.details = options.details;
    if (options.hint) this.hint = options.hint;
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    'error' in value &&
    typeof (value as ErrorBody).error?.code === 'string'
  );
}
