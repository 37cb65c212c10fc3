/**
 * Synthetic posts for the demo source, written for this project. Each template is one voice on one
 * topic with one intended mood; {slots} are filled from the lists below by a seeded generator.
 */
export type Mood = 'positive' | 'neutral' | 'negative';
export type Voice = 'staff' | 'public';

export interface Template {
  topic: string;
  mood: Mood;
  voice: Voice;
  text: string;
}

export const SLOTS: Record<string, string[]> = {
  ward: [
    'ward 7',
    'the stroke unit',
    'ED',
    'the maternity unit',
    'ICU',
    'the children’s ward',
    'AMU',
    'theatres',
    'the respiratory ward',
  ],
  role: ['nurse', 'HCA', 'junior doctor', 'midwife', 'paramedic', 'physio', 'porter', 'pharmacist', 'ward sister'],
  n: ['2', '3', '4', '5', '6'],
  hours: ['12', '13', '14', '10'],
  patients: ['24', '28', '30', '32', '36'],
  tag: ['#NHS', '#NHSstaff', '#nurses', '#NHSThanks', '#SafeStaffing', '#PatientSafety'],
};

export const TEMPLATES: Template[] = [
  // compassion and care quality
  {
    topic: 'compassion',
    mood: 'positive',
    voice: 'staff',
    text: 'Proud of the team on {ward} today. A patient’s daughter said we treated her mum with real dignity and kindness. That’s why I do this job. {tag}',
  },
  {
    topic: 'compassion',
    mood: 'positive',
    voice: 'public',
    text: 'Huge thanks to the {role} on {ward} who held my dad’s hand all night. Such compassion when he was frightened. #hellomynameis {tag}',
  },
  {
    topic: 'compassion',
    mood: 'positive',
    voice: 'public',
    text: 'Every single member of staff introduced themselves and explained everything. Kind, patient, caring. Brilliant care from start to finish.',
  },
  {
    topic: 'compassion',
    mood: 'neutral',
    voice: 'staff',
    text: 'Teaching session on the 6Cs this afternoon for the new starters on {ward}: care, compassion, competence, communication, courage, commitment.',
  },
  {
    topic: 'compassion',
    mood: 'negative',
    voice: 'public',
    text: 'Mum was left in a soiled bed for hours on {ward}. Nobody spoke to her with any dignity. Staff seemed too rushed to care. Heartbreaking.',
  },
  {
    topic: 'compassion',
    mood: 'negative',
    voice: 'staff',
    text: 'I didn’t come into nursing to rush people. 12 minutes per patient is not care, it’s processing. We are losing the compassion we trained for.',
  },
  // Francis inquiry, patient safety, speaking up
  {
    topic: 'patient-safety',
    mood: 'neutral',
    voice: 'staff',
    text: 'Ten years on from the Francis report, our Freedom to Speak Up guardian is running drop-ins on {ward} this week. Duty of candour training is mandatory.',
  },
  {
    topic: 'patient-safety',
    mood: 'negative',
    voice: 'staff',
    text: 'Raised a patient safety concern about staffing on {ward} three times. Nothing happened. After Mid Staffs we were told this would never happen again. {tag}',
  },
  {
    topic: 'patient-safety',
    mood: 'negative',
    voice: 'public',
    text: 'Another never event reported at the trust. How many warnings before someone listens to the whistleblowers? #PatientSafety',
  },
  {
    topic: 'patient-safety',
    mood: 'positive',
    voice: 'staff',
    text: 'Spoke up about a near miss with a drug chart on {ward} and was thanked, not blamed. A just culture actually works. Learning shared across the trust.',
  },
  {
    topic: 'patient-safety',
    mood: 'positive',
    voice: 'staff',
    text: 'Our falls have halved since the new safety huddles started on {ward}. Really pleased with how the team embraced it. #PatientSafety',
  },
  // regulation
  {
    topic: 'regulation',
    mood: 'positive',
    voice: 'staff',
    text: 'CQC rated our maternity service Good today after the inspection. So proud of every midwife and support worker who made it happen. {tag}',
  },
  {
    topic: 'regulation',
    mood: 'negative',
    voice: 'public',
    text: 'CQC report out: the trust rated requires improvement for safety, again. Inspectors found staff shortages on {ward}. Not good enough.',
  },
  {
    topic: 'regulation',
    mood: 'neutral',
    voice: 'staff',
    text: 'Reminder that NMC revalidation is due for a few of us on {ward} next month. The portal opens tomorrow.',
  },
  {
    topic: 'regulation',
    mood: 'negative',
    voice: 'staff',
    text: 'Spent my whole shift preparing paperwork for the CQC inspection instead of seeing patients. The regulator measures forms, not care.',
  },
  // staffing and workforce
  {
    topic: 'staffing',
    mood: 'negative',
    voice: 'staff',
    text: 'Night shift on {ward}: {n} nurses for {patients} patients, two agency. Short-staffed again and no breaks. Exhausted. #SafeStaffing',
  },
  {
    topic: 'staffing',
    mood: 'negative',
    voice: 'staff',
    text: 'Rota gaps every week, vacancies not filled, and now they’ve cut agency shifts. Something has to give and it will be patient safety.',
  },
  {
    topic: 'staffing',
    mood: 'negative',
    voice: 'public',
    text: 'Waited with my gran on {ward} and there was one {role} for the whole bay. The staff were lovely but there simply aren’t enough of them.',
  },
  {
    topic: 'staffing',
    mood: 'positive',
    voice: 'staff',
    text: 'Fully staffed shift on {ward} for the first time in months thanks to the new international recruits. Had time to actually talk to patients. Brilliant!',
  },
  {
    topic: 'staffing',
    mood: 'neutral',
    voice: 'staff',
    text: 'Our trust is recruiting: band 5 {role} posts on {ward}, flexible rota and a retention bonus. Details on the careers site. {tag}',
  },
  {
    topic: 'staffing',
    mood: 'positive',
    voice: 'staff',
    text: 'Retention is up on {ward} since we introduced self-rostering. Staff feel listened to. Great work by the workforce team.',
  },
  // pay and conditions
  {
    topic: 'pay',
    mood: 'negative',
    voice: 'staff',
    text: 'The pay award is another real-terms cut. Agenda for Change staff deserve better. I’ll be voting yes in the RCN ballot.',
  },
  {
    topic: 'pay',
    mood: 'negative',
    voice: 'staff',
    text: 'Can’t afford the parking, can’t afford the rent. {hours}-hour shifts for this pay. Why would anyone stay? #NHSPay',
  },
  {
    topic: 'pay',
    mood: 'neutral',
    voice: 'public',
    text: 'BMA confirms the dates for the next round of industrial action. Unison and the RCN are consulting members on the pay offer.',
  },
  {
    topic: 'pay',
    mood: 'positive',
    voice: 'staff',
    text: 'Pleased the pay offer was finally accepted. Backdated pay landed today, a small but welcome win for everyone on the picket line last year.',
  },
  {
    topic: 'pay',
    mood: 'negative',
    voice: 'public',
    text: 'Another strike means my operation is cancelled again. I support the nurses but the government has to sort the pay dispute.',
  },
  // wellbeing and burnout
  {
    topic: 'wellbeing',
    mood: 'negative',
    voice: 'staff',
    text: 'Cried in the car park after a {hours}-hour shift. Burnout is real and nobody asks how we are. {tag}',
  },
  {
    topic: 'wellbeing',
    mood: 'positive',
    voice: 'staff',
    text: 'The new staff wellbeing hub has free hot food for night shifts and a quiet room. Small things, but I feel looked after. Thank you!',
  },
  // waiting times and access
  {
    topic: 'waiting-times',
    mood: 'negative',
    voice: 'public',
    text: 'Eleven hours on a trolley in a corridor in ED with my dad. The waiting times are dangerous. The staff are doing their best.',
  },
  {
    topic: 'waiting-times',
    mood: 'neutral',
    voice: 'staff',
    text: 'Elective waiting list update: 18-week performance steady this month, and the new day surgery unit opens in the spring.',
  },
  // IT and digital
  {
    topic: 'digital',
    mood: 'negative',
    voice: 'staff',
    text: 'EPR down again for three hours on {ward}. Back to paper notes and nobody can find the drug charts. This system is useless.',
  },
  {
    topic: 'digital',
    mood: 'positive',
    voice: 'staff',
    text: 'The new e-rostering app is actually great. Swapped a shift in two taps. Well done to the digital team.',
  },
];

