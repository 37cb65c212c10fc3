// Intl names any ISO 639 code in English without shipping a table; 'und' is ours for "not identified".
const names = new Intl.DisplayNames(['en-GB'], { type: 'language' });

export function languageName(code: string): string {
  if (code === 'und') return 'language not identified';
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
