// Reads `osls info --verbose` on stdin and prints what a client of the stage needs, from the
// stack outputs: the API URL, the replies topic to subscribe to, and the JWT issuer and audience
// the API accepts. Exits 1 naming any output the stack does not have.
import { readFileSync } from 'node:fs';

const NEEDED = [
  ['HttpApiUrl', 'API URL'],
  ['RepliesTopicArn', 'replies topic (subscribe for command replies)'],
  ['JwtIssuer', 'JWT issuer'],
  ['JwtAudience', 'JWT audience'],
];

export function clientInfo(text) {
  const outputs = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z0-9]+): (\S.*)$/.exec(line);
    if (match) outputs[match[1]] = match[2].trim();
  }
  const missing = NEEDED.filter(([key]) => !outputs[key]).map(([key]) => key);
  const lines = NEEDED.filter(([key]) => outputs[key]).map(([key, label]) => `${label.padEnd(46)} ${outputs[key]}`);
  return { lines, missing };
}

if (process.argv[1] && process.argv[1].endsWith('client-info.mjs')) {
  const { lines, missing } = clientInfo(readFileSync(0, 'utf8'));
  lines.forEach((line) => console.log(line));
  if (missing.length) {
    console.error(`the stack has no output ${missing.join(', ')} (deployed from an older serverless.yml? run make deploy)`);
    process.exit(1);
  }
}
