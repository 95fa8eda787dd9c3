/**
 * Server-rendered pages. Every piece of data passes through `escapeHtml` (claims are untrusted
 * text); the only markup we add around it is `<mark>` for spans we computed ourselves. Ids
 * (topics, source kinds, roles, actions) are shown by their labels from ./labels.ts.
 */
import { escapeHtml, highlightHtml } from '../classifiers/text/highlight.js';
import { SOURCE_KINDS, type Flag, type SourceKind, type Span } from '../core/contracts.js';
import type { SentenceHit } from './sentence-search.js';
import { type DetailedMatch } from '../classifiers/matching/index.js';
import type { Session } from './auth.js';
import { can } from './auth.js';
import { TIME_ZONE } from './time.js';
import { actionLabel, integrationLabel, roleLabel, sourceKindLabel, topicLabel, topicOptions, type Lang } from './labels.js';
import type { NarrativeView, QueueFilters, QueueItem } from './queue.js';
import {
  stanceOn,
  type AnsweredClaim,
  type StatementHit,
  type StatementQuery,
  type StatementSummary,
  type StatementView,
} from './statements.js';
import type { NewlyAnswered } from './answers.js';
import { queueHref, queueSearch, TREND_DAYS, type InvalidParameter } from './filters.js';
import { SPIKE_RULE_TEXT, type Series, type TrendsReport } from './trends.js';
import { shortcutsHelp } from './shortcuts.js';
import { viewHref, type AlertResult, type ViewPage } from './views.js';
import {
  INTEGRATION_ROLE,
  MIN_PASSWORD_CHARS,
  REVIEW_STATUSES,
  Role,
  ROLES,
  VERDICTS,
  MAX_VIEWS,
  type ApiTokenView,
  type ReviewEntry,
  type SavedView,
  type ReviewState,
  type UserRecord,
} from './store.js';

export type { Lang } from './labels.js';

/** What the navigation bar counts for a signed-in user. */
export interface NavCounts {
  /** Claims they reviewed or were assigned that an official statement has answered since. */
  answered: number;
  /** New flags across their alerts. */
  alerts: number;
}

/** A session as the pages see it: with its navigation counts, when the route read them. */
export type Viewer = Session & { nav?: Partial<NavCounts> };

/** The longest name a saved view takes. */
export const MAX_VIEW_NAME = 80;

const TEXT = {
  vi: {
    login: 'Đăng nhập',
    user: 'Tên đăng nhập',
    password: 'Mật khẩu',
    logout: 'Đăng xuất',
    menu: 'Trình đơn',
    badLogin: 'Sai tên đăng nhập hoặc mật khẩu.',
    notFound: 'Không có trang hoặc mục này.',
    home: 'Về trang chính',
    queue: 'Hàng đợi rà soát',
    search: 'Tra cứu',
    score: 'Điểm',
    spread: 'Số nguồn',
    status: 'Trạng thái',
    topic: 'Chủ đề',
    sourceKind: 'Loại nguồn',
    from: 'Từ ngày',
    to: 'Đến ngày',
    filter: 'Lọc',
    any: 'Tất cả',
    firstSeen: 'Xuất hiện lần đầu',
    reasons: 'Lý do gắn cờ',
    source: 'Nguồn',
    matches: 'Đối chiếu với thông cáo chính thức',
    claim: 'Nội dung',
    evidence: 'Thông cáo',
    stance: 'Quan hệ',
    actions: 'Thao tác',
    confirm: 'Xác nhận',
    dismiss: 'Bác bỏ',
    needsMore: 'Cần xem thêm',
    note: 'Ghi chú',
    assign: 'Giao cho',
    history: 'Lịch sử rà soát',
    export: 'Xuất ClaimReview (JSON-LD)',
    assignee: 'Người phụ trách',
    empty: 'Không có mục nào.',
    noMatch: 'Chưa có thông cáo đối chiếu.',
    noResults: 'Không tìm thấy thông cáo nào cho truy vấn này.',
    otherMatters: 'Thông cáo về việc khác (không đủ thông tin)',
    weights: 'Trọng số của điểm',
    open: 'Chưa xử lý',
    confirmed: 'Đã xác nhận',
    dismissed: 'Đã bác bỏ',
    'needs-more-work': 'Cần xem thêm',
    misleading: 'Gây hiểu lầm',
    false: 'Sai sự thật',
    scam: 'Lừa đảo',
    supports: 'Ủng hộ',
    contradicts: 'Mâu thuẫn',
    nei: 'Chưa đủ thông tin',
    forbidden: 'Bạn không có quyền xem trang này.',
    serverError: 'Máy chủ gặp lỗi khi xử lý yêu cầu này. Vui lòng thử lại sau ít phút.',
    clearFilters: 'Bỏ bộ lọc',
    tooMany: 'Quá nhiều lần thử trong thời gian ngắn. Vui lòng thử lại sau một phút.',
    lang: 'English',
    trends: 'Xu hướng',
    byTopic: 'Tin bị gắn cờ theo ngày, theo chủ đề',
    byKind: 'Tin bị gắn cờ theo ngày, theo loại nguồn',
    decisions: 'Xác nhận và bác bỏ theo ngày',
    backlog: 'Tồn đọng cần rà soát',
    timeToReview: 'Thời gian rà soát (trung vị, giờ)',
    statements: 'Tra cứu thông cáo chính thức',
    agency: 'Cơ quan',
    citation: 'Trích dẫn',
    copy: 'Sao chép trích dẫn',
    copied: 'Đã sao chép',
    answer: 'Thông cáo trả lời nội dung này',
    pasteClaim: 'Dán nội dung cần đối chiếu',
    fallback: 'Chưa có chỉ mục thông cáo: đang tìm trong các câu từ nguồn chính thức.',
    narratives: 'Câu chuyện nổi bật 7 ngày qua',
    spikes: 'Cảnh báo đột biến',
    total: 'Tổng',
    day: 'Ngày',
    range: 'Khoảng thời gian',
    timeBasis: 'Mỗi tin được tính vào ngày nguồn đăng tin.',
    figures: 'Số liệu theo ngày (bấm để mở hàng đợi đã lọc)',
    sameNarrative: 'Cùng câu chuyện ở các nguồn khác',
    sourcesWord: 'nguồn',
    perDay: 'Theo ngày',
    onlySource: 'Chưa thấy nguồn nào khác đưa nội dung này.',
    searchTitle: 'Tra cứu tin bài đã thu thập',
    find: 'Tìm',
    resultsFor: 'kết quả cho',
    searchHint: 'Ví dụ: gia danh cong an (gõ có dấu hoặc không dấu)',
    submit: 'Gửi tin',
    submitIntro:
      'Gửi một tin nhắn, bài đăng hoặc ảnh chụp màn hình đáng ngờ: hệ thống đọc nội dung và đưa vào hàng đợi rà soát. Chỉ ghi vai trò của người gửi, không ghi tên.',
    submitText: 'Nội dung',
    submitLink: 'Hoặc đường dẫn',
    submitImage: 'Hoặc ảnh chụp (PNG, JPEG, WebP; tối đa 10 MB)',
    send: 'Gửi',
    sent: 'Đã nhận',
    sending: 'Đang gửi…',
    frame: 'Cách nêu',
    submittedBy: 'gửi qua đường dây nóng bởi',
    attributedTo: 'dẫn lời',
    scoreDetails: 'Chi tiết điểm',
    campaign: 'Chiến dịch',
    indicators: 'Dấu vết',
    'frame-asserts': 'tác giả khẳng định',
    'frame-reports': 'thuật lại lời người khác',
    'frame-warns': 'cảnh báo về thủ đoạn',
    'frame-denies': 'bác bỏ',
    'frame-quotes': 'trích nguyên văn',
    verdict: 'Kết luận',
    chooseVerdict: '— Chọn kết luận —',
    chooseAssignee: '— Chọn người phụ trách —',
    addNote: 'Lưu ghi chú',
    noHistory: 'Chưa có thao tác rà soát nào cho mục này.',
    users: 'Người dùng',
    usersTitle: 'Quản lý người dùng',
    role: 'Vai trò',
    createdAt: 'Ngày tạo',
    newRole: 'Vai trò mới',
    save: 'Lưu',
    createUser: 'Tạo người dùng',
    chooseRole: '— Chọn vai trò —',
    created: 'Đã tạo người dùng',
    updated: 'Đã đổi vai trò của',
    notDone: 'Chưa thực hiện được',
    tokens: 'Khóa API',
    tokensTitle: 'Khóa API cho hệ thống tích hợp',
    tokenName: 'Tên hệ thống tích hợp',
    createToken: 'Tạo khóa API',
    creator: 'Người tạo',
    lastUsed: 'Dùng lần cuối',
    never: 'Chưa dùng',
    tokenState: 'Tình trạng',
    tokenActive: 'Đang dùng',
    tokenRevoked: 'Đã thu hồi',
    revoke: 'Thu hồi',
    tokenCreated: 'Đã tạo khóa API cho',
    tokenRevokedDone: 'Đã thu hồi khóa',
    tokenOnce: 'Khóa chỉ hiện một lần, ngay bây giờ: hãy sao chép và cất giữ an toàn. Hệ thống chỉ lưu mã băm của khóa.',
    tokenUse: 'Khóa chỉ dùng được để gửi tin đến đường dây nóng (POST /api/submissions, tiêu đề Authorization: Bearer <khóa>).',
    tokenNameRule: 'Tên gồm 2 đến 64 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang.',
    noTokens: 'Chưa có khóa API nào.',
    nextItem: 'Mục tiếp theo trong hàng đợi',
    previousItem: 'Mục trước trong hàng đợi',
    backToQueue: 'Về hàng đợi',
    endOfQueue: 'Đây là mục cuối cùng của hàng đợi đang lọc.',
    refused: 'Chưa thực hiện được thao tác',
    'contradicts-official': 'Mâu thuẫn với thông cáo chính thức',
    'denied-by-official': 'Thông cáo chính thức đã bác bỏ nội dung này',
    'scam-message': 'Bản thân là tin nhắn / bài đăng lừa đảo',
    'suspicious-text': 'Văn bản đáng ngờ (chưa có bằng chứng)',
    statement: 'Thông cáo chính thức',
    statementFilter: 'Chỉ các nội dung mà thông cáo này trả lời',
    dropFilter: 'bỏ lọc này',
    allInQueue: 'Mở tất cả trong hàng đợi',
    publishedOn: 'Ngày đăng',
    sourceSite: 'Bản gốc trên trang của cơ quan',
    statementText: 'Nội dung thông cáo',
    answeredClaims: 'Các nội dung bị gắn cờ mà thông cáo này trả lời',
    noAnsweredClaims: 'Chưa có nội dung bị gắn cờ nào được đối chiếu với thông cáo này.',
    openClaim: 'Mở trang rà soát',
    version: 'Phiên bản',
    originalLink: 'bản gốc',
    csv: 'Tải CSV: mọi tin khớp bộ lọc',
    previousPeriod: 'kỳ trước',
    previousTotal: 'Kỳ trước (tổng)',
    flaggedTotal: 'Tin bị gắn cờ',
    outlet: 'Cơ quan báo chí / trang',
    newlyAnswered: 'Mới có trả lời',
    newlyAnsweredIntro:
      'Thông cáo chính thức vừa trả lời các nội dung bạn đã rà soát hoặc được giao. Mở nội dung để xem; mục sẽ được đánh dấu đã xem.',
    answeredSince: 'sau lần bạn xem',
    views: 'Bộ lọc đã lưu',
    alerts: 'Cảnh báo',
    saveView: 'Lưu bộ lọc này',
    viewName: 'Tên bộ lọc',
    openView: 'Mở',
    deleteView: 'Xóa',
    makeAlert: 'Bật cảnh báo',
    stopAlert: 'Tắt cảnh báo',
    alertOn: 'Đang bật cảnh báo',
    noViews: 'Bạn chưa lưu bộ lọc nào. Hãy lưu bộ lọc từ hàng đợi hoặc trang xu hướng.',
    noAlerts: 'Chưa có cảnh báo nào. Hãy bật cảnh báo cho một bộ lọc đã lưu.',
    newSince: 'Tin mới khớp bộ lọc từ',
    noNew: 'Không có tin mới.',
    markChecked: 'Đánh dấu đã xem',
    viewSaved: 'Đã lưu bộ lọc',
    viewDeleted: 'Đã xóa bộ lọc',
    viewChecked: 'Đã đánh dấu đã xem',
    noFilter: 'Không lọc',
    viewInvalid: 'Bộ lọc này không còn dùng được',
    page: 'Trang',
    viewsIntro: 'Chỉ bạn thấy các bộ lọc của mình. Một bộ lọc bật cảnh báo sẽ báo các tin mới khớp với nó trên trang Cảnh báo.',
  },
  en: {
    login: 'Log in',
    user: 'User name',
    password: 'Password',
    logout: 'Log out',
    menu: 'Menu',
    badLogin: 'Wrong user name or password.',
    notFound: 'No such page or item.',
    home: 'Back to the start',
    queue: 'Review queue',
    search: 'Search',
    score: 'Score',
    spread: 'Sources',
    status: 'Status',
    topic: 'Topic',
    sourceKind: 'Source kind',
    from: 'From',
    to: 'To',
    filter: 'Filter',
    any: 'Any',
    firstSeen: 'First seen',
    reasons: 'Why it was flagged',
    source: 'Source',
    matches: 'Official statements side by side',
    claim: 'Claim',
    evidence: 'Statement',
    stance: 'Stance',
    actions: 'Actions',
    confirm: 'Confirm',
    dismiss: 'Dismiss',
    needsMore: 'Needs more work',
    note: 'Note',
    assign: 'Assign to',
    history: 'Review history',
    export: 'Export ClaimReview (JSON-LD)',
    assignee: 'Assignee',
    empty: 'Nothing here.',
    noMatch: 'No matched statement yet.',
    noResults: 'No statement found for this query.',
    otherMatters: 'Statements on other matters (not enough information)',
    weights: 'Weights of the score',
    open: 'Open',
    confirmed: 'Confirmed',
    dismissed: 'Dismissed',
    'needs-more-work': 'Needs more work',
    misleading: 'Misleading',
    false: 'False',
    scam: 'Scam',
    supports: 'Supports',
    contradicts: 'Contradicts',
    nei: 'Not enough info',
    forbidden: 'You may not open this page.',
    serverError: 'The server failed to answer this request. Please try again in a few minutes.',
    clearFilters: 'Clear the filters',
    tooMany: 'Too many attempts in a short time. Please try again in a minute.',
    lang: 'Tiếng Việt',
    trends: 'Trends',
    byTopic: 'Flagged claims per day, by topic',
    byKind: 'Flagged claims per day, by source kind',
    decisions: 'Confirmed and dismissed per day',
    backlog: 'Review backlog',
    timeToReview: 'Time to review (median, hours)',
    statements: 'Official statement search',
    agency: 'Agency',
    citation: 'Citation',
    copy: 'Copy citation',
    copied: 'Copied',
    answer: 'Statements that answer this claim',
    pasteClaim: 'Paste the claim to check',
    fallback: 'No statements index yet: searching sentences from official sources.',
    narratives: 'Top narratives this week',
    spikes: 'Spike alerts',
    total: 'Total',
    day: 'Day',
    range: 'Time range',
    timeBasis: 'Each claim is counted on the day its source published it.',
    figures: 'Figures per day (each opens the filtered queue)',
    sameNarrative: 'The same claim in other sources',
    sourcesWord: 'sources',
    perDay: 'Per day',
    onlySource: 'No other source has carried this claim yet.',
    searchTitle: 'Search collected articles',
    find: 'Search',
    resultsFor: 'results for',
    searchHint: 'E.g. gia danh cong an (with or without diacritics)',
    submit: 'Submit',
    submitIntro:
      'Send a suspicious message, post or screenshot: it is read and goes to the review queue. Only your role is recorded, not your name.',
    submitText: 'Text',
    submitLink: 'Or a link',
    submitImage: 'Or a screenshot (PNG, JPEG, WebP; up to 10 MB)',
    send: 'Send',
    sent: 'Received',
    sending: 'Sending…',
    frame: 'Frame',
    submittedBy: 'sent to the tipline by',
    attributedTo: 'attributed to',
    scoreDetails: 'Score details',
    campaign: 'Campaign',
    indicators: 'Indicators',
    'frame-asserts': 'the author asserts it',
    'frame-reports': 'reports what someone says',
    'frame-warns': 'warns about a scheme',
    'frame-denies': 'denies it',
    'frame-quotes': 'quotes it',
    verdict: 'Verdict',
    chooseVerdict: '— Choose a verdict —',
    chooseAssignee: '— Choose a reviewer —',
    addNote: 'Save note',
    noHistory: 'Nobody has reviewed this item yet.',
    users: 'Users',
    usersTitle: 'User accounts',
    role: 'Role',
    createdAt: 'Created',
    newRole: 'New role',
    save: 'Save',
    createUser: 'Create a user',
    chooseRole: '— Choose a role —',
    created: 'Created the user',
    updated: 'Changed the role of',
    notDone: 'Not done',
    tokens: 'API tokens',
    tokensTitle: 'API tokens for integrations',
    tokenName: 'Integration name',
    createToken: 'Create an API token',
    creator: 'Created by',
    lastUsed: 'Last used',
    never: 'Never',
    tokenState: 'State',
    tokenActive: 'Active',
    tokenRevoked: 'Revoked',
    revoke: 'Revoke',
    tokenCreated: 'Created an API token for',
    tokenRevokedDone: 'Revoked the token',
    tokenOnce: 'The token is shown only once, now: copy it and keep it safe. Only its hash is stored.',
    tokenUse: 'A token can only send messages to the tipline (POST /api/submissions, header Authorization: Bearer <token>).',
    tokenNameRule: 'A name has 2 to 64 characters: lower-case letters a-z, digits, dot, underscore or hyphen.',
    noTokens: 'No API tokens yet.',
    nextItem: 'Next item in the queue',
    previousItem: 'Previous item in the queue',
    backToQueue: 'Back to the queue',
    endOfQueue: 'This is the last item of the filtered queue.',
    refused: 'The action was not done',
    'contradicts-official': 'Contradicts an official statement',
    'denied-by-official': 'An official statement called this false',
    'scam-message': 'Is itself a scam message or post',
    'suspicious-text': 'Suspicious wording (no evidence yet)',
    statement: 'Official statement',
    statementFilter: 'Only the claims this statement answers',
    dropFilter: 'remove this filter',
    allInQueue: 'Open all of them in the queue',
    publishedOn: 'Published',
    sourceSite: "The original on the agency's site",
    statementText: 'Text of the statement',
    answeredClaims: 'Flagged claims this statement answers',
    noAnsweredClaims: 'No flagged claim has been matched to this statement yet.',
    openClaim: 'Open the review page',
    version: 'Version',
    originalLink: 'original',
    csv: 'Download CSV: every matching claim',
    previousPeriod: 'previous period',
    previousTotal: 'Previous period (total)',
    flaggedTotal: 'Flagged claims',
    outlet: 'Outlet',
    newlyAnswered: 'Newly answered',
    newlyAnsweredIntro:
      'An official statement has answered claims you reviewed or were assigned. Open a claim to see it; it is then marked as seen.',
    answeredSince: 'since you last looked',
    views: 'Saved views',
    alerts: 'Alerts',
    saveView: 'Save this view',
    viewName: 'View name',
    openView: 'Open',
    deleteView: 'Delete',
    makeAlert: 'Turn the alert on',
    stopAlert: 'Turn the alert off',
    alertOn: 'Alert on',
    noViews: 'You have no saved views yet. Save one from the queue or the trends.',
    noAlerts: 'No alerts yet. Turn the alert on for a saved view.',
    newSince: 'New matching claims since',
    noNew: 'Nothing new.',
    markChecked: 'Mark as checked',
    viewSaved: 'Saved the view',
    viewDeleted: 'Deleted the view',
    viewChecked: 'Marked as checked',
    noFilter: 'No filter',
    viewInvalid: 'This filter no longer holds',
    page: 'Page',
    viewsIntro: 'Only you see your views. A view with its alert on reports the new claims that match it on the Alerts page.',
  },
} as const;
type Key = keyof (typeof TEXT)['vi'];

