// node deploy/preflight.mjs <deploy|info|remove> --stage S --region R [--param key=value]...
//
// Runs before `make deploy`, `make info` and `make remove` call osls, and makes no network call:
// it looks for credentials where the AWS SDK's default chain would (environment, web identity,
// container, shared credentials and config files with their profiles), checks the region and,
// for a deploy, the stage parameters serverless.yml needs (params.default, params.<stage>, then
// --param, as osls resolves them). What is missing is said on one line; exit 2.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const serviceDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** Region names AWS has: letters, a direction and a number (us-east-1, eu-central-2, us-gov-west-1, ap-southeast-7). */
const REGION = /^(us|eu|ap|sa|ca|me|af|il|mx|cn)(-gov|-iso|-isob)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2}$/;
const STAGE = /^[a-zA-Z0-9-]+$/;
/** Stages that exist only for the template checks of `make test`. */
const CHECK_ONLY_STAGES = new Set(['givennetwork']);

export function parseArguments(argv) {
  const [command, ...rest] = argv;
  const options = { command, stage: undefined, region: undefined, params: {} };
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined && flag !== '--param' ? inline : rest[++i]);
    if (flag === '--stage') options.stage = value();
    else if (flag === '--region') options.region = value();
    else if (flag === '--param') {
      const item = inline !== undefined && rest[i].startsWith('--param=') ? rest[i].slice('--param='.length) : rest[++i];
      const match = /^([^=]+)=(.*)$/s.exec(item ?? '');
      if (match) options.params[match[1]] = match[2].trim();
      else options.badParams = [...(options.badParams ?? []), item];
    }
  }
  return options;
}

/** INI sections of an AWS shared file: {name: {key: value}}. */
function readIni(file) {
  const sections = {};
  let current;
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) sections[(current = header[1].trim())] = sections[current] ?? {};
    else if (current && line.includes('=')) {
      const at = line.indexOf('=');
      sections[current][line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  return sections;
}

/** Where the SDK's default chain would find credentials, or why it would find none. */
export function findCredentials(env = process.env) {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return { source: 'environment (AWS_ACCESS_KEY_ID)' };
  if (env.AWS_ACCESS_KEY_ID || env.AWS_SECRET_ACCESS_KEY) {
    return { missing: `AWS credentials (${env.AWS_ACCESS_KEY_ID ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'} is not set beside the other)` };
  }
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) return { source: 'web identity (AWS_WEB_IDENTITY_TOKEN_FILE)' };
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return { source: 'container credentials endpoint' };
  const home = env.HOME || homedir();
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials');
  const configFile = env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config');
  const profile = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default';
  const credentials = existsSync(credentialsFile) ? readIni(credentialsFile) : {};
  const config = existsSync(configFile) ? readIni(configFile) : {};
  const inCredentials = credentials[profile];
  const inConfig = config[profile === 'default' ? 'default' : `profile ${profile}`] ?? (profile === 'default' ? undefined : config[profile]);
  const usable = (section) => section && ((section.aws_access_key_id && section.aws_secret_access_key) || section.credential_process
    || section.sso_session || section.sso_start_url || section.role_arn || section.web_identity_token_file || section.login_session);
  if (usable(inCredentials)) return { source: `profile ${profile} in ${credentialsFile}` };
  if (usable(inConfig)) return { source: `profile ${profile} in ${configFile}` };
  if (env.AWS_EC2_METADATA_DISABLED && env.AWS_EC2_METADATA_DISABLED.toLowerCase() === 'false') {
    return { source: 'EC2 instance metadata (AWS_EC2_METADATA_DISABLED=false; not probed)' };
  }
  const where = inCredentials || inConfig ? `profile ${profile} has no keys, credential_process, SSO or role` : `no profile ${profile} in ${credentialsFile} or ${configFile}`;
  return { missing: `AWS credentials (no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ${where}; set them, AWS_PROFILE, or run aws configure)` };
}

/** The stage parameters as osls resolves them: --param, then params.<stage>, then params.default. */
export function resolveParams(stage, cliParams) {
  let yaml;
  try {
    yaml = require(require.resolve('js-yaml', { paths: [path.dirname(require.resolve('osls/package.json'))] }));
  } catch {
    throw new Error('the npm packages (run npm ci --no-audit --no-fund)');
  }
  const config = yaml.load(readFileSync(path.join(serviceDir, 'serverless.yml'), 'utf8'));
  const params = { ...(config.params?.default ?? {}), ...(config.params?.[stage] ?? {}), ...cliParams };
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string') params[name] = value.replaceAll('${sls:stage}', stage);
  }
  return params;
}

