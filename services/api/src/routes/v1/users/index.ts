import { zErrorResponse } from '@lp/contracts/api';
import { zUser, zUserCreate, zUserList, zUserParams, zUserUpdate } from '@lp/contracts/users';
import { deleteUserSessions } from '@lp/db/queries/sessions';
import { createUser, getUser, listUsers, toUser, updateUserKeepingAnAdmin } from '@lp/db/queries/users';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hashPassword } from '../../../lib/passwords';
import { ApiError } from '../../../plugins/external/error-handler';

/** Admins manage who may sign in, and as what. Every change is audited. */
const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/users',
    { schema: { tags: ['users'], summary: 'Everyone who may sign in', response: { 200: zUserList } } },
    async () => ({ users: (await listUsers(app.db)).map(toUser) }),
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Add a user with a first password (tell them to change it)',
        body: zUserCreate,
        response: { 201: zUser, 400: zErrorResponse, 409: zErrorResponse },
      },
    },
    async (req, res) => {
      const { email, role, password } = req.body;
      const row = await createUser(app.db, { email, role, passwordHash: await hashPassword(password) });
      if (!row) throw new ApiError(409, 'conflict', `a user with email ${email} already exists`);
      await app.audit(req, { action: 'user.created', target: row.email, detail: { role } });
      return res.code(201).send(toUser(row));
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a role, disable or enable, or set a new password',
        description:
          'Disabling or a new password signs the user out everywhere; a new password also unlocks the account. The last enabled admin cannot be demoted or disabled.',
        params: zUserParams,
        body: zUserUpdate,
        response: { 200: zUser, 400: zErrorResponse, 404: zErrorResponse, 409: zErrorResponse },
      },
    },
    async (req) => {
      const current = await getUser(app.db, req.params.id);
      if (!current) throw new ApiError(404, 'not_found', `no user ${req.params.id}`);
      const { role, disabled, password } = req.body;
      const updated = await updateUserKeepingAnAdmin(app.db, current.id, {
        role,
        disabled,
        passwordHash: password === undefined ? undefined : await hashPassword(password),
      });
      if (updated === 'last_admin')
        throw new ApiError(409, 'last_admin', 'at least one enabled admin must remain: make someone else admin first');
      if (!updated) throw new ApiError(404, 'not_found', `no user ${req.params.id}`);
      if (disabled === true || password !== undefined) await deleteUserSessions(app.db, current.id);

      const target = current.email;
      if (role && role !== current.role)
        await app.audit(req, { action: 'user.role_changed', target, detail: { from: current.role, to: role } });
      if (disabled === true && current.disabledAt === null) await app.audit(req, { action: 'user.disabled', target });
      if (disabled === false && current.disabledAt !== null) await app.audit(req, { action: 'user.enabled', target });
      if (password !== undefined) await app.audit(req, { action: 'user.password_reset', target });
      return toUser(updated);
    },
  );
};

export default usersRoutes;
