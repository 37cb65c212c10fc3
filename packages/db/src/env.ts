import { z } from 'zod';

const zDbEnv = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/listening_post'),
});

export const dbEnv = zDbEnv.parse(process.env);
