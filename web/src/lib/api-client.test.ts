import { afterEach, describe, expect, it, vi } from 'vitest';
import { zTopicsResponse } from '@lp/contracts/api';
import { zImportView } from '@lp/contracts/imports';
import { apiGet, ApiError, apiSendFile, buildUrl } from './api-client';

afterEach(() => {
  vi.unstubAllGlobals();
});

function respond(status: number, body: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
  );
}

describe('buildUrl', () => {
  it('leaves out empty parameters', () => {
    expect(
      buildUrl('/api/v1/topics', { from: '2025-01-01', to: '2025-01-08', source: null, topic: undefined, limit: 20 }),
    ).toBe('/api/v1/topics?from=2025-01-01&to=2025-01-08&limit=20');
    expect(buildUrl('/api/v1/sources')).toBe('/api/v1/sources');
  });
});

describe('apiGet', () => {
  it('returns data that matches the contract', async () => {
    respond(200, { topics: [] });
    await expect(apiGet('/api/v1/topics', {}, zTopicsResponse)).resolves.toEqual({ topics: [] });
  });

  it("surfaces the API's own error code and message", async () => {
    respond(400, { error: { code: 'bad_request', message: 'from must be a date like 2025-01-31' } });
    const error = await apiGet('/api/v1/topics', {}, zTopicsResponse).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'bad_request',
      message: 'from must be a date like 2025-01-31',
      isClientError: true,
    });
  });

  it('rejects a body that breaks the contract', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    respond(200, { topics: [{ id: 1 }] });
    await expect(apiGet('/api/v1/topics', {}, zTopicsResponse)).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('reports an unreachable server plainly', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(apiGet('/api/v1/topics', {}, zTopicsResponse)).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
    });
  });
});

describe('apiSendFile', () => {
  it('posts the raw bytes as octet-stream and surfaces a refusal', async () => {
    respond(400, { error: { code: 'bad_request', message: 'source "x" has no valid saved column mapping' } });
    const file = new Blob(['Date,Comment\n'], { type: 'text/csv' });
    const error = await apiSendFile('/api/v1/sources/x/imports', { fileName: 'a b.csv' }, file, zImportView).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 400, message: 'source "x" has no valid saved column mapping' });
    const [url, init] = vi.mocked(fetch).mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/v1/sources/x/imports?fileName=a+b.csv');
    expect(init).toMatchObject({ method: 'POST', body: file });
    expect(new Headers(init.headers).get('content-type')).toBe('application/octet-stream');
    // Sent on behalf of a person who just acted: not a passive background refresh.
    expect(new Headers(init.headers).get('x-lp-passive')).toBeNull();
  });
});
