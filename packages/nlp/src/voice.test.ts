import { describe, expect, it } from 'vitest';
import { classifyVoice, type Voice, type VoiceProfile } from './voice';

// Profiles written to look like real ones (names and trusts made up); each line is one judgement.
const CASES: Array<[string, VoiceProfile, Voice]> = [
  // staff
  ['a ward nurse with a band', { displayName: 'Jo', bio: 'Staff nurse, Band 5, ward 7. Views my own.' }, 'staff'],
  ['RN after the name', { displayName: 'Priya Patel RN', bio: 'Mum of 2. Coffee first.' }, 'staff'],
  ['Dr as a title in the display name', { displayName: 'Dr Amy Shah', bio: 'Tea, cycling, Leeds.' }, 'staff'],
  ['a midwife', { bio: 'Community midwife in Bristol 🌈 she/her' }, 'staff'],
  ['a GP', { bio: 'Salaried GP, dad, runner. Tweets are my own.' }, 'staff'],
  ['a foundation doctor', { bio: 'FY1 surviving on coffee' }, 'staff'],
  ['a resident doctor', { bio: 'Resident doctor | BMA member | #DoctorsVote' }, 'staff'],
  ['a consultant physician', { bio: 'Consultant physician in acute medicine' }, 'staff'],
  ['a medical registrar', { bio: 'Medical registrar, ST5, Manchester' }, 'staff'],
  ['a paramedic', { displayName: 'Sam', bio: 'Paramedic with the North West Ambulance Service' }, 'staff'],
  ['an HCA', { bio: 'HCA on nights. Proud to care.' }, 'staff'],
  ['a physio', { bio: 'MSK physio, ex-rugby player' }, 'staff'],
  ['an OT', { bio: 'OT working in community rehab' }, 'staff'],
  ['a speech and language therapist', { bio: 'Speech & language therapist (paeds)' }, 'staff'],
  ['an ODP', { bio: 'Operating department practitioner, theatres' }, 'staff'],
  ['a hospital porter', { bio: 'Night porter at the General. Walks 20k steps a shift.' }, 'staff'],
  ['a matron', { bio: 'Matron for surgery. All views my own.' }, 'staff'],
  ['works for the NHS', { bio: 'Works for the NHS, opinions my own' }, 'staff'],
  ['a job at a trust, no job title', { bio: 'Comms officer @ Anytown NHS FT' }, 'staff'],
  ['a nurse flair on Reddit', { flair: 'Registered Nurse' }, 'staff'],
  ['a student nurse', { bio: 'Third year student nurse (adult field)' }, 'staff'],
  ['an nhs.net address', { bio: 'DMs open, or jane.doe@nhs.net for work' }, 'staff'],
  ['a personal Bluesky handle under a trust domain', { handle: 'jane.leedsth.nhs.uk' }, 'staff'],
  // organisations
  [
    'a foundation trust by name',
    { displayName: 'Anytown NHS Foundation Trust', bio: 'Caring for 500,000 people.' },
    'org',
  ],
  [
    'a trust whose bio mentions nurses',
    { displayName: 'Anytown Hospitals NHS Trust', bio: 'Meet our nurse of the month!' },
    'org',
  ],
  ['an ICB', { displayName: 'NHS Anyshire ICB', bio: 'Planning health services for Anyshire.' }, 'org'],
  ['a Welsh health board', { displayName: 'Betsi Cadwaladr University Health Board' }, 'org'],
  ['a Scottish board', { displayName: 'NHS Lothian' }, 'org'],
  ['NHS England', { displayName: 'NHS England', handle: 'NHSEngland' }, 'org'],
  ['an ambulance service', { displayName: 'London Ambulance Service' }, 'org'],
  ['a trust domain as a Bluesky handle', { displayName: 'Leeds Teaching Hospitals', handle: 'leedsth.nhs.uk' }, 'org'],
  ['a trust website', { displayName: 'Maternity Voices', website: 'https://www.anytown.nhs.uk/maternity' }, 'org'],
  ['an official account bio', { bio: 'Official account of Anytown NHS Trust. Our nurse-led clinics are open.' }, 'org'],
  ['a GP practice', { displayName: 'Elm Tree Medical Centre' }, 'org'],
  ['a Welsh domain', { website: 'https://bcuhb.nhs.wales' }, 'org'],
  // public
  ['a nursery teacher', { bio: 'Nursery teacher and mum of three' }, 'public'],
  ['a Dr Pepper fan', { displayName: 'Dr Pepper Fan', bio: 'Dr Pepper fan. Gamer.' }, 'public'],
  ['"rn" meaning right now', { bio: 'rn I am tired, ot stuff later' }, 'public'],
  ['an NHS supporter', { bio: 'NHS supporter. Clap for carers.' }, 'public'],
  ['proud of our NHS', { displayName: 'Pat', bio: 'Proud of our NHS 💙 #NHS' }, 'public'],
  ['an ex-nurse', { bio: 'Ex-nurse, now a gardener' }, 'public'],
  ['a retired GP', { bio: 'Retired GP. Grandad. Cricket.' }, 'public'],
  ['a nurse, now retired', { bio: 'Nurse, now retired. Dog walker.' }, 'public'],
  ['a nurse’s relative', { bio: 'Married to a nurse, dad of two' }, 'public'],
  ['an aspiring midwife', { bio: 'Aspiring midwife, A-levels 2026' }, 'public'],
  ['Doctor Who', { bio: 'Doctor Who fan and physics student' }, 'public'],
  ['a spin doctor and a tree surgeon', { bio: 'Spin doctor by day, tree surgeon by weekend' }, 'public'],
  ['an IT consultant', { bio: 'IT consultant, SEO consultant, drummer in a band' }, 'public'],
  ['a surname Porter', { displayName: 'Cole Porter' }, 'public'],
  ['a patient governor', { bio: 'Patient governor at Anytown NHS FT' }, 'public'],
  ['a school SLT member', { bio: 'Deputy head, SLT at a primary school' }, 'public'],
  ['an academic Dr', { displayName: 'Dr Helen Ward', bio: 'Historian, PhD, lecturer' }, 'public'],
  ['no profile at all', {}, 'public'],
  ['a community instance is not an NHS domain', { handle: 'someone@nhs.social' }, 'public'],
];

