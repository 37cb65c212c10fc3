/** Links (t3) and comments (t1) as Reddit serialises them in a Listing's children, with overridable fields. */
export type Child = { kind: 't3' | 't1' | 'more'; data: Record<string, unknown> };

export const FIXTURE_CLIENT = { id: 'lp-client-id', secret: 'lp-client-secret-123' };
/** A day ago on the hour: recent enough for `commentHours`, so comment threads are followed. */
export const BASE_UTC = Math.floor(Date.now() / 3_600_000) * 3600 - 86_400;

const b36 = (n: number) => n.toString(36);

export function makePost(sub: string, n: number, over: Record<string, unknown> = {}): Child {
  const id = b36(1_000_000 + n);
  return {
    kind: 't3',
    data: {
      id,
      name: `t3_${id}`,
      subreddit: sub,
      title: `Ward ${n} short-staffed again`,
      selftext: `Night shift on ward ${n}, two nurses for thirty beds.`,
      author: `nurse_${n % 7}`,
      author_flair_text: null,
      created_utc: BASE_UTC + n * 60,
      permalink: `/r/${sub}/comments/${id}/ward_${n}_short_staffed_again/`,
      url: `https://www.reddit.com/r/${sub}/comments/${id}/ward_${n}_short_staffed_again/`,
      score: n % 13,
      ups: n % 13,
      num_comments: 0,
      num_crossposts: 0,
      edited: false,
      removed_by_category: null,
      over_18: false,
      ...over,
    },
  };
}

export function makeComment(post: Child, n: number, over: Record<string, unknown> = {}): Child {
  const id = b36(5_000_000 + n);
  return {
    kind: 't1',
    data: {
      id,
      name: `t1_${id}`,
      link_id: post.data.name,
      parent_id: post.data.name,
      body: `Same on our ward, comment ${n}.`,
      author: `porter_${n % 5}`,
      author_flair_text: null,
      created_utc: (post.data.created_utc as number) + n * 30,
      permalink: `${post.data.permalink as string}${id}/`,
      score: 1,
      edited: false,
      replies: '',
      ...over,
    },
  };
}

export const UA = 'linux:uk.nhs.listeningpost:0.1 (by /u/nhs_comms)';
export const name = (n: number, over: Record<string, unknown> = {}) => makePost('NHS', n, over).data.name as string;
export const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
