import { describe, expect, it } from 'vitest';
import { SECRET_FIELDS, SECRET_REFS_KEY, SOURCE_TYPES, SYNTHETIC_SOURCE_TYPES } from '@lp/contracts/source-types';
import { CONNECTOR_TYPES } from './connectors/registry';
import { SECRET_REFS } from './sources-file';

/** The API and the dashboard validate sources from the contracts' lists: they must say what the registry says. */
describe('source types in the contracts', () => {
  it('name the registry types, their credentials and which are synthetic', () => {
    expect([...SOURCE_TYPES].sort()).toEqual(Object.keys(CONNECTOR_TYPES).sort());
    for (const [type, kind] of Object.entries(CONNECTOR_TYPES)) {
      expect(SECRET_FIELDS[type], type).toEqual(kind.secretFields);
      expect(SYNTHETIC_SOURCE_TYPES.includes(type), type).toBe(kind.synthetic);
    }
    expect(SECRET_REFS_KEY).toBe(SECRET_REFS);
  });
});
