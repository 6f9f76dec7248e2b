const { expect, expectAccessibleWithoutOurScripts: expectAccessible, test } = require('./helpers');

test.use({ javaScriptEnabled: false });

test('with JavaScript off, a wrong password is reported and the right one signs in', async ({ page }) => {
  await page.goto('/directory');
  await expect(page).toHaveURL(/\/login\?next=%2Fdirectory/);
  await page.getByLabel('ログインID').fill('demo-coordinator');
  await page.getByLabel('パスワード').fill('not the password');
  await page.getByRole('button', { name: 'ログインする' }).click();
  await expect(page.getByRole('alert')).toHaveText('ログインIDまたはパスワードが違います。');
  await expect(page.getByLabel('ログインID')).toHaveValue('demo-coordinator');
  await expect(page.getByLabel('パスワード')).toHaveValue('');
  await expectAccessible(page);

  await page.getByLabel('パスワード').fill('yorisoi-demo-2025');
  await page.getByRole('button', { name: 'ログインする' }).click();
  await expect(page).toHaveURL(/\/directory$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('主催団体と会場');
  await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page).toHaveURL(/\/login/);
});

test('with JavaScript off, the language switch and sign-in still work', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await signInEnglish(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Today');
  await expectAccessible(page);
});

async function signInEnglish(page) {
  await page.getByLabel('Login ID').fill('demo-reviewer');
  await page.getByLabel('Password').fill('yorisoi-demo-2025');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('with JavaScript off, a coordinator schedules a session after fixing a mistake', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('ログインID').fill('demo-coordinator');
  await page.getByLabel('パスワード').fill('yorisoi-demo-2025');
  await page.getByRole('button', { name: 'ログインする' }).click();
  await page.goto('/sessions/new');
  await expect(page.getByLabel('主催')).toHaveValue(/\d+/);
  const date = new Date(Date.now() + 60 * 86400_000).toISOString().slice(0, 10);
  await page.getByLabel('講座名').fill('JSなしで登録した講座');
  await page.getByLabel('会場').selectOption({ label: '桜が丘市民センター 会議室（桜が丘）' });
  await page.getByLabel('開催日').fill(date);
  await page.getByLabel('開始時刻').fill('09:30');
  await page.getByLabel('終了時刻').fill('11:00');
  await page.getByRole('button', { name: '保存する' }).click();

  // No topic chosen: the page comes back with the message and everything typed.
  await expect(page.getByText('内容を1つ以上選んでください。').first()).toBeVisible();
  await expect(page.getByLabel('講座名')).toHaveValue('JSなしで登録した講座');
  await expect(page.getByLabel('開始時刻')).toHaveValue('09:30');
  await expectAccessible(page);

  await page.getByRole('checkbox', { name: '基本操作' }).check();
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('JSなしで登録した講座');
  await expect(page.getByRole('status')).toHaveText('体験会を登録しました。');
  await expectAccessible(page);
});
