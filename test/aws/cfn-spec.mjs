// Validates a CloudFormation template against AWS's CloudFormation resource specification as
// published in npm @aws-cdk/aws-service-spec (the database the AWS CDK generates its L1 classes from):
// every resource type known, every property known with a value of its type, every required property
// present, every Ref, Fn::GetAtt (with its attribute), Fn::Sub reference, condition and DependsOn
// naming something that exists, and a resource that exists only under a condition referenced only
// under the same condition or inside an Fn::If.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';

const require = createRequire(import.meta.url);

const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region',
  'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);
const RESOURCE_KEYS = new Set(['Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata',
  'UpdatePolicy', 'CreationPolicy']);
const CONDITION_FUNCTIONS = new Set(['Fn::And', 'Fn::Equals', 'Fn::Not', 'Fn::Or', 'Condition']);

/** The specification: resource types by name, type definitions by id, and the package version. */
export function loadSpecification() {
  const packageDir = path.dirname(require.resolve('@aws-cdk/aws-service-spec/package.json'));
  const db = JSON.parse(gunzipSync(readFileSync(path.join(packageDir, 'db.json.gz'))));
  const resources = new Map(db.schema.resource.entities.map((entity) => [entity.cloudFormationType, entity]));
  const typeDefinitions = new Map(db.schema.typeDefinition.entities.map((entity) => [entity.$id, entity]));
  const version = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
  return { resources, typeDefinitions, version };
}

function isIntrinsic(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition');
}

