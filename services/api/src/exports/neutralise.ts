/**
 * OWASP's CSV-injection advice: a text cell that a spreadsheet would read as a formula (=, +, -, @,
 * or a tab or carriage return before one) starts with an apostrophe instead. Numbers are left as
 * numbers: only text is touched, so −0.5 stays a number and "-0.5 is bad" becomes "'-0.5 is bad".
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}
