import type { Locale } from '../i18n/locale.js';

/** The mails the service sends: notices about an account, and the password-reset link. */
export type Notice =
  | 'new_browser'
  | 'two_factor_disabled'
  | 'two_factor_reset'
  | 'account_locked'
  | 'recovery_code_used'
  | 'recovery_codes_low'
  | 'password_reset'
  | 'account_created'
  | 'password_reset_by_admin';

/** Subject and body of each mail, per language; `{name}` marks a parameter. */
const TEXTS: Record<Locale, Record<Notice, { subject: string; body: string }>> = {
  en: {
    new_browser: {
      subject: 'Sign-in from a new browser',
      body: 'Your password for {service} was just used in a browser that had not signed in to your account before.\n\nAddress: {ip}\nBrowser: {browser}\nTime: {time}\n\nIf this was you, there is nothing to do. If it was not, change your password now and tell your administrator.',
    },
    two_factor_disabled: {
      subject: 'Two-factor authentication turned off',
      body: 'Two-factor authentication was turned off for your account on {service} at {time}. From now on your password alone signs you in.\n\nIf you did not do this, tell your administrator at once.',
    },
    two_factor_reset: {
      subject: 'Two-factor authentication reset by an administrator',
      body: 'An administrator reset two-factor authentication for your account on {service} at {time}. Your authenticator app no longer works for this account; register it again at your next sign-in.\n\nIf you did not ask for this, tell your administrator at once.',
    },
    account_locked: {
      subject: 'Your account is locked',
      body: 'Your account on {service} was locked at {time} after too many failed sign-in attempts (last one from {ip}).\n\nIf this was not you, someone may know or be guessing your password: change it once you can sign in again, and tell your administrator.',
    },
    recovery_code_used: {
      subject: 'A recovery code was used',
      body: 'One of your recovery codes for {service} was used at {time} from {ip}. Each code works once; {left} are left.\n\nIf this was not you, tell your administrator at once.',
    },
    recovery_codes_low: {
      subject: 'Few recovery codes left',
      body: 'Only {left} of your recovery codes for {service} are left. Make new ones in your account settings (the old ones then stop working) and keep them somewhere safe.',
    },
    password_reset: {
      subject: 'Reset your password',
      body: 'Someone (hopefully you) asked to reset the password of your account on {service}.\n\nOpen this link within {minutes} minutes to choose a new password. It works once:\n{link}\n\nYour second factor is still asked for at the next sign-in. If you did not ask for this, ignore this mail: your password stays as it is.',
    },
    account_created: {
      subject: 'Your account on {service}',
      body: 'An administrator created an account for you on {service}. Your username is {username}.\n\nOpen this link within {hours} hours to choose your password. It works once:\n{link}\n\nIf the link has expired, ask your administrator for a new one, or use "Forgot your password?" on the sign-in page.',
    },
    password_reset_by_admin: {
      subject: 'Your password was reset',
      body: 'An administrator reset the password of your account on {service}, and you were signed out everywhere. Your username is {username}.\n\nOpen this link within {hours} hours to choose a new password. It works once:\n{link}\n\nIf the link has expired, ask your administrator for a new one, or use "Forgot your password?" on the sign-in page. If you did not ask for this, tell your administrator.',
    },
  },
  ja: {
    new_browser: {
      subject: '新しいブラウザーからのログイン',
      body: '{service} のあなたのパスワードが、これまでログインに使われたことのないブラウザーで使われました。\n\nアドレス: {ip}\nブラウザー: {browser}\n日時: {time}\n\nご自身であれば、何もする必要はありません。心当たりがない場合は、すぐにパスワードを変更し、管理者に連絡してください。',
    },
    two_factor_disabled: {
      subject: '2 段階認証がオフになりました',
      body: '{time} に {service} のあなたのアカウントで 2 段階認証がオフになりました。今後はパスワードだけでログインできます。\n\n心当たりがない場合は、すぐに管理者に連絡してください。',
    },
    two_factor_reset: {
      subject: '管理者が 2 段階認証をリセットしました',
      body: '{time} に管理者が {service} のあなたのアカウントの 2 段階認証をリセットしました。認証アプリはこのアカウントでは使えなくなったので、次のログイン時にもう一度登録してください。\n\n依頼した覚えがない場合は、すぐに管理者に連絡してください。',
    },
    account_locked: {
      subject: 'アカウントがロックされました',
      body: 'ログインの失敗が続いたため、{time} に {service} のあなたのアカウントがロックされました（最後の試行元: {ip}）。\n\n心当たりがない場合は、誰かがパスワードを知っているか推測しようとしている可能性があります。ログインできるようになったらパスワードを変更し、管理者に連絡してください。',
    },
    recovery_code_used: {
      subject: 'リカバリーコードが使われました',
      body: '{time} に {ip} から {service} のリカバリーコードが 1 つ使われました。各コードは 1 回だけ使えます。残りは {left} 個です。\n\n心当たりがない場合は、すぐに管理者に連絡してください。',
    },
    recovery_codes_low: {
      subject: 'リカバリーコードの残りが少なくなりました',
      body: '{service} のリカバリーコードの残りは {left} 個です。アカウント設定で新しいコードを作成し（古いコードは使えなくなります）、安全な場所に保管してください。',
    },
    password_reset: {
      subject: 'パスワードの再設定',
      body: '{service} のあなたのアカウントのパスワード再設定が申し込まれました。\n\n{minutes} 分以内に次のリンクを開いて、新しいパスワードを設定してください。リンクは 1 回だけ使えます:\n{link}\n\n次のログインでは引き続き 2 段階目の認証が求められます。申し込んだ覚えがない場合は、このメールを無視してください。パスワードは変わりません。',
    },
    account_created: {
      subject: '{service} のアカウント',
      body: '管理者が {service} にあなたのアカウントを作成しました。ユーザー名は {username} です。\n\n{hours} 時間以内に次のリンクを開いて、パスワードを設定してください。リンクは 1 回だけ使えます:\n{link}\n\nリンクの期限が切れた場合は、管理者に新しいリンクを依頼するか、ログインページの「パスワードをお忘れですか？」を使ってください。',
    },
    password_reset_by_admin: {
      subject: 'パスワードがリセットされました',
      body: '管理者が {service} のあなたのアカウントのパスワードをリセットし、すべての場所でログアウトしました。ユーザー名は {username} です。\n\n{hours} 時間以内に次のリンクを開いて、新しいパスワードを設定してください。リンクは 1 回だけ使えます:\n{link}\n\nリンクの期限が切れた場合は、管理者に新しいリンクを依頼するか、ログインページの「パスワードをお忘れですか？」を使ってください。依頼した覚えがない場合は、管理者に連絡してください。',
    },
  },
};

/** The subject and body of a mail in `locale`, with its parameters filled in. */
export function mailText(
  locale: Locale,
  notice: Notice,
  params: Readonly<Record<string, string | number>>,
): { subject: string; text: string } {
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (slot, name: string) => (name in params ? String(params[name]) : slot));
  const { subject, body } = TEXTS[locale][notice];
  return { subject: fill(subject), text: fill(body) };
}
