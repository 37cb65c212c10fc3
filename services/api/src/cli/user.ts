/**
 * `npm run --silent user -- COMMAND`: manage who may sign in, from the server's command line (the
 * first admin of a fresh install is made here). Passwords are read from standard input, never
 * from arguments (which other users of the machine can see in the process list).
 *
 *   add EMAIL --role admin|analyst|viewer   new user; password from stdin
 *   list                                    everyone, with role and state
 *   role EMAIL ROLE                         change a role
 *   disable EMAIL | enable EMAIL            stop (and sign out) or allow sign-in
 *   reset EMAIL                             new password from stdin; unlocks and signs out everywhere
 *   count                                   how many users exist (scripts use it)
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { PASSWORD_MAX, PASSWORD_MIN, zEmail, zPassword, zRole, type Role } from '@lp/contracts/auth';
import { createDb, type Db } from '@lp/db/client';
import { migrate } from '@lp/db/migrate';
import { appendAudit } from '@lp/db/queries/audit';
import { deleteUserSessions } from '@lp/db/queries/sessions';
import {
  countUsers,
  createUser,
  findUserByEmail,
  listUsers,
  toUser,
  updateUser,
  updateUserKeepingAnAdmin,
} from '@lp/db/queries/users';
import { parseApiEnv } from '../env';
import { hashPassword } from '../lib/passwords';

const USAGE = `usage: npm run --silent user -- add EMAIL --role admin|analyst|viewer   (password on standard input)
       npm run --silent user -- list
       npm run --silent user -- role EMAIL admin|analyst|viewer
       npm run --silent user -- disable EMAIL | enable EMAIL
       npm run --silent user -- reset EMAIL   (new password on standard input)`;

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The first line of standard input; on a terminal, asked for without echo. */
async function readPassword(prompt: string): Promise<string> {
  let password: string;
  if (process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    process.stderr.write(prompt);
    // Swallow the echo: readline writes typed characters through this.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
    password = await new Promise<string>((resolve) => rl.question('', resolve));
    rl.close();
    process.stderr.write('\n');
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const ok = zPassword.safeParse(password);
  if (!ok.success)
    throw new CliError(
      `the password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters (a few words make a good one)`,
    );
  return password;
}

const email = (value: string | undefined) => {
  const parsed = zEmail.safeParse(value ?? '');
  if (!parsed.success) throw new CliError(`"${value ?? ''}" is not an email address\n${USAGE}`, 2);
  return parsed.data;
};
const role = (value: string | undefined): Role => {
  const parsed = zRole.safeParse(value);
  if (!parsed.success) throw new CliError(`the role must be admin, analyst or viewer\n${USAGE}`, 2);
  return parsed.data;
};

const lastAdmin = () => new CliError('at least one enabled admin must remain: make someone else admin first');

async function existing(db: Db, address: string) {
  const user = await findUserByEmail(db, address);
  if (!user) throw new CliError(`no user ${address}`);
  return user;
}

const audit = (db: Db, action: Parameters<typeof appendAudit>[1]['action'], target: string, detail?: object) =>
  appendAudit(db, { action, actorEmail: 'command line', target, detail: detail as Record<string, unknown> });

async function run(db: Db, args: string[]): Promise<string> {
  const { values, positionals } = parseArgs({ args, options: { role: { type: 'string' } }, allowPositionals: true });
  const [command, first, second] = positionals;
  switch (command) {
    case 'add': {
      const address = email(first);
      const r = role(values.role);
      if (await findUserByEmail(db, address)) throw new CliError(`${address} already exists; use reset or role`);
      const password = await readPassword(`Password for ${address}: `);
      const row = await createUser(db, { email: address, role: r, passwordHash: await hashPassword(password) });
      if (!row) throw new CliError(`${address} already exists`);
      await audit(db, 'user.created', address, { role: r });
      return `added ${address} as ${r}`;
    }
    case 'list': {
      const rows = (await listUsers(db)).map(toUser);
      if (rows.length === 0) return 'no users yet: npm run --silent user -- add EMAIL --role admin';
      return rows
        .map((u) =>
          [
            u.email.padEnd(36),
            u.role.padEnd(8),
            u.disabled ? 'disabled' : u.lockedUntil ? `locked until ${u.lockedUntil}` : 'active',
            u.lastSignInAt ? `last signed in ${u.lastSignInAt}` : 'never signed in',
          ].join('  '),
        )
        .join('\n');
    }
    case 'role': {
      const user = await existing(db, email(first));
      const r = role(second);
      if ((await updateUserKeepingAnAdmin(db, user.id, { role: r })) === 'last_admin') throw lastAdmin();
      if (r !== user.role) await audit(db, 'user.role_changed', user.email, { from: user.role, to: r });
      return `${user.email} is now ${r}`;
    }
    case 'disable':
    case 'enable': {
      const user = await existing(db, email(first));
      const disable = command === 'disable';
      if ((await updateUserKeepingAnAdmin(db, user.id, { disabled: disable })) === 'last_admin') throw lastAdmin();
      if (disable) await deleteUserSessions(db, user.id);
      await audit(db, disable ? 'user.disabled' : 'user.enabled', user.email);
      return `${user.email} ${disable ? 'disabled and signed out everywhere' : 'may sign in again'}`;
    }
    case 'reset': {
      const user = await existing(db, email(first));
      const password = await readPassword(`New password for ${user.email}: `);
      await updateUser(db, user.id, { passwordHash: await hashPassword(password) });
      await deleteUserSessions(db, user.id);
      await audit(db, 'user.password_reset', user.email);
      return `new password set for ${user.email}; unlocked and signed out everywhere`;
    }
    case 'count':
      return String(await countUsers(db));
    default:
      throw new CliError(USAGE, 2);
  }
}

const env = parseApiEnv();
const handle = createDb(env.DATABASE_URL, { max: 1, applicationName: 'lp-user-cli' });
let code = 0;
try {
  // A fresh install may not have started yet: the tables must exist for the first admin.
  await migrate(handle.db);
  process.stdout.write(`${await run(handle.db, process.argv.slice(2))}\n`);
} catch (err) {
  code = err instanceof CliError ? err.exitCode : 1;
  process.stderr.write(
    `${err instanceof CliError ? err.message : `failed: ${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}`}\n`,
  );
} finally {
  await handle.close();
}
process.exit(code);
