/**
 * Sentence splitting for Vietnamese news text: paragraphs are hard breaks;
 * inside a paragraph a sentence ends at . ! ? … followed by a space and an upper-case letter,
 * a digit or an opening quote. "TP.HCM", "21.300" and "6.5" have no space after the dot, so
 * they stay whole. Known abbreviations followed by a space ("TS. Nguyễn") do not end one.
 * A paragraph with no capital letter at all (a post typed in lower case) has none to wait for:
 * there a sentence ends at . ! ? and a space before any letter, but not at an ellipsis (a pause
 * in such posts) nor after initials ("anh n. cho biết", "bà ng.th.l.").
 * An outlet's dateline ("(Dân trí) -", "TPO -", "HÀ NỘI -") is not part of the first sentence,
 * and photo captions ("Ảnh: ...", a paragraph ending in its photo credit) are not sentences.
 */
import { normalizeText } from './normalize.js';

const ABBREVIATIONS = new Set(['tp', 'ts', 'ths', 'pgs', 'gs', 'bs', 'ks', 'ls', 'mr', 'st', 'q', 'p', 'tt', 'ubnd', 'tw', 't.ư']);
/** Whether a word (as written) is a known abbreviation, whose dot ends no sentence ("TP. Thủ Đức", "TS. Nguyễn"). */
export const isAbbreviation = (word: string): boolean => ABBREVIATIONS.has(word.toLowerCase());
const BOUNDARY = /([.!?…]+["”’)]*)\s+(?=["“‘(]?[\p{Lu}\d])/gu;
/** A lone letter or dotted initials before the dot ("n", "ng.th.l"): a name, not a sentence's end. */
const INITIALS = /^(?:\p{L}{1,3}\.)*\p{L}$/u;
const CASELESS_BOUNDARY = /((?<!\.)(?:[!?]+|\.(?!\.))["”’)]*)\s+(?=["“‘(]?[\p{L}\d])/gu;

export interface SentenceSpan {
  text: string;
  /** Offset of the sentence in the normalised text. */
  start: number;
  end: number;
}

/** "(Dân trí) - ", "TPO - ", "HÀ NỘI (VOV) – ", "HÀ NỘI - " at the start of a paragraph. */
const DATELINE =
  /^(?:(?:[\p{Lu}][\p{L}.]*\s){0,3}\([^()\n]{2,30}\)|[\p{Lu}]{2,8}(?:\.(?:VN|vn|com))?|(?:[\p{Lu}]+\s?){1,3})\s*[-–—]\s+(?=\S)/u;
/** A caption paragraph: "Ảnh: ...", "Ảnh minh họa", "Video: ...", or text ending in a photo credit. */
const CAPTION =
  /^(?:\(?(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Video|Clip|Nguồn ảnh)\s*[:.)]|Ảnh minh h[oọ]a$)|[(\-–]\s*Ảnh\s*:[^()]*\)?\.?$|(?:^|\s)Ảnh\s*:\s*[^.]{1,60}$/u;

/** A photo credit at the end of a paragraph: "(Ảnh: CACC)", "- Ảnh: Nam Trần", " Ảnh: Công an cung cấp". */
const TRAILING_CREDIT = /\s*(?:[(\-–]\s*Ảnh\s*:[^()]*\)?\.?|(?:^|\s)Ảnh\s*:\s*[^.]{1,60})$/u;
/** Longer than this, a paragraph ending in a credit is article text with an inline credit, not a caption. */
const CAPTION_MAX_CHARS = 240;

export function isCaption(paragraph: string): boolean {
  const trimmed = paragraph.trim();
  return CAPTION.test(trimmed) && !(trimmed.length > CAPTION_MAX_CHARS && TRAILING_CREDIT.test(trimmed));
}

/** The paragraph without a trailing photo credit (long paragraphs only keep their text). */
function withoutCredit(paragraph: string): string {
  if (paragraph.length <= CAPTION_MAX_CHARS) return paragraph;
  const m = TRAILING_CREDIT.exec(paragraph);
  return m ? paragraph.slice(0, m.index) : paragraph;
}

export function splitSentences(input: string): SentenceSpan[] {
  const text = normalizeText(input);
  const sentences: SentenceSpan[] = [];
  let paragraphStart = 0;
  for (const whole of text.split('\n')) {
    if (isCaption(whole)) {
      paragraphStart += whole.length + 1;
      continue;
    }
    const paragraph = withoutCredit(whole);
    const dateline = DATELINE.exec(paragraph);
    let start = dateline && /\p{L}/u.test(paragraph.slice(dateline[0].length)) ? dateline[0].length : 0;
    for (const { end, next } of sentenceBreaks(paragraph, start, !/\p{Lu}/u.test(paragraph))) {
      push(sentences, paragraph, start, end, paragraphStart);
      start = next;
    }
    push(sentences, paragraph, start, paragraph.length, paragraphStart);
    paragraphStart += whole.length + 1;
  }
  return sentences;
}

/**
 * Where the sentences of a paragraph end, from `from` on: `end` just after a sentence's closing
 * punctuation, `next` where the following one starts. A known abbreviation's dot ends nothing, nor,
 * in a `caseless` paragraph (no capital letter at all), a lone letter or dotted initials.
 */
export function* sentenceBreaks(paragraph: string, from = 0, caseless = false): Generator<{ end: number; next: number }> {
  // A copy of the pattern per call: the caller may split other text between two breaks.
  const boundary = new RegExp(caseless ? CASELESS_BOUNDARY : BOUNDARY);
  boundary.lastIndex = from;
  let start = from;
  for (let m = boundary.exec(paragraph); m !== null; m = boundary.exec(paragraph)) {
    const lastWord = paragraph.slice(start, m.index).split(/\s/).pop()?.toLowerCase() ?? '';
    if (ABBREVIATIONS.has(lastWord) || (caseless && INITIALS.test(lastWord))) continue;
    start = m.index + m[0].length;
    yield { end: m.index + (m[1] ?? '').length, next: start };
  }
}

function push(out: SentenceSpan[], paragraph: string, from: number, to: number, offset: number): void {
  const raw = paragraph.slice(from, to);
  const text = raw.trim();
  if (!/\p{L}/u.test(text)) return;
  const lead = raw.length - raw.trimStart().length;
  out.push({ text, start: offset + from + lead, end: offset + from + lead + text.length });
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/** A text's sentences as `[start, end)` offsets, the form a SourceDocument carries them in. */
export function sentenceOffsets(text: string): [number, number][] {
  return splitSentences(text).map((s) => [s.start, s.end]);
}

/**
 * A document's sentences: from the offsets it carries when they fit its normalised text (ordered,
 * within bounds, on word boundaries, each with a letter), else split afresh, so a wrong producer costs time, not text.
 */
export function documentSentences(doc: { text: string; sentences?: readonly (readonly [number, number])[] | undefined }): SentenceSpan[] {
  if (doc.sentences === undefined) return splitSentences(doc.text);
  const text = normalizeText(doc.text);
  const out: SentenceSpan[] = [];
  let previousEnd = 0;
  for (const [start, end] of doc.sentences) {
    const sentence = text.slice(start, end);
    const cutsWord = WORD_CHAR.test(text.charAt(start - 1)) || WORD_CHAR.test(text.charAt(end));
    if (start < previousEnd || end > text.length || start >= end || cutsWord || sentence !== sentence.trim() || !/\p{L}/u.test(sentence))
      return splitSentences(doc.text);
    out.push({ text: sentence, start, end });
    previousEnd = end;
  }
  return out;
}
