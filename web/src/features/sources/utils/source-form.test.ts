import { describe, expect, it } from 'vitest';
import { configToFields } from '@lp/contracts/source-forms';
import { toCreateInput, toUpdateInput, type SourceFormValues } from './source-form';

const form = (over: Partial<SourceFormValues> = {}): SourceFormValues => ({
  id: 'trust-news',
  type: 'rss',
  every: '15m',
  fields: { url: 'https://example.org/feed', name: '' },
  extra: {},
  secrets: {},
  ...over,
});

describe('source form', () => {
  it('builds the create body from the type’s fields', () => {
    expect(toCreateInput(form()).input).toEqual({
      id: 'trust-news',
      type: 'rss',
      every: '15m',
      enabled: true,
      config: { url: 'https://example.org/feed' },
    });
    const mastodon = toCreateInput(
      form({ type: 'mastodon', fields: { instance: 'https://mastodon.social', hashtags: '#NHS\nNHSStaff, nurses' } }),
    );
    expect(mastodon.input?.config).toEqual({
      instance: 'https://mastodon.social',
      hashtags: ['NHS', 'NHSStaff', 'nurses'],
    });
    const x = toCreateInput(
      form({ type: 'x', fields: { query: '', monthlyReadBudget: '5,000' }, secrets: { bearerToken: 'b' } }),
    );
    expect(x.input).toMatchObject({ config: { monthlyReadBudget: 5000 }, secrets: { bearerToken: 'b' } });
  });

  it('builds the new platforms’ sources: Facebook, LinkedIn and YouTube', () => {
    const fb = toCreateInput(
      form({
        type: 'facebook',
        fields: { pageId: '104000000000001', windowHours: '' },
        secrets: { pageAccessToken: 't' },
      }),
    );
    expect(fb.input).toMatchObject({ config: { pageId: '104000000000001' }, secrets: { pageAccessToken: 't' } });
    const li = toCreateInput(form({ type: 'linkedin', fields: { organization: 'linkedin.com/company/x' } }));
    expect(li.errors.fields).toEqual({ organization: 'Organisation: should be like urn:li:organization:12345' });
    const yt = toCreateInput(form({ type: 'youtube', fields: { channelId: '', videoIds: '', dailyQuotaUnits: '' } }));
    expect(yt.errors.fields).toEqual({ channelId: 'Give a channel id, some videos, or both' });
    const videos = toCreateInput(
      form({
        type: 'youtube',
        fields: { channelId: '', videoIds: 'dQw4w9WgXcQ', dailyQuotaUnits: '2,000' },
        secrets: { apiKey: 'k' },
      }),
    );
    expect(videos.input?.config).toEqual({ videoIds: ['dQw4w9WgXcQ'], dailyQuotaUnits: 2000 });
  });

  it('says what is wrong with each field, in words', () => {
    const { errors, input } = toCreateInput(form({ fields: { url: 'www.example.org/feed' } }));
    expect(input).toBeUndefined();
    expect(errors.fields).toEqual({ url: 'Feed address: enter a full address starting https://' });
    expect(toCreateInput(form({ fields: { url: '' } })).errors.fields).toEqual({ url: 'Feed address is needed' });
    expect(
      toCreateInput(
        form({
          type: 'reddit',
          fields: { clientId: 'a', userAgent: 'python', subreddits: 'r/nhs' },
          secrets: { clientSecret: 's' },
        }),
      ).errors.fields,
    ).toEqual({
      userAgent: 'User agent: should be like linux:org.example.listening:1.0 (by /u/yourname)',
      subreddits: 'Subreddits: “r/nhs” is not a subreddit name such as nhs or JuniorDoctorsUK',
    });
    expect(
      toCreateInput(form({ type: 'x', fields: { monthlyReadBudget: '-3' }, secrets: { bearerToken: 'b' } })).errors
        .fields,
    ).toEqual({
      monthlyReadBudget: 'Posts per month: a whole number from 0 to 10,000,000',
    });
  });

  it('checks the id, the interval and the required credentials', () => {
    const { errors, input } = toCreateInput(form({ id: 'Trust News', every: 'often', type: 'x', fields: {} }));
    expect(input).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(['every', 'id', 'secrets']);
  });

  it('an edit keeps config the form does not show, and blank credentials keep the stored ones', () => {
    const { values, extra } = configToFields('x', { query: 'NHS', baseUrl: 'http://127.0.0.1:9/' });
    expect(values).toEqual({ query: 'NHS', monthlyReadBudget: '', backfillHours: '', backfillPages: '' });
    expect(toUpdateInput(form({ type: 'x', fields: values, extra, secrets: { bearerToken: '' } })).input).toEqual({
      every: '15m',
      config: { query: 'NHS', baseUrl: 'http://127.0.0.1:9/' },
    });
  });
});