describe('classifyVoice', () => {
  it.each(CASES)('%s', (_label, profile, voice) => {
    expect(classifyVoice(profile).voice).toBe(voice);
  });

  it('keeps only the matched words as evidence, never the bio', () => {
    const v = classifyVoice({ displayName: 'Jo Bloggs RN', bio: 'Staff nurse on ward 7 at the General, Band 6' });
    expect(v.evidence).toEqual([
      { field: 'bio', term: 'staff nurse' },
      { field: 'name', term: 'RN' },
      { field: 'bio', term: 'band 6' },
    ]);
    expect(JSON.stringify(v)).not.toMatch(/Bloggs|ward 7|General/);
  });

  it('names the employer only generically', () => {
    const v = classifyVoice({ bio: 'Comms officer @ Anytown Teaching Hospitals NHS Foundation Trust' });
    expect(v).toEqual({
      voice: 'staff',
      evidence: [{ field: 'bio', term: 'at NHS Foundation Trust' }],
      profileSeen: true,
    });
  });

  it('reduces a handle or site to the NHS domain', () => {
    expect(classifyVoice({ handle: 'leedsth.nhs.uk' }).evidence).toEqual([{ field: 'handle', term: 'leedsth.nhs.uk' }]);
    expect(classifyVoice({ handle: 'jane.smith.leedsth.nhs.uk' }).evidence).toEqual([
      { field: 'handle', term: 'leedsth.nhs.uk' },
    ]);
    expect(classifyVoice({ website: ['https://example.org', 'www.nhsggc.scot.nhs.uk/x'] }).evidence).toEqual([
      { field: 'website', term: 'nhsggc.scot.nhs.uk' },
    ]);
    expect(classifyVoice({ website: 'https://england.nhs.uk' }).evidence).toEqual([
      { field: 'website', term: 'england.nhs.uk' },
    ]);
    expect(classifyVoice({ bio: 'x', website: 'https://notnhs.uk' }).voice).toBe('public');
  });

  it('lets the organisation win over staff words when the name says so', () => {
    const v = classifyVoice({ displayName: 'Anytown NHS Foundation Trust', bio: 'Nurse recruitment open. Band 5.' });
    expect(v.voice).toBe('org');
    expect(v.evidence).toEqual([{ field: 'name', term: 'nhs foundation trust' }]);
  });

  it('reports whether a bio or flair was seen', () => {
    expect(classifyVoice({ displayName: 'Priya RN' }).profileSeen).toBe(false);
    expect(classifyVoice({ displayName: 'Priya', bio: '   ' }).profileSeen).toBe(false);
    expect(classifyVoice({ bio: 'hello' }).profileSeen).toBe(true);
    expect(classifyVoice({ flair: 'Patient' }).profileSeen).toBe(true);
    expect(classifyVoice({ displayName: null, bio: null, handle: null, website: null, flair: null })).toEqual({
      voice: 'public',
      evidence: [],
      profileSeen: false,
    });
  });

  it('caps and dedupes the evidence', () => {
    const bio = Array.from(
      { length: 4 },
      () => 'nurse, midwife, paramedic, physio, pharmacist, GP, HCA, OT, ODP, RN, RMN',
    ).join('; ');
    const v = classifyVoice({ bio });
    expect(v.evidence).toHaveLength(10);
    expect(new Set(v.evidence.map((e) => e.term)).size).toBe(10);
  });
});
