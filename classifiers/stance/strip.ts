/**
 * A claim as a user typing without accents writes it: NFC, every combining mark dropped, đ→d and
 * Đ→D, case kept (foldDiacritics also lower-cases, which would hide the capitals that mark names).
 */
export function stripDiacritics(text: string): string {
  return text
    .normalize('NFC')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}
