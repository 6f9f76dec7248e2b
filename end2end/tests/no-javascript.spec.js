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
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Home');
  await expectAccessible(page);
});

async function signInEnglish(page) {
  await page.getByLabel('Login ID').fill('demo-reviewer');
  await page.getByLabel('Password').fill('yorisoi-demo-2025');
  await page.getByRole('button', { name: 'Sign in' }).click();
}
