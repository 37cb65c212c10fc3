import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../taxonomy';
import { loadTopicMap, mapCategories } from './topic-map';

describe('topic-map.yaml', () => {
  const map = loadTopicMap();

  it('maps FFT categories only to topics the taxonomy has', () => {
    const ids = new Set(loadTaxonomy().topics.map((t) => t.id));
    for (const topic of Object.keys(map.topics)) expect(ids.has(topic)).toBe(true);
  });

  it('carries the mappings the issue asks for', () => {
    expect(map.topics.compassion).toContain('Staff manner & personal attributes');
    expect(map.topics.staffing).toContain('Number & deployment of staff');
    expect(map.topics['patient-safety']).toEqual(expect.arrayContaining(['Feeling safe']));
    expect(map.topics['waiting-times']).toContain('Timeliness of care');
  });

  it('maps a row’s categories to topic ids', () => {
    expect(
      [...mapCategories(map, ['Timeliness of care', 'Staff manner & personal attributes', 'Parking'])].sort(),
    ).toEqual(['compassion', 'waiting-times']);
  });
});
