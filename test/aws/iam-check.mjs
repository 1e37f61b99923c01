// node test/aws/iam-check.mjs <calls.json> <packaged template.json>...
//
// Evaluates every AWS call the functions make (the calls file, kept beside the code) against the
// function's role in the packaged template and the resource policies that apply — the bucket policy,
// the S3 gateway endpoint's policy for functions in the VPC, queue policies, key policies — with
// @cloud-copilot/iam-simulate, an IAM policy evaluator with AWS's action and resource data. Also
// evaluates the deliveries the template wires between services (SNS to its queue subscriptions,
// S3 notifications to queues, CloudWatch alarms through the alerts key) and negative cases that must
// be denied. Prints one line per failure naming function, action and resource; exits 1 on any.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { templateValues } from './cfn-values.mjs';

const simulatorVersion = JSON.parse(readFileSync(fileURLToPath(
  new URL('../../node_modules/@cloud-copilot/iam-simulate/package.json', import.meta.url)), 'utf8')).version;

const capitalised = (name) => name.charAt(0).toUpperCase() + name.slice(1);
const ofType = (template, type) => Object.entries(template.Resources ?? {}).filter(([, resource]) => resource.Type === type);

/** The simulator's verdict: 'Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied', or an error text. */
async function decide(simulation) {
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') return `error: ${JSON.stringify(response.errors)}`;
  return response.overallResult;
}

/** The function's Lambda resource, its role's logical id and the role, or a problem naming what is missing. */
function functionRole(template, row) {
  const functionId = `${capitalised(row.function)}LambdaFunction`;
  const resource = template.Resources?.[functionId];
  if (resource?.Type !== 'AWS::Lambda::Function') return { problem: `function ${row.function}: no ${functionId} in the template` };
  const roleId = resource.Properties.Role['Fn::GetAtt'][0];
  return { resource, roleId, role: template.Resources[roleId] };
}

const identityPolicies = (values, role) => (values.resolve(role.Properties.Policies) ?? [])
  .map((policy) => ({ name: policy.PolicyName, policy: policy.PolicyDocument }));

/**
 * Every row of the calls file (calls and denied) decided by the function's role alone — its identity
 * policies, no resource or endpoint policy — with the resolved policies and request, so another
 * evaluator can be held against the simulator on exactly the same input (IamEvaluatorAgreementIT).
 */
export async function identityDecisions(calls, template) {
  const values = templateValues(template);
  const decisions = [];
  for (const row of [...calls.calls, ...calls.denied]) {
    const { problem, roleId, role } = functionRole(template, row);
    if (problem) throw new Error(problem);
    const resource = values.sub(row.resource);
    const context = { 'aws:SecureTransport': 'true', ...(row.context ?? {}) };
    const decideBy = (policies) => decide({
      request: { principal: values.resolve({ 'Fn::GetAtt': [roleId, 'Arn'] }), action: row.action,
        resource: { resource, accountId: values.account }, contextVariables: context },
      identityPolicies: policies, serviceControlPolicies: [], resourceControlPolicies: [],
    });
    const policies = identityPolicies(values, role);
    // The same request with a Deny on the resource's parent added: an explicit deny must win over any allow.
    const withDeny = [...policies, { name: 'deny', policy: { Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: row.action, Resource: resource.replace(/[^/:]*$/, '*') }] } }];
    for (const variant of [policies, withDeny]) {
      decisions.push({ function: row.function, action: row.action, resource, context,
        policies: variant.map((policy) => policy.policy), decision: await decideBy(variant) });
    }
  }
  return decisions;
}

