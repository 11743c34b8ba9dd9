/**
 * The whole scenario of ARCHITECTURE.md, as people would live it: the service and the authenticator
 * app run as real servers (`npm start`'s launcher), people use headless Chromium, and each phone's
 * camera is a Y4M made from a screenshot of the QR code another screen shows.
 * Each step is one test; they build on each other in order.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { screenshot } from '../support/screenshots.js';
import { SERVICE_TEXTS, type ServiceAdmin, type ServiceUser } from '../support/service.js';
import { waitForFreshStep } from '../support/timing.js';
import { World } from '../support/world.js';

const ADMIN_PASSWORD = 'correct horse battery staple';
const VAULT_PASSWORD = 'vault-passphrase-for-tests';
const en = SERVICE_TEXTS.en;
const world = new World();
let admin: ServiceAdmin;
let alice: ServiceUser;
let aliceRecoveryCodes: string[] = [];

beforeAll(async () => {
  await world.start(ADMIN_PASSWORD);
  admin = world.admin(ADMIN_PASSWORD);
  alice = world.user('alice', PASSWORDS.alice);
});

afterAll(async () => {
  expect(await world.stop()).toBe(0);
});

const PASSWORDS = { alice: 'alice-password-1', bob: 'bob-password-12', carol: 'carol-password-1' };

// A busy CI machine runs every suite at once: each step gets room beyond the usual 120 s.
describe('the scenario', { timeout: 300_000 }, () => {
  // Each step builds on the previous one: after a failure the later steps are reported as skipped.
  let failedStep: string | undefined;
  beforeEach((context) => {
    if (failedStep) context.skip(`blocked by the failure of step "${failedStep}"`);
  });
  afterEach((context) => {
    if (context.task.result?.state === 'fail') failedStep ??= context.task.name;
  });

  const phoneA = () => world.phones[0]!;
  const phoneB = () => world.phones[1]!;

  it('1. the administrator signs in and allows two-factor authentication', async () => {
    await admin.signIn();
    await expect.poll(() => admin.heading().textContent()).toBe(en['account.title']);
    await admin.setPolicy('allowed');
    expect(await admin.page.getByLabel(en['admin.policy.allowed'], { exact: true }).isChecked()).toBe(true);
    await screenshot(admin.page, '01-admin-allows-two-factor');
    // Passwords of at least 15 characters: the policy's minimum while a password alone can sign in.
    for (const [name, password] of Object.entries(PASSWORDS)) await admin.createUser(name, password);
    await admin.page.goto(`${world.serviceURL}/admin/users`);
    // The header row, admin and the three new users.
    expect(await admin.page.getByRole('row').count()).toBe(5);
    await screenshot(admin.page, '01-admin-users');
  });

  it('2. a user registers phone A by scanning the dialog, types its code and gets recovery codes', async () => {
    await alice.signIn();
    await expect.poll(() => alice.heading().textContent()).toBe(en['account.title']);
    await alice.page.getByText(en['tf.statusOff']).waitFor();
    await alice.openEnrollment();
    await screenshot(alice.page, '02-enable-dialog');

    const a = world.phone('phone-a');
    await a.pointCameraAt(await alice.qrScreenshot());
    await a.createVault(VAULT_PASSWORD);
    const register = await a.startScan();
    world.issuer = await a.page.getByLabel(a.t.issuer, { exact: true }).inputValue();
    expect(world.issuer).not.toBe('');
    expect(await a.page.getByLabel(a.t.accountName, { exact: true }).inputValue()).toBe('alice');
    await screenshot(a.page, '02-phone-a-confirm');
    await register.click();
    await a.row(world.issuer, 'alice').waitFor();
    await screenshot(a.page, '02-phone-a-code');

    await world.typeCodeFrom(a, alice, 'enroll.submit');
    await expect.poll(() => alice.heading().textContent()).toBe(en['codes.title']);
    expect(await alice.noticeText()).toBe(en['tf.enabledNotice']);
    const codes = await alice.recoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    aliceRecoveryCodes = codes;
    await screenshot(alice.page, '02-recovery-codes');
  });

  it('3. sign-in now asks for the code; the code works once and is refused a second time', async () => {
    await alice.page.goto(`${world.serviceURL}/account`);
    await alice.page.getByText(en['tf.statusOn']).waitFor();
    await alice.signOut();
    await alice.signIn();
    await expect.poll(() => alice.heading().textContent()).toBe(en['code.title']);
    await screenshot(alice.page, '03-sign-in-asks-for-code');
    const code = await world.typeCodeFrom(phoneA(), alice);
    await expect.poll(() => alice.heading().textContent()).toBe(en['account.title']);

    await alice.signOut();
    await alice.signIn();
    await alice.enterCode(code);
    await expect.poll(() => alice.heading().textContent()).toBe(en['code.title']);
    expect(await alice.errorText()).toBe(en['error.CODE_ALREADY_USED']);
    await screenshot(alice.page, '03-same-code-refused');
  });

  it("4. phone B takes over from phone A's Export QR, the move is confirmed, phone A deletes its entry", async () => {
    const a = phoneA();
    const exportQR = await a.exportQR(world.issuer, 'alice');
    await expect.poll(() => a.page.getByRole('note').textContent()).toBe(a.t.exportWarning);
    await screenshot(a.page, '04-phone-a-export');

    const b = world.phone('phone-b');
    await b.pointCameraAt(exportQR);
    await b.createVault(VAULT_PASSWORD);
    await (await b.startScan()).click();
    await b.row(world.issuer, 'alice').waitFor();
    await a.backToList();
    await waitForFreshStep();
    const [codeA, codeB] = [await a.code(world.issuer, 'alice'), await b.code(world.issuer, 'alice')];
    expect(codeB).toMatch(/^\d{6}$/);
    expect(codeB).toBe(codeA);
    await screenshot(b.page, '04-phone-b-same-code');

    await b.openSettings('moveDevice');
    await b.page.getByRole('button', { name: b.t.moveNewDevice }).click();
    await b.page.getByRole('button', { name: b.t.showReceipt, exact: true }).click();
    const receipt = await b.qrScreenshot();
    await screenshot(b.page, '04-phone-b-confirmation-qr');

    await a.pointCameraAt(receipt);
    await a.unlock(VAULT_PASSWORD);
    await a.openSettings('moveDevice');
    await a.page.getByRole('button', { name: a.t.moveOldDevice }).click();
    await a.page.getByRole('button', { name: a.t.scanReceipt, exact: true }).click();
    await a.page.getByText(a.tn('receiptAllArrived', 1)).waitFor({ timeout: 30_000 });
    await screenshot(a.page, '04-phone-a-all-arrived');
    await a.deleteAccount(world.issuer, 'alice');
    await a.backToList();
    await a.page.getByText(a.t.emptyTitle).waitFor();
    await screenshot(a.page, '04-phone-a-deleted');

    await b.backToList();

    await alice.open();
    await alice.signIn();
    await world.typeCodeFrom(b, alice);
    await expect.poll(() => alice.heading().textContent()).toBe(en['account.title']);
  });

  it('5. phone B is lost: a recovery code signs in, a new phone is registered without a gap; the administrator resets a user who re-enrolls', async () => {
    await phoneB().close();
    await alice.open();
    await alice.signIn();
    await alice.page.getByRole('link', { name: en['code.useRecovery'], exact: true }).click();
    await alice.page.getByLabel(en['recovery.label'], { exact: true }).fill(aliceRecoveryCodes[0]!);
    await screenshot(alice.page, '05-recovery-code');
    await alice.page.getByRole('button', { name: en['recovery.submit'], exact: true }).click();
    await expect.poll(() => alice.heading().textContent()).toBe(en['account.title']);
    await alice.page.getByText(en['tf.statusOn']).waitFor();
    // A recovery code works once.
    await alice.signOut();
    await alice.signIn();
    await alice.page.getByRole('link', { name: en['code.useRecovery'], exact: true }).click();
    for (const code of [aliceRecoveryCodes[0]!, aliceRecoveryCodes[1]!]) {
      await alice.page.getByLabel(en['recovery.label'], { exact: true }).fill(code);
      await alice.page.getByRole('button', { name: en['recovery.submit'], exact: true }).click();
      await alice.page.waitForLoadState();
      if (code === aliceRecoveryCodes[0])
        expect(await alice.errorText()).toBe(en['error.INVALID_RECOVERY_CODE']);
    }
    await expect.poll(() => alice.heading().textContent()).toBe(en['account.title']);

    // Re-keying while 2FA stays on: the new phone's key replaces the old one once confirmed.
    await alice.openEnrollment('tf.rekey');
    await expect.poll(() => alice.heading().textContent()).toBe(en['enroll.rekeyTitle']);
    await alice.page.getByText(en['enroll.oldKeyWorks']).waitFor();
    await screenshot(alice.page, '05-register-new-key');
    const c = world.phone('phone-c');
    await c.pointCameraAt(await alice.qrScreenshot());
    await c.createVault(VAULT_PASSWORD);
    await (await c.startScan()).click();
    await c.row(world.issuer, 'alice').waitFor();
    await world.typeCodeFrom(c, alice, 'enroll.submitRekey');
    expect(await alice.noticeText()).toBe(en['tf.rekeyedNotice']);
    expect(await alice.recoveryCodes()).toHaveLength(10);

    // Another user, bob, registers a phone, loses it; the administrator resets his 2FA.
    const bob = world.user('bob', PASSWORDS.bob);
    await bob.signIn();
    await bob.openEnrollment();
    const bobPhone = world.phone('phone-bob');
    await bobPhone.pointCameraAt(await bob.qrScreenshot());
    await bobPhone.createVault(VAULT_PASSWORD);
    await (await bobPhone.startScan()).click();
    await world.typeCodeFrom(bobPhone, bob, 'enroll.submit');
    await expect.poll(() => bob.heading().textContent()).toBe(en['codes.title']);

    await admin.resetTwoFactor('bob');
    await screenshot(admin.page, '05-admin-reset-two-factor');
    await admin.page.goto(`${world.serviceURL}/admin/users`);
    const bobRow = admin.page.getByRole('row').filter({ hasText: 'bob' });
    expect(await bobRow.getByRole('cell').nth(1).textContent()).toBe(en['admin.tf.off']);
    // The reset ended bob's session.
    await bob.page.goto(`${world.serviceURL}/account`);
    await expect.poll(() => bob.heading().textContent()).toBe(en['signIn.title']);

    // Bob signs in with his password alone and registers again.
    await bob.signIn();
    await expect.poll(() => bob.heading().textContent()).toBe(en['account.title']);
    await bob.page.getByText(en['tf.statusOff']).waitFor();
    await bob.openEnrollment();
    await bobPhone.deleteAccount(world.issuer, 'bob');
    await bobPhone.pointCameraAt(await bob.qrScreenshot());
    await bobPhone.unlock(VAULT_PASSWORD);
    await (await bobPhone.startScan()).click();
    await world.typeCodeFrom(bobPhone, bob, 'enroll.submit');
    expect(await bob.noticeText()).toBe(en['tf.enabledNotice']);
    await bob.close();
  });

  it('6. the administrator requires 2FA: a user without it must enroll at the next sign-in', async () => {
    await admin.setPolicy('required');
    const carol = world.user('carol', PASSWORDS.carol);
    await carol.signIn();
    await expect.poll(() => carol.heading().textContent()).toBe(en['enroll.title']);
    await carol.page.getByText(en['enroll.requiredNotice']).waitFor();
    await screenshot(carol.page, '06-required-enrollment');
    // Nothing else is reachable before enrolling.
    await carol.page.goto(`${world.serviceURL}/account`);
    await expect.poll(() => carol.heading().textContent()).toBe(en['enroll.title']);
    expect(await carol.page.getByRole('link', { name: en['nav.account'] }).count()).toBe(0);

    const carolPhone = world.phone('phone-carol');
    await carolPhone.pointCameraAt(await carol.qrScreenshot());
    await carolPhone.createVault(VAULT_PASSWORD);
    await (await carolPhone.startScan()).click();
    await world.typeCodeFrom(carolPhone, carol, 'enroll.submit');
    await expect.poll(() => carol.heading().textContent()).toBe(en['codes.title']);
    await carol.page.goto(`${world.serviceURL}/account`);
    await carol.page.getByText(en['tf.required']).waitFor();
    await carol.page.getByText(en['tf.disableRefused']).waitFor();
    await screenshot(carol.page, '06-required-account');
    await carol.close();
  });

  it('7. the same walk in Japanese', async () => {
    // Back to "allowed" (with "required", the administrator would first have to enroll too).
    await admin.setPolicy('allowed');
    const ja = SERVICE_TEXTS.ja;
    const jaAdmin = world.admin(ADMIN_PASSWORD, 'ja');
    await jaAdmin.signIn();
    await expect.poll(() => jaAdmin.heading().textContent()).toBe(ja['account.title']);
    await jaAdmin.setPolicy('allowed');
    await screenshot(jaAdmin.page, '07-ja-admin-settings');
    await jaAdmin.createUser('hanako', 'hanako-password-1');
    await jaAdmin.close();

    const hanako = world.user('hanako', 'hanako-password-1', 'ja');
    await hanako.signIn();
    await expect.poll(() => hanako.heading().textContent()).toBe(ja['account.title']);
    await hanako.openEnrollment();
    await screenshot(hanako.page, '07-ja-enable-dialog');

    const phoneJa = world.phone('phone-ja', 'ja');
    await phoneJa.pointCameraAt(await hanako.qrScreenshot());
    await phoneJa.createVault(VAULT_PASSWORD);
    const register = await phoneJa.startScan();
    await screenshot(phoneJa.page, '07-ja-phone-confirm');
    await register.click();
    await phoneJa.row(world.issuer, 'hanako').waitFor();
    await screenshot(phoneJa.page, '07-ja-phone-code');
    await world.typeCodeFrom(phoneJa, hanako, 'enroll.submit');
    await expect.poll(() => hanako.heading().textContent()).toBe(ja['codes.title']);
    expect(await hanako.noticeText()).toBe(ja['tf.enabledNotice']);
    expect(await hanako.recoveryCodes()).toHaveLength(10);
    await screenshot(hanako.page, '07-ja-recovery-codes');

    await hanako.page.goto(`${world.serviceURL}/account`);
    await hanako.signOut();
    await hanako.signIn();
    await expect.poll(() => hanako.heading().textContent()).toBe(ja['code.title']);
    await screenshot(hanako.page, '07-ja-sign-in-code');
    const code = await world.typeCodeFrom(phoneJa, hanako);
    await expect.poll(() => hanako.heading().textContent()).toBe(ja['account.title']);
    await hanako.page.getByText(ja['tf.statusOn']).waitFor();
    await hanako.signOut();
    await hanako.signIn();
    await hanako.enterCode(code);
    expect(await hanako.errorText()).toBe(ja['error.CODE_ALREADY_USED']);
    await hanako.close();
  });
});