const isExampleDomain = (text) => /(^|[@./])example\.(com|org|net)([/:]|$)/i.test(text);

/** What a deployable stage lacks among the parameters serverless.yml uses. */
export function missingParams(params) {
  const missing = [];
  const text = (name) => (params[name] === undefined || params[name] === null ? '' : String(params[name]).trim());
  const issuer = text('jwtIssuer');
  if (!/^https:\/\/[^/\s]+/.test(issuer) || isExampleDomain(issuer)) missing.push(`jwtIssuer (the OIDC issuer of the API's tokens, an https URL; now ${issuer || 'unset'})`);
  if (!text('jwtAudience')) missing.push('jwtAudience (the audience the API accepts)');
  if (!text('importActor')) missing.push('importActor (the subject files dropped into the bucket under imports/ are imported as)');
  const email = text('alertEmail');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || isExampleDomain(email)) missing.push(`alertEmail (who receives alarms; now ${email || 'unset'})`);
  const phone = text('alertPhone');
  if (!/^\+[1-9]\d{6,14}$/.test(phone) || /^\+1\d{3}55501\d\d$/.test(phone)) missing.push(`alertPhone (E.164 number for alarm SMS; now ${phone || 'unset'})`);
  const vpcId = text('vpcId');
  if (vpcId) {
    if (!/^vpc-[0-9a-f]{8,17}$/.test(vpcId)) missing.push(`vpcId (vpc-…; now ${vpcId})`);
    const subnets = text('privateSubnetIds').split(',').map((id) => id.trim()).filter(Boolean);
    if (subnets.length < 2 || !subnets.every((id) => /^subnet-[0-9a-f]{8,17}$/.test(id))) {
      missing.push('privateSubnetIds (with vpcId: two or more private subnet-… ids in two zones, comma-separated)');
    }
    const routeTables = text('privateRouteTableIds').split(',').map((id) => id.trim()).filter(Boolean);
    if (routeTables.length < 1 || !routeTables.every((id) => /^rtb-[0-9a-f]{8,17}$/.test(id))) {
      missing.push('privateRouteTableIds (with vpcId: the rtb-… ids of those subnets, comma-separated)');
    }
  }
  return missing;
}

export function preflight(options, env = process.env) {
  const problems = [];
  if (!['deploy', 'info', 'remove'].includes(options.command)) problems.push(`a command (deploy, info or remove; got ${options.command ?? 'none'})`);
  if (!options.stage || !STAGE.test(options.stage)) problems.push(`a stage (STAGE=name of letters, digits and dashes; got ${options.stage || 'none'})`);
  else if (CHECK_ONLY_STAGES.has(options.stage)) problems.push(`a deployable stage (${options.stage} exists only for the template checks)`);
  if (!options.region || !REGION.test(options.region)) problems.push(`a region (REGION=eu-west-1 or another AWS region; got ${options.region || 'none'})`);
  for (const bad of options.badParams ?? []) problems.push(`a parameter in key=value form (got ${bad})`);
  const credentials = findCredentials(env);
  if (credentials.missing) problems.push(credentials.missing);
  if (options.command === 'deploy' && options.stage && STAGE.test(options.stage)) {
    let params;
    try {
      params = resolveParams(options.stage, options.params);
    } catch (error) {
      problems.push(error.message);
      return { problems, credentials };
    }
    const missing = missingParams(params);
    if (missing.length) {
      problems.push(`stage parameters ${missing.join(', ')}: set them in params.${options.stage} of serverless.yml or PARAMS='name=value …'`);
    }
  }
  return { problems, credentials };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  try {
    const options = parseArguments(process.argv.slice(2));
    const { problems, credentials } = preflight(options);
    if (problems.length) {
      console.error(`make ${options.command ?? ''}: missing ${problems.join('; ')}`.replace(/\s+/g, ' '));
      process.exit(2);
    }
    console.log(`make ${options.command}: stage ${options.stage}, region ${options.region}, credentials from ${credentials.source}`);
  } catch (error) {
    console.error(`preflight: ${String(error.message ?? error).split('\n')[0]}`);
    process.exit(2);
  }
}