/** Welsh-language posts: the baseline model does not score Welsh, so these arrive as unscored. */
export const WELSH: string[] = [
  'Diolch yn fawr i’r nyrsys ar y ward heno. Gofal arbennig i Mam. #GIG',
  'Mae’r amseroedd aros yn yr adran frys yn rhy hir. Mae’r staff yn gweithio’n galed iawn.',
  'Balch o’r tîm heddiw. Mae staffio diogel yn bwysig i bob claf.',
];

/**
 * Demo authors' bios: a staff template is written by a staff author, the rest by the public, so each
 * pseudonym keeps one voice. The connector judges the voice from these as a live connector judges a
 * profile; some of the public give no bio, as on the platforms.
 */
export const BIOS: Record<Voice, string[]> = {
  staff: [
    'Staff nurse on nights. Views my own.',
    'Junior doctor, ED. Tweets are my own.',
    'Community midwife 💜',
    'Band 6 physio. Coffee first.',
    'HCA on the stroke unit',
    'Paramedic. Dog person.',
    'Ward sister, 20 years in.',
    'Pharmacist at a district general.',
  ],
  public: [
    'Mum of two. Proud of our NHS 💙',
    'Carer for my dad.',
    'Retired teacher, keen gardener.',
    'Local news junkie.',
    '',
    '',
  ],
};
