// The IAM check itself, on the packaged template (stage dev) with one permission planted or removed:
// each must be reported naming the function (or service), the action and the resource.
// Run by AwsSpecificationIT (node --test) after `osls package`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkTemplate } from './iam-check.mjs';

const calls = JSON.parse(readFileSync(new URL('../../src/main/aws-calls.json', import.meta.url), 'utf8'));
const packaged = () => JSON.parse(readFileSync(process.env.CATALOG_TEMPLATE ?? '.serverless/cloudformation-template-update-stack.json', 'utf8'));
const statements = (template, roleId) => template.Resources[roleId].Properties.Policies[0].PolicyDocument.Statement;
const BUCKET = 'arn:aws:s3:::catalog-dev-123456789012-documents';

test('the packaged template allows every listed call and denies every negative case', async () => {
  const { failures, allowed, denied } = await checkTemplate(calls, packaged());
  assert.deepEqual(failures, []);
  assert.ok(allowed >= calls.calls.length && denied >= calls.denied.length);
});

test('a role without a permission its function needs fails, naming function, action and resource', async () => {
  const template = packaged();
  const role = statements(template, 'UploadProcessorIamRoleLambdaExecution');
  role.splice(role.findIndex((statement) => [].concat(statement.Action).includes('s3:ListBucket')), 1);
  const { failures } = await checkTemplate(calls, template);
  assert.deepEqual(failures, [`missing permission: function uploadProcessor may not s3:ListBucket on ${BUCKET} with s3:prefix=incoming/3f2a/9b1c/manual.pdf: `
    + 'ImplicitlyDenied (role catalog-dev-uploadProcessor-eu-west-1-lambdaRole, S3Endpoint policy) [S3AttachmentObjects.open: S3 answers a vanished key 404 NoSuchKey (not 403) only with ListBucket]']);
});

test('an S3 endpoint policy without the listing fails for the function in the VPC only', async () => {
  const template = packaged();
  const endpoint = template.Resources.S3Endpoint.Properties.PolicyDocument.Statement;
  endpoint.splice(endpoint.findIndex((statement) => [].concat(statement.Action).includes('s3:ListBucket')), 1);
  const { failures } = await checkTemplate(calls, template);
  assert.equal(failures.length, 1, failures.join('\n'));
  assert.match(failures[0], /^missing permission: function uploadProcessor may not s3:ListBucket on arn:aws:s3:::catalog-dev-123456789012-documents .*S3Endpoint policy/);
});

test('an S3 endpoint policy without CloudFormation\'s response bucket fails: the migration could never answer', async () => {
  const template = packaged();
  const endpoint = template.Resources.S3Endpoint.Properties.PolicyDocument.Statement;
  endpoint.splice(endpoint.findIndex((statement) => statement.Sid === 'CloudFormationCustomResourceResponses'), 1);
  const { failures } = await checkTemplate(calls, template);
  assert.equal(failures.length, 1, failures.join('\n'));
  assert.match(failures[0], /^missing permission: function migrateDatabase \(custom resource DatabaseSchema\) may not PUT its presigned response to arn:aws:s3:::cloudformation-custom-resource-response-euwest1\//);
});

test('a call the calls file adds without a permission fails', async () => {
  const added = { ...calls, calls: [...calls.calls, { function: 'getProduct', action: 'dynamodb:Query', resource: '${ProductViewsTable.Arn}/index/byName', by: 'a new query' }] };
  const { failures } = await checkTemplate(added, packaged());
  assert.equal(failures.length, 1);
  assert.match(failures[0], /^missing permission: function getProduct may not dynamodb:Query on arn:aws:dynamodb:eu-west-1:123456789012:table\/catalog-dev-product-views\/index\/byName: ImplicitlyDenied/);
});

test('a role wider than the negative cases allow fails', async () => {
  const template = packaged();
  statements(template, 'GetProductIamRoleLambdaExecution').push({ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: { 'Fn::GetAtt': ['ProductViewsTable', 'Arn'] } });
  const { failures } = await checkTemplate(calls, template);
  assert.equal(failures.length, 1, failures.join('\n'));
  assert.match(failures[0], /^too broad: function getProduct may dynamodb:PutItem on arn:aws:dynamodb:eu-west-1:123456789012:table\/catalog-dev-product-views: Allowed .*must be denied: readers do not write views/);
});

test('an alerts key whose CloudWatch grant needs aws:SourceAccount fails: the request may not carry it', async () => {
  const template = packaged();
  const grant = template.Resources.AlertsKey.Properties.KeyPolicy.Statement.find((statement) => statement.Principal?.Service === 'cloudwatch.amazonaws.com');
  grant.Condition = { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } };
  const { failures } = await checkTemplate(calls, template);
  assert.equal(failures.length, 2, failures.join('\n'));
  assert.match(failures[0], /^missing permission: cloudwatch.amazonaws.com may not kms:GenerateDataKey on arn:aws:kms:eu-west-1:123456789012:key\/.*ImplicitlyDenied \(CloudWatch alarms publishing to AlertsTopic under AlertsKey\)/);
});

test('a queue policy that lets any topic send fails', async () => {
  const template = packaged();
  delete template.Resources.ProjectionsQueuePolicy.Properties.PolicyDocument.Statement[0].Condition;
  const { failures } = await checkTemplate(calls, template);
  assert.ok(failures.length >= 1 && failures.every((failure) => failure.startsWith('too broad: sns.amazonaws.com may sqs:SendMessage on arn:aws:sqs:eu-west-1:123456789012:catalog-dev-projections')),
    failures.join('\n'));
});
