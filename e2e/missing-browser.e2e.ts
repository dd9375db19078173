import { afterEach, describe, expect, it } from 'vitest';
import { chromePath } from './support/chromium';

describe('without a browser', () => {
  const saved = process.env.CHROME_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROME_PATH;
    else process.env.CHROME_PATH = saved;
  });

  it('fails with a message that says how to install Chromium, instead of skipping', () => {
    process.env.CHROME_PATH = '/nonexistent/chromium';
    expect(() => chromePath()).toThrow(/Chromium not found at \/nonexistent\/chromium.*apt-get install -y chromium/s);
  });

  it('uses CHROME_PATH when it points at a browser', () => {
    process.env.CHROME_PATH = '/usr/bin/chromium';
    expect(chromePath()).toBe('/usr/bin/chromium');
  });
});
