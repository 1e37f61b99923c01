// node test/aws/cfn-spec-check.mjs <template.json>...
// Prints every finding and one summary line per template; exits 1 on any finding.
import { readFileSync } from 'node:fs';
import { loadSpecification, validateTemplate } from './cfn-spec.mjs';

const templates = process.argv.slice(2);
if (templates.length === 0) {
  console.error('usage: node test/aws/cfn-spec-check.mjs <packaged template.json>...');
  process.exit(2);
}
const spec = loadSpecification();
let total = 0;
for (const file of templates) {
  const template = JSON.parse(readFileSync(file, 'utf8'));
  const findings = validateTemplate(template, spec);
  findings.forEach((finding) => console.log(`finding: ${file}: ${finding}`));
  console.log(`CloudFormation specification (@aws-cdk/aws-service-spec ${spec.version}): ${file}: `
    + `${Object.keys(template.Resources ?? {}).length} resources, ${findings.length} findings`);
  total += findings.length;
}
process.exit(total === 0 ? 0 : 1);
