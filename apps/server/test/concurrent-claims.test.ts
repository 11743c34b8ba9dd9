import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attemptKeys, passwordRule } from '../src/services/attempts/index.js';
import { claimRecoveryCode, matchRecoveryCode } from '../src/services/recovery-codes.js';
import { claimTOTPStep, matchTOTPStep } from '../src/services/totp-code.js';
import { findUser } from '../src/services/users.js';
import { codeFor, dialects, type TestService, testService, userWithTwoFactor } from './support/harness.js';

// Threat: two instances (or two requests) read the same row before either writes — both see a fresh
// step, an unused recovery code, a failure counter below the limit — and both act on it. In one process
// SQLite runs requests one after the other, so racing HTTP requests rarely interleave there; these tests
// make the stale reads happen on purpose, so only the database's own condition (WHERE last_step <
// :step, WHERE used_at IS NULL, WHERE not locked) can decide. `npm run test:mutations` deletes each
// condition and checks that these tests fail on every dialect.
describe.each(dialects())('claims made from stale reads on %s', (dialect) => {
  let service: TestService;
  let secret: string;
  let recoveryCodes: string[];
  let userId: number;
  beforeEach(async () => {
    service = await testService(dialect);
    ({ secret, recoveryCodes } = await userWithTwoFactor(service, 'alice'));
    userId = (await findUser(service.ctx, 'alice'))!.id;
    // The step of the registration is behind us: the current one is fresh.
    service.clock.advance(60);
  });
  afterEach(async () => {
    await service.close();
  });

  const credential = () =>
    service.ctx.db
      .selectFrom('totp_credentials')
      .select(['id', 'secret_box', 'last_step'])
      .where('user_id', '=', userId)
      .where('state', '=', 'active')
      .executeTakeFirstOrThrow();

  it('lets only one of two requests that read the key before either claimed the step use the code', async () => {
    const code = codeFor(service, secret);
    const [first, second] = [await credential(), await credential()];
    const steps = [
      matchTOTPStep(service.ctx, userId, first, code),
      matchTOTPStep(service.ctx, userId, second, code),
    ];
    // Both reads saw a fresh step: only the claim can stop the replay.
    expect(steps[0]).toBeDefined();
    expect(steps[1]).toBe(steps[0]);
    const claims = [
      await claimTOTPStep(service.ctx.db, first.id, steps[0]!),
      await claimTOTPStep(service.ctx.db, second.id, steps[1]!),
    ];
    expect(claims).toEqual([true, false]);
    expect((await credential()).last_step).toBe(steps[0]);
  });

  it('lets only one of two requests that found the same unused recovery code use it', async () => {
    const code = recoveryCodes[2]!;
    const found = [
      await matchRecoveryCode(service.ctx, userId, code),
      await matchRecoveryCode(service.ctx, userId, code),
    ];
    expect(found[0]).toBeDefined();
    expect(found[1]).toBe(found[0]);
    const claims = [
      await claimRecoveryCode(service.ctx.db, found[0]!, service.clock.ms),
      await claimRecoveryCode(service.ctx.db, found[1]!, service.clock.ms),
    ];
    expect(claims).toEqual([true, false]);
  });

  it('grants exactly the limit to many reservations made at once, and locks once', async () => {
    const rule = passwordRule({ maxFailures: 10, lockSeconds: 180 });
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        service.ctx.attempts.reserve(attemptKeys.password('alice'), rule, service.clock.ms),
      ),
    );
    expect(results.filter((result) => result.granted)).toHaveLength(10);
    expect(results.filter((result) => result.granted && result.lockedFor !== undefined)).toHaveLength(1);
    const locks = await service.ctx.attempts.lockedUntil([attemptKeys.password('alice')], service.clock.ms);
    expect(locks.get(attemptKeys.password('alice'))).toBe(service.clock.ms + 180_000);
    expect(userId).toBeGreaterThan(0);
  });
});
