/**
 * Page texts of passkeys and security keys: the account's list, adding, renaming and removing one,
 * signing in with one, and the administrator's view. Spread into both catalogues.
 */
export const passkeysEN = {
  'passkeys.title': 'Passkeys and security keys',
  'passkeys.explain':
    'A passkey or security key signs you in with your fingerprint, face, PIN or a touch of the key. It cannot be phished: it only works on this site.',
  'passkeys.count': 'Passkeys and security keys: {count}',
  'passkeys.manage': 'Manage passkeys and security keys',
  'passkeys.requiredAdmin': 'Administrators must have a passkey or security key. Add one to continue.',
  'passkeys.requiredEnrollment':
    'Your administrator requires two-factor authentication. Add a passkey or security key to continue.',
  'passkeys.useAppInstead': 'Use an authenticator app instead',
  'passkeys.enrollInstead': 'Use a passkey or security key instead',
  'passkeys.caption': 'Your passkeys and security keys',
  'passkeys.col.name': 'Name',
  'passkeys.col.added': 'Added',
  'passkeys.col.lastUsed': 'Last used',
  'passkeys.col.actions': 'Actions',
  'passkeys.never': 'Never',
  'passkeys.empty': 'You have no passkey or security key yet.',
  'passkeys.addTitle': 'Add a passkey or security key',
  'passkeys.addExplain':
    'Your browser opens its own dialog: choose this device, a phone, or insert and touch your security key.',
  'passkeys.name': 'Name',
  'passkeys.nameHint': 'So you can tell them apart, such as "YubiKey 5" or "iPhone".',
  'passkeys.add': 'Add a passkey or security key',
  'passkeys.needsScript':
    'Adding or using a passkey needs JavaScript: your browser shows its own dialog. Everything else works without it.',
  'passkeys.cancelled': 'The passkey dialog was closed or timed out, so nothing changed. Try again.',
  'passkeys.unsupported': 'This browser cannot use passkeys or security keys.',
  'passkeys.added': 'The passkey "{name}" was added.',
  'passkeys.renameTitle': 'Rename a passkey',
  'passkeys.rename': 'Rename',
  'passkeys.renameLabel': 'Rename {name}',
  'passkeys.renamed': 'The passkey was renamed.',
  'passkeys.remove': 'Remove',
  'passkeys.removeLabel': 'Remove {name}',
  'passkeys.removeTitle': 'Remove the passkey "{name}"?',
  'passkeys.removeConsequence': 'It can no longer sign you in or confirm changes.',
  'passkeys.removeLastConsequence':
    'It is your only second factor: keep your recovery codes, or add another passkey or an authenticator app.',
  'passkeys.removed': 'The passkey was removed.',
  'passkeys.use': 'Use a passkey or security key',
  'passkeys.signIn': 'Sign in with a passkey',
  'passkeys.or': 'or',
  'passkeys.codeIntroOnly': 'Use your passkey or security key to finish signing in.',
  'passkeys.codeAfterKey':
    'Your security key did not check that it is you (no PIN or fingerprint), so enter the 6-digit code from your authenticator app as well.',
  'passkeys.reauthExplain': 'Or use one of your passkeys or security keys.',
  'passkeys.recoveryCodesNotice':
    'The passkey "{name}" was added. Save these recovery codes: they let you in if you lose it.',
  'passkeys.adminCaption': 'Passkeys and security keys of {username}',
  'passkeys.adminRemoved': 'The passkey of {username} was removed.',
  'passkeys.adminRemoveConsequence': '{username} can no longer sign in or confirm changes with it.',
  'passkeys.synced': 'Synced passkey',
  'passkeys.verified': 'Verifies you (PIN or biometrics)',
  'settings.passkeySignIn': 'Allow signing in with a passkey, without a password',
  'settings.passkeySignInHint':
    'A passkey that checks who it is (PIN, fingerprint, face) counts as two factors; a security key without that is one, and the code is still asked.',
  'settings.adminsLegend': 'Administrators',
  'settings.adminsNeedPasskey':
    'Require a phishing-resistant factor (passkey or security key) for administrators',
  'settings.adminsNeedPasskeyHint': 'An administrator without one is sent to add one after signing in.',
  'error.PASSKEY_SIGN_IN_OFF': 'Signing in with a passkey alone is turned off. Sign in with your password.',
  'error.PASSKEY_NEEDS_PASSWORD':
    'This security key does not check that it is you (no PIN or fingerprint), so it cannot sign you in alone. Sign in with your password, then use the key.',
  'error.PASSKEY_REQUIRED':
    'Administrators must have a passkey or security key. Add one in your account settings first.',
  'audit.passkey.used': 'Passkey used (one factor)',
} as const;