export function t(lang: Lang, key: Key): string {
  return TEXT[lang][key];
}

// Explicit parts: vi-VN's short style shows a two-digit year, ambiguous on official records.
const dateFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
export function formatDate(iso: string | null | undefined): string {
  return iso ? dateFormat.format(new Date(iso)) : '—';
}

/** Escapes `text` and wraps the given spans in `<mark>`; spans out of range or overlapping are skipped. */
export function markSpans(text: string, spans: readonly Span[]): string {
  const valid = [...spans].filter((s) => s.start >= 0 && s.end <= text.length && s.start < s.end).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of valid) {
    if (s.start < at) continue;
    out += escapeHtml(text.slice(at, s.start)) + '<mark>' + escapeHtml(text.slice(s.start, s.end)) + '</mark>';
    at = s.end;
  }
  return out + escapeHtml(text.slice(at));
}

// On a phone a table's rows stack their cells, each after its column's name (data-label; the header row is kept for
// screen readers only); a long word in the first column (claim, user name) wraps;
// a claim and its evidence side by side stack one above the other.
// On a phone the navigation bar folds behind "menu", a checkbox and its label, so it opens without a script;
// wider, the links' wrapper is display:contents and the bar is one flex row; the account's part (language, user,
// logout) keeps together at its right end, so a bar too long for one line never leaves "Đăng xuất" alone on the next.
// The type scale is set once, as custom properties on :root (headings a step smaller on a phone): Vietnamese
// stacks marks above and below a letter (ệ, ậ, ự, Ỹ), so text gets a generous line-height, headings a
// little less, fonts that cover Vietnamese come first, and long text (claims, statements) a readable measure.
const STYLE = `:root{--font-text:system-ui,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;--size-small:.875rem;--size-body:1rem;--size-h3:1.125rem;--size-h2:1.375rem;--size-h1:1.75rem;--leading-text:1.6;--leading-heading:1.3;--measure:70ch}
@media (max-width:40rem){:root{--size-h3:1.0625rem;--size-h2:1.25rem;--size-h1:1.5rem}blockquote{margin-left:1rem;margin-right:0}}
body{font-family:var(--font-text);font-size:var(--size-body);line-height:var(--leading-text);max-width:72rem;margin:1rem auto;padding:0 1rem;color:#1d2733}
h1,h2,h3{line-height:var(--leading-heading);margin:1.25em 0 .5em}h1{font-size:var(--size-h1);margin-top:.75em}h2{font-size:var(--size-h2)}h3{font-size:var(--size-h3)}.side h3{margin-top:.25em}small{font-size:var(--size-small)}
blockquote.claim,.statement-text,ol.answered p,ol.hits p.text,.side>div p{max-width:var(--measure)}
nav{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;border-bottom:1px solid #ccd;padding-bottom:.5rem}.nav-account{display:flex;gap:1rem;align-items:center;margin-left:auto;white-space:nowrap}
.nav-links{display:contents}.nav-toggle,.nav-toggle+label{display:none}
@media (max-width:40rem){.nav-toggle{display:block;position:absolute;width:1px;height:1px;opacity:0;margin:0}.nav-toggle+label{display:inline-block;margin:0 0 0 auto;padding:.35rem .75rem;border:1px solid #aab;border-radius:.3rem;cursor:pointer}.nav-toggle:focus-visible+label{outline:2px solid #1d4ed8;outline-offset:2px}.nav-links{display:none}.nav-toggle:checked~.nav-links{display:flex;flex-direction:column;align-items:flex-start;gap:.6rem;width:100%}.nav-account{flex-direction:column;align-items:flex-start;gap:.6rem;margin-left:0;white-space:normal}}
textarea,input,select{max-width:100%;box-sizing:border-box}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #dde;padding:.4rem;text-align:left;vertical-align:top}td:first-child{overflow-wrap:anywhere;min-width:9rem}
@media (max-width:40rem){table,tbody,tr,td{display:block}thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}tr{border-bottom:1px solid #ccd;padding:.4rem 0}td,td:first-child{border:0;padding:.15rem 0;min-width:0}td[data-label]::before{content:attr(data-label) ": ";color:#5b6b7b}}
.side{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.side>div{border:1px solid #dde;padding:.5rem;min-width:0;overflow-wrap:anywhere}@media (max-width:40rem){.side{grid-template-columns:1fr}}
mark{background:#ffd27a}.meta{color:#5b6b7b;font-size:var(--size-small)}form.inline{display:inline}label{margin-right:.5rem}
form.filters{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 0}form.filters label{white-space:nowrap}form.filters select{max-width:12rem}form.search{display:flex;gap:.5rem}form.search input[type=search]{flex:1;padding:.5rem;font-size:1rem}ol.hits li{margin:1rem 0}
.stance{display:inline-block;padding:0 .4rem;border-radius:.25rem;font-size:var(--size-small);font-weight:600;background:#e6ebf0;color:#1d2733}.stance-contradicts{background:#fde2e1;color:#8a1c15}.stance-supports{background:#dff3e4;color:#1d5c2e}ol.answered li{margin:.75rem 0}
ul.compare{list-style:none;padding:0;margin:.25rem 0 .5rem;display:flex;flex-wrap:wrap;gap:.2rem 1.25rem;font-size:.9rem}
tr:focus-within{background:#eef4ff}kbd{border:1px solid #aab;border-radius:.2rem;padding:0 .3rem;font-family:ui-monospace,monospace;background:#f6f7f9}
dialog{max-width:min(36rem,calc(100vw - 2rem));box-sizing:border-box;border:1px solid #aab;border-radius:.4rem}dialog::backdrop{background:rgba(0,0,0,.35)}.badge{display:inline-block;min-width:1.2rem;padding:0 .35rem;border-radius:1rem;background:#8a1c15;color:#fff;font-size:.8rem;font-weight:700;text-align:center}
form.save-view{margin:.5rem 0}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}section.alert{border-top:1px solid #ccd;margin-top:1rem}ul.views{list-style:none;padding:0}ul.views li{border-bottom:1px solid #dde;padding:.5rem 0}
section.answered{border:1px solid #e6b8b5;background:#fff7f6;padding:.25rem .75rem;margin:.75rem 0}section.answered li{margin:.5rem 0}p.shortcuts{margin:.5rem 0}dl.keys div{display:flex;gap:1rem;padding:.2rem 0;border-bottom:1px solid #dde}dl.keys dt{min-width:7rem}dl.keys dd{margin:0}`;

