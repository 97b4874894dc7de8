/** Commands a person pastes into a POSIX shell: quoting, and the aliyun CLI form of an API call. */
import type { ApiCall } from './types';

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes a word for sh/bash/zsh: bare when safe, else single quotes with `'` written as `'\''`. */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `aliyun <product> <Action> --Param value …`, as the aliyun CLI takes RPC calls. */
export function aliyunCommand(call: ApiCall): string {
  const args = Object.entries(call.params).flatMap(([k, v]) => [`--${k}`, shellQuote(v)]);
  return ['aliyun', call.product, call.action, ...args].join(' ');
}

/** Splits a command line as sh does for the quoting `shellQuote` produces (single quotes, backslash outside). */
export function shellSplit(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated single quote');
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (c === '"') {
      throw new Error('double quotes are not produced by shellQuote');
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
