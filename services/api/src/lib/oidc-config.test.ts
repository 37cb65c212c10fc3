import { describe, expect, it } from 'vitest';
import { emailFromClaims, parseOidcSettings, refuseClaims, roleFromClaims, type OidcEnv } from './oidc-config';

const TENANT = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const entra: OidcEnv = {
  OIDC_ISSUER: `https://login.microsoftonline.com/${TENANT}/v2.0`,
  OIDC_CLIENT_ID: 'client',
  OIDC_CLIENT_SECRET: 'secret',
  OIDC_TENANT_ID: TENANT,
  OIDC_VIEWER_VALUES: 'LP.Viewer',
  OIDC_ANALYST_VALUES: 'LP.Analyst',
  OIDC_ADMIN_VALUES: 'LP.Admin, 0a1b2c3d-group',
};

describe('OIDC settings', () => {
  it('is off without an issuer, and takes an Entra tenant issuer with its tenant id', () => {
    expect(parseOidcSettings({})).toBeNull();
    const s = parseOidcSettings(entra)!;
    expect(s).toMatchObject({ tenantId: TENANT, roleClaim: 'roles', displayName: 'your NHS account (Microsoft)' });
    expect(s.roleValues.admin).toEqual(['LP.Admin', '0a1b2c3d-group']);
  });

  it("refuses Microsoft's shared issuers, a missing or different tenant id, and plain http", () => {
    for (const shared of ['common', 'organizations', 'consumers'])
      expect(() =>
        parseOidcSettings({ ...entra, OIDC_ISSUER: `https://login.microsoftonline.com/${shared}/v2.0` }),
      ).toThrow(new RegExp(`shared "${shared}" issuer, which would let any Microsoft account sign in`));
    expect(() => parseOidcSettings({ ...entra, OIDC_TENANT_ID: undefined })).toThrow(/OIDC_TENANT_ID is required/);
    expect(() => parseOidcSettings({ ...entra, OIDC_TENANT_ID: '11111111-2222-4333-8444-555555555555' })).toThrow(
      /must be the same/,
    );
    expect(() => parseOidcSettings({ ...entra, OIDC_ISSUER: 'http://idp.example/' })).toThrow(/https/);
    expect(
      parseOidcSettings({ ...entra, OIDC_ISSUER: 'http://127.0.0.1:4000/', OIDC_ALLOW_HTTP: 'true' }),
    ).not.toBeNull();
    expect(() =>
      parseOidcSettings({ ...entra, OIDC_VIEWER_VALUES: '', OIDC_ANALYST_VALUES: '', OIDC_ADMIN_VALUES: '' }),
    ).toThrow(/at least one/);
  });

  it('maps groups or app roles to the highest role they give', () => {
    const s = parseOidcSettings(entra)!;
    expect(roleFromClaims(s, { roles: ['LP.Viewer', 'LP.Analyst'] })).toBe('analyst');
    expect(roleFromClaims(s, { roles: 'LP.Viewer' })).toBe('viewer');
    expect(roleFromClaims(s, { roles: ['Other'] })).toBeNull();
    expect(roleFromClaims(s, {})).toBeNull();
    const byGroup = parseOidcSettings({ ...entra, OIDC_ROLE_CLAIM: 'groups' })!;
    expect(roleFromClaims(byGroup, { groups: ['x', '0a1b2c3d-group'], roles: ['LP.Viewer'] })).toBe('admin');
  });

  it("refuses another tenant's account and one without an email", () => {
    const s = parseOidcSettings(entra)!;
    expect(refuseClaims(s, { tid: TENANT.toUpperCase(), email: 'a.nurse@nhs.net' })).toBeNull();
    expect(refuseClaims(s, { tid: '11111111-2222-4333-8444-555555555555', email: 'a@b.org' })).toBe('wrong_tenant');
    expect(refuseClaims(s, { email: 'a@b.org' })).toBe('wrong_tenant');
    expect(refuseClaims(s, { tid: TENANT })).toBe('no_email');
    expect(emailFromClaims({ email: 'not an email', preferred_username: 'A.Nurse@NHS.net' })).toBe('a.nurse@nhs.net');
  });
});
