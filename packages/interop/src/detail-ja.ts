/**
 * Japanese for the fixed technical details of import errors (the part in brackets after the
 * message). Details that quote the file (a line number, an entry name) stay as written.
 */
export const DETAIL_JA: Readonly<Record<string, string>> = {
  'binary data of no known kind': '種類のわからないバイナリデータです',
  'the file is empty': 'ファイルが空です',
  'the JSON is cut off or malformed': 'JSON が途中で切れているか、形式が正しくありません',
  'JSON from an unknown app': '不明なアプリの JSON です',
  'text that holds no otpauth:// links': 'otpauth:// のリンクを含まないテキストです',
  'password-protected Bitwarden exports are not supported; export as unencrypted .json':
    'パスワード保護された Bitwarden のエクスポートには対応していません。暗号化なしの .json でエクスポートしてください',
  'or the file was altered': 'またはファイルが改変されています',
  'the image cannot be decoded': '画像を読み取れません',
  'the QR code holds no otpauth:// or otpauth-migration:// link':
    'QR コードに otpauth:// または otpauth-migration:// のリンクがありません',
  'no login_totp column': 'login_totp の列がありません',
  'the encrypted services fail their integrity check': '暗号化されたサービスの整合性チェックに失敗しました',
  'the decrypted services are not a JSON array': '復号したサービスが JSON の配列ではありません',
  'the decrypted backup is not a list of entries': '復号したバックアップが項目の一覧ではありません',
  'unreadable content': '読み取れない内容です',
  'a list of accounts with secrets, but in no known app’s layout; export it as otpauth:// links':
    '秘密鍵を含むアカウントの一覧ですが、どのアプリの形式でもありません。otpauth:// のリンクとしてエクスポートしてください',
  'binary data of no known kind; if it is an old andOTP encrypted backup (.json.aes), give its password (format andotp-encrypted)':
    '種類のわからないバイナリデータです。andOTP の古い暗号化バックアップ（.json.aes）なら、そのパスワードを指定してください（形式 andotp-encrypted）',
  'its tokens are in shared_prefs/com.authy.storage.tokens.authenticator.xml':
    'トークンは shared_prefs/com.authy.storage.tokens.authenticator.xml にあります',
  'its authenticator is in shared_prefs/com.blizzard.messenger.authenticator_preferences.xml':
    '認証情報は shared_prefs/com.blizzard.messenger.authenticator_preferences.xml にあります',
  'the preferences (shared_prefs XML) of an app Kakunin does not read':
    'Kakunin が読み込まないアプリの設定ファイル（shared_prefs の XML）です',
  'the preferences XML is cut off or malformed':
    '設定ファイルの XML が途中で切れているか、形式が正しくありません',
  'the Authy token list is not JSON': 'Authy のトークン一覧が JSON ではありません',
  'Authy backup password': 'Authy のバックアップパスワード',
  'or the file is not a TOTP Authenticator backup':
    'またはファイルが TOTP Authenticator のバックアップではありません',
  'serialized Java data, not a FreeOTP backup':
    'Java のシリアライズデータですが、FreeOTP のバックアップではありません',
  'the SQLite database cannot be read': 'SQLite データベースを読み取れません',
  'a password-protected ZIP; open it with its password and import the Accounts.txt inside':
    'パスワード付きの ZIP です。パスワードで開き、中の Accounts.txt を読み込んでください',
  'the backup is cut off': 'バックアップが途中で切れています',
  'an "account restricted" export, which only the Bitwarden account that made it can open; export again as "password protected" or unencrypted .json':
    '「アカウント制限」のエクスポートで、作成した Bitwarden アカウントでしか開けません。「パスワード保護」または暗号化なしの .json でもう一度エクスポートしてください',
  'the encrypted data fails its integrity check': '暗号化されたデータの整合性チェックに失敗しました',
  'the decrypted export is not a Bitwarden export': '復号したデータが Bitwarden のエクスポートではありません',
  'the decrypted backup is not JSON': '復号したバックアップが JSON ではありません',
};
