import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXTENSION_DIR } from '../../e2e/support/chromium';
import { figure } from '../support/figure';
import type { Suite } from '../run';

/** Item 1: the content script's size as shipped (the Chrome build), gzip level 9. */
export const suite: Suite = {
  name: 'content-script',
  async run() {
    const dir = join(EXTENSION_DIR, 'content-scripts');
    const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
    if (files.length === 0) throw new Error(`no content script in ${dir}`);
    return files.map((file) => {
      const raw = readFileSync(join(dir, file));
      return figure({
        id: `content-script.${file}`,
        item: 1,
        label: `content-scripts/${file}, gzip`,
        unit: 'KB',
        samples: [gzipSync(raw, { level: 9 }).length / 1024],
        budget: { stat: 'median', op: '<=', value: 12 },
        note: `${(raw.length / 1024).toFixed(1)} KB before compression; a single measurement (the size does not vary).`,
      });
    });
  },
};
