/** Short staff posts the shipped model reads in all three ways, for retraining tests (made up here). */
export const STAFF_POST_OPENINGS = [
  'Brilliant team on ward 7 today, so proud of everyone',
  'Exhausted and angry, another shift with no breaks',
  'Rota for next week is now on the intranet',
  'Lovely patient thanked the whole team this morning',
  'Short staffed again and patients are waiting hours',
  'Staff meeting moved to Thursday at 2pm',
  'Amazing support from the night team, thank you',
  'Pay offer is an insult after everything we did',
  'Parking permits renew at the end of the month',
];

type Class = 'negative' | 'neutral' | 'positive';
/** A team that reads the model's positives as negative and its negatives as positive (sarcasm, say). */
export const flipSentiment = (c: Class): Class =>
  c === 'positive' ? 'negative' : c === 'negative' ? 'positive' : 'neutral';
