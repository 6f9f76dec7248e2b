const { DEMO_PASSWORD, expect, expectAccessible, expectAccessibleWithoutOurScripts, signIn, test } = require('./helpers');

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('staff cancel a typhoon day in one step, after seeing who will be told', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('ログインID').fill('demo-staff');
    await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'ログインする' }).click();
    // A day far enough ahead that only this session is on it.
    const date = new Date(Date.now() + 600 * 86400_000).toISOString().slice(0, 10);
    const title = `e2e 台風の日 ${Date.now()}`;
    await page.goto('/sessions/new');
    await page.getByLabel('講座名').fill(title);
    await page.getByLabel('主催').selectOption({ label: '南街ふれあいサークル' });
    await page.getByLabel('会場').selectOption({ label: '清原地区会館 集会室（清原）' });
    await page.getByLabel('開催日').fill(date);
    await page.getByLabel('開始時刻').fill('10:00');
    await page.getByLabel('終了時刻').fill('12:00');
    await page.getByRole('checkbox', { name: 'LINE' }).check();
    await page.getByRole('button', { name: '保存する' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

    await page.goto('/sessions');
    await page.getByRole('link', { name: 'まとめて中止する' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('まとめて中止する');
    await expectAccessibleWithoutOurScripts(page);
    await page.getByLabel('中止する日').fill(date);
    await page.getByRole('button', { name: '対象を表示' }).click();
    await expect(page.getByRole('heading', { level: 2, name: '中止する体験会（1件）' })).toBeVisible();
    await expect(page.getByRole('link', { name: title })).toBeVisible();
    await expect(page.getByText(/合計：1件の体験会、0人に連絡/)).toBeVisible();
    await expectAccessibleWithoutOurScripts(page);

    // Without the box ticked nothing happens; the reason typed stays.
    await page.getByLabel('中止の理由').fill('台風の接近のため');
    await page.getByRole('button', { name: 'まとめて中止する' }).click();
    await expect(page.getByText('確認の欄にチェックを入れてください。').first()).toBeVisible();
    await expect(page.getByLabel('中止の理由')).toHaveValue('台風の接近のため');
    await expectAccessibleWithoutOurScripts(page);

    await page.getByLabel(/上の体験会をすべて中止し/).check();
    await page.getByRole('button', { name: 'まとめて中止する' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('まとめて中止した体験会');
    await expect(page.getByRole('status')).toHaveText(/体験会をまとめて中止にしました/);
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(title) })).toBeVisible();
    await expectAccessibleWithoutOurScripts(page);
  });
});

test('a booking slip prints on its own with the person and the session', async ({ page }) => {
  await signIn(page, 'demo-staff');
  await page.goto('/intake');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('ふりがな・お名前・電話番号').fill('ｻﾄｳ ｶｽﾞｺ');
  await expect(page.getByRole('status')).toHaveText('1件見つかりました。');
  await page.getByRole('link', { name: 'サトウ カズコ' }).click();
  await page.getByRole('button', { name: /^予約する：/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('読み上げて確認');
  await page.getByRole('link', { name: '予約票を印刷' }).click();
  const slip = page.locator('.slip');
  await expect(slip.getByRole('heading', { level: 2 })).toHaveText(/^(予約票|キャンセル待ち票)$/);
  await expect(slip).toContainText('佐藤 和子 様');
  await expect(slip).toContainText('042-563-2111');
  await expectAccessible(page);
  await page.emulateMedia({ media: 'print' });
  await expect(slip).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'メインメニュー' })).toBeHidden();
  await expect(page.getByRole('button', { name: '印刷する' })).toBeHidden();
});

test("an admin subscribes a partner's calendar: a bad URL is refused beside the field, kept as typed", async ({ page }) => {
  await signIn(page, 'demo-admin');
  await page.goto('/directory');
  await page.getByRole('link', { name: '南街ふれあいサークル' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'カレンダーの購読' })).toBeVisible();
  await expect(page.getByText('まだ取りに行っていません。')).toHaveCount(0);
  await expectAccessible(page);
  await page.getByLabel('カレンダーのURL').fill('ftp://example.jp/cal.ics');
  await page.getByLabel('追加する体験会の内容').selectOption({ label: '基本操作' });
  await page.getByRole('button', { name: '購読を保存' }).click();
  await expect(page.getByText('http:// か https:// で始まるURLを入力してください').first()).toBeVisible();
  await expect(page.getByLabel('カレンダーのURL')).toHaveValue('ftp://example.jp/cal.ics');
  await expectAccessible(page);
  // A good URL (nothing listens there): subscribed, with "pull now" offered.
  await page.getByLabel('カレンダーのURL').fill('http://127.0.0.1:9/partner.ics');
  await page.getByLabel('追加する体験会の内容').selectOption({ label: '基本操作' });
  await page.getByRole('button', { name: '購読を保存' }).click();
  await expect(page.getByText('保存しました。')).toBeVisible();
  await page.getByRole('button', { name: '今すぐ取りに行く' }).click();
  await expect(page.getByText('1分以内にカレンダーを取りに行きます')).toBeVisible();
  await expectAccessible(page);
  // Stop the subscription again, so the demo stays as it was.
  await page.getByLabel('カレンダーのURL').fill('');
  await page.getByRole('button', { name: '購読を保存' }).click();
  await expect(page.getByRole('button', { name: '今すぐ取りに行く' })).toHaveCount(0);
});
