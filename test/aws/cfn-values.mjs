// Resolves CloudFormation intrinsics of a packaged template to the values CloudFormation would give
// them in one account and region, for the IAM simulation: names, ARNs and conditions.
export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';

export function templateValues(template, { account = ACCOUNT, region = REGION } = {}) {
  const resources = template.Resources ?? {};
  const pseudo = {
    'AWS::AccountId': account, 'AWS::Region': region, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': 'catalog-stack', 'AWS::NoValue': undefined,
  };
  const conditionCache = {};

  const condition = (name) => {
    if (!(name in conditionCache)) conditionCache[name] = Boolean(evaluateCondition(template.Conditions?.[name]));
    return conditionCache[name];
  };
  const evaluateCondition = (value) => {
    if (value === undefined) throw new Error('undeclared condition');
    const [key, argument] = Object.entries(value)[0];
    switch (key) {
      case 'Fn::Equals': return JSON.stringify(resolve(argument[0])) === JSON.stringify(resolve(argument[1]));
      case 'Fn::Not': return !evaluateCondition(argument[0]);
      case 'Fn::And': return argument.every(evaluateCondition);
      case 'Fn::Or': return argument.some(evaluateCondition);
      case 'Condition': return condition(argument);
      default: throw new Error(`condition function ${key}`);
    }
  };

  const name = (id, property) => resolve(resources[id]?.Properties?.[property]) ?? `catalog-${id.toLowerCase()}`;
  const ref = (id) => {
    if (id in pseudo) return pseudo[id];
    const resource = resources[id];
    if (!resource) throw new Error(`Ref to unknown ${id}`);
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table': return name(id, 'TableName');
      case 'AWS::SNS::Topic': return `arn:aws:sns:${region}:${account}:${name(id, 'TopicName')}`;
      case 'AWS::SQS::Queue': return `https://sqs.${region}.amazonaws.com/${account}/${name(id, 'QueueName')}`;
      case 'AWS::S3::Bucket': return name(id, 'BucketName');
      case 'AWS::IAM::Role': return name(id, 'RoleName');
      case 'AWS::Lambda::Function': return name(id, 'FunctionName');
      case 'AWS::KMS::Key': return `0000${id.length}000-1111-2222-3333-${id.padEnd(12, '0').slice(0, 12).toLowerCase().replace(/[^0-9a-f]/g, 'a')}`;
      default: return id;
    }
  };
  const getAtt = (id, attribute) => {
    const resource = resources[id];
    if (!resource) throw new Error(`Fn::GetAtt of unknown ${id}`);
    if (attribute === 'Arn') {
      switch (resource.Type) {
        case 'AWS::DynamoDB::Table': return `arn:aws:dynamodb:${region}:${account}:table/${ref(id)}`;
        case 'AWS::SQS::Queue': return `arn:aws:sqs:${region}:${account}:${name(id, 'QueueName')}`;
        case 'AWS::S3::Bucket': return `arn:aws:s3:::${ref(id)}`;
        case 'AWS::IAM::Role': return `arn:aws:iam::${account}:role/${ref(id)}`;
        case 'AWS::Lambda::Function': return `arn:aws:lambda:${region}:${account}:function:${ref(id)}`;
        case 'AWS::KMS::Key': return `arn:aws:kms:${region}:${account}:key/${ref(id)}`;
        case 'AWS::SNS::Topic': return ref(id);
        default: return `arn:aws:${id}`;
      }
    }
    if (attribute === 'QueueName') return name(id, 'QueueName');
    if (attribute === 'TopicArn') return ref(id);
    if (attribute === 'DBClusterResourceId') return `cluster-${id.toUpperCase()}`;
    // RDS names a cluster's managed secret rds!cluster-<uuid>; Secrets Manager appends six random characters.
    if (attribute === 'MasterUserSecret.SecretArn') return `arn:aws:secretsmanager:${region}:${account}:secret:rds!cluster-${id.toLowerCase()}-AbC123`;
    return `${id}.${attribute}`;
  };

  const resolve = (value) => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length !== 1 || !(keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return Object.fromEntries(keys.map((key) => [key, resolve(value[key])]));
    }
    const argument = value[keys[0]];
    switch (keys[0]) {
      case 'Ref': return ref(argument);
      case 'Fn::GetAtt': return typeof argument === 'string'
        ? getAtt(argument.slice(0, argument.indexOf('.')), argument.slice(argument.indexOf('.') + 1)) : getAtt(argument[0], argument[1]);
      case 'Fn::Join': return resolve(argument[1]).join(argument[0]);
      case 'Fn::Split': return String(resolve(argument[1])).split(argument[0]);
      case 'Fn::Select': return resolve(argument[1])[Number(resolve(argument[0]))];
      case 'Fn::If': return condition(argument[0]) ? resolve(argument[1]) : resolve(argument[2]);
      case 'Fn::GetAZs': return [`${region}a`, `${region}b`, `${region}c`];
      case 'Fn::Sub': {
        const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
        return sub(text, resolve(variables ?? {}));
      }
      default: throw new Error(`intrinsic ${keys[0]} is not resolved here`);
    }
  };

  /** ${Id} and ${Id.Attribute} as Fn::Sub reads them. */
  const sub = (text, variables = {}) => String(text).replace(/\$\{([^!}][^}]*)\}/g, (whole, reference) => {
    if (reference in variables) return variables[reference];
    if (reference.includes('.') && !(reference in pseudo)) {
      return getAtt(reference.slice(0, reference.indexOf('.')), reference.slice(reference.indexOf('.') + 1));
    }
    return ref(reference);
  });

  const exists = (id) => resources[id] !== undefined && (resources[id].Condition === undefined || condition(resources[id].Condition));
  return { resolve, sub, condition, exists, account, region };
}
