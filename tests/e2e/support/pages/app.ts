import { expect, type Locator, type Page } from '@playwright/test';

/** A test id inside the page (TESTIDS.md). */
export const tid = (page: Page, id: string): Locator => page.getByTestId(id);

/** antd puts a test id on the input or on its wrapper, depending on the control: the editable element either way. */
export async function editable(el: Locator, tag: 'input' | 'textarea' = 'input'): Promise<Locator> {
  return (await el.evaluate((e) => e.tagName.toLowerCase())) === tag ? el : el.locator(tag).first();
}

/** The screen currently shown: the `screen-*` / `app-shell` root that is visible. */
export async function expectScreen(page: Page, id: string): Promise<void> {
  await expect(tid(page, id)).toBeVisible();
}

/** The one alert of a screen: `error-message` with its code and sentence. */
export class ErrorBox {
  constructor(private readonly page: Page) {}
  get root(): Locator {
    return tid(this.page, 'error-message');
  }
  get text(): Locator {
    return tid(this.page, 'error-text');
  }
  get locked(): Locator {
    return tid(this.page, 'locked-message');
  }
  get countdown(): Locator {
    return tid(this.page, 'error-countdown');
  }
  async expectCode(code: string): Promise<void> {
    await expect(this.root).toHaveAttribute('data-error-code', code);
  }
}
