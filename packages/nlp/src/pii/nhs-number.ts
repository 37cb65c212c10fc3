// NHS numbers carry a Modulus 11 check digit: weights 10..2 on the first nine digits.
// Checking it keeps ordinary 10-digit numbers (order refs, phone numbers) from being called NHS numbers.

/** The check digit for nine digits, or null when none exists (remainder gives 10: never issued). */
export function nhsCheckDigit(first9: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return check === 11 ? 0 : check;
}

/** True for ten digits (separators already removed) whose last digit is the right check digit. */
export function isValidNhsNumber(digits: string): boolean {
  if (digits.length !== 10) return false;
  return nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}
