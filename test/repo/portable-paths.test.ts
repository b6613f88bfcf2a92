// The repository must work on every machine: no tracked file may name an absolute path of one
// (a home directory, a workspace checkout, a mount), which would break or silently test nothing
// elsewhere. Third-party fixtures are found relative to the repository root
// (test/support/peer-suites.ts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/processes.js';

// Built from parts so that this file does not match itself.
const MACHINE_DIRS = ['work', 'home', 'root', 'mnt'];
const ABSOLUTE = new RegExp(`(^|[^A-Za-z0-9_.~-])/(${MACHINE_DIRS.join('|')})/[A-Za-z0-9_.-]`);
const WINDOWS = new RegExp('\\b[A-Z]:\\\\' + '(Users|home)\\\\', 'i');

function trackedTextFiles(): string[] {
  const out = execFileSync('git', ['-C', ROOT, 'ls-files', '-z'], { encoding: 'utf8' });
  return out.split('\0').filter(Boolean).filter((f) => !/\.(png|jpe?g|gif|ico|woff2?|der|p12)$/i.test(f) && f !== 'package-lock.json');
}

test('no tracked file names an absolute path of a machine', () => {
  const files = trackedTextFiles();
  expect(files.length).toBeGreaterThan(50);
  const hits: string[] = [];
  for (const file of files) {
    const full = path.join(ROOT, file);
    if (!fs.existsSync(full) || fs.statSync(full).size > 2_000_000) continue;
    fs.readFileSync(full, 'utf8').split('\n').forEach((line, i) => {
      if (ABSOLUTE.test(line) || WINDOWS.test(line)) hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
    });
  }
  expect(hits).toEqual([]);
});

test('the check finds such a path', () => {
  expect(ABSOLUTE.test(`const SUITE = '/${MACHINE_DIRS[0]}/shared/peer-suites';`)).toBe(true);
  expect(ABSOLUTE.test(`see ${'/'}${MACHINE_DIRS[1]}/alice/project`)).toBe(true);
  expect(ABSOLUTE.test('GET /scim/v2/Users/42 and ../shared/peer-suites')).toBe(false);
});
