// The specification check itself: a template that keeps the specification passes, and each kind of
// planted error is caught and named. Run by AwsSpecificationIT (node --test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSpecification, validateTemplate } from './cfn-spec.mjs';

const spec = loadSpecification();

/** A queue, its alarm and a conditional VPC: valid against the specification. */
function template() {
  return {
    Conditions: { CreateNetwork: { 'Fn::Equals': ['', ''] } },
    Resources: {
      Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q', VisibilityTimeout: 120, SqsManagedSseEnabled: true } },
      Alarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Maximum', Period: 60,
          EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['Queue', 'QueueName'] } }],
        },
      },
      Vpc: { Type: 'AWS::EC2::VPC', Condition: 'CreateNetwork', Properties: { CidrBlock: '10.0.0.0/16' } },
      Group: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'g', VpcId: { 'Fn::If': ['CreateNetwork', { Ref: 'Vpc' }, 'vpc-0123456789abcdef0'] } },
      },
    },
    Outputs: { QueueArn: { Value: { 'Fn::GetAtt': ['Queue', 'Arn'] } } },
  };
}

test('a template that keeps the specification has no findings', () => {
  assert.deepEqual(validateTemplate(template(), spec), []);
});

test('an unknown property is caught', () => {
  const planted = template();
  planted.Resources.Queue.Properties.VisibilityTimeoutSeconds = 30;
  assert.deepEqual(validateTemplate(planted, spec), ['Queue (AWS::SQS::Queue).Properties: AWS::SQS::Queue has no property VisibilityTimeoutSeconds']);
});

test('a missing required property is caught', () => {
  const planted = template();
  delete planted.Resources.Group.Properties.GroupDescription;
  assert.deepEqual(validateTemplate(planted, spec),
    ['Group (AWS::EC2::SecurityGroup).Properties: required property GroupDescription of AWS::EC2::SecurityGroup is missing']);
});

test('an unknown GetAtt attribute is caught', () => {
  const planted = template();
  planted.Outputs.QueueArn.Value = { 'Fn::GetAtt': ['Queue', 'Url'] };
  const findings = validateTemplate(planted, spec);
  assert.equal(findings.length, 1);
  assert.match(findings[0], /^Outputs\.QueueArn\.Value\.Fn::GetAtt: AWS::SQS::Queue has no attribute "Url"/);
});

test('a value of the wrong type is caught, also inside a nested structure', () => {
  const planted = template();
  planted.Resources.Queue.Properties.VisibilityTimeout = 'two minutes';
  planted.Resources.Alarm.Properties.Dimensions = [{ Name: 'QueueName', Value: ['q'] }];
  assert.deepEqual(validateTemplate(planted, spec), [
    'Queue (AWS::SQS::Queue).Properties.VisibilityTimeout: expected an integer, found string "two minutes"',
    'Alarm (AWS::CloudWatch::Alarm).Properties.Dimensions[0].Value: expected a string, found a list',
  ]);
});

test('an unknown resource type, reference and condition are caught', () => {
  const planted = template();
  planted.Resources.Queue.Type = 'AWS::SQS::Queues';
  planted.Resources.Group.Properties.VpcId = { 'Fn::If': ['CreateNetworks', { Ref: 'Vpcs' }, 'vpc-0123456789abcdef0'] };
  assert.deepEqual(validateTemplate(planted, spec), [
    'Queue (AWS::SQS::Queues): resource type AWS::SQS::Queues is not in the CloudFormation specification',
    'Group (AWS::EC2::SecurityGroup).Properties.VpcId.Fn::If: condition "CreateNetworks" is not declared in Conditions',
    'Group (AWS::EC2::SecurityGroup).Properties.VpcId.Fn::If[1].Ref: Ref names "Vpcs", which is not a resource, parameter or pseudo parameter of the template',
  ]);
});

test('a conditional resource referenced outside an Fn::If is caught', () => {
  const planted = template();
  planted.Resources.Group.Properties.VpcId = { Ref: 'Vpc' };
  assert.deepEqual(validateTemplate(planted, spec),
    ['Group (AWS::EC2::SecurityGroup).Properties.VpcId.Ref: refers to Vpc, which exists only under condition CreateNetwork, outside an Fn::If']);
});