export const passkeysJA: Record<keyof typeof passkeysEN, string> = {
  'passkeys.title': 'パスキーとセキュリティキー',
  'passkeys.explain':
    'パスキーやセキュリティキーは、指紋・顔・PIN またはキーへのタッチでログインします。このサイトでしか使えないため、フィッシングで盗まれません。',
  'passkeys.count': 'パスキーとセキュリティキー：{count} 件',
  'passkeys.manage': 'パスキーとセキュリティキーを管理',
  'passkeys.requiredAdmin':
    '管理者にはパスキーまたはセキュリティキーが必要です。続けるには追加してください。',
  'passkeys.requiredEnrollment':
    '管理者により2要素認証が必須に設定されています。続けるにはパスキーまたはセキュリティキーを追加してください。',
  'passkeys.useAppInstead': '代わりに認証アプリを使う',
  'passkeys.enrollInstead': '代わりにパスキーまたはセキュリティキーを使う',
  'passkeys.caption': '登録済みのパスキーとセキュリティキー',
  'passkeys.col.name': '名前',
  'passkeys.col.added': '追加日時',
  'passkeys.col.lastUsed': '最終使用',
  'passkeys.col.actions': '操作',
  'passkeys.never': '未使用',
  'passkeys.empty': 'パスキーもセキュリティキーもまだありません。',
  'passkeys.addTitle': 'パスキーまたはセキュリティキーを追加',
  'passkeys.addExplain':
    'ブラウザーのダイアログが開きます。この端末かスマートフォンを選ぶか、セキュリティキーを差し込んでタッチしてください。',
  'passkeys.name': '名前',
  'passkeys.nameHint': '見分けられる名前（例：「YubiKey 5」「iPhone」）',
  'passkeys.add': 'パスキーまたはセキュリティキーを追加',
  'passkeys.needsScript':
    'パスキーの追加と使用には JavaScript が必要です（ブラウザーのダイアログを使います）。それ以外は JavaScript なしで使えます。',
  'passkeys.cancelled':
    'パスキーのダイアログが閉じられたか時間切れになったため、何も変わっていません。もう一度お試しください。',
  'passkeys.unsupported': 'このブラウザーではパスキーもセキュリティキーも使えません。',
  'passkeys.added': 'パスキー「{name}」を追加しました。',
  'passkeys.renameTitle': 'パスキーの名前を変更',
  'passkeys.rename': '名前を変更',
  'passkeys.renameLabel': '「{name}」の名前を変更',
  'passkeys.renamed': 'パスキーの名前を変更しました。',
  'passkeys.remove': '削除',
  'passkeys.removeLabel': '「{name}」を削除',
  'passkeys.removeTitle': 'パスキー「{name}」を削除しますか？',
  'passkeys.removeConsequence': 'このパスキーではログインも変更の確認もできなくなります。',
  'passkeys.removeLastConsequence':
    'これが唯一の第 2 要素です。リカバリーコードを保管しておくか、別のパスキーか認証アプリを追加してください。',
  'passkeys.removed': 'パスキーを削除しました。',
  'passkeys.use': 'パスキーまたはセキュリティキーを使う',
  'passkeys.signIn': 'パスキーでログイン',
  'passkeys.or': 'または',
  'passkeys.codeIntroOnly': 'パスキーまたはセキュリティキーでログインを完了してください。',
  'passkeys.codeAfterKey':
    'セキュリティキーが本人確認（PIN や指紋）をしなかったため、認証アプリの 6 桁のコードも入力してください。',
  'passkeys.reauthExplain': 'または、パスキーかセキュリティキーを使ってください。',
  'passkeys.recoveryCodesNotice':
    'パスキー「{name}」を追加しました。紛失したときのために、このリカバリーコードを保管してください。',
  'passkeys.adminCaption': '{username} のパスキーとセキュリティキー',
  'passkeys.adminRemoved': '{username} のパスキーを削除しました。',
  'passkeys.adminRemoveConsequence': '{username} はこのパスキーでログインも変更の確認もできなくなります。',
  'passkeys.synced': '同期されるパスキー',
  'passkeys.verified': '本人確認あり（PIN・生体認証）',
  'settings.passkeySignIn': 'パスワードなしでパスキーによるログインを許可する',
  'settings.passkeySignInHint':
    '本人確認（PIN・指紋・顔）をするパスキーは 2 要素として扱います。本人確認のないセキュリティキーは 1 要素で、コードも求めます。',
  'settings.adminsLegend': '管理者',
  'settings.adminsNeedPasskey':
    '管理者にフィッシング耐性のある要素（パスキーまたはセキュリティキー）を必須にする',
  'settings.adminsNeedPasskeyHint': '持っていない管理者は、ログイン後に追加するよう求められます。',
  'error.PASSKEY_SIGN_IN_OFF': 'パスキーだけでのログインは無効です。パスワードでログインしてください。',
  'error.PASSKEY_NEEDS_PASSWORD':
    'このセキュリティキーは本人確認（PIN や指紋）をしないため、これだけではログインできません。パスワードでログインしてから、キーを使ってください。',
  'error.PASSKEY_REQUIRED':
    '管理者にはパスキーまたはセキュリティキーが必要です。先にアカウント設定で追加してください。',
  'audit.passkey.used': 'パスキーを使用（1 要素）',
};