const describe = (value) => (Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`);

/** Findings for one template; each names the resource (or output), its path and the problem. */
export function validateTemplate(template, spec) {
  const findings = [];
  const resources = template.Resources ?? {};
  const conditions = template.Conditions ?? {};
  const parameters = template.Parameters ?? {};

  const checkConditionName = (name, where) => {
    if (typeof name !== 'string' || !(name in conditions)) findings.push(`${where}: condition ${JSON.stringify(name)} is not declared in Conditions`);
  };

  // References, walked everywhere; `scope` is the condition of the referring resource, `guarded` true inside an Fn::If.
  const checkReferences = (value, where, scope, guarded) => {
    if (Array.isArray(value)) return value.forEach((item, i) => checkReferences(item, `${where}[${i}]`, scope, guarded));
    if (value === null || typeof value !== 'object') return;
    for (const [key, argument] of Object.entries(value)) {
      const at = `${where}.${key}`;
      if (key === 'Ref' && typeof argument === 'string') {
        referTo(argument, at, scope, guarded, false);
      } else if (key === 'Fn::GetAtt') {
        const [target, attribute] = typeof argument === 'string' ? [argument.slice(0, argument.indexOf('.')), argument.slice(argument.indexOf('.') + 1)] : argument;
        referTo(target, at, scope, guarded, true, attribute);
      } else if (key === 'Fn::Sub') {
        const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
        for (const match of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const name = match[1];
          if (variables && name in variables) continue;
          if (name.includes('.') && !PSEUDO_PARAMETERS.has(name)) {
            referTo(name.slice(0, name.indexOf('.')), at, scope, guarded, true, name.slice(name.indexOf('.') + 1));
          } else {
            referTo(name, at, scope, guarded, false);
          }
        }
        if (variables) checkReferences(variables, at, scope, guarded);
      } else if (key === 'Fn::If' && Array.isArray(argument)) {
        checkConditionName(argument[0], at);
        argument.slice(1).forEach((branch, i) => checkReferences(branch, `${at}[${i + 1}]`, scope, true));
      } else if (key === 'Condition' && typeof argument === 'string' && Object.keys(value).length === 1) {
        checkConditionName(argument, at);
      } else {
        checkReferences(argument, at, scope, guarded);
      }
    }
  };

  const referTo = (target, where, scope, guarded, isGetAtt, attribute) => {
    if (!isGetAtt && (PSEUDO_PARAMETERS.has(target) || target in parameters)) return;
    const resource = resources[target];
    if (!resource) {
      findings.push(`${where}: ${isGetAtt ? 'Fn::GetAtt' : 'Ref'} names ${JSON.stringify(target)}, which is not a resource${isGetAtt ? '' : ', parameter or pseudo parameter'} of the template`);
      return;
    }
    if (resource.Condition && resource.Condition !== scope && !guarded) {
      findings.push(`${where}: refers to ${target}, which exists only under condition ${resource.Condition}, outside an Fn::If`);
    }
    if (isGetAtt) {
      const type = spec.resources.get(resource.Type);
      if (type && !(attribute in (type.attributes ?? {}))) {
        findings.push(`${where}: ${resource.Type} has no attribute ${JSON.stringify(attribute)} (it has ${Object.keys(type.attributes ?? {}).join(', ') || 'none'})`);
      }
    }
  };

  // Values against their specified type.
  const checkValue = (value, type, where, previousTypes = []) => {
    if (isIntrinsic(value)) {
      if ('Fn::If' in value && Array.isArray(value['Fn::If'])) {
        value['Fn::If'].slice(1).forEach((branch, i) => {
          if (!(isIntrinsic(branch) && branch.Ref === 'AWS::NoValue')) checkValue(branch, type, `${where}.Fn::If[${i + 1}]`, previousTypes);
        });
      }
      return;
    }
    const candidates = [type, ...previousTypes];
    let best;
    for (const candidate of candidates) {
      const problems = typeProblems(value, candidate, where);
      if (problems.length === 0) return;
      best = best ?? problems;
    }
    findings.push(...best);
  };

  const typeProblems = (value, type, where) => {
    const problems = [];
    const saved = findings.length;
    switch (type.type) {
      case 'string':
        if (typeof value === 'object') problems.push(`${where}: expected a string, found ${describe(value)}`);
        break;
      case 'integer':
      case 'number':
        if (!(typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))))) {
          problems.push(`${where}: expected ${type.type === 'integer' ? 'an integer' : 'a number'}, found ${describe(value)}`);
        } else if (type.type === 'integer' && !Number.isInteger(Number(value))) {
          problems.push(`${where}: expected an integer, found ${describe(value)}`);
        }
        break;
      case 'boolean':
        if (!(typeof value === 'boolean' || value === 'true' || value === 'false')) problems.push(`${where}: expected a boolean, found ${describe(value)}`);
        break;
      case 'json':
        if (typeof value !== 'object' && typeof value !== 'string') problems.push(`${where}: expected JSON (an object), found ${describe(value)}`);
        break;
      case 'date-time':
        if (typeof value !== 'string') problems.push(`${where}: expected a date-time string, found ${describe(value)}`);
        break;
      case 'array':
        if (!Array.isArray(value)) problems.push(`${where}: expected a list, found ${describe(value)}`);
        else value.forEach((item, i) => checkValue(item, type.element, `${where}[${i}]`));
        break;
      case 'map':
        if (value === null || typeof value !== 'object' || Array.isArray(value)) problems.push(`${where}: expected a map, found ${describe(value)}`);
        else Object.entries(value).forEach(([key, item]) => checkValue(item, type.element, `${where}.${key}`));
        break;
      case 'tag':
        if (value === null || typeof value !== 'object' || Array.isArray(value) || !('Key' in value) || !('Value' in value)) {
          problems.push(`${where}: expected a tag {Key, Value}, found ${describe(value)}`);
        }
        break;
      case 'ref': {
        const definition = spec.typeDefinitions.get(type.reference.$ref);
        if (value === null || typeof value !== 'object' || Array.isArray(value)) problems.push(`${where}: expected a ${definition?.name ?? 'structure'}, found ${describe(value)}`);
        else if (definition) checkProperties(value, definition.properties ?? {}, where, definition.name);
        break;
      }
      case 'union': {
        const fits = type.types.some((member) => {
          const before = findings.length;
          const memberProblems = typeProblems(value, member, where);
          const fit = memberProblems.length === 0 && findings.length === before;
          findings.length = before;
          return fit;
        });
        if (!fits) problems.push(`${where}: ${describe(value)} is none of ${type.types.map((member) => member.type).join(', ')}`);
        break;
      }
      default:
        break;
    }
    // Problems found inside nested values count for this candidate too.
    problems.push(...findings.splice(saved));
    return problems;
  };

  const checkProperties = (properties, specified, where, typeName) => {
    if (isIntrinsic(properties)) return;
    for (const [name, value] of Object.entries(properties)) {
      const property = specified[name];
      if (!property) {
        findings.push(`${where}: ${typeName} has no property ${name}`);
        continue;
      }
      checkValue(value, property.type, `${where}.${name}`, property.previousTypes ?? []);
    }
    for (const [name, property] of Object.entries(specified)) {
      if (property.required && !(name in properties)) findings.push(`${where}: required property ${name} of ${typeName} is missing`);
    }
  };

  for (const [name, condition] of Object.entries(conditions)) checkReferences(condition, `Conditions.${name}`, undefined, false);

  for (const [id, resource] of Object.entries(resources)) {
    const where = `${id} (${resource.Type})`;
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_KEYS.has(key)) findings.push(`${where}: unknown resource attribute ${key}`);
    }
    if (resource.Condition !== undefined) checkConditionName(resource.Condition, `${where}.Condition`);
    for (const dependency of [].concat(resource.DependsOn ?? [])) {
      if (!(dependency in resources)) findings.push(`${where}.DependsOn: ${dependency} is not a resource of the template`);
    }
    checkReferences(resource.Properties ?? {}, `${where}.Properties`, resource.Condition, false);
    if (resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource') continue;
    const type = spec.resources.get(resource.Type);
    if (!type) {
      findings.push(`${where}: resource type ${resource.Type} is not in the CloudFormation specification`);
      continue;
    }
    checkProperties(resource.Properties ?? {}, type.properties ?? {}, `${where}.Properties`, resource.Type);
  }

  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    if (output.Condition !== undefined) checkConditionName(output.Condition, `Outputs.${name}.Condition`);
    checkReferences(output.Value, `Outputs.${name}.Value`, output.Condition, false);
  }
  for (const [name, condition] of Object.entries(conditions)) {
    for (const key of Object.keys(condition ?? {})) {
      if (!CONDITION_FUNCTIONS.has(key)) findings.push(`Conditions.${name}: ${key} is not a condition function`);
    }
  }
  return findings;
}
