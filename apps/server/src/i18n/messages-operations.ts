/**
 * Page texts of the administrator's operations (API tokens, the audit log's filters and export) and
 * of the forgotten-password pages. Spread into both catalogues.
 */
export const operationsEN = {
  'error.INVALID_TOKEN': 'The API token is unknown, revoked, or its administrator can no longer use it.',
  'error.TOKEN_SCOPE': 'This API token may not do this.',
  'error.TOKEN_NOT_FOUND': 'There is no such API token, or it is already revoked.',
  'error.INVALID_TOKEN_NAME': 'Give the token a name of 1 to 64 characters, such as “backup script”.',
  'error.INVALID_RESET_LINK':
    'This password-reset link is wrong, expired or already used. Ask for a new one.',
  'audit.api_token.created': 'API token created',
  'audit.api_token.revoked': 'API token revoked',
  'audit.password_reset.requested': 'Password reset link sent',
  'audit.password_reset.completed': 'Password reset by email link',
};

export const operationsJA: Record<keyof typeof operationsEN, string> = {
  'error.INVALID_TOKEN': 'API トークンが正しくないか、失効しているか、作成した管理者が使えなくなっています。',
  'error.TOKEN_SCOPE': 'この API トークンではこの操作はできません。',
  'error.INVALID_TOKEN_NAME':
    'トークンに 1〜64 文字の名前を付けてください（例:「バックアップ用スクリプト」）。',
  'error.TOKEN_NOT_FOUND': 'その API トークンはないか、すでに失効しています。',
  'error.INVALID_RESET_LINK':
    'このパスワード再設定リンクは正しくないか、期限切れか、使用済みです。もう一度申し込んでください。',
  'audit.api_token.created': 'API トークンを作成',
  'audit.api_token.revoked': 'API トークンを失効',
  'audit.password_reset.requested': 'パスワード再設定リンクを送信',
  'audit.password_reset.completed': 'メールのリンクでパスワードを再設定',
};
