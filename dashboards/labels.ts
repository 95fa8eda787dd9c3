/**
 * Human names for the ids stored in flags and sessions: topics (from the taxonomy users edit),
 * source kinds, roles and review actions. Callers still escape what these return: taxonomy
 * labels are edited by hand, and an unknown id falls back to itself.
 */
import { loadTaxonomy, TaxonomyError, type Taxonomy } from '../classifiers/topics/taxonomy.js';
import { SOURCE_KINDS, type SourceKind } from '../core/contracts.js';
import type { ReviewAction, Role } from './store.js';

export type Lang = 'vi' | 'en';

let shipped: Taxonomy | undefined;

/**
 * The shipped taxonomy, read once (a page render must not read the file each time). A broken
 * file must not take the review pages down with it: topics then show as ids, with a warning.
 */
export function dashboardTaxonomy(): Taxonomy {
  if (!shipped) {
    try {
      shipped = loadTaxonomy();
    } catch (error) {
      if (!(error instanceof TaxonomyError)) throw error;
      process.emitWarning(`dashboards: topic labels unavailable, showing ids: ${error.message}`);
      shipped = { topics: [], catchAll: '', source: error.message };
    }
  }
  return shipped;
}

/** The topic's label in `lang`; ids the taxonomy no longer (or never) had are shown as is. */
export function topicLabel(lang: Lang, id: string, taxonomy: Taxonomy = dashboardTaxonomy()): string {
  return taxonomy.topics.find((topic) => topic.id === id)?.label[lang] ?? id;
}

/** The taxonomy's topics as filter options, in the file's order. */
export function topicOptions(lang: Lang, taxonomy: Taxonomy = dashboardTaxonomy()): { id: string; label: string }[] {
  return taxonomy.topics.map((topic) => ({ id: topic.id, label: topic.label[lang] }));
}

const SOURCE_KIND_LABELS: Record<SourceKind, Record<Lang, string>> = {
  news: { vi: 'Báo chí', en: 'News' },
  social: { vi: 'Mạng xã hội', en: 'Social' },
  official: { vi: 'Nguồn chính thức', en: 'Official' },
  submission: { vi: 'Tin người dân gửi', en: 'Submitted message' },
};

/** Takes a plain string: Elasticsearch aggregation keys are not typed as SourceKind. */
export function sourceKindLabel(lang: Lang, kind: string): string {
  return (SOURCE_KINDS as readonly string[]).includes(kind) ? SOURCE_KIND_LABELS[kind as SourceKind][lang] : kind;
}

const ROLE_LABELS: Record<Role, Record<Lang, string>> = {
  analyst: { vi: 'Phân tích viên', en: 'Analyst' },
  press: { vi: 'Cán bộ báo chí', en: 'Press officer' },
  supervisor: { vi: 'Giám sát viên', en: 'Supervisor' },
  admin: { vi: 'Quản trị viên', en: 'Administrator' },
};

export function roleLabel(lang: Lang, role: Role): string {
  return ROLE_LABELS[role][lang];
}

/** The role of a request made with an API token (store.ts INTEGRATION_ROLE), which no account has. */
const INTEGRATION_LABEL: Record<Lang, string> = { vi: 'Hệ thống tích hợp (khóa API)', en: 'Integration (API token)' };

export function integrationLabel(lang: Lang): string {
  return INTEGRATION_LABEL[lang];
}

const ACTION_LABELS: Record<ReviewAction, Record<Lang, string>> = {
  confirm: { vi: 'Xác nhận', en: 'Confirmed' },
  dismiss: { vi: 'Bác bỏ', en: 'Dismissed' },
  'needs-more-work': { vi: 'Cần xem thêm', en: 'Needs more work' },
  note: { vi: 'Ghi chú', en: 'Note' },
  assign: { vi: 'Giao việc', en: 'Assigned' },
};

export function actionLabel(lang: Lang, action: ReviewAction): string {
  return ACTION_LABELS[action][lang];
}