export async function checkTemplate(calls, template) {
  const values = templateValues(template);
  const { account } = values;
  const failures = [];
  let allowed = 0;
  let denied = 0;

  const policyOf = (resourceType, matches) => {
    for (const [, resource] of ofType(template, resourceType)) {
      if (matches(resource)) return values.resolve(resource.Properties.PolicyDocument ?? resource.Properties.KeyPolicy);
    }
    return undefined;
  };
  const bucketPolicy = (arn) => policyOf('AWS::S3::BucketPolicy',
    (policy) => arn.startsWith(`arn:aws:s3:::${values.resolve(policy.Properties.Bucket)}`));
  const queuePolicy = (arn) => policyOf('AWS::SQS::QueuePolicy', (policy) => values.resolve(policy.Properties.Queues)
    .some((url) => url.split('/').pop() === arn.split(':').pop()));
  const keyPolicy = (arn) => {
    const key = ofType(template, 'AWS::KMS::Key').find(([id]) => values.resolve({ 'Fn::GetAtt': [id, 'Arn'] }) === arn);
    return key && values.resolve(key[1].Properties.KeyPolicy);
  };
  const resourcePolicyFor = (action, arn) => {
    if (action.startsWith('s3:')) return bucketPolicy(arn);
    if (action.startsWith('sqs:')) return queuePolicy(arn);
    if (action.startsWith('kms:')) return keyPolicy(arn);
    return undefined;
  };
  const endpointPolicies = (service) => ofType(template, 'AWS::EC2::VPCEndpoint')
    .filter(([id, endpoint]) => values.exists(id) && values.resolve(endpoint.Properties.ServiceName).endsWith(`.${service}`))
    .filter(([, endpoint]) => endpoint.Properties.PolicyDocument)
    .map(([id, endpoint]) => ({ name: id, policy: values.resolve(endpoint.Properties.PolicyDocument) }));

  const functions = new Map(ofType(template, 'AWS::Lambda::Function').map(([id, resource]) => [id, resource]));
  const named = new Set([...calls.calls, ...calls.denied].map((row) => row.function));
  for (const id of functions.keys()) {
    const name = id.replace(/LambdaFunction$/, '');
    if (![...named].some((function_) => capitalised(function_) === name)) {
      failures.push(`function ${name.charAt(0).toLowerCase() + name.slice(1)} (${id}) has no rows in the calls file: list the AWS calls it makes`);
    }
  }

  const functionRequest = (row) => {
    const { problem, resource, roleId, role } = functionRole(template, row);
    if (problem) return { problem };
    const arn = values.sub(row.resource);
    const inVpc = resource.Properties.VpcConfig !== undefined && !row.presigned;
    const service = row.action.slice(0, row.action.indexOf(':'));
    return {
      arn,
      simulation: {
        request: {
          principal: values.resolve({ 'Fn::GetAtt': [roleId, 'Arn'] }),
          action: row.action,
          resource: { resource: arn, accountId: account },
          contextVariables: { 'aws:SecureTransport': 'true', ...(row.context ?? {}) },
        },
        identityPolicies: identityPolicies(values, role),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: resourcePolicyFor(row.action, arn),
        vpcEndpointPolicies: inVpc ? endpointPolicies(service) : [],
      },
      via: inVpc && endpointPolicies(service).length ? ` (role ${role.Properties.RoleName ? values.resolve(role.Properties.RoleName) : roleId}, ${endpointPolicies(service).map((policy) => policy.name).join(', ')} policy)` : ` (role ${values.resolve(role.Properties.RoleName ?? roleId)})`,
    };
  };

  const context = (row) => (row.context ? ` with ${Object.entries(row.context).map(([key, value]) => `${key}=${value}`).join(', ')}` : '');

  for (const row of calls.calls) {
    const request = functionRequest(row);
    if (request.problem) { failures.push(request.problem); continue; }
    const verdict = await decide(request.simulation);
    if (verdict === 'Allowed') allowed++;
    else failures.push(`missing permission: function ${row.function} may not ${row.action} on ${request.arn}${context(row)}: ${verdict}${request.via} [${row.by}]`);
  }
  for (const row of calls.denied) {
    const request = functionRequest(row);
    if (request.problem) { failures.push(request.problem); continue; }
    const verdict = await decide(request.simulation);
    if (verdict === 'ExplicitlyDenied' || verdict === 'ImplicitlyDenied') denied++;
    else failures.push(`too broad: function ${row.function} may ${row.action} on ${request.arn}${context(row)}: ${verdict}${request.via} (must be denied: ${row.why})`);
  }

  // Deliveries the template wires between services, each with a source that must be refused.
  const service = async (principal, action, arn, contextVariables, expectAllowed, what) => {
    const verdict = await decide({
      request: { principal, action, resource: { resource: arn, accountId: account }, contextVariables: { 'aws:SecureTransport': 'true', ...contextVariables } },
      identityPolicies: [], serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy: resourcePolicyFor(action, arn),
    });
    const ok = expectAllowed ? verdict === 'Allowed' : verdict !== 'Allowed';
    if (ok) expectAllowed ? allowed++ : denied++;
    else failures.push(`${expectAllowed ? 'missing permission' : 'too broad'}: ${principal} ${expectAllowed ? 'may not' : 'may'} ${action} on ${arn}`
      + ` with ${Object.entries(contextVariables).map(([key, value]) => `${key}=${value}`).join(', ')}: ${verdict} (${what})`);
  };
  for (const [id, subscription] of ofType(template, 'AWS::SNS::Subscription')) {
    if (subscription.Properties.Protocol !== 'sqs' || !values.exists(id)) continue;
    const topic = values.resolve(subscription.Properties.TopicArn);
    const queue = values.resolve(subscription.Properties.Endpoint);
    await service('sns.amazonaws.com', 'sqs:SendMessage', queue, { 'aws:SourceArn': topic, 'aws:SourceAccount': account }, true, `subscription ${id}`);
    await service('sns.amazonaws.com', 'sqs:SendMessage', queue, { 'aws:SourceArn': `${topic}-other`, 'aws:SourceAccount': account }, false,
      `subscription ${id}: another topic must not send`);
  }
  for (const [id, bucket] of ofType(template, 'AWS::S3::Bucket')) {
    for (const notification of bucket.Properties?.NotificationConfiguration?.QueueConfigurations ?? []) {
      const queue = values.resolve(notification.Queue);
      const bucketArn = values.resolve({ 'Fn::GetAtt': [id, 'Arn'] });
      await service('s3.amazonaws.com', 'sqs:SendMessage', queue, { 'aws:SourceArn': bucketArn, 'aws:SourceAccount': account }, true,
        `notification of ${id}`);
      await service('s3.amazonaws.com', 'sqs:SendMessage', queue, { 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket', 'aws:SourceAccount': '210987654321' }, false,
        `notification of ${id}: another bucket must not send`);
    }
  }
  // A custom resource's function answers CloudFormation by a PUT to a URL CloudFormation presigned for
  // its response bucket: the signer's identity allows it, but from the VPC the S3 gateway endpoint's
  // policy must let it through too, or the deploy waits an hour for the answer and rolls back.
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (!(resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource')) continue;
    const functionId = resource.Properties?.ServiceToken?.['Fn::GetAtt']?.[0];
    if (!functions.get(functionId)?.Properties?.VpcConfig) continue;
    const responseBucket = `arn:aws:s3:::cloudformation-custom-resource-response-${values.region.replaceAll('-', '')}`;
    for (const [object, expectAllowed] of [[`${responseBucket}/arn%3Aaws%3Acloudformation/${id}/response`, true],
      ['arn:aws:s3:::someone-elses-bucket/response', false]]) {
      const verdict = await decide({
        request: { principal: `arn:aws:iam::${account}:role/cloudformation-presigner`, action: 's3:PutObject',
          resource: { resource: object, accountId: account }, contextVariables: { 'aws:SecureTransport': 'true' } },
        identityPolicies: [{ name: 'presigned', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] } }],
        serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy: undefined, vpcEndpointPolicies: endpointPolicies('s3'),
      });
      const ok = expectAllowed ? verdict === 'Allowed' : verdict !== 'Allowed';
      if (ok) expectAllowed ? allowed++ : denied++;
      else failures.push(`${expectAllowed ? 'missing permission' : 'too broad'}: function ${functionId.charAt(0).toLowerCase()}${functionId.slice(1).replace(/LambdaFunction$/, '')}`
        + ` (custom resource ${id}) ${expectAllowed ? 'may not' : 'may'} PUT its presigned response to ${object}: ${verdict} (S3 endpoint policy)`);
    }
  }
  const alarmTopics = new Set();
  for (const [, alarm] of ofType(template, 'AWS::CloudWatch::Alarm')) {
    for (const action of [...(alarm.Properties.AlarmActions ?? []), ...(alarm.Properties.OKActions ?? [])]) alarmTopics.add(action.Ref);
  }
  for (const topicId of alarmTopics) {
    const keyId = template.Resources[topicId]?.Properties?.KmsMasterKeyId?.Ref;
    if (!keyId || template.Resources[keyId]?.Type !== 'AWS::KMS::Key') continue;
    const keyArn = values.resolve({ 'Fn::GetAtt': [keyId, 'Arn'] });
    // No aws:SourceAccount / aws:SourceArn in the request: the grant must not depend on them.
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      await service('cloudwatch.amazonaws.com', action, keyArn, {}, true, `CloudWatch alarms publishing to ${topicId} under ${keyId}`);
    }
    await service('events.amazonaws.com', 'kms:GenerateDataKey', keyArn, {}, false, `only CloudWatch uses ${keyId}`);
  }
  return { failures, allowed, denied };
}