/** A count beside a navigation link, read out with its meaning. */
function navBadge(count: number): string {
  return ` <span class="badge">${count}</span>`;
}

export function layout(lang: Lang, title: string, body: string, session?: Viewer): string {
  const answered = session?.nav?.answered ?? 0;
  // The menu's button carries the counts its closed links hide on a phone.
  const waiting = answered + (session?.nav?.alerts ?? 0);
  const nav = session
    ? `<nav><strong>Sentinel</strong><input type="checkbox" id="nav-menu" class="nav-toggle"><label for="nav-menu"><span aria-hidden="true">☰</span> ${t(lang, 'menu')}${
        waiting > 0 ? navBadge(waiting) : ''
      }</label><div class="nav-links">${can(session.role, 'queue:read') ? `<a href="/queue">${t(lang, 'queue')}</a>` : ''}${
        answered > 0 ? `<a href="/queue#newly-answered" id="nav-answered">${t(lang, 'newlyAnswered')}${navBadge(answered)}</a>` : ''
      }${can(session.role, 'statements:search') ? `<a href="/statements">${t(lang, 'statements')}</a>` : ''}${can(session.role, 'trends:read') ? `<a href="/trends">${t(lang, 'trends')}</a>` : ''}${can(session.role, 'views:own') ? `<a href="/views">${t(lang, 'views')}</a><a href="/alerts" id="nav-alerts">${t(lang, 'alerts')}${session.nav?.alerts ? navBadge(session.nav.alerts) : ''}</a>` : ''}${can(session.role, 'submissions:write') ? `<a href="/submit">${t(lang, 'submit')}</a>` : ''}${can(session.role, 'users:manage') ? `<a href="/admin/users">${t(lang, 'users')}</a><a href="/admin/tokens">${t(lang, 'tokens')}</a>` : ''}<a href="/">${t(lang, 'search')}</a>
<span class="nav-account"><a href="?lang=${lang === 'vi' ? 'en' : 'vi'}">${t(lang, 'lang')}</a><span class="meta">${escapeHtml(session.user)} (${escapeHtml(roleLabel(lang, session.role))})</span>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${escapeHtml(session.csrfToken)}"><button>${t(lang, 'logout')}</button></form></span></div></nav>`
    : '';
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sentinel · ${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${nav}
<h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

/** The login form; after a failed attempt it says so and keeps the name typed (never the password). */
export function loginPage(lang: Lang, failed: boolean, name = ''): string {
  return layout(
    lang,
    t(lang, 'login'),
    `${failed ? `<p role="alert">${t(lang, 'badLogin')}</p>` : ''}
<form method="post" action="/login">
<p><label>${t(lang, 'user')} <input name="name" autocomplete="username" required value="${escapeHtml(name)}"${failed ? '' : ' autofocus'}></label></p>
<p><label>${t(lang, 'password')} <input name="password" type="password" autocomplete="current-password" required></label></p>
<button type="submit">${t(lang, 'login')}</button></form>
<p><a href="?lang=${lang === 'vi' ? 'en' : 'vi'}">${t(lang, 'lang')}</a></p>`,
  );
}

const INVALID_REASON: Record<InvalidParameter['reason'], Record<Lang, string>> = {
  day: {
    vi: 'phải là một ngày có thật, viết theo dạng NNNN-TT-NN (ví dụ 2025-03-21)',
    en: 'must be a real day written YYYY-MM-DD (for example 2025-03-21)',
  },
  order: { vi: '«Đến ngày» không được sớm hơn «Từ ngày»', en: '"To" must not be before "From"' },
  days: {
    vi: `phải là một số nguyên từ ${TREND_DAYS.min} đến ${TREND_DAYS.max}`,
    en: `must be a whole number from ${TREND_DAYS.min} to ${TREND_DAYS.max}`,
  },
  choice: { vi: 'không thuộc các giá trị được phép', en: 'is not one of the allowed values' },
  'unknown-topic': {
    vi: 'không có chủ đề này trong danh mục, và chưa tin nào mang chủ đề này',
    en: 'there is no such topic in the taxonomy or on any flagged claim',
  },
  'unknown-source': { vi: 'chưa có tin bị gắn cờ nào từ nguồn này', en: 'no flagged claim comes from this source' },
  'unknown-outlet': {
    vi: 'chưa có tin bị gắn cờ nào từ cơ quan báo chí hay trang có tên như vậy',
    en: 'no flagged claim comes from an outlet or page of that name',
  },
  'unknown-statement': {
    vi: 'không có thông cáo chính thức nào mang mã này',
    en: 'there is no official statement with this id',
  },
  other: { vi: 'giá trị không hợp lệ', en: 'the value is not valid' },
};

/** What a refused filter says to a person: which parameter, the value given, what it must be. */
function invalidText(lang: Lang, invalid: InvalidParameter): string {
  const value = invalid.value === undefined ? '' : ` (${lang === 'vi' ? 'giá trị' : 'value'} «${escapeHtml(invalid.value)}»)`;
  const head =
    lang === 'vi'
      ? `Tham số <code class="parameter">${escapeHtml(invalid.parameter)}</code>${value} không hợp lệ`
      : `The parameter <code class="parameter">${escapeHtml(invalid.parameter)}</code>${value} is not valid`;
  return `${head}: ${escapeHtml(INVALID_REASON[invalid.reason][lang])}.`;
}

/** Over a limit: how long to wait, in whole minutes (a limit's window can be longer than a minute). */
function tooManyText(lang: Lang, retryAfterSeconds: number | undefined): string {
  const minutes = Math.max(1, Math.ceil((retryAfterSeconds ?? 60) / 60));
  if (minutes === 1) return t(lang, 'tooMany');
  return lang === 'vi'
    ? `Quá nhiều lần thử trong thời gian ngắn. Vui lòng thử lại sau ${minutes} phút.`
    : `Too many attempts in a short time. Please try again in ${minutes} minutes.`;
}

/**
 * A page in place of a bare JSON error, for a person who followed a link: what happened and a way
 * on. A refused filter is named, with a link to the same page without filters.
 */
export function errorPage(
  lang: Lang,
  status: 400 | 403 | 404 | 429 | 500,
  session?: Session,
  refused?: { invalid: InvalidParameter; page: string },
  retryAfterSeconds?: number,
): string {
  if (status === 400 && refused) {
    return layout(
      lang,
      '400',
      `<p role="alert">${invalidText(lang, refused.invalid)}</p><p><a href="${escapeHtml(refused.page)}">${t(lang, 'clearFilters')}</a> · <a href="/">${t(lang, 'home')}</a></p>`,
      session,
    );
  }
  const message =
    status === 403
      ? t(lang, 'forbidden')
      : status === 429
        ? tooManyText(lang, retryAfterSeconds)
        : status === 500
          ? t(lang, 'serverError')
          : t(lang, 'notFound');
  return layout(lang, `${status}`, `<p role="alert">${message}</p><p><a href="/">${t(lang, 'home')}</a></p>`, session);
}

/** A flag's topics by label, in the order the classifier gave them. */
function topicsText(lang: Lang, ids: readonly string[]): string {
  return ids.map((id) => topicLabel(lang, id)).join(', ');
}

/**
 * The search over collected articles. Public, as in the first version; a logged-in user gets
 * the navigation bar (and the logout) like on every other page.
 */
export function searchPage(
  lang: Lang,
  session: Session | undefined,
  q: string,
  result: { total: number; hits: SentenceHit[] } | undefined,
): string {
  const rows = (result?.hits ?? [])
    .map(
      (h) => `<li><p class="text">${highlightHtml(h.text, q)}</p>
<p class="meta"><a href="${escapeHtml(h.url)}" rel="noopener noreferrer">${escapeHtml(h.url)}</a> · ${escapeHtml(h.sourceId)}${h.publishedAt ? ` · ${escapeHtml(formatDate(h.publishedAt))}` : ''}</p></li>`,
    )
    .join('\n');
  const summary = result === undefined ? '' : `<p class="summary">${result.total} ${t(lang, 'resultsFor')} «${escapeHtml(q)}»</p>`;
  const body = `<form method="get" action="/" role="search" class="search">
<input type="search" name="q" value="${escapeHtml(q)}" placeholder="${escapeHtml(t(lang, 'searchHint'))}" autofocus>
<button type="submit">${t(lang, 'find')}</button></form>
${summary}
<ol class="hits">
${rows}
</ol>
${session ? '' : `<p class="meta"><a href="/login">${t(lang, 'login')}</a></p>`}`;
  return layout(lang, t(lang, 'searchTitle'), body, session);
}

/** A table cell's column name, shown before it when a phone stacks the table's cells. */
function cellLabel(lang: Lang, key: Key): string {
  return ` data-label="${escapeHtml(t(lang, key))}"`;
}

function option(value: string, label: string, selected: string | undefined): string {
  return `<option value="${escapeHtml(value)}"${value === (selected ?? '') ? ' selected' : ''}>${escapeHtml(label)}</option>`;
}

/** The tipline's form: the script sends the image as the body and text or link as JSON (POST /api/submissions). */
export function submitPage(lang: Lang, session: Session): string {
  const body = `<p>${t(lang, 'submitIntro')}</p>
<form id="submission" data-csrf="${escapeHtml(session.csrfToken)}" data-sending="${t(lang, 'sending')}" data-sent="${t(lang, 'sent')}">
<p><label for="submission-text">${t(lang, 'submitText')}</label><br><textarea id="submission-text" name="text" rows="6" cols="70" maxlength="50000"></textarea></p>
<p><label for="submission-url">${t(lang, 'submitLink')}</label><br><input id="submission-url" name="url" type="url" size="70"></p>
<p><label for="submission-image">${t(lang, 'submitImage')}</label><br><input id="submission-image" name="image" type="file" accept="image/png,image/jpeg,image/webp"></p>
<p><button type="submit">${t(lang, 'send')}</button></p>
<p id="submission-result" role="status" aria-live="polite"></p>
</form>
<script src="/assets/submit.js"></script>`;
  return layout(lang, t(lang, 'submit'), body, session);
}

/** A role's name in the page's language; anything else (an integration's label) as given. */
function submitterLabel(lang: Lang, by: string): string {
  if (by === INTEGRATION_ROLE) return integrationLabel(lang);
  const role = Role.safeParse(by);
  return role.success ? roleLabel(lang, role.data) : by;
}

/**
 * The statement filter, set from a statement's page: the statement named (its title when known),
 * a link to the same page without it, and a hidden field so the form's other filters keep it.
 */
function statementFilterField(lang: Lang, statementId: string | undefined, title: string | undefined, without: string): string {
  if (!statementId) return '';
  return `<p class="statement-filter" id="statement-filter">${t(lang, 'statementFilter')}: <a href="${escapeHtml(statementHref(statementId))}" class="statement-link">${escapeHtml(title || statementId)}</a> · <a href="${escapeHtml(without)}" id="drop-statement">${t(lang, 'dropFilter')}</a><input type="hidden" name="statement" value="${escapeHtml(statementId)}"></p>`;
}

/** The outlet filter: free text (folded for diacritics and case on the server), the outlets that have flags suggested. */
function outletField(lang: Lang, value: string | undefined, outlets: readonly string[]): string {
  return `<label>${t(lang, 'outlet')} <input name="outlet" size="16" list="outlet-choices" value="${escapeHtml(value ?? '')}"></label><datalist id="outlet-choices">${outlets.map((o) => `<option value="${escapeHtml(o)}"></option>`).join('')}</datalist>`;
}

/** The reviewer's claims newly answered, above their queue: each claim with the statements new to them. */
function answeredSection(lang: Lang, answered: readonly NewlyAnswered[], statements: ReadonlyMap<string, StatementSummary>): string {
  if (answered.length === 0) return '';
  const items = answered
    .map((a) => {
      const lines = a.statements
        .map((id) => {
          const stance = stanceOn(a.flag, id);
          return `<li><span class="stance stance-${stance}">${t(lang, stance)}</span> ${statementLine(lang, id, null, statements)}</li>`;
        })
        .join('');
      return `<li data-flag="${escapeHtml(a.flag.id)}"><a href="/claims/${encodeURIComponent(a.flag.id)}" data-item>${escapeHtml(a.flag.claimText)}</a>
<ul class="answers">${lines}</ul><div class="meta">${t(lang, 'answeredSince')} (${escapeHtml(formatDate(a.since))})</div></li>`;
    })
    .join('\n');
  return `<section id="newly-answered" class="answered" aria-labelledby="newly-answered-title"><h2 id="newly-answered-title">${t(lang, 'newlyAnswered')}${navBadge(answered.length)}</h2>
<p class="meta">${t(lang, 'newlyAnsweredIntro')}</p><ol>${items}</ol></section>`;
}

export interface QueuePageOptions {
  /** The reviewer's claims newly answered, and the statements they name. */
  answered?: readonly NewlyAnswered[];
  statements?: ReadonlyMap<string, StatementSummary>;
}

export function queuePage(
  lang: Lang,
  session: Viewer,
  filters: QueueFilters,
  items: QueueItem[],
  outlets: readonly string[] = [],
  options: QueuePageOptions = {},
): string {
  // A claim opened from here knows its queue, for its "next item" link.
  const query = queueSearch(filters);
  const search = query ? `?${escapeHtml(query)}` : '';
  const rows = items
    .map(
      (
        item,
      ) => `<tr data-flag="${escapeHtml(item.flag.id)}"><td><a href="/claims/${encodeURIComponent(item.flag.id)}${search}" data-item>${escapeHtml(item.flag.claimText)}</a>
<div class="meta">${escapeHtml(item.flag.sourceId)} · ${escapeHtml(sourceKindLabel(lang, item.flag.sourceKind))}${item.flag.submittedBy ? ` (${t(lang, 'submittedBy')} ${escapeHtml(submitterLabel(lang, item.flag.submittedBy))})` : ''} · ${escapeHtml(topicsText(lang, item.flag.topics))}${(item.flag.reasons ?? []).length > 0 ? ` · ${[...new Set((item.flag.reasons ?? []).map((r) => t(lang, r.kind)))].join('; ')}` : ''}${item.flag.attribution ? ` · ${t(lang, 'frame')}: ${t(lang, `frame-${item.flag.attribution.frame}`)}` : ''}</div></td>
<td${cellLabel(lang, 'score')}>${item.flag.score.toFixed(2)}</td><td${cellLabel(lang, 'spread')}>${item.spread}</td><td${cellLabel(lang, 'firstSeen')}>${escapeHtml(formatDate(item.firstSeen))}</td>
<td${cellLabel(lang, 'status')}>${t(lang, item.state.status)}${item.state.assignee ? `<div class="meta">${t(lang, 'assignee')}: ${escapeHtml(item.state.assignee)}</div>` : ''}</td></tr>`,
    )
    .join('\n');
  const topics = topicOptions(lang);
  // A topic asked for by URL but not in the taxonomy (renamed, or from an old link) stays visible.
  if (filters.topic && !topics.some((o) => o.id === filters.topic)) topics.push({ id: filters.topic, label: filters.topic });
  const statementTitle = filters.statement ? options.statements?.get(filters.statement)?.title : undefined;
  const form = `<form method="get" action="/queue" class="filters">
${statementFilterField(lang, filters.statement, statementTitle, queueHref({ ...filters, statement: undefined }))}
<label>${t(lang, 'topic')} <select name="topic">${option('', t(lang, 'any'), filters.topic)}${topics.map((o) => option(o.id, o.label, filters.topic)).join('')}</select></label>
<label>${t(lang, 'sourceKind')} <select name="sourceKind">${option('', t(lang, 'any'), filters.sourceKind)}${SOURCE_KINDS.map((k) => option(k, sourceKindLabel(lang, k), filters.sourceKind)).join('')}</select></label>
<label>${t(lang, 'source')} <input name="source" size="16" value="${escapeHtml(filters.source ?? '')}"></label>
${outletField(lang, filters.outlet, outlets)}
<label>${t(lang, 'status')} <select name="status">${option('', t(lang, 'any'), filters.status)}${REVIEW_STATUSES.map((s) => option(s, t(lang, s), filters.status)).join('')}</select></label>
<label>${t(lang, 'from')} <input type="date" name="from" value="${escapeHtml(filters.from ?? '')}"></label>
<label>${t(lang, 'to')} <input type="date" name="to" value="${escapeHtml(filters.to ?? '')}"></label>
<button>${t(lang, 'filter')}</button></form>`;
  const table =
    items.length === 0
      ? `<p>${t(lang, 'empty')}</p>`
      : `<table><thead><tr><th>${t(lang, 'claim')}</th><th>${t(lang, 'score')}</th><th>${t(lang, 'spread')}</th><th>${t(lang, 'firstSeen')}</th><th>${t(lang, 'status')}</th></tr></thead><tbody>${rows}</tbody></table>`;
  // Every flag these filters keep, not only the narratives listed here.
  const csv = `<p class="export"><a href="/queue.csv${search}" id="export-csv" download>${t(lang, 'csv')}</a></p>`;
  const answered = answeredSection(lang, options.answered ?? [], options.statements ?? new Map());
  const save = can(session.role, 'views:own') ? saveViewForm(lang, session, 'queue', query) : '';
  return layout(lang, t(lang, 'queue'), answered + form + csv + save + table + shortcutsHelp(lang, 'queue'), session);
}

function narrativeSection(lang: Lang, flag: Flag, narrative: NarrativeView): string {
  const others = narrative.members.filter((m) => m.id !== flag.id);
  const heading = `<h2>${t(lang, 'sameNarrative')}</h2><p class="meta">${narrative.sources} ${t(lang, 'sourcesWord')} · ${t(lang, 'firstSeen')} ${escapeHtml(formatDate(narrative.firstSeen))} · ${t(lang, 'perDay')}: ${narrative.perDay.map((d) => `${escapeHtml(d.day.slice(8, 10))}/${escapeHtml(d.day.slice(5, 7))}: ${d.count}`).join(' · ')}</p>`;
  if (others.length === 0) return `${heading}<p>${t(lang, 'onlySource')}</p>`;
  const rows = others
    .map(
      (m) =>
        `<li>${escapeHtml(formatDate(m.publishedAt))} · ${escapeHtml(m.sourceId)} (${escapeHtml(sourceKindLabel(lang, m.sourceKind))}) · <a href="/claims/${encodeURIComponent(m.id)}">${t(lang, 'claim')}</a> · <a href="${escapeHtml(m.url)}" rel="noopener noreferrer">${escapeHtml(m.url)}</a></li>`,
    )
    .join('');
  return `${heading}<ol class="narrative">${rows}</ol>`;
}

/** The address of a statement's page. */
export function statementHref(statementId: string): string {
  return `/statements/${encodeURIComponent(statementId)}`;
}

/**
 * A statement as a reviewer recognises it: title, agency and date, linked to its page here, with
 * the original on the agency's site as a second link; its id only when the index no longer has it.
 */
function statementLine(
  lang: Lang,
  statementId: string,
  url: string | null | undefined,
  statements: ReadonlyMap<string, StatementSummary>,
): string {
  const s = statements.get(statementId);
  const external = (text: string, href: string | null | undefined): string =>
    href ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer" class="source-link">${text}</a>` : text;
  if (!s) return `${escapeHtml(statementId)}${url ? ` · ${external(escapeHtml(url), url)}` : ''}`;
  const name = escapeHtml(s.title || s.agency || s.statementId);
  const original = s.url ?? url;
  return `<strong><a href="${escapeHtml(statementHref(s.statementId))}" class="statement-link">${name}</a></strong>${s.title ? ` · ${escapeHtml(s.agency)}` : ''}${s.publishedAt ? ` · ${escapeHtml(formatDate(s.publishedAt))}` : ''}${original ? ` · ${external(t(lang, 'originalLink'), original)}` : ''}`;
}

/** Why a review action was refused: the field at fault and what was wrong with it. */
export interface ActionRefusal {
  parameter: 'action' | 'verdict' | 'note' | 'assignee';
  reason: 'missing' | 'unknown-user' | 'not-reviewer' | 'invalid';
  value?: string;
}

function refusalText(lang: Lang, refusal: ActionRefusal): string {
  const value = escapeHtml(refusal.value ?? '');
  if (refusal.parameter === 'verdict') {
    const choices = VERDICTS.map((v) => t(lang, v)).join(', ');
    return lang === 'vi' ? `Hãy chọn một kết luận (${choices}) trước khi xác nhận.` : `Choose a verdict (${choices}) before confirming.`;
  }
  if (refusal.parameter === 'assignee') {
    if (refusal.reason === 'unknown-user')
      return lang === 'vi' ? `Không có người dùng «${value}» để giao việc.` : `There is no user «${value}» to assign this to.`;
    if (refusal.reason === 'not-reviewer')
      return lang === 'vi'
        ? `«${value}» không có quyền rà soát nên không thể nhận việc này.`
        : `«${value}» does not review claims, so cannot be assigned this.`;
    return lang === 'vi' ? 'Hãy chọn người phụ trách trong danh sách.' : 'Choose a reviewer from the list.';
  }
  if (refusal.parameter === 'note')
    return lang === 'vi'
      ? 'Ghi chú không được để trống và dài tối đa 2000 ký tự.'
      : 'A note must not be empty and has at most 2000 characters.';
  return lang === 'vi' ? 'Thao tác không hợp lệ.' : 'This action is not valid.';
}

/** The review controls' context: who can be assigned, where the page sits in the queue, a refused action. */
export interface ClaimPageOptions {
  /** The accounts that may review, offered as assignees. */
  assignees?: readonly { name: string; role: Role }[];
  /** The filtered queue the claim was opened from (a query string without `?`), its next claim (none at its end) and the one before. */
  queue?: { search: string; next?: string; previous?: string };
  refusal?: ActionRefusal;
}

export function claimPage(
  lang: Lang,
  session: Session,
  flag: Flag,
  state: ReviewState,
  history: ReviewEntry[],
  narrative?: NarrativeView,
  statements: ReadonlyMap<string, StatementSummary> = new Map(),
  options: ClaimPageOptions = {},
): string {
  const claimSpans = flag.signals.flatMap((s) => (s.span ? [s.span] : []));
  // What the score rests on in words; the signal ids and weights on demand.
  const signals = flag.signals
    .map((s) => `<li>${escapeHtml(lang === 'en' && s.descriptionEn ? s.descriptionEn : s.description)}</li>`)
    .join('');
  const weights = flag.signals.map((s) => `<li>${escapeHtml(s.id)}: ${s.weight.toFixed(2)}</li>`).join('');
  const matchPanel = (m: Flag['matches'][number]): string => `<div class="side"><div><h3>${t(lang, 'claim')}</h3><p>${markSpans(
    flag.claimText,
    m.conflicts.map((c) => c.claimSpan),
  )}</p></div>
<div><h3>${t(lang, 'evidence')} · ${t(lang, m.stance)} (${m.score.toFixed(2)})</h3><p>${markSpans(
    m.evidence,
    m.conflicts.map((c) => c.evidenceSpan),
  )}</p>
<p class="meta">${statementLine(lang, m.statementId, m.url, statements)}${m.conflicts.length > 0 ? ` · ${escapeHtml(m.conflicts.map((c) => c.kind).join(', '))}` : ''}</p></div></div>`;
  const related = flag.matches.filter((m) => m.stance !== 'nei');
  const others = flag.matches.filter((m) => m.stance === 'nei');
  // A statement on another matter gets a line, folded away, not a side-by-side panel.
  const otherList = others.map((m) => `<li>${statementLine(lang, m.statementId, m.url, statements)}</li>`).join('');
  const matches =
    flag.matches.length === 0
      ? `<p>${t(lang, 'noMatch')}</p>`
      : `${related.map(matchPanel).join('\n')}${others.length > 0 ? `<details class="other-matters"><summary>${t(lang, 'otherMatters')}: ${others.length}</summary><ul>${otherList}</ul></details>` : ''}`;
  // What fired, with its evidence and the conflicting spans; the score's terms come after.
  const reasons = (flag.reasons ?? [])
    .map((r) => {
      const evidence = r.evidence ? `<blockquote>${markSpans(r.evidence, r.evidenceSpan ? [r.evidenceSpan] : [])}</blockquote>` : '';
      const source = r.statementId ? `<p class="meta">${statementLine(lang, r.statementId, r.url, statements)}</p>` : '';
      const indicators =
        r.indicators && r.indicators.length > 0
          ? `<p class="meta">${t(lang, 'indicators')}: ${r.indicators.map((e) => escapeHtml(e.text)).join(', ')}</p>`
          : '';
      return `<li><strong>${t(lang, r.kind)}</strong>: ${escapeHtml(lang === 'en' ? r.descriptionEn : r.description)}${evidence}${source}${indicators}</li>`;
    })
    .join('');
  const a = flag.attribution;
  const frame = a
    ? `<p class="meta">${t(lang, 'frame')}: ${t(lang, `frame-${a.frame}`)}${a.attributedTo ? ` (${t(lang, 'attributedTo')} ${escapeHtml(a.attributedTo)})` : ''}</p>`
    : '';
  const campaign = flag.campaign ? `<p class="meta">${t(lang, 'campaign')}: ${escapeHtml(flag.campaign)}</p>` : '';
  const csrf = `<input type="hidden" name="_csrf" value="${escapeHtml(session.csrfToken)}">`;
  // The queue's filters ride on every form and link, so an action comes back to the same queue.
  const search = options.queue?.search ? `?${escapeHtml(options.queue.search)}` : '';
  const action = `/api/flags/${encodeURIComponent(flag.id)}/actions${search}`;
  // No verdict is chosen for the reviewer: an empty first choice, required here and on the server.
  const assignees = (options.assignees ?? []).map((u) => option(u.name, `${u.name} (${roleLabel(lang, u.role)})`, undefined)).join('');
  const actions = can(session.role, 'review:write')
    ? `<h2>${t(lang, 'actions')}</h2>
${options.refusal ? `<p role="alert" id="action-refused"><strong>${t(lang, 'refused')}:</strong> ${refusalText(lang, options.refusal)}</p>` : ''}
<form method="post" action="${action}" class="inline">${csrf}<input type="hidden" name="action" value="confirm">
<label for="review-verdict">${t(lang, 'verdict')}</label> <select id="review-verdict" name="verdict" required><option value="" selected>${t(lang, 'chooseVerdict')}</option>${VERDICTS.map((v) => option(v, t(lang, v), undefined)).join('')}</select> <button id="review-confirm">${t(lang, 'confirm')}</button></form>
<form method="post" action="${action}" class="inline">${csrf}<input type="hidden" name="action" value="dismiss"><button id="review-dismiss">${t(lang, 'dismiss')}</button></form>
<form method="post" action="${action}" class="inline">${csrf}<input type="hidden" name="action" value="needs-more-work"><button id="review-more">${t(lang, 'needsMore')}</button></form>
<form method="post" action="${action}"><p>${csrf}<input type="hidden" name="action" value="note"><label for="review-note">${t(lang, 'note')}</label> <input id="review-note" name="note" maxlength="2000" required> <button>${t(lang, 'addNote')}</button></p></form>
<form method="post" action="${action}"><p>${csrf}<input type="hidden" name="action" value="assign"><label for="review-assignee">${t(lang, 'assignee')}</label> <select id="review-assignee" name="assignee" required><option value="" selected>${t(lang, 'chooseAssignee')}</option>${assignees}</select> <button>${t(lang, 'assign')}</button></p></form>`
    : '';
  const log = history
    .map(
      (e) =>
        `<li>${escapeHtml(formatDate(e.at))} · ${escapeHtml(e.by)} · ${escapeHtml(actionLabel(lang, e.action))}${e.verdict ? ` (${t(lang, e.verdict)})` : ''}${e.assignee ? ` → ${escapeHtml(e.assignee)}` : ''}${e.note ? `: ${escapeHtml(e.note)}` : ''}</li>`,
    )
    .join('');
  const queueLinks = options.queue
    ? `<p class="queue-nav"><a href="/queue${search}" id="back-to-queue">${t(lang, 'backToQueue')}</a> · ${
        options.queue.previous
          ? `<a href="/claims/${encodeURIComponent(options.queue.previous)}${search}" id="previous-item" rel="prev">${t(lang, 'previousItem')}</a> · `
          : ''
      }${
        options.queue.next
          ? `<a href="/claims/${encodeURIComponent(options.queue.next)}${search}" id="next-item" rel="next">${t(lang, 'nextItem')}</a>`
          : `<span id="end-of-queue">${t(lang, 'endOfQueue')}</span>`
      }</p>`
    : '';
  const body = `${queueLinks}<blockquote class="claim">${markSpans(flag.claimText, claimSpans)}</blockquote>
<p class="meta">${t(lang, 'source')}: <a href="${escapeHtml(flag.url)}" rel="noopener noreferrer">${escapeHtml(flag.url)}</a> · ${escapeHtml(flag.sourceId)} (${escapeHtml(sourceKindLabel(lang, flag.sourceKind))}${flag.submittedBy ? `, ${t(lang, 'submittedBy')} ${escapeHtml(submitterLabel(lang, flag.submittedBy))}` : ''}) · ${escapeHtml(formatDate(flag.publishedAt))} · ${t(lang, 'score')} ${flag.score.toFixed(2)}</p>
${flag.topics.length > 0 ? `<p class="topics">${t(lang, 'topic')}: ${escapeHtml(topicsText(lang, flag.topics))}</p>` : ''}
<p>${t(lang, 'status')}: <strong class="status">${t(lang, state.status)}</strong>${state.verdict ? ` (${t(lang, state.verdict)})` : ''}${state.assignee ? ` · ${t(lang, 'assignee')}: ${escapeHtml(state.assignee)}` : ''}
${state.status === 'confirmed' ? ` · <a href="/api/flags/${encodeURIComponent(flag.id)}/claimreview">${t(lang, 'export')}</a>` : ''}</p>
${frame}${campaign}
${reasons ? `<h2>${t(lang, 'reasons')}</h2><ul class="reasons">${reasons}</ul>` : ''}
<h2>${reasons ? t(lang, 'scoreDetails') : t(lang, 'reasons')}</h2><ul>${signals}</ul><details class="weights"><summary>${t(lang, 'weights')}</summary><ul>${weights}</ul></details>
<h2>${t(lang, 'matches')}</h2>${matches}
${narrative ? narrativeSection(lang, flag, narrative) : ''}
${actions}
<h2>${t(lang, 'history')}</h2>${log ? `<ol id="history">${log}</ol>` : `<p class="empty" id="history-empty">${t(lang, 'noHistory')}</p>`}
${shortcutsHelp(lang, 'claim')}`;
  return layout(lang, t(lang, 'claim'), body, session);
}

/** JSON inside a script element: `<` escaped so no text can close the element. */
function jsonScript(id: string, value: unknown): string {
  return `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;
}

/** The choices of the range filter; a range asked for by URL is offered too. */
const RANGE_CHOICES = [7, 14, 28, 60, 90] as const;

/** How the charts date a claim, and how many had no publish time (counted on their collection day). */
function timeBasisText(lang: Lang, report: TrendsReport): string {
  const fallback =
    report.fallback === 0
      ? ''
      : lang === 'vi'
        ? ` <strong id="fallback-count">${report.fallback}</strong> trong số ${report.flags} tin không có thời điểm đăng nên được tính vào ngày hệ thống thu thập.`
        : ` <strong id="fallback-count">${report.fallback}</strong> of ${report.flags} claims have no publish time and are counted on the day they were collected.`;
  return `<p id="time-basis">${t(lang, 'timeBasis')}${fallback}</p>`;
}

/** A series as the page draws it: its label, and the queue filtered to it (the day is added per point). */
interface ChartSeries extends Series {
  drill: string;
}

/** Each series' days with flags, each a link to the queue of that day, series and filters (works without the script). */
function figures(lang: Lang, days: readonly string[], series: readonly ChartSeries[]): string {
  const rows = series
    .map((s) => {
      const links = days.flatMap((day, i) =>
        (s.counts[i] ?? 0) > 0
          ? [
              `<a href="${escapeHtml(`${s.drill}${s.drill.includes('?') ? '&' : '?'}from=${day}&to=${day}`)}">${escapeHtml(day.slice(8, 10))}/${escapeHtml(day.slice(5, 7))}: ${s.counts[i]}</a>`,
            ]
          : [],
      );
      return links.length === 0 ? '' : `<li>${escapeHtml(s.name)}: ${links.join(' · ')}</li>`;
    })
    .join('');
  return `<details class="figures"><summary>${t(lang, 'figures')}</summary><ul>${rows || `<li>${t(lang, 'empty')}</li>`}</ul></details>`;
}

const sum = (counts: readonly number[]): number => counts.reduce((a, b) => a + b, 0);

/** How a count changed from the previous period: the difference, and in percent when there was one before. */
function changeText(lang: Lang, current: number, previous: number): string {
  const diff = current - previous;
  if (diff === 0) return lang === 'vi' ? 'không đổi' : 'no change';
  const sign = diff > 0 ? '+' : '−';
  if (previous === 0) return `${sign}${Math.abs(diff)}, ${lang === 'vi' ? 'mới' : 'new'}`;
  return `${sign}${Math.abs(diff)}, ${sign}${Math.round((Math.abs(diff) / previous) * 100)}%`;
}

/** One line of a comparison: the count in the range, the previous period's, the change. */
function compareItem(lang: Lang, label: string, current: number, previous: number, id?: string): string {
  return `<li${id ? ` id="${id}"` : ''}>${escapeHtml(label)}: <strong>${current}</strong> (${t(lang, 'previousPeriod')}: ${previous}; ${changeText(lang, current, previous)})</li>`;
}

/** Each series of a chart against the previous period (the series in the same order on both sides). */
function compareList(lang: Lang, id: string, shown: readonly Series[], previous: readonly Series[]): string {
  const items = shown.map((s, i) => compareItem(lang, s.name, sum(s.counts), sum(previous[i]?.counts ?? []))).join('');
  return items ? `<ul class="compare" id="${id}">${items}</ul>` : '';
}

/** The previous period's total per day, drawn dashed on a chart; a click opens that day's queue when `drill` is set. */
function previousLine(lang: Lang, series: readonly Series[], days: readonly string[], drill?: string) {
  return {
    name: t(lang, 'previousTotal'),
    counts: days.map((_, i) => series.reduce((total, s) => total + (s.counts[i] ?? 0), 0)),
    days,
    ...(drill ? { drill } : {}),
  };
}

/** `statementTitle`: the title of the statement the trends are filtered by, when they are. */
export function trendsPage(lang: Lang, session: Session, report: TrendsReport, statementTitle?: string): string {
  const { filters } = report;
  const narratives = report.narratives
    .map(
      (n) =>
        `<tr><td><a href="/claims/${encodeURIComponent(n.flagId)}">${escapeHtml(n.example)}</a></td><td${cellLabel(lang, 'spread')}>${n.sources}</td><td${cellLabel(lang, 'total')}>${n.total}</td><td${cellLabel(lang, 'firstSeen')}>${escapeHtml(formatDate(n.firstSeen))}</td></tr>`,
    )
    .join('');
  const dayHref = (day: string) => queueHref({ ...filters, from: day, to: day });
  const spikes = report.spikes
    .map(
      (s) =>
        `<li><a href="${escapeHtml(dayHref(s.day))}"><strong>${escapeHtml(s.day)}</strong></a>: <a href="/claims/${encodeURIComponent(s.flagId)}">${escapeHtml(s.example)}</a> (${s.count})</li>`,
    )
    .join('');
  // Legends show labels; /api/trends keeps the ids for machines. Each line opens the queue narrowed to it.
  const byTopic: ChartSeries[] = report.byTopic.map((s) => ({
    ...s,
    name: topicLabel(lang, s.name),
    drill: queueHref({ ...filters, topic: s.name }),
  }));
  const bySourceKind: ChartSeries[] = report.bySourceKind.map((s) => ({
    ...s,
    name: sourceKindLabel(lang, s.name),
    drill: queueHref({ ...filters, sourceKind: s.name as SourceKind }),
  }));
  const { previous } = report;
  const previousLines = {
    byTopic: previousLine(lang, previous.byTopic, previous.days, queueHref(filters)),
    bySourceKind: previousLine(lang, previous.bySourceKind, previous.days, queueHref(filters)),
    decisions: previousLine(
      lang,
      [
        { name: 'confirm', counts: previous.decisions.confirmed },
        { name: 'dismiss', counts: previous.decisions.dismissed },
      ],
      previous.days,
    ),
  };
  const shown = { ...report, byTopic, bySourceKind, previousLines };
  const labels = {
    byTopic: t(lang, 'byTopic'),
    byKind: t(lang, 'byKind'),
    decisions: t(lang, 'decisions'),
    confirmed: t(lang, 'confirmed'),
    dismissed: t(lang, 'dismissed'),
    previous: t(lang, 'previousTotal'),
  };
  const period =
    lang === 'vi'
      ? `Kỳ trước: ${previous.days[0] ?? ''} – ${previous.days.at(-1) ?? ''}, cùng ${previous.days.length} ngày ngay trước khoảng đang xem.`
      : `Previous period: ${previous.days[0] ?? ''} – ${previous.days.at(-1) ?? ''}, the same ${previous.days.length} days right before the range shown.`;
  const decisionSeries = (d: TrendsReport['decisions']): Series[] => [
    { name: t(lang, 'confirmed'), counts: d.confirmed },
    { name: t(lang, 'dismissed'), counts: d.dismissed },
  ];
  const ranges: number[] = [...RANGE_CHOICES];
  if (!ranges.includes(report.days.length)) ranges.push(report.days.length);
  ranges.sort((a, b) => a - b);
  const topics = topicOptions(lang);
  if (filters.topic && !topics.some((o) => o.id === filters.topic)) topics.push({ id: filters.topic, label: filters.topic });
  const sources = [...report.sources];
  if (filters.source && !sources.includes(filters.source)) sources.unshift(filters.source);
  const csvSearch = new URLSearchParams({ days: String(report.days.length) });
  for (const key of ['topic', 'sourceKind', 'source', 'outlet', 'statement'] as const) {
    const value = filters[key];
    if (value) csvSearch.set(key, value);
  }
  const withoutStatement = new URLSearchParams(csvSearch);
  withoutStatement.delete('statement');
  const form = `<form method="get" action="/trends" class="filters">
${statementFilterField(lang, filters.statement, statementTitle, `/trends?${withoutStatement.toString()}`)}
<label>${t(lang, 'range')} <select name="days">${ranges.map((n) => option(String(n), lang === 'vi' ? `${n} ngày gần nhất` : `last ${n} days`, String(report.days.length))).join('')}</select></label>
<label>${t(lang, 'topic')} <select name="topic">${option('', t(lang, 'any'), filters.topic)}${topics.map((o) => option(o.id, o.label, filters.topic)).join('')}</select></label>
<label>${t(lang, 'sourceKind')} <select name="sourceKind">${option('', t(lang, 'any'), filters.sourceKind)}${SOURCE_KINDS.map((k) => option(k, sourceKindLabel(lang, k), filters.sourceKind)).join('')}</select></label>
<label>${t(lang, 'source')} <select name="source">${option('', t(lang, 'any'), filters.source)}${sources.map((id) => option(id, id, filters.source)).join('')}</select></label>
${outletField(lang, filters.outlet, report.outlets)}
<button>${t(lang, 'filter')}</button></form>`;
  const body = `${form}
<p class="export"><a href="/trends.csv?${escapeHtml(csvSearch.toString())}" id="export-csv" download>${t(lang, 'csv')}</a></p>
${can(session.role, 'views:own') ? saveViewForm(lang, session, 'trends', csvSearch.toString()) : ''}
${timeBasisText(lang, report)}
<p id="previous-period">${escapeHtml(period)}</p>
<ul class="compare">${compareItem(lang, t(lang, 'flaggedTotal'), report.flags, previous.flags, 'compare-total')}</ul>
<p>${t(lang, 'backlog')}: <strong id="backlog">${report.backlog}</strong> · ${t(lang, 'timeToReview')}: <strong>${report.medianHoursToReview === null ? '—' : report.medianHoursToReview.toFixed(1)}</strong></p>
<div id="chart-topic" class="chart" style="height:300px"></div>
${compareList(lang, 'compare-topic', byTopic, previous.byTopic)}
${figures(lang, report.days, byTopic)}
<div id="chart-kind" class="chart" style="height:300px"></div>
${compareList(lang, 'compare-kind', bySourceKind, previous.bySourceKind)}
${figures(lang, report.days, bySourceKind)}
<div id="chart-decisions" class="chart" style="height:260px"></div>
${compareList(lang, 'compare-decisions', decisionSeries(report.decisions), decisionSeries(previous.decisions))}
<h2>${t(lang, 'spikes')}</h2><p class="rule">${escapeHtml(SPIKE_RULE_TEXT[lang])}</p><ul id="spikes">${spikes || `<li>${t(lang, 'empty')}</li>`}</ul>
<h2>${t(lang, 'narratives')}</h2><table><thead><tr><th>${t(lang, 'claim')}</th><th>${t(lang, 'spread')}</th><th>${t(lang, 'total')}</th><th>${t(lang, 'firstSeen')}</th></tr></thead><tbody>${narratives}</tbody></table>
${jsonScript('trends-data', shown)}${jsonScript('trends-labels', labels)}
<script src="/assets/echarts.min.js"></script><script src="/assets/trends.js"></script>`;
  return layout(lang, t(lang, 'trends'), body, session);
}

export function statementsPage(
  lang: Lang,
  session: Session,
  query: StatementQuery,
  result: { source: string; hits: StatementHit[] } | undefined,
  claim: string,
  answers: DetailedMatch[] | undefined,
): string {
  // A statement opens its page here; a sentence of the fallback has none, only its source.
  const ours = result?.source === 'statements';
  const hits = (result?.hits ?? [])
    .map(
      (
        h,
      ) => `<li class="hit"><p>${h.title ? `<strong>${ours ? `<a href="${escapeHtml(statementHref(h.statementId))}" class="statement-link">${escapeHtml(h.title)}</a>` : escapeHtml(h.title)}</strong><br>` : ''}${h.highlight}</p>
<p class="meta">${escapeHtml(h.agency)} · ${escapeHtml(formatDate(h.publishedAt))}${ours && !h.title ? ` · <a href="${escapeHtml(statementHref(h.statementId))}" class="statement-link">${t(lang, 'statement')}</a>` : ''}${h.url ? ` · <a href="${escapeHtml(h.url)}" rel="noopener noreferrer" class="source-link">${escapeHtml(h.url)}</a>` : ''}</p>
<p><input class="citation" readonly size="80" aria-label="${t(lang, 'citation')}" value="${escapeHtml(h.citation)}"> <button type="button" data-citation="${escapeHtml(h.citation)}" data-done="${t(lang, 'copied')}">${t(lang, 'copy')}</button></p></li>`,
    )
    .join('\n');
  const answerList = (answers ?? [])
    .map(
      (m) =>
        `<li><p>${markSpans(
          m.evidence,
          m.conflicts.map((c) => c.evidenceSpan),
        )}</p><p class="meta"><a href="${escapeHtml(statementHref(m.statementId))}" class="statement-link">${escapeHtml(m.statementId)}</a> · ${t(lang, m.stance)} (${m.score.toFixed(2)})${m.url ? ` · <a href="${escapeHtml(m.url)}" rel="noopener noreferrer">${escapeHtml(m.url)}</a>` : ''}</p></li>`,
    )
    .join('');
  const body = `<form method="get" action="/statements" role="search">
<input type="search" name="q" value="${escapeHtml(query.q)}" size="50" placeholder="Ví dụ: lua dao qua mang">
<label>${t(lang, 'agency')} <input name="agency" value="${escapeHtml(query.agency ?? '')}"></label>
<label>${t(lang, 'from')} <input type="date" name="from" value="${escapeHtml(query.from ?? '')}"></label>
<label>${t(lang, 'to')} <input type="date" name="to" value="${escapeHtml(query.to ?? '')}"></label>
<button>${t(lang, 'search')}</button></form>
${result?.source === 'sentences' ? `<p class="meta">${t(lang, 'fallback')}</p>` : ''}
${result && query.q.trim() !== '' && result.hits.length === 0 ? `<p class="empty" id="no-results">${t(lang, 'noResults')}</p>` : `<ol id="results">${hits}</ol>`}
<h2>${t(lang, 'answer')}</h2>
<form method="get" action="/statements"><textarea name="claim" rows="3" cols="80" maxlength="2000" placeholder="${t(lang, 'pasteClaim')}">${escapeHtml(claim)}</textarea><br><button>${t(lang, 'answer')}</button></form>
${answers === undefined ? '' : answers.length === 0 ? `<p>${t(lang, 'noMatch')}</p>` : `<ol id="answers">${answerList}</ol>`}
<script src="/assets/copy.js"></script>`;
  return layout(lang, t(lang, 'statements'), body, session);
}

const countFormat: Record<Lang, Intl.NumberFormat> = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-GB') };

/** A statement answers more claims than its page lists: how many in all, and which are shown. */
function moreAnsweredText(lang: Lang, shown: number, total: number): string {
  const [s, n] = [countFormat[lang].format(shown), countFormat[lang].format(total)];
  return lang === 'vi'
    ? `Thông cáo này trả lời tổng cộng ${n} nội dung bị gắn cờ; dưới đây là ${s} nội dung mới nhất.`
    : `This statement answers ${n} flagged claims in all; the ${s} newest are listed below.`;
}

/**
 * An official statement's page: what it is (title, agency, date, the original on the agency's
 * site, a citation to copy), its text, and the flagged claims it answers with its stance on each.
 * A claim links to its review page for the roles that may open it. When more claims answer it than
 * are listed (`total`, the count of all of them), the page says how many and that the newest are shown.
 */
export function statementPage(
  lang: Lang,
  session: Session,
  statement: StatementView,
  claims: readonly AnsweredClaim[],
  total: number = claims.length,
): string {
  const reviews = can(session.role, 'queue:read');
  const items = claims
    .map((c) => {
      const text = escapeHtml(c.claimText);
      return `<li data-flag="${escapeHtml(c.flagId)}" data-stance="${c.stance}"><p><span class="stance stance-${c.stance}">${t(lang, c.stance)}</span> ${
        reviews ? `<a href="/claims/${encodeURIComponent(c.flagId)}">${text}</a>` : text
      }</p>
<p class="meta">${escapeHtml(c.sourceId)} (${escapeHtml(sourceKindLabel(lang, c.sourceKind))}) · ${escapeHtml(formatDate(c.publishedAt))} · <a href="${escapeHtml(c.url)}" rel="noopener noreferrer" class="source-link">${t(lang, 'source')}</a>${
        reviews ? ` · <a href="/claims/${encodeURIComponent(c.flagId)}">${t(lang, 'openClaim')}</a>` : ''
      }</p></li>`;
    })
    .join('\n');
  const passages = statement.passages.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const body = `<p class="meta statement-meta"><span class="agency">${escapeHtml(statement.agency)}</span> · ${t(lang, 'publishedOn')}: <time${
    statement.publishedAt ? ` datetime="${escapeHtml(statement.publishedAt)}"` : ''
  }>${escapeHtml(formatDate(statement.publishedAt))}</time>${statement.version > 1 ? ` · ${t(lang, 'version')} ${statement.version}` : ''}</p>
${statement.url ? `<p><a href="${escapeHtml(statement.url)}" rel="noopener noreferrer" id="source-url" class="source-link">${t(lang, 'sourceSite')}</a></p>` : ''}
<p><label for="statement-citation">${t(lang, 'citation')}</label> <input id="statement-citation" class="citation" readonly size="80" value="${escapeHtml(statement.citation)}"> <button type="button" data-citation="${escapeHtml(statement.citation)}" data-done="${t(lang, 'copied')}">${t(lang, 'copy')}</button></p>
<h2>${t(lang, 'statementText')}</h2>
<div class="statement-text" lang="vi">${passages}</div>
<h2>${t(lang, 'answeredClaims')}</h2>
${claims.length === 0 ? `<p class="empty" id="no-claims">${t(lang, 'noAnsweredClaims')}</p>` : `${total > claims.length ? `<p id="answered-more">${moreAnsweredText(lang, claims.length, total)}</p>` : ''}<ol id="answered-claims" class="answered">${items}</ol>${reviews ? `<p><a href="${escapeHtml(queueHref({ statement: statement.statementId }))}" id="answered-in-queue">${t(lang, 'allInQueue')}</a></p>` : ''}`}
<script src="/assets/copy.js"></script>`;
  return layout(lang, statement.title || t(lang, 'statement'), body, session);
}

/** Why an account was not created or changed: the field at fault and what was wrong. */
export interface UserRefusal {
  parameter: 'name' | 'role' | 'password';
  reason: 'invalid' | 'exists' | 'unknown-user' | 'last-admin';
  value?: string;
}

function userRefusalText(lang: Lang, refusal: UserRefusal): string {
  const value = escapeHtml(refusal.value ?? '');
  const vi = lang === 'vi';
  if (refusal.reason === 'exists') return vi ? `Đã có người dùng «${value}».` : `There is already a user «${value}».`;
  if (refusal.reason === 'unknown-user') return vi ? `Không có người dùng «${value}».` : `There is no user «${value}».`;
  if (refusal.reason === 'last-admin')
    return vi
      ? `«${value}» là quản trị viên cuối cùng nên phải giữ vai trò này.`
      : `«${value}» is the last administrator and keeps that role.`;
  if (refusal.parameter === 'name')
    return vi
      ? 'Tên đăng nhập gồm 2 đến 64 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang.'
      : 'A user name has 2 to 64 characters: lower-case letters a-z, digits, dot, underscore or hyphen.';
  if (refusal.parameter === 'role') return vi ? 'Hãy chọn một vai trò trong danh sách.' : 'Choose a role from the list.';
  return vi ? `Mật khẩu cần ít nhất ${MIN_PASSWORD_CHARS} ký tự.` : `A password needs at least ${MIN_PASSWORD_CHARS} characters.`;
}

export interface UsersPageOptions {
  refusal?: UserRefusal;
  /** What the last form did, said once after its redirect. */
  done?: { kind: 'created' | 'updated'; name: string };
  /** The creation form as sent, after a refusal (never the password). */
  draft?: { name: string; role: string };
}

/** The admins' page: every account with its role, a form to change it, and one to create an account. */
export function usersPage(
  lang: Lang,
  session: Session,
  users: readonly Omit<UserRecord, 'passwordHash'>[],
  options: UsersPageOptions = {},
): string {
  const csrf = `<input type="hidden" name="_csrf" value="${escapeHtml(session.csrfToken)}">`;
  const roleOptions = (selected: string | undefined) => ROLES.map((r) => option(r, roleLabel(lang, r), selected)).join('');
  const rows = users
    .map(
      (
        u,
        i,
      ) => `<tr data-user="${escapeHtml(u.name)}"><td>${escapeHtml(u.name)}</td><td class="role"${cellLabel(lang, 'role')}>${escapeHtml(roleLabel(lang, u.role))}</td><td${cellLabel(lang, 'createdAt')}>${escapeHtml(formatDate(u.createdAt))}</td>
<td><form method="post" action="/api/users/${encodeURIComponent(u.name)}/role" class="inline">${csrf}<label for="role-${i}">${t(lang, 'newRole')}</label> <select id="role-${i}" name="role">${roleOptions(u.role)}</select> <button>${t(lang, 'save')}</button></form></td></tr>`,
    )
    .join('\n');
  const status = options.refusal
    ? `<p role="alert" id="users-refused"><strong>${t(lang, 'notDone')}:</strong> ${userRefusalText(lang, options.refusal)}</p>`
    : options.done
      ? `<p role="status" id="users-done">${t(lang, options.done.kind)} ${escapeHtml(options.done.name)}.</p>`
      : '';
  const draft = options.draft;
  const body = `${status}
<table><thead><tr><th>${t(lang, 'user')}</th><th>${t(lang, 'role')}</th><th>${t(lang, 'createdAt')}</th><th>${t(lang, 'newRole')}</th></tr></thead><tbody>${rows}</tbody></table>
<h2>${t(lang, 'createUser')}</h2>
<form method="post" action="/api/users" id="new-user">${csrf}
<p><label for="new-user-name">${t(lang, 'user')}</label> <input id="new-user-name" name="name" required minlength="2" maxlength="64" autocomplete="off" value="${escapeHtml(draft?.name ?? '')}"></p>
<p><label for="new-user-role">${t(lang, 'role')}</label> <select id="new-user-role" name="role" required>${option('', t(lang, 'chooseRole'), draft?.role ?? '')}${roleOptions(draft?.role ?? '')}</select></p>
<p><label for="new-user-password">${t(lang, 'password')}</label> <input id="new-user-password" name="password" type="password" required minlength="${MIN_PASSWORD_CHARS}" autocomplete="new-password"></p>
<p><button type="submit">${t(lang, 'createUser')}</button></p></form>
<p><a href="/admin/tokens">${t(lang, 'tokensTitle')}</a></p>`;
  return layout(lang, t(lang, 'usersTitle'), body, session);
}

export interface TokensPageOptions {
  /** A token just created, with its secret: the only time it is shown. */
  created?: { token: ApiTokenView; secret: string };
  /** The id of a token just revoked. */
  revoked?: string;
  /** The creation form as sent, when its name was refused. */
  refusal?: { name: string };
}

/** The admins' page for integrations' API tokens: each with its state and use, a form to create one, a button to revoke it. */
export function tokensPage(lang: Lang, session: Session, tokens: readonly ApiTokenView[], options: TokensPageOptions = {}): string {
  const csrf = `<input type="hidden" name="_csrf" value="${escapeHtml(session.csrfToken)}">`;
  const rows = tokens
    .map(
      (
        tk,
      ) => `<tr data-token="${escapeHtml(tk.id)}"><td>${escapeHtml(tk.name)}</td><td${cellLabel(lang, 'creator')}>${escapeHtml(tk.creator)}</td><td${cellLabel(lang, 'createdAt')}>${escapeHtml(formatDate(tk.createdAt))}</td><td${cellLabel(lang, 'lastUsed')}>${tk.lastUsedAt ? escapeHtml(formatDate(tk.lastUsedAt)) : t(lang, 'never')}</td>
<td class="state"${cellLabel(lang, 'tokenState')}>${t(lang, tk.revoked ? 'tokenRevoked' : 'tokenActive')}</td><td>${tk.revoked ? '' : `<form method="post" action="/api/tokens/${encodeURIComponent(tk.id)}/revoke" class="inline">${csrf}<button aria-label="${t(lang, 'revoke')} ${escapeHtml(tk.name)}">${t(lang, 'revoke')}</button></form>`}</td></tr>`,
    )
    .join('\n');
  const revokedName = options.revoked ? tokens.find((tk) => tk.id === options.revoked)?.name : undefined;
  const status = options.refusal
    ? `<p role="alert" id="tokens-refused"><strong>${t(lang, 'notDone')}:</strong> ${t(lang, 'tokenNameRule')}</p>`
    : options.created
      ? `<div role="status" id="token-created"><p>${t(lang, 'tokenCreated')} ${escapeHtml(options.created.token.name)}. ${t(lang, 'tokenOnce')}</p>
<p><label for="new-token-secret">${t(lang, 'tokens')}</label> <input id="new-token-secret" readonly size="70" value="${escapeHtml(options.created.secret)}"></p></div>`
      : revokedName
        ? `<p role="status" id="tokens-done">${t(lang, 'tokenRevokedDone')} ${escapeHtml(revokedName)}.</p>`
        : '';
  const body = `${status}
<p class="meta">${t(lang, 'tokenUse')}</p>
${tokens.length === 0 ? `<p class="empty">${t(lang, 'noTokens')}</p>` : `<table><thead><tr><th>${t(lang, 'tokenName')}</th><th>${t(lang, 'creator')}</th><th>${t(lang, 'createdAt')}</th><th>${t(lang, 'lastUsed')}</th><th>${t(lang, 'tokenState')}</th><th>${t(lang, 'actions')}</th></tr></thead><tbody>${rows}</tbody></table>`}
<h2>${t(lang, 'createToken')}</h2>
<form method="post" action="/api/tokens" id="new-token">${csrf}
<p><label for="new-token-name">${t(lang, 'tokenName')}</label> <input id="new-token-name" name="name" required minlength="2" maxlength="64" autocomplete="off" value="${escapeHtml(options.refusal?.name ?? '')}"></p>
<p><button type="submit">${t(lang, 'createToken')}</button></p></form>
<p><a href="/admin/users">${t(lang, 'usersTitle')}</a></p>`;
  return layout(lang, t(lang, 'tokensTitle'), body, session);
}

/** Saves the filter a page shows under a name (its query string, as the page wrote it). */
function saveViewForm(lang: Lang, session: Session, page: ViewPage, search: string): string {
  return `<form method="post" action="/api/views" class="save-view inline-fields"><input type="hidden" name="_csrf" value="${escapeHtml(session.csrfToken)}"><input type="hidden" name="page" value="${page}"><input type="hidden" name="search" value="${escapeHtml(search)}">
<label for="view-name">${t(lang, 'viewName')}</label> <input id="view-name" name="name" required maxlength="${MAX_VIEW_NAME}" size="24"> <button>${t(lang, 'saveView')}</button></form>`;
}

/** A saved filter in words: each parameter by its label and its value's. */
export function describeSearch(lang: Lang, page: ViewPage, search: string): string {
  const parts = [...new URLSearchParams(search)].map(([key, value]) => {
    if (key === 'topic') return `${t(lang, 'topic')}: ${topicLabel(lang, value)}`;
    if (key === 'sourceKind') return `${t(lang, 'sourceKind')}: ${sourceKindLabel(lang, value)}`;
    if (key === 'source') return `${t(lang, 'source')}: ${value}`;
    if (key === 'outlet') return `${t(lang, 'outlet')}: ${value}`;
    if (key === 'statement') return `${t(lang, 'statement')}: ${value}`;
    if (key === 'status' && (REVIEW_STATUSES as readonly string[]).includes(value)) return `${t(lang, 'status')}: ${t(lang, value as Key)}`;
    if (key === 'from') return `${t(lang, 'from')}: ${value}`;
    if (key === 'to') return `${t(lang, 'to')}: ${value}`;
    if (key === 'days') return `${t(lang, 'range')}: ${lang === 'vi' ? `${value} ngày gần nhất` : `last ${value} days`}`;
    return `${key}: ${value}`;
  });
  return `${t(lang, page === 'queue' ? 'queue' : 'trends')} · ${parts.length > 0 ? parts.join(' · ') : t(lang, 'noFilter')}`;
}

/** Why a view was not saved. */
export type ViewRefusal =
  { parameter: 'name' } | { parameter: 'page' } | { parameter: 'count' } | { parameter: 'search'; invalid: InvalidParameter };

function viewRefusalText(lang: Lang, refusal: ViewRefusal): string {
  const vi = lang === 'vi';
  if (refusal.parameter === 'name')
    return vi ? `Hãy đặt tên cho bộ lọc (tối đa ${MAX_VIEW_NAME} ký tự).` : `Give the view a name (at most ${MAX_VIEW_NAME} characters).`;
  if (refusal.parameter === 'page')
    return vi
      ? 'Chỉ lưu được bộ lọc của hàng đợi hoặc trang xu hướng mà bạn được xem.'
      : 'Only a filter of the queue or the trends you may open can be saved.';
  if (refusal.parameter === 'count')
    return vi ? `Mỗi người dùng lưu tối đa ${MAX_VIEWS} bộ lọc.` : `A user keeps at most ${MAX_VIEWS} views.`;
  return invalidText(lang, refusal.invalid);
}

export interface ViewsPageOptions {
  done?: { kind: 'viewSaved' | 'viewDeleted'; name: string };
  refusal?: ViewRefusal;
}

/** A user's saved views: each opens its page, can be made an alert (or not) and deleted. */
export function viewsPage(lang: Lang, session: Viewer, views: readonly SavedView[], options: ViewsPageOptions = {}): string {
  const csrf = `<input type="hidden" name="_csrf" value="${escapeHtml(session.csrfToken)}">`;
  const items = views
    .map((v) => {
      const action = `/api/views/${encodeURIComponent(v.id)}`;
      const name = escapeHtml(v.name);
      return `<li data-view="${escapeHtml(v.id)}"><p><strong class="view-name">${name}</strong>${v.alert ? ` · <span class="alert-on">${t(lang, 'alertOn')}</span>` : ''}</p>
<p class="meta">${escapeHtml(describeSearch(lang, v.page, v.search))}</p>
<p><a href="${escapeHtml(viewHref(v))}" class="open-view">${t(lang, 'openView')}<span class="visually-hidden"> ${name}</span></a>
<form method="post" action="${action}/alert" class="inline">${csrf}<input type="hidden" name="alert" value="${v.alert ? 'off' : 'on'}"><button aria-label="${t(lang, v.alert ? 'stopAlert' : 'makeAlert')}: ${name}">${t(lang, v.alert ? 'stopAlert' : 'makeAlert')}</button></form>
<form method="post" action="${action}/delete" class="inline">${csrf}<button aria-label="${t(lang, 'deleteView')}: ${name}">${t(lang, 'deleteView')}</button></form></p></li>`;
    })
    .join('\n');
  const status = options.refusal
    ? `<p role="alert" id="views-refused"><strong>${t(lang, 'notDone')}:</strong> ${viewRefusalText(lang, options.refusal)}</p>`
    : options.done
      ? `<p role="status" id="views-done">${t(lang, options.done.kind)} «${escapeHtml(options.done.name)}».</p>`
      : '';
  const body = `${status}<p class="meta">${t(lang, 'viewsIntro')}</p>
${views.length === 0 ? `<p class="empty" id="no-views">${t(lang, 'noViews')}</p>` : `<ul class="views" id="views">${items}</ul>`}
<p><a href="/alerts">${t(lang, 'alerts')}</a></p>`;
  return layout(lang, t(lang, 'views'), body, session);
}

/** The user's alerts: each view's filter and the new flags matching it, with a button that marks them checked. */
export function alertsPage(lang: Lang, session: Viewer, results: readonly AlertResult[], through: string, checked?: string): string {
  const csrf = `<input type="hidden" name="_csrf" value="${escapeHtml(session.csrfToken)}">`;
  const sections = results
    .map(({ view, hits, total, capped, invalid }) => {
      const name = escapeHtml(view.name);
      const count = `${total}${capped ? '+' : ''}`;
      const list = hits
        .map(
          (f) =>
            `<li data-flag="${escapeHtml(f.id)}"><a href="/claims/${encodeURIComponent(f.id)}">${escapeHtml(f.claimText)}</a><div class="meta">${escapeHtml(f.sourceId)} · ${escapeHtml(sourceKindLabel(lang, f.sourceKind))} · ${escapeHtml(formatDate(f.publishedAt ?? f.createdAt))} · ${t(lang, 'score')} ${f.score.toFixed(2)}</div></li>`,
        )
        .join('');
      const found = invalid
        ? `<p role="alert">${t(lang, 'viewInvalid')}: ${invalidText(lang, invalid)}</p>`
        : total === 0
          ? `<p class="empty">${t(lang, 'noNew')}</p>`
          : `<ol class="hits">${list}</ol>${hits.length < total ? `<p class="meta"><a href="${escapeHtml(viewHref(view))}">${t(lang, 'openView')} (${count})</a></p>` : ''}`;
      return `<section class="alert" data-view="${escapeHtml(view.id)}" aria-labelledby="alert-${escapeHtml(view.id)}"><h2 id="alert-${escapeHtml(view.id)}">${name}${total > 0 ? navBadge(total) : ''}</h2>
<p class="meta"><span class="query">${escapeHtml(describeSearch(lang, view.page, view.search))}</span> · <a href="${escapeHtml(viewHref(view))}">${t(lang, 'openView')}<span class="visually-hidden"> ${name}</span></a></p>
<p>${t(lang, 'newSince')} ${escapeHtml(formatDate(view.checkedAt ?? view.createdAt))}: <strong class="count">${count}</strong></p>
${found}
${total > 0 ? `<form method="post" action="/api/views/${encodeURIComponent(view.id)}/checked">${csrf}<input type="hidden" name="through" value="${escapeHtml(through)}"><button aria-label="${t(lang, 'markChecked')}: ${name}">${t(lang, 'markChecked')}</button></form>` : ''}</section>`;
    })
    .join('\n');
  const done = checked ? `<p role="status" id="alerts-done">${t(lang, 'viewChecked')} «${escapeHtml(checked)}».</p>` : '';
  const body = `${done}${results.length === 0 ? `<p class="empty" id="no-alerts">${t(lang, 'noAlerts')}</p>` : sections}
<p><a href="/views">${t(lang, 'views')}</a></p>`;
  return layout(lang, t(lang, 'alerts'), body, session);
}