if (process.argv[1] && process.argv[1].endsWith('iam-check.mjs') && process.argv[2] === '--decisions') {
  // node test/aws/iam-check.mjs --decisions <calls.json> <packaged template.json>: the decisions as JSON.
  const [callsFile, templateFile] = process.argv.slice(3);
  const decisions = await identityDecisions(JSON.parse(readFileSync(callsFile, 'utf8')), JSON.parse(readFileSync(templateFile, 'utf8')));
  console.log(JSON.stringify({ simulator: `@cloud-copilot/iam-simulate ${simulatorVersion}`, decisions }));
} else if (process.argv[1] && process.argv[1].endsWith('iam-check.mjs')) {
  const [callsFile, ...templates] = process.argv.slice(2);
  if (!callsFile || templates.length === 0) {
    console.error('usage: node test/aws/iam-check.mjs <calls.json> <packaged template.json>...');
    process.exit(2);
  }
  const calls = JSON.parse(readFileSync(callsFile, 'utf8'));
  let total = 0;
  for (const file of templates) {
    const { failures, allowed, denied } = await checkTemplate(calls, JSON.parse(readFileSync(file, 'utf8')));
    failures.forEach((failure) => console.log(`${file}: ${failure}`));
    console.log(`IAM simulation (@cloud-copilot/iam-simulate ${simulatorVersion}): ${file}: ${allowed} calls allowed, ${denied} negative cases denied, ${failures.length} failures`);
    total += failures.length;
  }
  process.exit(total === 0 ? 0 : 1);
}
